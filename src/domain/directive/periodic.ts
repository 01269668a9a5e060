/**
 * Periodic report rounds a directive asks for (sơ kết 6 tháng, tổng kết năm): each round has its
 * own reporting window, deadline, reminders, escalation, statuses and rollups. A spec declares them
 * as series, either every N months over a span with a due time after each period, or as explicit
 * due dates; this module checks the series and lays out the rounds.
 */
import { z } from 'zod';
import { addCalendarDays, type WorkingCalendar } from '../calendar/working-calendar';
import { dayNumberOfIso } from '../calendar/day-numbers';
import { calendarDateField, daysInMonth, formatIsoDate } from '../time/calendar-date';
import { parseDeadlineSpec, resolveDeadline, type DeadlineSpec } from '../time/deadline-spec';
import { TimeInputError } from '../time/time-error';
import { vnEndOfDay, vnStartOfDay } from '../time/vn-time';
import { singleLineText } from '../text/fields';

/** Bounds: a few series, a few dozen rounds, five years. */
export const PERIODIC_BOUNDS = { maxSeries: 4, maxRounds: 24, maxSpanMonths: 60, maxEveryMonths: 24 } as const;

/** How long before its due date a round given by date opens (its notices go out). */
const DATED_ROUND_LEAD_DAYS = 30;

const EVERY = /^(\d{1,2})\s*(months?|tháng|years?|năm)$/iu;
const DUE_DAYS = /^(\d{1,4})\s*(days?|ngày)$/iu;
const AFTER_EACH = /\s+(?:after each(?: period)?|sau mỗi kỳ)$/iu;

/** Months between the starts of two periods: `6 months`, `6 tháng`, `1 year`, `1 năm`. */
function everyMonths(text: string): number | null {
  const m = EVERY.exec(text.normalize('NFC').trim());
  if (!m) return null;
  const n = Number(m[1]) * (/^(?:years?|năm)$/iu.test(m[2] ?? '') ? 12 : 1);
  return n >= 1 && n <= PERIODIC_BOUNDS.maxEveryMonths ? n : null;
}

/** The due time after each period: `15 days after each`, `15 ngày`, `P15D`, `10 ngày làm việc`, `10 working days after each`. */
function dueAfterPeriod(text: string): DeadlineSpec {
  const bare = text.normalize('NFC').trim().replace(AFTER_EACH, '');
  const days = DUE_DAYS.exec(bare);
  const spec = parseDeadlineSpec(days ? `P${days[1]}D` : bare);
  if (spec.kind === 'instant')
    throw new TimeInputError(`"${text}" is a date; give the time after each period, e.g. 15 days after each or 10 ngày làm việc`, text);
  return spec;
}

const RoundSeriesSchema = z
  .strictObject({
    name: singleLineText('name', 200),
    every: z.string({ error: 'every must be text like 6 months, 3 tháng or 1 year' }).optional(),
    from: calendarDateField('from').optional(),
    until: calendarDateField('until').optional(),
    due: z.string({ error: 'due must be text like 15 days after each or 10 ngày làm việc' }).optional(),
    dates: z.array(calendarDateField('dates[]'), { error: 'dates must be a list of due dates, e.g. [15/07/2027, 15/01/2028]' }).optional(),
  })
  .superRefine((series, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message, params: { rule: 'periodic' } });
    if (series.dates !== undefined) {
      for (const field of ['every', 'from', 'until', 'due'] as const)
        if (series[field] !== undefined) issue(field, `${field} does not go with dates: give either dates, or every, from, until and due`);
      if (series.dates.length === 0) issue('dates', 'dates is empty; give at least one due date');
      return;
    }
    for (const field of ['every', 'from', 'until', 'due'] as const)
      if (series[field] === undefined) issue(field, `${field} is required for a series of rounds (or give dates instead)`);
    if (series.every !== undefined && everyMonths(series.every) === null)
      issue('every', `every "${series.every}" is not a period; write N months (1–${PERIODIC_BOUNDS.maxEveryMonths}), N tháng, 1 year or 1 năm`);
    if (series.due !== undefined) {
      try {
        dueAfterPeriod(series.due);
      } catch (error) {
        issue('due', error instanceof Error ? error.message : String(error));
      }
    }
    if (series.from !== undefined && series.until !== undefined) {
      const span = (dayNumberOfIso(series.until) - dayNumberOfIso(series.from)) / 30.44;
      if (span <= 0) issue('until', `until (${series.until}) must come after from (${series.from})`);
      else if (span > PERIODIC_BOUNDS.maxSpanMonths)
        issue('until', `the rounds span more than ${PERIODIC_BOUNDS.maxSpanMonths / 12} years; give a shorter span`);
    }
  });

