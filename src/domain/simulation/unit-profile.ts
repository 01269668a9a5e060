/**
 * How simulated units behave in a dry run (`cascade simulate`): which share reports on time, late or
 * never, on which days, and with which figures. A profile is a small JSON (or YAML) object checked
 * here; a few named ones are built in.
 */
import { z } from 'zod';
import { flattenZodError, singleLineText, wholeNumber, type FieldIssue } from '../text/fields';

/** A share of the units, 0 to 1. */
function share(field: string) {
  const message = (input: unknown) => `${field} must be a number from 0 to 1 (a share of the units), got ${JSON.stringify(input) ?? 'nothing'}`;
  return z
    .number({ error: (iss) => message(iss.input) })
    .min(0, { error: (iss) => message(iss.input) })
    .max(1, { error: (iss) => message(iss.input) });
}

/** A number of days, 0 to 3,650. */
function days(field: string) {
  return wholeNumber(field).max(3650, { error: (iss) => `${field} must be at most 3650 days, got ${String(iss.input)}` });
}

/** Shares of the units that add up to 1; checked per object so the message names the three fields. */
const SUM_TOLERANCE = 1e-9;

/** A profile as written; see docs/usage.md ("Dry run") for each field. */
export const UnitProfileSchema = z
  .strictObject(
    {
      name: singleLineText('name', 100).optional(),
      /** Seed of the pseudo-random draws: the same profile and seed give the same run. */
      seed: wholeNumber('seed').default(1),
      onTime: share('onTime'),
      late: share('late'),
      never: share('never'),
      /** On-time reports fall on a day of the last N days up to the deadline; absent: any day from receipt. */
      onTimeWindowDays: days('onTimeWindowDays').min(1, { error: 'onTimeWindowDays must be at least 1 day' }).optional(),
      /** Late reports come this many days after the deadline, uniformly. */
      lateDays: z
        .strictObject({ min: days('lateDays.min'), max: days('lateDays.max') }, { error: 'lateDays must be an object { "min": days, "max": days }' })
        .refine((d) => d.min >= 1 && d.max >= d.min, { error: (iss) => `lateDays must have 1 ≤ min ≤ max, got ${JSON.stringify(iss.input)}` })
        .default({ min: 1, max: 14 }),
      /** Share of members at the study conference, and of essays handed in: the reports' figures. */
      attendance: share('attendance').default(0.97),
      essays: share('essays').default(0.95),
    },
    { error: 'a profile must be an object with onTime, late and never (shares adding up to 1)' },
  )
  .refine((p) => Math.abs(p.onTime + p.late + p.never - 1) <= SUM_TOLERANCE, {
    error: (iss) => {
      const p = iss.input as { onTime: number; late: number; never: number };
      return `onTime + late + never must add up to 1, got ${p.onTime} + ${p.late} + ${p.never} = ${+(p.onTime + p.late + p.never).toFixed(6)}`;
    },
    path: ['onTime'],
  });

/** A checked profile. */
export type UnitProfile = z.output<typeof UnitProfileSchema>;

/** The profiles `--profile NAME` knows without a file. */
export const BUILT_IN_PROFILES: Readonly<Record<string, UnitProfile>> = {
  /** Most units report in the last three weeks; one in ten late, one in twenty never. */
  typical: {
    name: 'typical',
    seed: 1,
    onTime: 0.85,
    late: 0.1,
    never: 0.05,
    onTimeWindowDays: 21,
    lateDays: { min: 1, max: 10 },
    attendance: 0.97,
    essays: 0.95,
  },
  /** A fifth of the units report late, up to two weeks after their deadline; the rest on time, in the last month. */
  'late-fifth': {
    name: 'late-fifth',
    seed: 1,
    onTime: 0.8,
    late: 0.2,
    never: 0,
    onTimeWindowDays: 30,
    lateDays: { min: 1, max: 14 },
    attendance: 0.97,
    essays: 0.95,
  },
  /** Every unit reports on time, in the last month. */
  strict: { name: 'strict', seed: 1, onTime: 1, late: 0, never: 0, onTimeWindowDays: 30, lateDays: { min: 1, max: 14 }, attendance: 0.99, essays: 0.98 },
};

/** A profile refused, with every problem naming its field. */
export class UnitProfileError extends Error {
  override readonly name = 'UnitProfileError';
  constructor(
    readonly source: string,
    readonly issues: readonly FieldIssue[],
  ) {
    super([`profile ${source} is not valid:`, ...issues.map((i) => `- ${i.path ? `${i.path}: ` : ''}${i.message}`)].join('\n'));
  }
}

/** Checks a profile's value (read from `source`, for the message); throws UnitProfileError naming each bad field. */
export function parseUnitProfile(value: unknown, source: string): UnitProfile {
  const parsed = UnitProfileSchema.safeParse(value);
  if (!parsed.success) throw new UnitProfileError(source, flattenZodError(parsed.error));
  return parsed.data;
}
