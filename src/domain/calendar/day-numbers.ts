/**
 * Days as whole numbers since 1970-01-01, and ISO weekdays: the arithmetic the lunar calendar, the
 * holiday rules and the working calendar share. Pure and small, so workflow code can use it
 * without pulling in the astronomy the holiday rules need.
 */
import { type CalendarDate, formatIsoDate, parseCalendarDate } from '../time/calendar-date';

const DAY_MS = 86_400_000;

/** ISO weekday numbers, 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Monday to Friday: the week of state bodies and Party offices (Saturday and Sunday are weekly rest days). */
export const DEFAULT_WORKING_WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5];

/** Whole days since 1970-01-01 of a Gregorian day. */
export function dayNumberOf(date: CalendarDate): number {
  return Math.round(Date.UTC(date.year, date.month - 1, date.day) / DAY_MS);
}

/** The Gregorian day of a day number. */
export function dateOfDayNumber(dayNumber: number): CalendarDate {
  const at = new Date(dayNumber * DAY_MS);
  return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() };
}

/** The day number of an ISO date the domain produced itself (so it is known to be valid). */
export function dayNumberOfIso(iso: string): number {
  const parsed = parseCalendarDate(iso);
  if (parsed.kind !== 'date') throw new RangeError(`"${iso}" is not an ISO date`);
  return dayNumberOf(parsed.date);
}

/** The ISO date (`YYYY-MM-DD`) of a day number. */
export function isoOfDayNumber(dayNumber: number): string {
  return formatIsoDate(dateOfDayNumber(dayNumber));
}

/** The ISO weekday of a day number (day 0, 1970-01-01, was a Thursday). */
export function isoWeekdayOf(dayNumber: number): IsoWeekday {
  return (((((dayNumber + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}
