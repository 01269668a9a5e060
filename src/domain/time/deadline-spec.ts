/** Per-level deadlines as directives state them: a date, a quarter, an exact instant, or a duration after receipt. */
import { DATE_FORMS, parseCalendarDate } from './calendar-date';
import { parseIsoDuration } from './duration';
import { type InstantInput, addMs, toIso } from './instant';
import { parseQuarter, vnEndOfQuarter } from './quarter';
import { TimeInputError } from './time-error';
import { vnEndOfDay } from './vn-time';

/** A deadline: a fixed instant (UTC ISO), or a duration counted from when each unit receives the directive. */
export type DeadlineSpec = { kind: 'instant'; at: string } | { kind: 'afterReceipt'; ms: number; text: string };

/** The accepted deadline spellings, for error messages. */
export const DEADLINE_FORMS =
  `a date (${DATE_FORMS}), a date-time with offset (2021-06-30T17:00:00+07:00), ` +
  'a quarter (Q2/2021, quý II/2021, Quý 2/2021, quý II năm 2021) or a duration after receipt (P45D, P2W, PT36H, P1DT12H)';

const LOOKS_LIKE_DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d/;
const HAS_OFFSET = /(?:[Zz]|[+-]\d{2}:?\d{2})$/;

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
  if (date.kind === 'date') return { kind: 'instant', at: vnEndOfDay(date.date) };
  if (date.kind === 'invalid') fail(input, date.reason);

  const quarter = parseQuarter(text);
  if (quarter.kind === 'quarter') return { kind: 'instant', at: vnEndOfQuarter(quarter.value) };
  if (quarter.kind === 'invalid') fail(input, quarter.reason);

  if (LOOKS_LIKE_DATE_TIME.test(text)) {
    // A wall-clock time without an offset is ambiguous (Vietnam? UTC?), so it is refused, not guessed.
    if (!HAS_OFFSET.test(text)) fail(input, 'a date-time needs an offset such as +07:00 or Z');
    try {
      return { kind: 'instant', at: toIso(text) };
    } catch (error) {
      fail(input, error instanceof Error ? error.message.replace(/^".*?" /, 'it ') : 'the date-time is not a real moment');
    }
  }

  const duration = parseIsoDuration(text);
  if (duration.kind === 'duration') return { kind: 'afterReceipt', ms: duration.ms, text: duration.text };
  if (duration.kind === 'invalid') fail(input, duration.reason);

  return fail(input, 'it is not a form this engine knows');
}

/** The concrete deadline (UTC ISO) for a unit that received the directive at `receivedAt`. */
export function resolveDeadline(spec: DeadlineSpec, receivedAt: InstantInput): string {
  return spec.kind === 'instant' ? spec.at : addMs(receivedAt, spec.ms);
}
