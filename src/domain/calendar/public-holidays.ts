/**
 * Vietnam's public holidays by the Labour Code 2019, Article 112, for any year and any working week.
 * Today's law is applied to every year asked for: before 2021 the law gave other days (one day for
 * Quốc khánh, for instance), so past years come out as they would be now, not as they were.
 */
import { lunarToSolar, vietnameseNewYear } from './lunar-calendar';
import { dayNumberOf, dayNumberOfIso, isoOfDayNumber, isoWeekdayOf, type IsoWeekday } from './day-numbers';

/** The holidays the law names, each with its own dates (which an override file may replace). */
export const HOLIDAY_KEYS = ['newYear', 'tet', 'hungKings', 'reunification', 'labour', 'nationalDay'] as const;
export type HolidayKey = (typeof HOLIDAY_KEYS)[number];

/** Why a day is off: a holiday, a compensatory day for one (nghỉ bù), or an extra day the government decided. */
export type DayOffKey = HolidayKey | 'compensatory' | 'decided';

/** One day off; `date` is ISO `YYYY-MM-DD`, `name` Vietnamese, `nameEn` English. */
export type DayOff = { date: string; key: DayOffKey; name: string; nameEn: string };

/** The holidays' names, in Vietnamese and English. */
export const HOLIDAY_NAMES: Record<HolidayKey, { name: string; nameEn: string }> = {
  newYear: { name: 'Tết Dương lịch', nameEn: "New Year's Day" },
  tet: { name: 'Tết Nguyên Đán', nameEn: 'Lunar New Year (Tết)' },
  hungKings: { name: 'Giỗ Tổ Hùng Vương', nameEn: "Hung Kings' Commemoration Day" },
  reunification: { name: 'Ngày Chiến thắng', nameEn: 'Reunification Day' },
  labour: { name: 'Ngày Quốc tế Lao động', nameEn: 'International Labour Day' },
  nationalDay: { name: 'Quốc khánh', nameEn: 'National Day' },
};

/** How many working days the Prime Minister gives for Tết (Article 112: five days). */
const TET_WORKING_DAYS = 5;

/** Refuses a working week that is empty, repeats a day or names a day outside 1–7; returns it sorted. */
export function checkWorkingWeekdays(weekdays: readonly number[]): IsoWeekday[] {
  const bad = weekdays.find((d) => !Number.isInteger(d) || d < 1 || d > 7);
  if (bad !== undefined) throw new RangeError(`working weekday ${bad} is not an ISO weekday; use 1 (Monday) to 7 (Sunday)`);
  if (weekdays.length === 0) throw new RangeError('the working week has no working day; give at least one weekday (1 = Monday … 7 = Sunday)');
  if (new Set(weekdays).size !== weekdays.length) throw new RangeError(`working weekdays [${weekdays.join(', ')}] repeat a day; list each once`);
  return [...weekdays].sort((a, b) => a - b) as IsoWeekday[];
}

/** Which days of a year are worked: a weekday of the working week that is not already a day off. */
class WorkingWeek {
  private readonly weekdays: ReadonlySet<number>;

  constructor(
    weekdays: readonly IsoWeekday[],
    private readonly off: ReadonlySet<number> = new Set(),
  ) {
    this.weekdays = new Set(weekdays);
  }

  /** True when the day's weekday is a weekly rest day. */
  isRestDay(dayNumber: number): boolean {
    return !this.weekdays.has(isoWeekdayOf(dayNumber));
  }

  /** True when the day is worked. */
  isWorkingDay(dayNumber: number): boolean {
    return !this.isRestDay(dayNumber) && !this.off.has(dayNumber);
  }

  /** The first working day on or after a day; one comes, since the week has a working weekday and `off` is finite. */
  firstWorkingDayFrom(dayNumber: number): number {
    let day = dayNumber;
    while (!this.isWorkingDay(day)) day++;
    return day;
  }
}

/**
 * Tết's five days. The Prime Minister decides them each year; every decision from 2020 to 2026 gave
 * the five working days starting from the first working day on or after the day two days before
 * mùng 1 (2025: Monday 27/1 to Friday 31/1 for Tết on Wednesday 29/1), so that is the rule here, and
 * an override file replaces it when a decision differs.
 */
