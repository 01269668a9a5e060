/**
 * Re-makes docs/images/progress-chart.png: the printable results report of the Quảng Ninh sample
 * (src/dev/demo, the organisation `npm start` loads) with its progress chart, as Chromium prints it.
 * The sample directive (Chỉ thị 01-CT/TW of 9 March 2021, provinces by quý II, districts and cells
 * by quý III) gets a seeded history of half a year, the shape the 2021 press reports describe (the
 * province in April, most committees by September, a few late, one cell exempted); the records
 * go through the same rebuild, series, chart and report code as the live ones, with no servers.
 *
 *   npx tsx tools/progress-chart-screenshot.ts [out.png]     (Debian's chromium at /usr/bin/chromium)
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { rebuildTracks, type AsOfSnapshotUnit, type StateRecord } from '../src/domain/cascade/as-of-rebuild';
import { CascadeAsOf } from '../src/domain/cascade/as-of-state';
import { levelNames } from '../src/domain/org/levels';
import { progressSeries, type ProgressSeries } from '../src/domain/report/progress-series';
import { resultsReportHtml, type ResultsReportInput } from '../src/domain/report/results-report';
import { parseDeadlineSpec, resolveDeadline } from '../src/domain/time/deadline-spec';
import type { CompletionReport } from '../src/domain/track/completion-report';
import { DEMO_ORGANISATIONS } from '../src/dev/demo/demo-organisations';
import { sampleDirectiveSpec } from '../src/dev/demo/sample-directive';
import { seededRandom } from '../src/domain/random/seeded-random';
import { progressChartSvg } from '../src/render/progress-chart';

const OUT = process.argv[2] ?? path.join(__dirname, '..', 'docs', 'images', 'progress-chart.png');
const DAY = 24 * 60 * 60 * 1000;
/** 9 March 2021, 09:00 Vietnam time: the directive is issued and every unit receives it. */
const LAUNCH = Date.parse('2021-03-09T02:00:00.000Z');
/** The report is printed on 15 October 2021, 10:00 Vietnam time. */
const PRINTED = '2021-10-15T03:00:00.000Z';

const at = (ms: number): string => new Date(ms).toISOString();
const day = (ms: number): string => at(ms).slice(0, 10);

/** The sample's units and the seeded history of the sample directive over them. */
function history(): { units: AsOfSnapshotUnit[]; records: StateRecord[]; spec: Record<string, unknown> } {
  const sample = DEMO_ORGANISATIONS['2021'];
  const spec = sampleDirectiveSpec(new Date(LAUNCH), levelNames(sample.levels));
  const deadlines = spec.deadlines as Record<string, string>;
  const units: AsOfSnapshotUnit[] = sample.units().map((u) => ({
    unitId: u.id,
    name: u.name,
    level: u.level,
    parentId: u.parentId ?? null,
    members: u.members,
    essaysExpected: u.essaysExpected,
  }));
  const random = seededRandom(2021);
  const records: StateRecord[] = [];
  for (const unit of units) {
    if (unit.parentId === null) continue;
    const deadline = resolveDeadline(parseDeadlineSpec(deadlines[unit.level] as string), at(LAUNCH));
    records.push({ unitId: unit.unitId, kind: 'received', occurredAt: at(LAUNCH), payload: { deadline, receivedAt: at(LAUNCH) } });
    const roll = random();
    if (unit.level === 'cell' && roll < 0.002) {
      records.push({ unitId: unit.unitId, kind: 'exemption', occurredAt: at(LAUNCH + 120 * DAY), payload: { reason: 'giải thể' } });
      continue;
    }
    // Days after the launch: the province in April; committees from May, most by late September, a few cells after 30/09
    // (day 205), some of them not yet on 15/10 (day 220).
    const after =
      unit.level === 'province' ? 42 : unit.level === 'district' ? 50 + roll * 140 : roll > 0.985 ? 206 + random() * 24 : 60 + Math.pow(random(), 0.8) * 138;
    const finished = LAUNCH + after * DAY + Math.floor(random() * 8 * 60 * 60 * 1000);
    if (finished > Date.parse(PRINTED)) continue;
    const attendees = Math.max(1, unit.members - Math.floor(random() * 3));
    const report: CompletionReport = {
      conferenceDate: day(finished - 7 * DAY),
      documentDate: day(finished - 7 * DAY),
      documentNumber: '12-KH/HU',
      attendees: Math.min(attendees, unit.members),
      members: unit.members,
      essaysSubmitted: unit.essaysExpected,
      essaysExpected: unit.essaysExpected,
      reportedBy: `Văn phòng ${unit.unitId}`,
    };
    records.push({ unitId: unit.unitId, kind: 'report', occurredAt: at(finished), payload: { report } });
  }
  records.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  return { units, records, spec };
}

/**
 * The results report's input for the sample as printed on 15/10/2021, with its progress series:
 * also what tools/report-document-images.ts draws as DOCX and PDF.
 */
export function sampleReport(): { input: ResultsReportInput; series: ProgressSeries } {
  const sample = DEMO_ORGANISATIONS['2021'];
  const { units, records, spec } = history();
  const scope = { unitId: sample.provinceId, name: sample.name };
  const state = new CascadeAsOf(rebuildTracks('01-CT-TW-2021', 'TW', units, records, PRINTED), levelNames(sample.levels), units);
  const listed = (status: 'done-late' | 'overdue') => state.units({ statuses: [status], under: scope.unitId, limit: 1000, offset: 0 }).units;
  const series = progressSeries({ directiveId: '01-CT-TW-2021', rootId: 'TW', scope, levels: sample.levels, units, records, to: PRINTED, lang: 'vi' });
  const input: ResultsReportInput = {
    directive: { code: spec.code as string, title: spec.title as string, issuer: spec.issuer as string, issuedOn: spec.issuedOn as string },
    scope,
    asOf: PRINTED,
    rollup: state.rollup(scope.unitId)!,
    late: listed('done-late').map((u) => ({ unitId: u.unitId, name: u.name, level: u.level, at: u.completedAt ?? u.deadline })),
    overdue: listed('overdue').map((u) => ({ unitId: u.unitId, name: u.name, level: u.level, at: u.deadline })),
    levels: sample.levels,
    // The committees directly under the province (those with units under them), as the live report lists them.
    committees: units
      .filter((u) => u.parentId === scope.unitId && units.some((c) => c.parentId === u.unitId))
      .sort((a, b) => (a.unitId < b.unitId ? -1 : 1))
      .map((u) => ({ unitId: u.unitId, name: u.name, rollup: state.rollup(u.unitId)! })),
  };
  return { input, series };
}

async function main(): Promise<void> {
  const { input, series } = sampleReport();
  const html = resultsReportHtml({ ...input, progressChart: progressChartSvg(series, { lang: 'vi' }) }, 'vi');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 860, height: 900 } });
    await page.setContent(html);
    // The report's opening, its figures and the chart: down to the end of the chart's figure.
    const figure = await page.locator('figure').boundingBox();
    if (!figure) throw new Error('the report has no chart');
    mkdirSync(path.dirname(OUT), { recursive: true });
    await page.screenshot({ path: OUT, clip: { x: 0, y: 0, width: 860, height: Math.ceil(figure.y + figure.height + 16) } });
  } finally {
    await browser.close();
  }
  console.log(`wrote ${OUT}`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
