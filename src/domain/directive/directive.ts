/** The directive spec: what a top body issues, who it goes to, and the per-level deadlines, reminders and escalation. */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { calendarDateField } from '../time/calendar-date';
import { type DeadlineSpec, parseDeadlineSpec } from '../time/deadline-spec';
import { documentNumberField } from './document-number';
import { offsetMsOrUndefined, parseOffset } from '../time/duration';
import { type FieldIssue, flattenZodError, singleLineText } from '../text/fields';
import { unitIdField } from '../org/unit-id';
import { PeriodicRoundsError, PeriodicSchema, planRounds } from './periodic';
import { checkSecrecy, SecretReadersSchema } from './secrecy';

/** Reminder offsets used when a spec gives none: two weeks, three days, and on the day. */
export const DEFAULT_REMINDERS = ['-14d', '-3d', '0d'] as const;
/** Escalation offsets used when a spec gives none: on the day to the parent, +7d to the grandparent, +14d further up. */
export const DEFAULT_ESCALATION = ['0d', '7d', '14d'] as const;

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Bounds of a spec's offsets and counts. A reminder a year ahead or an escalation a year late is
 * already more than any directive asks; beyond that the instants run out of the calendar
 * ("-99999999999999w" broke every committee task), and thousands of steps would be thousands of
 * timers' worth of work per unit for nothing anyone reads.
 */
export const SPEC_BOUNDS = {
  maxReminders: 10,
  maxEscalationSteps: 10,
  /** How long before the deadline a reminder may go out, at most. */
  maxReminderLeadDays: 366,
  /** How long after the deadline an escalation step may go out, at most. */
  maxEscalationDelayDays: 366,
  /** The longest duration deadline after receipt (P1826D, five years). */
  maxDeadlineAfterReceiptDays: 1826,
} as const;

function offsetText(field: string, sign: 'not-after' | 'not-before') {
  return z.string({ error: `${field} entries must be text like -14d, 0d, 7d` }).transform((text, ctx) => {
    let ms: number;
    try {
      ms = parseOffset(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error), params: { rule: 'offset' } });
      return z.NEVER;
    }
    if (sign === 'not-after' && ms > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `reminder "${text}" is after the deadline; reminders must be ≤ 0 (e.g. -3d, 0d)`,
        params: { rule: 'offset-sign' },
      });
    } else if (sign === 'not-before' && ms < 0) {
      ctx.addIssue({
        code: 'custom',
        message: `escalation "${text}" is before the deadline; escalation steps must be ≥ 0 (e.g. 0d, 7d)`,
        params: { rule: 'offset-sign' },
      });
    } else if (sign === 'not-after' && -ms > SPEC_BOUNDS.maxReminderLeadDays * DAY_MS) {
      const days = SPEC_BOUNDS.maxReminderLeadDays;
      ctx.addIssue({
        code: 'custom',
        message: `reminder "${text}" is more than ${days} days before the deadline; give at most -${days}d (about a year ahead)`,
        params: { rule: 'offset-range' },
      });
    } else if (sign === 'not-before' && ms > SPEC_BOUNDS.maxEscalationDelayDays * DAY_MS) {
      const days = SPEC_BOUNDS.maxEscalationDelayDays;
      ctx.addIssue({
        code: 'custom',
        message: `escalation "${text}" is more than ${days} days after the deadline; give at most ${days}d (about a year late)`,
        params: { rule: 'offset-range' },
      });
    }
    return text.trim();
  });
}

