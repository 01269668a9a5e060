/** Fixed-length durations: ISO-8601 (`P45D`, `PT36H`) and the short signed offsets used for reminders (`-14d`). */
import { TimeInputError } from './time-error';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

// Years and months are not fixed lengths, so they are refused rather than guessed.
const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;
const SHORT_OFFSET = /^([+-]?)(\d+)\s*([wdhm])$/i;
const SHORT_UNIT_MS: Record<string, number> = { w: WEEK, d: DAY, h: HOUR, m: MINUTE };

/** The accepted offset spellings, for error messages. */
export const OFFSET_FORMS = 'a signed number of weeks, days, hours or minutes (-14d, 3d, 0d, 12h, 30m, 2w) or a signed ISO-8601 duration (-P14D, PT36H)';

/** Result of reading an ISO duration: milliseconds, a duration-shaped but unusable value, or not a duration at all. */
export type DurationParse = { kind: 'duration'; ms: number; text: string } | { kind: 'invalid'; reason: string } | { kind: 'no-match' };

/** Reads an unsigned ISO-8601 duration of weeks, days, hours, minutes and seconds (`P45D`, `P2W`, `PT36H`, `P1DT12H`). */
export function parseIsoDuration(input: string): DurationParse {
  const text = input.trim().toUpperCase();
  if (!text.startsWith('P')) return { kind: 'no-match' };
  if (/^P(?:\d+Y)?(?:\d+M)/.test(text) || /^P\d+Y/.test(text)) {
    return { kind: 'invalid', reason: 'years and months have no fixed length; use days (P30D) or weeks (P4W), or give a date instead' };
  }
  const m = ISO_DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) {
    return { kind: 'invalid', reason: 'it is not an ISO-8601 duration of weeks, days, hours, minutes or seconds (P45D, P2W, PT36H, P1DT12H)' };
  }
  const [w, d, h, min, s] = [1, 2, 3, 4, 5].map((i) => Number(m[i] ?? '0')) as [number, number, number, number, number];
  const ms = w * WEEK + d * DAY + h * HOUR + min * MINUTE + s * 1000;
  if (!Number.isSafeInteger(ms)) return { kind: 'invalid', reason: 'the duration is too long' };
  return { kind: 'duration', ms, text };
}

/** Signed milliseconds of an offset such as `-14d`, `3d`, `0d`, `12h` or `-P14D`; throws naming the input and the accepted forms. */
export function parseOffset(input: string): number {
  const text = input.trim();
  const short = SHORT_OFFSET.exec(text);
  if (short) {
    const unit = SHORT_UNIT_MS[(short[3] ?? '').toLowerCase()] ?? DAY;
    const ms = Number(short[2]) * unit;
    // `-0d` must be 0, not -0, so offsets compare and serialise cleanly.
    return short[1] === '-' && ms !== 0 ? -ms : ms;
  }
  const sign = text.startsWith('-') ? -1 : 1;
  const iso = parseIsoDuration(text.replace(/^[+-]/, ''));
  if (iso.kind === 'duration') return sign < 0 && iso.ms !== 0 ? -iso.ms : iso.ms;
  const why = iso.kind === 'invalid' ? `: ${iso.reason}` : '';
  throw new TimeInputError(`"${input}" is not an offset${why}; use ${OFFSET_FORMS}`, input);
}

/** Milliseconds of an offset, or undefined when it is not text or not an offset (for checks that report those elsewhere). */
export function offsetMsOrUndefined(text: unknown): number | undefined {
  try {
    return typeof text === 'string' ? parseOffset(text) : undefined;
  } catch {
    return undefined;
  }
}
