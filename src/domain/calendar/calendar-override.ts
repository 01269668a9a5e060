/**
 * A year's override file (calendar/2025.yaml): what the government actually decided, which the
 * computed holidays cannot know (Tết's days when a decision departs from the rule, swapped days).
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { calendarDateField, parseCalendarDate } from '../time/calendar-date';
import { type FieldIssue, flattenZodError, joinPath, singleLineText } from '../text/fields';
import { CALENDAR_YEARS } from './lunar-calendar';
import { HOLIDAY_KEYS, type HolidayKey } from './public-holidays';

/** No list in a year's file can hold more distinct days of that year than a year has. */
const MAX_DAYS = 366;

const yearField = z
  .int({ error: (iss) => (iss.input === undefined ? 'year is required' : `year must be a whole number such as 2025, got ${JSON.stringify(iss.input)}`) })
  .min(CALENDAR_YEARS.first, { error: `year must be from ${CALENDAR_YEARS.first} to ${CALENDAR_YEARS.last}` })
  .max(CALENDAR_YEARS.last, { error: `year must be from ${CALENDAR_YEARS.first} to ${CALENDAR_YEARS.last}` });

function dateList(field: string) {
  return z
    .array(calendarDateField(field), { error: `${field} must be a list of dates such as [27/01/2025, 28/01/2025]` })
    .min(1, { error: `${field} is empty; list the days, or leave the key out to keep the computed ones` })
    .max(MAX_DAYS, { error: `${field} lists more days than a year has` });
}

const namedDay = z.strictObject(
  { date: calendarDateField('date'), name: singleLineText('name', 200), nameEn: singleLineText('nameEn', 200) },
  { error: 'each entry must be a mapping like { date: 02/05/2025, name: "…", nameEn: "…" }' },
);

function namedDays(field: string) {
  return z
    .array(namedDay, { error: `${field} must be a list of { date, name, nameEn } entries` })
    .max(MAX_DAYS, { error: `${field} lists more days than a year has` });
}

const holidayShape = Object.fromEntries(HOLIDAY_KEYS.map((key) => [key, dateList(`holidays.${key}`).optional()])) as Record<
  HolidayKey,
  z.ZodOptional<ReturnType<typeof dateList>>
>;

const fileShape = z.strictObject({
  year: yearField,
  source: singleLineText('source', 300).optional(),
  holidays: z.strictObject(holidayShape, { error: `holidays must map holiday keys (${HOLIDAY_KEYS.join(', ')}) to lists of dates` }).default({}),
  daysOff: namedDays('daysOff').default([]),
  workingDays: namedDays('workingDays').default([]),
});

type Path = (string | number)[];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The ISO dates a list holds where they were read (a field that failed its own check holds something else). */
function readDates(list: unknown, dateOf: (entry: unknown) => unknown, pathOf: (i: number) => Path): { date: string; path: Path }[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry, i) => {
    const date = dateOf(entry);
    return typeof date === 'string' && ISO_DATE.test(date) && parseCalendarDate(date).kind === 'date' ? [{ date, path: pathOf(i) }] : [];
  });
}

/**
 * The checks across fields: every date in the file's year, no day listed twice, no day both off and
 * worked. They run even when some fields failed (on the dates that were read), so one pass reports all.
 */
function checkConsistency(file: z.output<typeof fileShape>, ctx: z.RefinementCtx): void {
  const problem = (path: Path, rule: string, message: string) => ctx.addIssue({ code: 'custom', path, message, params: { rule } });
  const yearKnown = Number.isInteger(file.year);
  const note = (seen: Map<string, string>) => (entry: { date: string; path: Path }) => {
    const at = joinPath(entry.path);
    if (yearKnown && !entry.date.startsWith(`${file.year}-`))
      problem(entry.path, 'date-year', `${at} (${entry.date}) is not in ${file.year}, the year of this file`);
    const earlier = seen.get(entry.date);
    if (earlier !== undefined) problem(entry.path, 'duplicate-date', `${at} (${entry.date}) is already listed at ${earlier}; list each day once`);
    else seen.set(entry.date, at);
  };
  const dateField = (entry: unknown) => (typeof entry === 'object' && entry !== null ? (entry as { date?: unknown }).date : undefined);
  const holidays: Record<string, unknown> = typeof file.holidays === 'object' && file.holidays !== null ? file.holidays : {};
  const off = new Map<string, string>();
  for (const key of HOLIDAY_KEYS)
    readDates(
      holidays[key],
      (d) => d,
      (i) => ['holidays', key, i],
    ).forEach(note(off));
  readDates(file.daysOff, dateField, (i) => ['daysOff', i, 'date']).forEach(note(off));
  const working = new Map<string, string>();
  for (const entry of readDates(file.workingDays, dateField, (i) => ['workingDays', i, 'date'])) {
    note(working)(entry);
    const offAt = off.get(entry.date);
    const at = joinPath(entry.path);
    if (offAt !== undefined) problem(entry.path, 'off-and-working', `${at} (${entry.date}) is also a day off at ${offAt}; a day is either off or worked`);
  }
}

/** A year's override file. Strict: a misspelt key is an error rather than a decision silently ignored. */
const CalendarOverrideSchema = fileShape.check(
  z.superRefine(checkConsistency, { when: (payload) => typeof payload.value === 'object' && payload.value !== null }),
);

/** A validated override file; dates are ISO `YYYY-MM-DD`. `file` is where it was read from, for listings and errors. */
export type CalendarOverride = z.output<typeof CalendarOverrideSchema> & { file: string };

/** Thrown when an override file cannot be read; each issue names its field path (`daysOff[0].date`). */
export class CalendarOverrideError extends Error {
  override readonly name = 'CalendarOverrideError';
  constructor(
    readonly file: string,
    readonly issues: readonly FieldIssue[],
  ) {
    super([`calendar override ${file} is invalid:`, ...issues.map((i) => `- ${i.path ? `${i.path}: ` : ''}${i.message}`)].join('\n'));
  }
}

/** Reads a year's override file (YAML); `file` names it in errors. Throws CalendarOverrideError listing every issue. */
export function parseCalendarOverride(text: string, file: string): CalendarOverride {
  let value: unknown;
  try {
    // The core schema keeps 2025-01-30 a string (YAML 1.1 would make it a Date in UTC).
    value = parseYaml(text.replace(/^\uFEFF/, ''), { schema: 'core', uniqueKeys: true });
  } catch (error) {
    throw new CalendarOverrideError(file, [{ path: '', rule: 'syntax', message: `not valid YAML: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CalendarOverrideError(file, [
      { path: '', rule: 'schema', message: 'the file must be a mapping with year and, optionally, source, holidays, daysOff, workingDays' },
    ]);
  }
  const result = CalendarOverrideSchema.safeParse(value);
  if (!result.success) throw new CalendarOverrideError(file, flattenZodError(result.error));
  return { ...result.data, file };
}
