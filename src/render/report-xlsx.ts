/**
 * The XLSX export written with exceljs: counts as numbers (`#,##0`), instants as dates in Vietnam
 * wall-clock time (`dd/mm/yyyy hh:mm`), and each rate as a formula dividing its two count cells,
 * with the value it computes stored beside it (readers that do not recalculate show it too) and a
 * percent format: Excel draws `97,58%` in a Vietnamese locale. Text arrives inert (see
 * results-workbook.ts) and is written as text, never as a formula.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { WorkbookCell, WorkbookColumn, WorkbookSheet } from '../domain/report/results-workbook';
import { toEpochMs } from '../domain/time/instant';
import { VIETNAM_UTC_OFFSET_MS } from '../domain/time/vn-time';

const NUM_FMT = { count: '#,##0', rate: '0.00%', instant: 'dd/mm/yyyy hh:mm' } as const;

/** A1-style column letters of a 0-based index (0 → A, 26 → AA). */
function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** A rate: its formula over the two count cells of its row, and the value it computes (empty when the denominator is 0). */
function rateCell(column: Extract<WorkbookColumn, { kind: 'rate' }>, row: WorkbookCell[], rowNumber: number): ExcelJS.CellValue {
  const num = row[column.numerator];
  const den = row[column.denominator];
  const result = typeof num === 'number' && typeof den === 'number' && den > 0 ? num / den : '';
  const a = `${columnLetter(column.numerator)}${rowNumber}`;
  const b = `${columnLetter(column.denominator)}${rowNumber}`;
  return { formula: `IF(N(${b})=0,"",${a}/${b})`, result };
}

/** One cell of a row: a rate's formula, an instant as a Vietnam wall-clock date, or the value as it is. */
function valueAt(columns: readonly WorkbookColumn[], row: WorkbookCell[], i: number, rowNumber: number): ExcelJS.CellValue {
  const column = columns[i] as WorkbookColumn;
  if (column.kind === 'rate') return rateCell(column, row, rowNumber);
  const value = row[i] ?? null;
  if (value === null) return null;
  // exceljs stores a Date as its UTC wall clock: shift so the sheet shows Vietnam time.
  if (column.kind === 'instant' && typeof value === 'string') return new Date(toEpochMs(value) + VIETNAM_UTC_OFFSET_MS);
  return value;
}

/**
 * The workbook's bytes. Written with exceljs's streaming writer, each row committed as it is
 * added, so a national directive's tens of thousands of units are never all held as cell objects;
 * strings are written inline rather than through a shared-string table for the same reason.
 */
export async function workbookXlsx(sheets: readonly WorkbookSheet[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  workbook.creator = 'directive-cascade';
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.columns.map((c) => ({ header: c.header, width: c.width, style: c.kind === 'text' ? {} : { numFmt: NUM_FMT[c.kind] } }));
    const header = ws.getRow(1);
    header.font = { bold: true };
    header.commit();
    sheet.rows.forEach((row, r) => {
      ws.addRow(sheet.columns.map((_, i) => valueAt(sheet.columns, row, i, r + 2))).commit();
    });
    ws.commit();
  }
  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}
