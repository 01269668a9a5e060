/**
 * An instant as a Vietnamese user writes one: `01/07/2025` (the start of that day in Vietnam),
 * `01/07/2025 08:00` (Vietnam wall clock), or an ISO-8601 instant with its offset. Used where a
 * person names a moment (a reorganisation's effective instant, an "as of" query), not a deadline:
 * a deadline's bare date means the end of the day, a moment's the start.
 */
import { parseCalendarDate } from './calendar-date';
import { toIso } from './instant';
import { TimeInputError } from './time-error';
import { VIETNAM_UTC_OFFSET_MS, vnStartOfDay } from './vn-time';

const DATE_AND_TIME = /^(\S+)\s+(\d{1,2}):(\d{2})$/;

/** The UTC ISO form of `text`; throws TimeInputError naming the accepted forms when it is none of them. */
export function parseVnInstant(text: string): string {
  const input = text.trim();
  const withTime = DATE_AND_TIME.exec(input);
  const date = parseCalendarDate(withTime ? (withTime[1] ?? '') : input);
  if (date.kind === 'invalid') throw new TimeInputError(`"${text}" is not a valid date: ${date.reason}`, text);
  if (date.kind === 'date') {
    if (!withTime) return vnStartOfDay(date.date);
    const [hour, minute] = [Number(withTime[2]), Number(withTime[3])];
    if (hour > 23 || minute > 59) throw new TimeInputError(`"${text}" is not a valid time of day; write it as HH:mm from 00:00 to 23:59`, text);
    return new Date(Date.UTC(date.date.year, date.date.month - 1, date.date.day, hour, minute) - VIETNAM_UTC_OFFSET_MS).toISOString();
  }
  try {
    return toIso(input);
  } catch {
    throw new TimeInputError(`"${text}" is not an instant; write dd/mm/yyyy, dd/mm/yyyy HH:mm (Vietnam time) or an ISO-8601 instant with its offset`, text);
  }
}
