/** Instants cross Temporal as ISO-8601 strings; these helpers read, shift and compare them without touching the clock. */
import { invalidDateReason } from './calendar-date';
import { BoundedMemo } from './memo';
import { TimeInputError } from './time-error';

/** An instant: an ISO-8601 date-time with an offset, or epoch milliseconds. */
export type InstantInput = string | number;

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/**
 * Instants already read. A committee's units share a handful of deadlines and reminder instants,
 * and every wake compares them for every unit: parsing the same strings again was a tenth of the
 * workflow thread's time at a national launch. A pure memo (same text, same number), so it is
 * safe in workflow code; cleared when full so it stays small.
 */
const parsedInstants = new BoundedMemo<number>(4_096);

/** Epoch milliseconds of an ISO instant (an offset or Z is required, because a bare local time is ambiguous). */
export function toEpochMs(at: InstantInput): number {
  if (typeof at === 'number') {
    if (!Number.isFinite(at)) throw new TimeInputError(`instant ${at} is not a finite number of epoch milliseconds`, String(at));
    return at;
  }
  return parsedInstants.get(at, () => parseIsoInstant(at));
}

function parseIsoInstant(at: string): number {
  const m = ISO_INSTANT.exec(at.trim());
  if (!m) {
    throw new TimeInputError(`"${at}" is not an ISO-8601 instant; write it with an offset, e.g. 2021-06-30T17:00:00+07:00 or 2021-06-30T10:00:00Z`, at);
  }
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i])) as [number, number, number, number, number];
  const second = Number(m[6] ?? '0');
  const ms = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  const dateProblem = invalidDateReason(year, month, day);
  if (dateProblem) throw new TimeInputError(`"${at}" is not a valid instant: ${dateProblem}`, at);
  if (hour > 23 || minute > 59 || second > 59) throw new TimeInputError(`"${at}" is not a valid instant: time of day must be 00:00–23:59:59`, at);
  let offsetMs = 0;
  if (!m[8]) {
    const offHours = Number(m[10]);
    const offMinutes = Number(m[11]);
    if (offHours > 14 || offMinutes > 59) throw new TimeInputError(`"${at}" has an impossible UTC offset; offsets run from -14:00 to +14:00`, at);
    offsetMs = (m[9] === '-' ? -1 : 1) * (offHours * 60 + offMinutes) * 60_000;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMs;
}

/** Canonical UTC ISO form (`2021-06-30T16:59:59.999Z`) of an instant. */
export function toIso(at: InstantInput): string {
  return new Date(toEpochMs(at)).toISOString();
}

/** The instant `ms` milliseconds after (or, if negative, before) `at`, as UTC ISO. */
export function addMs(at: InstantInput, ms: number): string {
  if (!Number.isFinite(ms)) throw new TimeInputError(`cannot shift an instant by ${ms} ms; give a finite number`, String(ms));
  return new Date(toEpochMs(at) + ms).toISOString();
}

/** Orders two instants by time, not by text, so different offsets compare correctly: -1, 0 or 1. */
export function compareIso(a: InstantInput, b: InstantInput): -1 | 0 | 1 {
  const d = toEpochMs(a) - toEpochMs(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}