const deadlineText = z.string({ error: 'each deadline must be text like Q2/2021, quý III/2021, 30/09/2021 or P45D' }).transform((text, ctx) => {
  let deadline: DeadlineSpec;
  try {
    deadline = parseDeadlineSpec(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error), params: { rule: 'deadline' } });
    return z.NEVER;
  }
  // Dates and quarters are checked against the clock at launch (src/domain/directive/launch-check.ts); a
  // duration needs no clock to be absurd.
  const maxDays = SPEC_BOUNDS.maxDeadlineAfterReceiptDays;
  if (deadline.kind === 'afterReceipt' && deadline.ms === 0) {
    ctx.addIssue({
      code: 'custom',
      message: `deadline "${text}" would make every unit overdue the moment it receives the directive; give a duration such as P45D`,
      params: { rule: 'deadline-range' },
    });
  } else if (deadline.kind === 'afterReceipt' && deadline.ms > maxDays * DAY_MS) {
    ctx.addIssue({
      code: 'custom',
      message: `deadline "${text}" is more than ${maxDays} days (five years) after receipt; give at most P${maxDays}D, or a date`,
      params: { rule: 'deadline-range' },
    });
  }
  return text.normalize('NFC').trim();
});

/** Refuses a list longer than `max`, naming the list (a custom issue, so it carries the rule). */
function atMost(field: string, max: number) {
  return (list: readonly unknown[], ctx: z.RefinementCtx) => {
    if (list.length > max) ctx.addIssue({ code: 'custom', message: `${field} has ${list.length} entries; give at most ${max}`, params: { rule: 'too-many' } });
  };
}

/** A directive spec. Strict: an unknown key (a typo such as `deadline:`) is an error, not silently ignored. */
export const DirectiveSpecSchema = z.strictObject({
  code: documentNumberField('code'),
  title: singleLineText('title', 500),
  issuer: singleLineText('issuer', 300),
  issuedOn: calendarDateField('issuedOn'),
  root: unitIdField('root'),
  deadlines: z
    .record(z.string().normalize('NFC').trim().min(1, { error: 'deadline level names must not be empty' }), deadlineText, {
      error: 'deadlines must map level names to deadlines, e.g. { province: Q2/2021, cell: 30/09/2021 }',
    })
    .refine((d) => Object.keys(d).length > 0, { error: 'deadlines is empty; give at least one level, e.g. { cell: 30/09/2021 }' }),
  reminders: z
    .array(offsetText('reminders', 'not-after'), { error: 'reminders must be a list like [-14d, -3d, 0d]' })
    .superRefine(atMost('reminders', SPEC_BOUNDS.maxReminders))
    .default([...DEFAULT_REMINDERS]),
  escalation: z
    .array(offsetText('escalation', 'not-before'), { error: 'escalation must be a list like [0d, 7d, 14d]' })
    .superRefine(atMost('escalation', SPEC_BOUNDS.maxEscalationSteps))
    .default([...DEFAULT_ESCALATION])
    .superRefine((steps, ctx) => {
      // Step i goes one ancestor higher than step i-1, so it cannot come earlier.
      const ms = steps.map((s) => offsetMsOrUndefined(s));
      for (let i = 1; i < steps.length; i++) {
        const [prev, cur] = [ms[i - 1], ms[i]];
        if (prev !== undefined && cur !== undefined && cur < prev) {
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: `escalation step ${i + 1} (${steps[i]}) comes before step ${i} (${steps[i - 1]}); list steps in time order`,
            params: { rule: 'escalation-order' },
          });
        }
      }
    }),
  /** A dated deadline (a day or a quarter) that falls on a weekend or holiday keeps its date, or moves to the next working day. */
  deadlineOnDayOff: z.enum(['keep', 'next-working-day'], { error: 'deadlineOnDayOff must be "keep" or "next-working-day"' }).default('keep'),
  language: z.enum(['vi', 'en'], { error: 'language must be "vi" or "en"' }).default('vi'),
  /** Periodic report rounds (src/domain/directive/periodic.ts), each a cascade of its own opened when its window opens. */
  periodic: PeriodicSchema.optional().superRefine((periodic, ctx) => {
    if (!periodic) return;
    try {
      planRounds(periodic);
    } catch (error) {
      // Any other error is a bad series, which its own checks report by field.
      if (error instanceof PeriodicRoundsError) ctx.addIssue({ code: 'custom', message: error.message, params: { rule: 'periodic' } });
    }
  }),
  /** A secret directive (src/domain/directive/secrecy.ts): it runs under an opaque id and only those it reaches and its readers see it. */
  secret: z.boolean({ error: 'secret must be true or false' }).optional(),
  /** The roles named at launch who see a secret directive beyond the units it reaches. */
  readers: SecretReadersSchema.optional(),
});

