/**
 * The results report as files people keep: DOCX and PDF in the Party's document format, and the
 * XLSX workbook of the figures. The words and figures are those of the Markdown/HTML report (one
 * input, read once); src/render/ draws them.
 */
import { resultsDocument, type Signer } from '../domain/report/results-document';
import { resultsWorkbook } from '../domain/report/results-workbook';
import { resultsReportDocx } from '../render/report-docx';
import { resultsReportPdf } from '../render/report-pdf';
import { workbookXlsx } from '../render/report-xlsx';
import type { CascadeQueries } from './cascade-queries';

/** The binary formats of the results report. */
export const REPORT_FILE_FORMATS = ['docx', 'pdf', 'xlsx'] as const;
export type ReportFileFormat = (typeof REPORT_FILE_FORMATS)[number];

const CONTENT_TYPES: Record<ReportFileFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** What to make: the format, the subtree, the language, the report number and signer (docx/pdf; blanks for the office when absent) and the chart. */
export interface ReportFileOptions {
  format: ReportFileFormat;
  unitId?: string;
  lang?: 'vi' | 'en';
  number?: string;
  signer?: Signer;
  chartSvg?: string | null;
}

/** A made file: its bytes, content type and a file name (ASCII: the directive's and the unit's ids). */
export interface ReportFile {
  bytes: Buffer;
  contentType: string;
  fileName: string;
}

/** Makes the results report file of a subtree (the whole directive by default), from live state. */
export async function resultsReportFile(queries: CascadeQueries, directiveId: string, opts: ReportFileOptions): Promise<ReportFile> {
  const lang = opts.lang ?? 'vi';
  const input = await queries.resultsReportInput(directiveId, opts.unitId);
  const scoped = opts.unitId === undefined ? '' : `-${opts.unitId}`;
  let bytes: Buffer;
  if (opts.format === 'xlsx') {
    const units = await queries.allUnits(directiveId, { under: opts.unitId });
    bytes = await workbookXlsx(resultsWorkbook({ levels: input.levels, rollupLevels: input.rollup.levels, units, lang }));
  } else {
    const doc = resultsDocument(input, { lang, number: opts.number, signer: opts.signer, chartSvg: opts.chartSvg });
    bytes = opts.format === 'docx' ? await resultsReportDocx(doc) : await resultsReportPdf(doc);
  }
  const stem = opts.format === 'xlsx' ? 'units' : 'report';
  return { bytes, contentType: CONTENT_TYPES[opts.format], fileName: `${directiveId}${scoped}-${stem}.${opts.format}` };
}
