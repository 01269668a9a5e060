/** Quarters as Vietnamese documents write them: "quý II/2016", "Q2/2016", "quý II năm 2016". */
import { daysInMonth } from './calendar-date';
import { vnEndOfDay } from './vn-time';

/** A quarter of a year, 1–4. */
export type Quarter = { year: number; quarter: 1 | 2 | 3 | 4 };

/** Result of reading text as a quarter: a quarter, a quarter-shaped but impossible value, or not a quarter at all. */
export type QuarterParse = { kind: 'quarter'; value: Quarter } | { kind: 'invalid'; reason: string } | { kind: 'no-match' };

const ROMAN = ['I', 'II', 'III', 'IV'] as const;
// "quí" is the older spelling of "quý"; both appear in documents.
const QUARTER_TEXT = /^(?:q|quý|quí)\s*([ivxlcdm]+|\d+)\s*(?:\/|năm)\s*(\d{4})$/iu;

/** Roman numeral of a quarter number, as Vietnamese documents write it ("II"). */
export function romanQuarter(quarter: number): string {
  const roman = ROMAN[quarter - 1];
  if (!roman) throw new RangeError(`quarter ${quarter} does not exist; quarters are 1–4`);
  return roman;
}

/** The quarter (1–4) a month (1–12) belongs to. */
export function quarterOfMonth(month: number): 1 | 2 | 3 | 4 {
  return Math.ceil(month / 3) as 1 | 2 | 3 | 4;
}

/** Reads `Q2/2016`, `q2/2016`, `quý II/2016`, `Quý 2/2016` or `quý II năm 2016` (input should be NFC). */
export function parseQuarter(input: string): QuarterParse {
  const m = QUARTER_TEXT.exec(input.trim().replace(/\s+/g, ' '));
  if (!m || m[1] === undefined) return { kind: 'no-match' };
  const token = m[1].toUpperCase();
  const year = Number(m[2]);
  const n = /^\d+$/.test(token) ? Number(token) : ROMAN.indexOf(token as (typeof ROMAN)[number]) + 1;
  if (n < 1 || n > 4) return { kind: 'invalid', reason: `there is no quarter ${token}; quarters are I–IV (or 1–4)` };
  return { kind: 'quarter', value: { year, quarter: n as 1 | 2 | 3 | 4 } };
}

/** Last moment of a quarter in Vietnam (Q4 ends 31/12 23:59:59.999 +07:00), as UTC ISO. */
export function vnEndOfQuarter(q: Quarter): string {
  const month = q.quarter * 3;
  return vnEndOfDay({ year: q.year, month, day: daysInMonth(q.year, month) });
}
