/** Vietnam time for the engine: deadline specs, offsets, and dates formatted the way Vietnamese reports write them. */
import { type InstantInput } from './instant';
import { monthName } from './calendar-date';
import { romanQuarter, quarterOfMonth } from './quarter';
import { vnLocalParts } from './vn-time';

export { TimeInputError } from './time-error';
export { type InstantInput, toEpochMs, addMs, compareIso } from './instant';
export { toIsoDate } from './calendar-date';
export { vnIsoDate } from './vn-time';
export { parseOffset } from './duration';
export { parseDeadlineSpec, resolveDeadline } from './deadline-spec';

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Vietnam calendar date as Vietnamese reports write it: `30/6/2021` (no leading zeros). */
export function formatViDate(at: InstantInput): string {
  const p = vnLocalParts(at);
  return `${p.day}/${p.month}/${p.year}`;
}

/** Vietnam wall-clock time and date as Vietnamese pages write it: `10:47 ngày 13/8/2021`. */
export function formatViDateTime(at: InstantInput): string {
  const p = vnLocalParts(at);
  return `${pad2(p.hour)}:${pad2(p.minute)} ngày ${p.day}/${p.month}/${p.year}`;
}

/**
 * Vietnam wall-clock date and time in figures, `13/08/2021 10:47`: for messages in either
 * language and for spreadsheets, which read this zero-padded form as a date in a Vietnamese locale.
 */
export function formatVnNumericDateTime(at: InstantInput): string {
  const p = vnLocalParts(at);
  return `${pad2(p.day)}/${pad2(p.month)}/${p.year} ${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** The Vietnam-time quarter an instant falls in: `quý II/2021`. */
export function quarterLabelVi(at: InstantInput): string {
  const p = vnLocalParts(at);
  return `quý ${romanQuarter(quarterOfMonth(p.month))}/${p.year}`;
}

/** Vietnam calendar date in English: `30 June 2021`. */
export function formatEnDate(at: InstantInput): string {
  const p = vnLocalParts(at);
  return `${p.day} ${monthName(p.month)} ${p.year}`;
}

/** Vietnam wall-clock time and date in English, with the zone stated: `30 June 2021, 17:00 (UTC+7)`. */
export function formatEnDateTime(at: InstantInput): string {
  const p = vnLocalParts(at);
  return `${formatEnDate(at)}, ${pad2(p.hour)}:${pad2(p.minute)} (UTC+7)`;
}
