/**
 * Re-makes docs/images/report-{pdf,docx}-page-N.png: the results report of the Quảng Ninh sample
 * as DOCX and PDF in the Party's format, drawn by the same model and renderers as
 * `cascade summary --format docx|pdf`, from the seeded half-year history the progress chart's
 * screenshot uses (tools/progress-chart-screenshot.ts: late units, overdue cells, a chart with a
 * shape), with no servers. PDF pages are drawn with pdftoppm (poppler-utils); the DOCX is turned
 * into PDF by LibreOffice first (libreoffice-writer-nogui; fonts-liberation gives it Liberation
 * Serif, the metric twin of the Times New Roman the DOCX names).
 *
 *   npx tsx tools/report-document-images.ts [out-folder]     (default docs/images)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resultsDocument } from '../src/domain/report/results-document';
import { progressChartSvg } from '../src/render/progress-chart';
import { resultsReportDocx } from '../src/render/report-docx';
import { resultsReportPdf } from '../src/render/report-pdf';
import { sampleReport } from './progress-chart-screenshot';

const OUT = process.argv[2] ?? path.join(__dirname, '..', 'docs', 'images');
const RESOLUTION = '72';

async function main(): Promise<void> {
  const { input, series } = sampleReport();
  const doc = resultsDocument(input, { number: '12-BC/TU', chartSvg: progressChartSvg(series, { lang: 'vi' }) });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'report-images-'));
  try {
    fs.writeFileSync(path.join(work, 'bao-cao.pdf'), await resultsReportPdf(doc));
    fs.writeFileSync(path.join(work, 'bao-cao.docx'), await resultsReportDocx(doc));
    // A private LibreOffice profile: the conversion never touches (or waits on) the user's.
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${work}/lo-profile`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        path.join(work, 'docx'),
        path.join(work, 'bao-cao.docx'),
      ],
      {
        stdio: 'ignore',
      },
    );
    fs.mkdirSync(OUT, { recursive: true });
    for (const old of fs.readdirSync(OUT)) if (/^report-(pdf|docx)-page-\d+\.png$/.test(old)) fs.rmSync(path.join(OUT, old));
    execFileSync('pdftoppm', ['-png', '-r', RESOLUTION, path.join(work, 'bao-cao.pdf'), path.join(OUT, 'report-pdf-page')]);
    execFileSync('pdftoppm', ['-png', '-r', RESOLUTION, path.join(work, 'docx', 'bao-cao.pdf'), path.join(OUT, 'report-docx-page')]);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  for (const made of fs.readdirSync(OUT).filter((f) => /^report-(pdf|docx)-page-\d+\.png$/.test(f))) console.log(`wrote ${path.join(OUT, made)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