/** A directive's periodic rounds as its spec declares them. */
export const PeriodicSchema = z
  .array(RoundSeriesSchema, { error: 'periodic must be a list of round series, e.g. [{ name: "Sơ kết 6 tháng", every: 6 months, from, until, due }]' })
  .max(PERIODIC_BOUNDS.maxSeries, { error: `periodic has more than ${PERIODIC_BOUNDS.maxSeries} series; give at most ${PERIODIC_BOUNDS.maxSeries}` });

/** A series of rounds, validated. */
export type RoundSeries = z.output<typeof RoundSeriesSchema>;

/** One report round: its window opens at `opensAt` (notices go out) and reports are due by `deadline` (ISO instants). */
export interface ReportRound {
  /** `r1`, `r2`, … in order of deadline: the round directive's id ends with it. */
  key: string;
  name: string;
  /** The period reported on (ISO days), for series given by `every`. */
  period: { from: string; to: string } | null;
  opensAt: string;
  deadline: string;
}

const vnDay = (iso: string) => ({ year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) });
const viDay = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The ISO day `months` months after `iso` (the day clamped to the month's length: 31/1 + 1 month = 28/2 or 29/2). */
function addMonths(iso: string, months: number): string {
  const { year, month, day } = vnDay(iso);
  const index = year * 12 + (month - 1) + months;
  const [y, m] = [Math.floor(index / 12), (index % 12) + 1];
  return formatIsoDate({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) });
}

function seriesRounds(series: RoundSeries, calendar: WorkingCalendar | undefined): Omit<ReportRound, 'key'>[] {
  if (series.dates) {
    return series.dates.map((due) => ({
      name: `${series.name} (hạn ${viDay(due)})`,
      period: null,
      opensAt: vnStartOfDay(vnDay(addCalendarDays(due, -DATED_ROUND_LEAD_DAYS))),
      deadline: vnEndOfDay(vnDay(due)),
    }));
  }
  const months = everyMonths(series.every ?? '') ?? 12;
  const due = dueAfterPeriod(series.due ?? '');
  const rounds: Omit<ReportRound, 'key'>[] = [];
  for (let start = series.from as string; ; start = addMonths(start, months)) {
    const end = addCalendarDays(addMonths(start, months), -1);
    if (end > (series.until as string) || rounds.length > PERIODIC_BOUNDS.maxRounds) break;
    rounds.push({
      name: `${series.name} (${viDay(start)}–${viDay(end)})`,
      period: { from: start, to: end },
      opensAt: vnStartOfDay(vnDay(addCalendarDays(end, 1))),
      deadline: resolveDeadline(due, vnEndOfDay(vnDay(end)), { calendar }),
    });
  }
  return rounds;
}

/** Thrown when the series give no round, or too many. */
export class PeriodicRoundsError extends RangeError {
  override readonly name = 'PeriodicRoundsError';
}

/**
 * The rounds of a directive's series, in order of deadline, keyed r1, r2, …; working-day dues
 * count on `calendar`. Throws PeriodicRoundsError when a series gives no round (its span is shorter
 * than one period) or all give more than the bound.
 */
export function planRounds(periodic: readonly RoundSeries[], calendar?: WorkingCalendar): ReportRound[] {
  const all = periodic.flatMap((series, index) => {
    const rounds = seriesRounds(series, calendar);
    if (rounds.length === 0)
      throw new PeriodicRoundsError(
        `periodic[${index}] (${series.name}) gives no round: from ${series.from} to ${series.until} is shorter than one period of ${series.every}`,
      );
    return rounds;
  });
  if (all.length > PERIODIC_BOUNDS.maxRounds)
    throw new PeriodicRoundsError(`periodic gives more than ${PERIODIC_BOUNDS.maxRounds} rounds; give at most ${PERIODIC_BOUNDS.maxRounds}`);
  return all.sort((a, b) => a.deadline.localeCompare(b.deadline)).map((round, i) => ({ key: `r${i + 1}`, ...round }));
}
