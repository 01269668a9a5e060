/**
 * The calendars the secretariat keeps: Vietnam's public holidays computed for each year
 * (src/domain/calendar), corrected by the override file of that year in one folder, which the
 * secretariat edits when the government publishes its decision. A launch takes the calendar as the
 * files say then; running directives get a changed one only when the secretariat applies it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseCalendarOverride } from '../domain/calendar/calendar-override';
import type { WorkingCalendar } from '../domain/calendar/working-calendar';
import { weekdayName, yearCalendar, type YearCalendar } from '../domain/calendar/year-calendar';

/** The override files that ship with the project: the decisions known when it was released. */
export const PACKAGED_CALENDAR_DIR = path.join(__dirname, '..', '..', 'calendar');

/** Where the override files are and which weekdays are worked. */
export interface CalendarBookOptions {
  /** Folder of `YYYY.yaml` override files (default: the packaged `calendar/` folder). */
  dir?: string | undefined;
  /** ISO weekdays worked every week, 1 = Monday … 7 = Sunday (default Monday to Friday). */
  workingWeekdays?: readonly number[] | undefined;
}

/** The calendar book a process's configuration names (CALENDAR_DIR, WORKING_WEEKDAYS). */
export function calendarBookFor(config: { CALENDAR_DIR?: string | undefined; WORKING_WEEKDAYS?: number[] | undefined }): CalendarBook {
  return new CalendarBook({ dir: config.CALENDAR_DIR, workingWeekdays: config.WORKING_WEEKDAYS });
}

/** See the file comment. */
export class CalendarBook {
  readonly dir: string;
  private readonly workingWeekdays: readonly number[] | undefined;

  constructor(options: CalendarBookOptions = {}) {
    this.dir = options.dir ?? PACKAGED_CALENDAR_DIR;
    this.workingWeekdays = options.workingWeekdays;
  }

  /**
   * A year's days off and swapped working days, read afresh from its override file (when there is
   * one). Throws CalendarOverrideError naming the file and each bad field, RangeError for a year
   * outside 1900–2199.
   */
  year(year: number): YearCalendar {
    const file = path.join(this.dir, `${year}.yaml`);
    const override = fs.existsSync(file) ? parseCalendarOverride(fs.readFileSync(file, 'utf8'), file) : undefined;
    return yearCalendar(year, { ...(this.workingWeekdays ? { workingWeekdays: this.workingWeekdays } : {}), ...(override ? { override } : {}) });
  }

  /** What the ISO date is as a day off: its holiday's name, or its weekday's for a weekly rest day. */
  dayOffName(iso: string): { vi: string; en: string } {
    const holiday = this.year(Number(iso.slice(0, 4))).daysOff.find((d) => d.date === iso);
    return holiday ? { vi: holiday.name, en: holiday.nameEn } : { vi: weekdayName(iso, 'vi'), en: weekdayName(iso, 'en') };
  }

  /**
   * The working calendar of the years `fromYear` to `throughYear`, as workflows are given it; its
   * id is its content's digest, so the same days always have the same id.
   */
  workingCalendar(fromYear: number, throughYear: number): WorkingCalendar {
    const years: YearCalendar[] = [];
    for (let year = fromYear; year <= throughYear; year++) years.push(this.year(year));
    const weekdays = years[0]?.workingWeekdays ?? [1, 2, 3, 4, 5];
    const content = {
      weekdays: [...weekdays],
      from: `${fromYear}-01-01`,
      through: `${throughYear}-12-31`,
      daysOff: years.flatMap((y) => y.daysOff.map((d) => d.date)),
      workingDays: years.flatMap((y) => y.workingDays.map((d) => d.date)),
    };
    return { id: `cal-${createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16)}`, ...content };
  }
}
