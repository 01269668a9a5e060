/** CSV export of a directive's units, safe to open in a spreadsheet. */
import type { UnitListing } from './cascade-client';

const COLUMNS: Array<keyof UnitListing> = ['unitId', 'name', 'level', 'parentId', 'status', 'deadline', 'completedAt', 'attendees', 'members', 'essaysSubmitted', 'essaysExpected'];

/**
 * One CSV field: quoted when needed, and a leading = + - @ (or tab/CR) prefixed with a quote so
 * a spreadsheet never evaluates a unit name as a formula (CSV injection).
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The header and one line per unit, CRLF-terminated (RFC 4180), with a UTF-8 BOM for Excel. */
export function unitsToCsv(units: UnitListing[]): string {
  const lines = [COLUMNS.join(','), ...units.map((u) => COLUMNS.map((c) => csvField(u[c])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
