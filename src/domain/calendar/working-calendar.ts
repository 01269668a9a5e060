/**
 * The working calendar as workflows carry it: plain data (which weekdays are worked, which dates
 * are days off or worked in exchange) and pure arithmetic on it. Workflows never compute holidays
 * (that needs the lunar calendar and the override files); they are given this data at launch and
 * when the secretariat applies a changed calendar, so a replay always sees the same days.
 */
import { z } from 'zod';
import { PerObject } from '../time/memo';
import { DEFAULT_WORKING_WEEKDAYS, dayNumberOfIso, isoOfDayNumber, isoWeekdayOf } from './day-numbers';

/** A working calendar: the weekly pattern plus the dated exceptions over the years it covers. */
export interface WorkingCalendar {
  /** Names this calendar's content (a digest): audit records and memo keys use it. */
  id: string;
  /** ISO weekdays worked every week, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  /** First and last day (ISO) the dated exceptions cover; outside them only the weekly pattern applies. */
  from: string;
  through: string;
  /** Days off that are not weekly rest days (holidays, compensatory and decided days), ISO, sorted. */
  daysOff: string[];
  /** Weekly rest days worked in exchange for another day off (làm bù), ISO, sorted. */
  workingDays: string[];
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const isoDay = z.string().regex(ISO_DAY, { error: 'dates must be ISO YYYY-MM-DD' });

/** The calendar as it crosses Temporal (a command's payload is checked against it). */
export const WorkingCalendarSchema = z.object({
  id: z.string().min(1).max(80),
  weekdays: z.array(z.number().int().min(1).max(7)).min(1, { error: 'a calendar needs at least one working weekday' }).max(7),
  from: isoDay,
  through: isoDay,
  daysOff: z.array(isoDay).max(5_000),
  workingDays: z.array(isoDay).max(5_000),
});

/** No calendar has a year without a working day, so a search longer than this is a bug, not a long holiday. */
const MAX_SEARCH_DAYS = 3_700;

/**
 * The calendar's sets, built once per calendar object: every wake asks about the same few days. By
 * the object, not its id: the id is only the sender's word for the content (see PerObject).
 */
interface DaySets {
  weekdays: Set<number>;
  off: Set<number>;
  worked: Set<number>;
}
const compiled = new PerObject<WorkingCalendar, DaySets>((calendar) => ({
  weekdays: new Set(calendar.weekdays),
  off: new Set(calendar.daysOff.map(dayNumberOfIso)),
  worked: new Set(calendar.workingDays.map(dayNumberOfIso)),
}));

function daySets(calendar: WorkingCalendar): DaySets {
  return compiled.get(calendar);
}

function isWorkingDayNumber(sets: DaySets, day: number): boolean {
  if (sets.off.has(day)) return false;
  return sets.weekdays.has(isoWeekdayOf(day)) || sets.worked.has(day);
}

/** True when the ISO date is a working day in this calendar. */
export function isWorkingDay(calendar: WorkingCalendar, iso: string): boolean {
  return isWorkingDayNumber(daySets(calendar), dayNumberOfIso(iso));
}

/** The `count`-th working day after (direction 1) or before (-1) `iso`, not counting `iso`. */
function step(calendar: WorkingCalendar, iso: string, direction: 1 | -1, count: number): string {
  const sets = daySets(calendar);
  let day = dayNumberOfIso(iso);
  let left = count;
  for (let searched = 0; searched < MAX_SEARCH_DAYS + 7 * count; searched++) {
    day += direction;
    if (isWorkingDayNumber(sets, day) && --left === 0) return isoOfDayNumber(day);
  }
  throw new RangeError(`calendar ${calendar.id} has no working day near ${iso}; check its working weekdays`);
}

/** The ISO date itself when it is a working day, else the first working day after it. */
export function workingDayOnOrAfter(calendar: WorkingCalendar, iso: string): string {
  return isWorkingDay(calendar, iso) ? iso : step(calendar, iso, 1, 1);
}

/** The ISO date itself when it is a working day, else the last working day before it. */
export function workingDayOnOrBefore(calendar: WorkingCalendar, iso: string): string {
  return isWorkingDay(calendar, iso) ? iso : step(calendar, iso, -1, 1);
}

/**
 * The date `n` working days after `iso` (before it when `n` is negative); `iso` itself is not
 * counted, as Vietnamese administrative time limits run from the day after the event.
 */
export function addWorkingDays(calendar: WorkingCalendar, iso: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`cannot add ${n} working days; give a whole number`);
  if (n === 0) return iso;
  return step(calendar, iso, n > 0 ? 1 : -1, Math.abs(n));
}

/** The ISO date `days` calendar days after `iso` (before it when negative). */
export function addCalendarDays(iso: string, days: number): string {
  return isoOfDayNumber(dayNumberOfIso(iso) + days);
}

/** A calendar of the weekly pattern alone (no holidays): what a working-day count falls back on without one. */
export function weeklyCalendar(weekdays: readonly number[] = DEFAULT_WORKING_WEEKDAYS): WorkingCalendar {
  const sorted = [...new Set(weekdays)].sort();
  return { id: `weekly-${sorted.join('')}`, weekdays: sorted, from: '1970-01-01', through: '1970-01-01', daysOff: [], workingDays: [] };
}
