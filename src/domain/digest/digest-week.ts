/**
 * When the weekly digest goes: 07:00 Vietnam time on the first working day of each ISO week
 * (Monday, unless Monday is a day off: then Tuesday, and so on); a week without a working day
 * (a long Tết break) gets none. Pure: the caller says which days are worked.
 */
import { vnLocalParts, VIETNAM_UTC_OFFSET_MS } from '../time/vn-time';

/** A digest's slot: the ISO week it covers (`2027-W19`) and the instant it goes (UTC ISO). */
export interface DigestSlot {
  week: string;
  at: string;
}

/** Hour of the day, Vietnam time, at which the digest goes. */
export const DIGEST_HOUR_VN = 7;
/** The digest lists what falls due within this long after it goes. */
export const DIGEST_WINDOW_MS = 7 * 86_400_000;

const DAY_MS = 86_400_000;
/** Weeks searched for one with a working day before giving up (a calendar that works no weekday). */
const MAX_WEEKS = 8;

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Days since 1970-01-01 of a calendar date. */
function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function isoDateOf(dayNo: number): string {
  return new Date(dayNo * DAY_MS).toISOString().slice(0, 10);
}

/** ISO week key (`2027-W19`) of the week whose Monday is the day `monday`. */
function weekKey(monday: number): string {
  // The ISO week's year is the year of its Thursday; week 1 holds the year's first Thursday.
  const thursday = new Date((monday + 3) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((monday + 3 - dayNumber(year, 1, 1)) / 7) + 1;
  return `${year}-W${pad2(week)}`;
}

/** The Monday (day number) of the Vietnam-time week holding `at`. */
function mondayOf(at: string): number {
  const p = vnLocalParts(at);
  const day = dayNumber(p.year, p.month, p.day);
  const isoWeekday = ((((day + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday
  return day - (isoWeekday - 1);
}

/** The first slot strictly after `after` (ISO): 07:00 Vietnam time on the first working day of its week. */
export function nextDigestSlot(after: string, isWorkingDay: (isoDate: string) => boolean): DigestSlot {
  const afterMs = Date.parse(after);
  if (!Number.isFinite(afterMs)) throw new RangeError(`"${after}" is not an ISO instant`);
  let monday = mondayOf(after);
  for (let week = 0; week <= MAX_WEEKS; week++, monday += 7) {
    for (let d = monday; d < monday + 7; d++) {
      if (!isWorkingDay(isoDateOf(d))) continue;
      const atMs = d * DAY_MS + DIGEST_HOUR_VN * 3_600_000 - VIETNAM_UTC_OFFSET_MS;
      if (atMs > afterMs) return { week: weekKey(monday), at: new Date(atMs).toISOString() };
      break; // this week's slot has passed
    }
  }
  throw new RangeError(`no working day in the ${MAX_WEEKS} weeks after ${after}; check the working weekdays`);
}
