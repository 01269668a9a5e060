/** A year's working calendar: the days off (holidays, compensatory and decided days) and the swapped working days. */
import { CalendarOverrideError, type CalendarOverride } from './calendar-override';
import { checkCalendarYear } from './lunar-calendar';
import { DEFAULT_WORKING_WEEKDAYS, dayNumberOfIso, isoWeekdayOf, type IsoWeekday } from './day-numbers';
import { HOLIDAY_KEYS, HOLIDAY_NAMES, type DayOff, checkWorkingWeekdays, compensatoryDaysOff, statutoryHolidays } from './public-holidays';
import type { FieldIssue } from '../text/fields';

/** A weekly rest day worked in exchange for a day off (làm bù). */
export type WorkingDay = { date: string; name: string; nameEn: string };

/** A year's calendar; `daysOff` is sorted by date with one entry per date, `sources` names the decisions applied. */
export type YearCalendar = { year: number; workingWeekdays: IsoWeekday[]; daysOff: DayOff[]; workingDays: WorkingDay[]; sources: string[] };

/**
 * The calendar of `year`: the law's holidays (public-holidays.ts), each replaced by the override's dates
 * where it gives them, plus the override's extra days off, plus compensatory days computed last (so they
 * follow the replaced dates and skip decided days). Throws a RangeError outside 1900–2199 or for an
 * override of another year, and a CalendarOverrideError when a swapped working day is a day off.
 */
export function yearCalendar(year: number, options: { workingWeekdays?: readonly number[]; override?: CalendarOverride } = {}): YearCalendar {
  checkCalendarYear(year);
  const workingWeekdays = checkWorkingWeekdays(options.workingWeekdays ?? DEFAULT_WORKING_WEEKDAYS);
  const override = options.override;
  if (override && override.year !== year) throw new RangeError(`the calendar override ${override.file} is for ${override.year}, not ${year}`);

  const computed = statutoryHolidays(year, workingWeekdays);
  const holidays = HOLIDAY_KEYS.flatMap((key) => (override?.holidays[key] ?? computed[key]).map((date): DayOff => ({ date, key, ...HOLIDAY_NAMES[key] })));
  const decided = (override?.daysOff ?? []).map((day): DayOff => ({ ...day, key: 'decided' }));
  const compensatory = compensatoryDaysOff(
    holidays,
    workingWeekdays,
    decided.map((d) => d.date),
  );
  // A holiday keeps its own name when the override also lists its date as a decided day off.
  const byDate = new Map<string, DayOff>();
  for (const day of [...holidays, ...decided, ...compensatory]) if (!byDate.has(day.date)) byDate.set(day.date, day);
  const daysOff = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));

  const workingDays = (override?.workingDays ?? []).map(({ date, name, nameEn }) => ({ date, name, nameEn }));
  const clashes: FieldIssue[] = [];
  workingDays.forEach((day, i) => {
    const off = byDate.get(day.date);
    if (off) {
      clashes.push({
        path: `workingDays[${i}].date`,
        rule: 'off-and-working',
        message: `workingDays[${i}].date (${day.date}) is a day off (${off.name}); a day is either off or worked`,
      });
    }
  });
  if (override && clashes.length > 0) throw new CalendarOverrideError(override.file, clashes);

  const sources = override ? [override.source ?? override.file] : [];
  return { year, workingWeekdays, daysOff, workingDays: workingDays.sort((a, b) => a.date.localeCompare(b.date)), sources };
}

const WEEKDAY_NAMES: Record<'vi' | 'en', readonly string[]> = {
  vi: ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

const LABELS = {
  vi: {
    title: (year: number) => `Lịch nghỉ năm ${year}`,
    week: 'Tuần làm việc',
    basis: 'Căn cứ: Bộ luật Lao động 2019, Điều 112',
    daysOff: (n: number) => `Ngày nghỉ (${n} ngày):`,
    workingDays: (n: number) => (n === 0 ? 'Ngày làm bù: không có' : `Ngày làm bù (${n} ngày):`),
  },
  en: {
    title: (year: number) => `Days off in ${year}`,
    week: 'Working week',
    basis: 'Basis: Labour Code 2019, Article 112',
    daysOff: (n: number) => `Days off (${n}):`,
    workingDays: (n: number) => (n === 0 ? 'Weekend days worked in exchange: none' : `Weekend days worked in exchange (${n}):`),
  },
} as const;

/** The weekday of an ISO date in words: "Thứ Hai" … "Chủ nhật", or "Monday" … "Sunday". */
export function weekdayName(iso: string, language: 'vi' | 'en'): string {
  return WEEKDAY_NAMES[language][isoWeekdayOf(dayNumberOfIso(iso)) - 1] ?? '';
}

/** "Thứ Hai 27/01/2025" (or "Monday 27/01/2025"): the weekday, then the date as Vietnamese write it. */
function dayLabel(iso: string, language: 'vi' | 'en'): string {
  const [year, month, day] = iso.split('-');
  return `${weekdayName(iso, language)} ${day}/${month}/${year}`;
}

/** The calendar for people: each day off, then each swapped working day, in Vietnamese unless `language` is 'en'. */
export function describeYearCalendar(calendar: YearCalendar, language: 'vi' | 'en' = 'vi'): string {
  const labels = LABELS[language];
  const line = (day: { date: string; name: string; nameEn: string }) => `  ${dayLabel(day.date, language)}  ${language === 'vi' ? day.name : day.nameEn}`;
  return [
    labels.title(calendar.year),
    `${labels.week}: ${calendar.workingWeekdays.map((d) => WEEKDAY_NAMES[language][d - 1]).join(', ')}`,
    [labels.basis, ...calendar.sources].join('; '),
    '',
    labels.daysOff(calendar.daysOff.length),
    ...calendar.daysOff.map(line),
    '',
    labels.workingDays(calendar.workingDays.length),
    ...calendar.workingDays.map(line),
  ].join('\n');
}
