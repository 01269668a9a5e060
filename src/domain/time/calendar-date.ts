/** Calendar days with no time zone attached: what "30/6/2021" means before we pick a moment. */
import { z } from 'zod';
import { TimeInputError } from './time-error';

/** A Gregorian day; month and day are 1-based. */
export type CalendarDate = { year: number; month: number; day: number };

/** Result of reading text as a date: a day, a date-shaped but impossible value, or not a date at all. */
export type CalendarDateParse = { kind: 'date'; date: CalendarDate } | { kind: 'invalid'; reason: string } | { kind: 'no-match' };

/** The accepted date spellings, for error messages. */
export const DATE_FORMS = '30/6/2021, 30/06/2021 or 2021-06-30';

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
const VI_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for Gregorian leap years. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in a month (1-based month). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** English month name for messages ("February"). */
export function monthName(month: number): string {
  return MONTH_NAMES[month - 1] ?? `month ${month}`;
}

/** Why a year/month/day triple is impossible, or null when it is a real day. */
export function invalidDateReason(year: number, month: number, day: number): string | null {
  if (year < 1000 || year > 9999) return `year ${year} is not a four-digit year`;
  if (month < 1 || month > 12) return `month ${month} does not exist; months are 1–12`;
  const max = daysInMonth(year, month);
  if (day < 1 || day > max) return `${monthName(month)} ${year} has ${max} days, so day ${day} does not exist`;
  return null;
}

/** Reads `30/6/2021`, `30/06/2021` (day first, Vietnamese order) or ISO `2021-06-30`. */
export function parseCalendarDate(input: string): CalendarDateParse {
  const text = input.trim();
  const vi = VI_DATE.exec(text);
  const iso = vi ? null : ISO_DATE.exec(text);
  if (!vi && !iso) return { kind: 'no-match' };
  const [year, month, day] = vi ? [Number(vi[3]), Number(vi[2]), Number(vi[1])] : [Number(iso?.[1]), Number(iso?.[2]), Number(iso?.[3])];
  const reason = invalidDateReason(year, month, day);
  return reason ? { kind: 'invalid', reason } : { kind: 'date', date: { year, month, day } };
}

/** ISO form of a day: `2021-06-30`. */
export function formatIsoDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** Reads a date (either accepted form) and returns it as ISO `YYYY-MM-DD`; throws a TimeInputError naming the input. */
export function toIsoDate(input: string): string {
  const parsed = parseCalendarDate(input);
  if (parsed.kind === 'date') return formatIsoDate(parsed.date);
  const why = parsed.kind === 'invalid' ? parsed.reason : 'it is not a date';
  throw new TimeInputError(`"${input}" is not a valid date: ${why}; write it as ${DATE_FORMS}`, input);
}

/** A date field: accepts either accepted form and yields ISO `YYYY-MM-DD`; errors name the field and the forms. */
export function calendarDateField(field: string) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? `${field} is required` : `${field} must be a date written as ${DATE_FORMS}`) })
    .transform((text, ctx) => {
      const parsed = parseCalendarDate(text);
      if (parsed.kind === 'date') return formatIsoDate(parsed.date);
      const why = parsed.kind === 'invalid' ? `: ${parsed.reason}` : '';
      ctx.addIssue({ code: 'custom', message: `${field} "${text}" is not a valid date${why}; write it as ${DATE_FORMS}`, params: { rule: 'date' } });
      return z.NEVER;
    });
}
