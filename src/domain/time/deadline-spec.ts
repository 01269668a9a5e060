/**
 * Per-level deadlines as directives state them: a date, a quarter, an exact instant, a duration
 * after receipt, or a number of working days after receipt.
 */
import { addWorkingDays, isWorkingDay, weeklyCalendar, workingDayOnOrAfter, type WorkingCalendar } from '../calendar/working-calendar';
import { DATE_FORMS, parseCalendarDate } from './calendar-date';
import { parseIsoDuration } from './duration';
import { type InstantInput, addMs, toIso } from './instant';
import { parseQuarter, vnEndOfQuarter } from './quarter';
import { TimeInputError } from './time-error';
import { vnEndOfDay, vnIsoDate } from './vn-time';

/**
 * A deadline: a fixed instant (UTC ISO; `wholeDay` when the directive named a day or a quarter,
 * so it ends with that Vietnam day), a duration counted from when each unit receives the
 * directive, or a number of working days after the day of receipt.
 */
export type DeadlineSpec =
  { kind: 'instant'; at: string; wholeDay: boolean } | { kind: 'afterReceipt'; ms: number; text: string } | { kind: 'workingDays'; days: number; text: string };

/** What a dated deadline that falls on a day off does: stays (the default), or moves to the end of the next working day. */
export type DayOffRule = 'keep' | 'next-working-day';

/** The most working days a deadline may count (about four years). */
export const MAX_WORKING_DAYS = 1_000;

/** The accepted deadline spellings, for error messages. */
export const DEADLINE_FORMS =
  `a date (${DATE_FORMS}), a date-time with offset (2021-06-30T17:00:00+07:00), ` +
  'a quarter (Q2/2021, quý II/2021, Quý 2/2021, quý II năm 2021), a duration after receipt (P45D, P2W, PT36H, P1DT12H) ' +
  'or working days after receipt (15 ngày làm việc, 15 working days)';

const LOOKS_LIKE_DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d/;
const HAS_OFFSET = /(?:[Zz]|[+-]\d{2}:?\d{2})$/;
const WORKING_DAYS = /^(\d+)\s+(?:ngày làm việc|working days?)$/iu;

function fail(input: string, why: string): never {
  throw new TimeInputError(`"${input}" is not a valid deadline: ${why}. Use ${DEADLINE_FORMS}`, input);
}

/**
 * Reads a deadline. Dates and quarters mean "until the end of that day/quarter in Vietnam"
 * (cấp tỉnh hoàn thành trong quý II/2016 = by 30/6/2016 23:59:59.999 +07:00).
 */
export function parseDeadlineSpec(input: string): DeadlineSpec {
  const text = input.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (text === '') fail(input, 'it is empty');

  const date = parseCalendarDate(text);
  if (date.kind === 'date') return { kind: 'instant', at: vnEndOfDay(date.date), wholeDay: true };
  if (date.kind === 'invalid') fail(input, date.reason);

  const quarter = parseQuarter(text);
  if (quarter.kind === 'quarter') return { kind: 'instant', at: vnEndOfQuarter(quarter.value), wholeDay: true };
  if (quarter.kind === 'invalid') fail(input, quarter.reason);

  if (LOOKS_LIKE_DATE_TIME.test(text)) {
    // A wall-clock time without an offset is ambiguous (Vietnam? UTC?), so it is refused, not guessed.
    if (!HAS_OFFSET.test(text)) fail(input, 'a date-time needs an offset such as +07:00 or Z');
    try {
      return { kind: 'instant', at: toIso(text), wholeDay: false };
    } catch (error) {
      fail(input, error instanceof Error ? error.message.replace(/^".*?" /, 'it ') : 'the date-time is not a real moment');
    }
  }

  const workingDays = WORKING_DAYS.exec(text);
  if (workingDays) {
    const days = Number(workingDays[1]);
    if (days < 1 || days > MAX_WORKING_DAYS) fail(input, `give from 1 to ${MAX_WORKING_DAYS} working days`);
    return { kind: 'workingDays', days, text };
  }

  const duration = parseIsoDuration(text);
  if (duration.kind === 'duration') return { kind: 'afterReceipt', ms: duration.ms, text: duration.text };
  if (duration.kind === 'invalid') fail(input, duration.reason);

  return fail(input, 'it is not a form this engine knows');
}

/** How a deadline is resolved: the directive's working calendar (weekdays only without one) and its day-off rule. */
export interface DeadlineCalendar {
  calendar?: WorkingCalendar | undefined;
  onDayOff?: DayOffRule | undefined;
}

/**
 * The concrete deadline (UTC ISO) for a unit that received the directive at `receivedAt`. Working
 * days end with the Vietnam day of the last one; a whole-day deadline on a day off moves to the
 * end of the next working day only when the directive says so.
 */
export function resolveDeadline(spec: DeadlineSpec, receivedAt: InstantInput, rules: DeadlineCalendar = {}): string {
  if (spec.kind === 'afterReceipt') return addMs(receivedAt, spec.ms);
  const calendar = rules.calendar ?? weeklyCalendar();
  if (spec.kind === 'workingDays') return vnEndOfIsoDay(addWorkingDays(calendar, vnIsoDate(receivedAt), spec.days));
  if (!spec.wholeDay || rules.onDayOff !== 'next-working-day') return spec.at;
  const day = vnIsoDate(spec.at);
  return isWorkingDay(calendar, day) ? spec.at : vnEndOfIsoDay(workingDayOnOrAfter(calendar, day));
}

function vnEndOfIsoDay(iso: string): string {
  return vnEndOfDay({ year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) });
}
