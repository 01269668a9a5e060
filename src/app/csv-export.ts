/** CSV export of a directive's units, safe to open in a spreadsheet and read by people in Vietnam. */
import { unitStatusLabel } from '../domain/report/status-labels';
import { inertSpreadsheetText } from '../domain/text/csv';
import { formatVnNumericDateTime } from '../domain/time/time';
import type { UnitListing } from '../store/unit-listings';

type Column = { header: string; cell: (u: UnitListing) => unknown };

/**
 * The columns. Times are Vietnam wall-clock time as a spreadsheet set to Vietnamese reads them
 * (dd/mm/yyyy HH:mm), not UTC; the status keeps its code (for filters and scripts) with its
 * Vietnamese words beside it.
 */
const COLUMNS: readonly Column[] = [
  { header: 'unitId', cell: (u) => u.unitId },
  { header: 'name', cell: (u) => u.name },
  { header: 'level', cell: (u) => u.level },
  { header: 'parentId', cell: (u) => u.parentId },
  { header: 'status', cell: (u) => u.status },
  { header: 'statusVi', cell: (u) => unitStatusLabel(u.status, 'vi') },
  { header: 'deadline', cell: (u) => formatVnNumericDateTime(u.deadline) },
  { header: 'completedAt', cell: (u) => (u.completedAt === null ? null : formatVnNumericDateTime(u.completedAt)) },
  { header: 'attendees', cell: (u) => u.attendees },
  { header: 'members', cell: (u) => u.members },
  // The directory's count beside the reported one: a difference is flagged to supervisors, not refused.
  { header: 'directoryMembers', cell: (u) => u.directoryMembers },
  { header: 'essaysSubmitted', cell: (u) => u.essaysSubmitted },
  { header: 'essaysExpected', cell: (u) => u.essaysExpected },
];

/**
 * One CSV field: quoted when needed, and a leading = + - @ (or tab/CR) prefixed with a quote so
 * a spreadsheet never evaluates a unit name as a formula (CSV injection).
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? inertSpreadsheetText(value) : value instanceof Date ? value.toISOString() : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The header and one line per unit, CRLF-terminated (RFC 4180), with a UTF-8 BOM for Excel. */
export function unitsToCsv(units: UnitListing[]): string {
  const lines = [COLUMNS.map((c) => c.header).join(','), ...units.map((u) => COLUMNS.map((c) => csvField(c.cell(u))).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