function tetDays(year: number, week: WorkingWeek): number[] {
  const days: number[] = [];
  let day = week.firstWorkingDayFrom(dayNumberOf(vietnameseNewYear(year)) - 2);
  while (days.length < TET_WORKING_DAYS) {
    days.push(day);
    day = week.firstWorkingDayFrom(day + 1);
  }
  return days;
}

/** Length of the run of consecutive days off (rest days or `off`) through `day`. */
function runLength(day: number, week: WorkingWeek, off: ReadonlySet<number>): number {
  const isOff = (d: number) => week.isRestDay(d) || off.has(d);
  let first = day;
  let last = day;
  while (isOff(first - 1)) first--;
  while (isOff(last + 1)) last++;
  return last - first + 1;
}

/**
 * Quốc khánh: 2/9 and one day beside it, 1/9 or 3/9 as the government decides. Its decisions took the
 * neighbour that is a working day and makes the longest break (2022: Thursday 1/9 before Friday 2/9;
 * 2024: Tuesday 3/9 after Monday 2/9); on a tie 3/9. With neither neighbour a working day, 3/9.
 */
function nationalDays(year: number, week: WorkingWeek, otherDaysOff: ReadonlySet<number>): number[] {
  const second = dayNumberOf({ year, month: 9, day: 2 });
  const [before, after] = [second - 1, second + 1];
  const breakWith = (neighbour: number) => runLength(second, week, new Set([...otherDaysOff, second, neighbour]));
  const useBefore = week.isWorkingDay(before) && (!week.isWorkingDay(after) || breakWith(before) > breakWith(after));
  return useBefore ? [before, second] : [second, after];
}

/** Each holiday's days by the law and the rule above, as ISO dates; no compensatory days yet. */
export function statutoryHolidays(year: number, workingWeekdays: readonly IsoWeekday[]): Record<HolidayKey, string[]> {
  const week = new WorkingWeek(workingWeekdays);
  const fixed = (month: number, day: number) => [dayNumberOf({ year, month, day })];
  const byKey: Record<HolidayKey, number[]> = {
    newYear: fixed(1, 1),
    tet: tetDays(year, week),
    hungKings: [dayNumberOf(lunarToSolar(year, 3, 10))],
    reunification: fixed(4, 30),
    labour: fixed(5, 1),
    nationalDay: [],
  };
  byKey.nationalDay = nationalDays(year, week, new Set(Object.values(byKey).flat()));
  return Object.fromEntries(HOLIDAY_KEYS.map((key) => [key, byKey[key].map(isoOfDayNumber)])) as Record<HolidayKey, string[]>;
}

/**
 * Compensatory days (nghỉ bù, Article 112(3)): each holiday on a weekly rest day gives the next working
 * day after it that is not already off, in date order, so holidays side by side are compensated after
 * all of them (2027: Saturday 1/5 after Friday 30/4 gives Monday 3/5), and skip `otherDaysOff` (days
 * the government added). Tết is left out: the Prime Minister's decision already names five working days.
 */
export function compensatoryDaysOff(holidays: readonly DayOff[], workingWeekdays: readonly IsoWeekday[], otherDaysOff: readonly string[]): DayOff[] {
  const taken = new Set([...otherDaysOff, ...holidays.map((h) => h.date)].map(dayNumberOfIso));
  // The week reads `taken` live, so a compensatory day given is no longer a working day for the next one.
  const week = new WorkingWeek(workingWeekdays, taken);
  const out: DayOff[] = [];
  const onRestDays = holidays.filter((h) => h.key !== 'tet' && week.isRestDay(dayNumberOfIso(h.date)));
  for (const holiday of [...onRestDays].sort((a, b) => a.date.localeCompare(b.date))) {
    const day = week.firstWorkingDayFrom(dayNumberOfIso(holiday.date) + 1);
    taken.add(day);
    out.push({ date: isoOfDayNumber(day), key: 'compensatory', name: `Nghỉ bù ${holiday.name}`, nameEn: `Compensatory day off for ${holiday.nameEn}` });
  }
  return out;
}
