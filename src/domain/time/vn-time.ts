/**
 * Vietnam local time. Asia/Ho_Chi_Minh has been UTC+07:00 with no daylight saving since 1975,
 * so a fixed offset is exact for every date this engine will see and keeps the code free of tz data.
 */
import { type CalendarDate, formatIsoDate } from './calendar-date';
import { type InstantInput, toEpochMs } from './instant';

/** UTC+07:00 in milliseconds. */
export const VIETNAM_UTC_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Wall-clock fields of an instant as seen in Vietnam. */
export type VnLocalParts = CalendarDate & { hour: number; minute: number; second: number; millisecond: number };

/** The Vietnam wall-clock reading of an instant. */
export function vnLocalParts(at: InstantInput): VnLocalParts {
  // Shifting the epoch by +7h and reading UTC fields gives the Vietnam wall clock.
  const local = new Date(toEpochMs(at) + VIETNAM_UTC_OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    millisecond: local.getUTCMilliseconds(),
  };
}

/** The Vietnam calendar day an instant falls on (00:30 +07:00 is still the previous day in UTC, but not here). */
export function vnCalendarDate(at: InstantInput): CalendarDate {
  const { year, month, day } = vnLocalParts(at);
  return { year, month, day };
}

/** The Vietnam calendar day of an instant as ISO `YYYY-MM-DD`. */
export function vnIsoDate(at: InstantInput): string {
  return formatIsoDate(vnCalendarDate(at));
}

/** First moment (00:00:00.000 +07:00) of a Vietnam day, as UTC ISO. */
export function vnStartOfDay(date: CalendarDate): string {
  return new Date(Date.UTC(date.year, date.month - 1, date.day) - VIETNAM_UTC_OFFSET_MS).toISOString();
}

/** Last moment (23:59:59.999 +07:00) of a Vietnam day, as UTC ISO: "by 30/6" means until that day ends. */
export function vnEndOfDay(date: CalendarDate): string {
  return new Date(Date.UTC(date.year, date.month - 1, date.day, 23, 59, 59, 999) - VIETNAM_UTC_OFFSET_MS).toISOString();
}
