/**
 * The Vietnamese lunisolar calendar (âm lịch), computed from astronomy in Vietnam time (UTC+7).
 *
 * Vietnam's calendar follows the same rules as the Chinese one but counts days in UTC+7, not UTC+8,
 * so a new moon shortly after 16:00 UTC falls on different days in the two and Tết can differ by a
 * day or a month (1985, 2007, 2030). Packaged lunar calendars compute the Chinese calendar, hence
 * this module: astronomy-engine gives the instants, the rules below give the days.
 *
 * Years before 1968 are computed with today's rules and UTC+7 too; the calendar used then, reckoned
 * in UTC+8, differs from it in the years where the two time zones disagree.
 */
import { SearchMoonPhase, Seasons, SunPosition } from 'astronomy-engine';
import type { CalendarDate } from '../time/calendar-date';
import { BoundedMemo } from '../time/memo';
import { dateOfDayNumber } from './day-numbers';

/** The years this module (and the working calendar built on it) answers for; outside them it throws a RangeError. */
export const CALENDAR_YEARS = { first: 1900, last: 2199 } as const;

const DAY_MS = 86_400_000;
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** Refuses a year outside CALENDAR_YEARS, naming the range. */
export function checkCalendarYear(year: number): void {
  if (!Number.isInteger(year) || year < CALENDAR_YEARS.first || year > CALENDAR_YEARS.last) {
    throw new RangeError(`year ${year} is outside the years the calendar covers (${CALENDAR_YEARS.first}–${CALENDAR_YEARS.last})`);
  }
}

/** The day number of an instant, in Vietnam time. */
function vietnamDay(at: Date): number {
  return Math.floor((at.getTime() + VIETNAM_OFFSET_MS) / DAY_MS);
}

/** 00:00 in Vietnam on a day, as an instant. */
function vietnamMidnight(dayNumber: number): Date {
  return new Date(dayNumber * DAY_MS - VIETNAM_OFFSET_MS);
}

/** The first new moon at or after `from`; lunations last under 30 days, so 40 days always find one. */
function newMoonFrom(from: Date): Date {
  const found = SearchMoonPhase(0, from, 40);
  if (found === null) throw new Error(`no new moon found within 40 days of ${from.toISOString()}`);
  return found.date;
}

/** The new moon after the one at `moon` (one day on is past it, and less than a lunation). */
function nextNewMoon(moon: Date): Date {
  return newMoonFrom(new Date(moon.getTime() + DAY_MS));
}

/**
 * The first day of month 11 of the lunar year in progress at the December solstice of `year`: the
 * day of the last new moon on or before the solstice's day. Both are Vietnam days, so a new moon on
 * the solstice's day counts even when it comes later in that day.
 */
function month11Start(year: number): number {
  return month11Memo.get(String(year), () => searchMonth11Start(year));
}

function searchMonth11Start(year: number): number {
  const solsticeDay = vietnamDay(Seasons(year).dec_solstice.date);
  // A lunation is shorter than 31 days, so a new moon falls within the 31 days ending on the solstice's day.
  let moon = newMoonFrom(vietnamMidnight(solsticeDay - 30));
  for (let next = nextNewMoon(moon); vietnamDay(next) <= solsticeDay; next = nextNewMoon(next)) moon = next;
  return vietnamDay(moon);
}

// Each month-11 start ends one lunar year and begins the next, so it is asked for twice.
const month11Memo = new BoundedMemo<number>(CALENDAR_YEARS.last - CALENDAR_YEARS.first + 3);

/** Which 30° sector of the ecliptic the sun is in at the start of a day; a major solar term begins each sector. */
function sunSector(dayNumber: number): number {
  return Math.floor(SunPosition(vietnamMidnight(dayNumber)).elon / 30);
}

/** A lunar month: its number (1–12), whether it is the leap month, its first day and its length in days. */
type LunarMonth = { number: number; leap: boolean; firstDay: number; days: number };

/**
 * The months from month 11 before Tết of `year` to the last month before the next month 11: the
 * end of one lunar year and most of the next, which is what placing Tết and 10/3 needs.
 */
function monthsAroundTet(year: number): LunarMonth[] {
  const end = month11Start(year);
  const firstDays = [month11Start(year - 1)];
  for (let moon = nextNewMoon(vietnamMidnight(firstDays[0] ?? 0)); vietnamDay(moon) < end; moon = nextNewMoon(moon)) {
    firstDays.push(vietnamDay(moon));
  }
  if (firstDays.length !== 12 && firstDays.length !== 13) {
    throw new Error(`found ${firstDays.length} lunations between the month-11 starts of ${year - 1} and ${year}; expected 12 or 13`);
  }
  const bounds = [...firstDays, end];
  // With 13 lunations, the leap month is the first after month 11 in which the sun enters no new sector
  // (no major solar term); it takes the number of the month before it.
  let leapIndex = -1;
  if (firstDays.length === 13) {
    leapIndex = firstDays.findIndex((day, i) => i > 0 && sunSector(day) === sunSector(bounds[i + 1] ?? end));
    if (leapIndex < 0) throw new Error(`the 13-month lunar year before ${year} has no month without a major solar term`);
  }
  return firstDays.map((firstDay, i) => {
    const counted = leapIndex >= 0 && i >= leapIndex ? i - 1 : i;
    return { number: ((10 + counted) % 12) + 1, leap: i === leapIndex, firstDay, days: (bounds[i + 1] ?? end) - firstDay };
  });
}

/** Room for every year covered (and the one after, for months 11 and 12), so each is computed once per process. */
const MEMO_SIZE = CALENDAR_YEARS.last - CALENDAR_YEARS.first + 2;
const monthsMemo = new BoundedMemo<LunarMonth[]>(MEMO_SIZE);

function memoisedMonths(year: number): LunarMonth[] {
  return monthsMemo.get(String(year), () => monthsAroundTet(year));
}

/**
 * The Gregorian day of a lunar date: day `day` of month `month` (the leap month of that number when
 * `leap`) of the lunar year that begins in Gregorian `lunarYear`. Throws a RangeError for a month or
 * day that year does not have.
 */
export function lunarToSolar(lunarYear: number, month: number, day: number, leap = false): CalendarDate {
  checkCalendarYear(lunarYear);
  // Months 11 and 12 of a lunar year come after the next month-11 start, with the next year's Tết.
  const months = memoisedMonths(month >= 11 ? lunarYear + 1 : lunarYear);
  const found = months.find((m) => m.number === month && m.leap === leap);
  const what = `${leap ? 'leap ' : ''}month ${month} of lunar year ${lunarYear}`;
  if (!found) throw new RangeError(`${what} does not exist`);
  if (!Number.isInteger(day) || day < 1 || day > found.days) throw new RangeError(`${what} has ${found.days} days, so day ${day} does not exist`);
  return dateOfDayNumber(found.firstDay + day - 1);
}

/** Tết Nguyên Đán (mùng 1 tháng Giêng) of the lunar year that begins in Gregorian `year`. */
export function vietnameseNewYear(year: number): CalendarDate {
  return lunarToSolar(year, 1, 1);
}