/** A validated directive spec (dates normalised to ISO `YYYY-MM-DD`, code normalised). */
export type DirectiveSpec = z.output<typeof DirectiveSpecSchema>;

/** Thrown when a directive spec cannot be read; each issue names its field path (`deadlines.district`). */
export class DirectiveSpecError extends Error {
  override readonly name = 'DirectiveSpecError';
  constructor(readonly issues: readonly FieldIssue[]) {
    super(['directive spec is invalid:', ...issues.map((i) => `- ${i.path ? `${i.path}: ` : ''}${i.message}`)].join('\n'));
  }
}

function readText(text: string, format: 'yaml' | 'json' | 'auto'): unknown {
  const body = text.replace(/^\uFEFF/, '');
  const asJson = format === 'json' || (format === 'auto' && /^\s*[{[]/.test(body));
  try {
    // The core schema keeps 2021-03-09 a string (YAML 1.1 would make it a Date in UTC).
    return asJson ? JSON.parse(body) : parseYaml(body, { schema: 'core', uniqueKeys: true });
  } catch (error) {
    const what = asJson ? 'JSON' : 'YAML';
    throw new DirectiveSpecError([
      { path: '', rule: 'syntax', message: `the spec is not valid ${what}: ${error instanceof Error ? error.message : String(error)}` },
    ]);
  }
}

/** Validates an already-parsed spec object; throws `DirectiveSpecError` naming each bad field. */
export function validateDirectiveSpec(input: unknown): DirectiveSpec {
  const result = DirectiveSpecSchema.safeParse(input);
  if (!result.success) throw new DirectiveSpecError(flattenZodError(result.error));
  const secrecy = checkSecrecy(result.data);
  if (secrecy.length) throw new DirectiveSpecError(secrecy);
  return result.data;
}

/** Parses a spec from YAML or JSON text ('auto' picks JSON when the text starts with `{`); throws `DirectiveSpecError`. */
export function parseDirectiveSpec(text: string, format: 'yaml' | 'json' | 'auto' = 'auto'): DirectiveSpec {
  const value = readText(text, format);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DirectiveSpecError([
      { path: '', rule: 'schema', message: 'the spec must be a mapping of fields (code, title, issuer, issuedOn, root, deadlines, …)' },
    ]);
  }
  return validateDirectiveSpec(value);
}

/** The parsed deadline for a level, or undefined when the spec sets none for it. */
export function deadlineForLevel(spec: Pick<DirectiveSpec, 'deadlines'>, level: string): DeadlineSpec | undefined {
  const text = spec.deadlines[level.normalize('NFC').trim()];
  return text === undefined ? undefined : parseDeadlineSpec(text);
}

/**
 * A workflow-id-safe, deterministic slug of a directive code: `01-CT/TW` → `01-CT-TW`.
 * Đ becomes DD (Telex spelling) so `05-KH/ĐU` and `05-KH/DU` stay distinct. Numbers restart each term
 * (01-CT/TW exists for 2016 and 2021), so pass `issuedOn` to append the year: `01-CT-TW-2021`.
 */
export function directiveIdFor(code: string, issuedOn?: string): string {
  const slug = code
    .normalize('NFC')
    .trim()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s*([-/])\s*/g, '$1')
    .replace(/Đ/g, 'DD')
    .replace(/đ/g, 'dd')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '');
  if (slug === '') throw new RangeError(`directive code "${code}" has no letters or digits to build an id from`);
  const year = issuedOn?.match(/\d{4}/)?.[0];
  return year ? `${slug}-${year}` : slug;
}
