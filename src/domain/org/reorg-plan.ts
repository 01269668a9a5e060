/**
 * A reorganisation plan: what the secretariat writes when units move, merge, split, are renamed,
 * dissolved or created (the 2025 reform dissolved the district tier and merged provinces). One
 * schema for the CLI's file and the API's body, validated as a whole: every bad entry is named by
 * its index and field, and a plan with one is refused entire.
 *
 * Each operation is an object with exactly one key, its kind:
 *   { move: { unit, to } }                               the unit and its subtree go under `to`
 *   { merge: { units: [...], into: ID | NEW, members?, essaysExpected? } }
 *   { split: { unit, into: [NEW & { children: [...] }, ...] } }
 *   { rename: { unit, name } }
 *   { dissolve: { unit | level, childrenTo? } }          children go to `childrenTo`, else up one
 *   { create: NEW & { level, parent } }
 * where NEW is { id, name, email, members, essaysExpected } (a merge's new unit may also give
 * `level` and `parent`; by default it takes those of the first merged unit).
 *
 * `levels` (optional) are the organisation's levels once the plan has applied, with the words of
 * any new one (the 2025 reform's commune level): without it they are today's, less any level the
 * plan dissolves. `deadlines` (optional) give running directives the deadline of a level new to
 * them (src/domain/cascade/reorg-levels.ts says what they take without it).
 */
import { z } from 'zod';
import { flattenZodError, singleLineText, wholeNumber, type FieldIssue } from '../text/fields';
import { parseDeadlineSpec } from '../time/deadline-spec';
import { parseVnInstant } from '../time/vn-instant';
import { LevelsSchema, type LevelDefinition } from './levels';
import { OrgUnitSchema, UnitIdSchema, unitIdField } from './org-unit';

/** The most operations one plan may hold: a whole national reform is a few hundred (a level's dissolution is one). */
export const MAX_REORG_OPERATIONS = 5_000;

const level = singleLineText('level', 64);
const email = OrgUnitSchema.shape.email;

const newUnitFields = {
  id: UnitIdSchema,
  name: singleLineText('name', 300),
  email,
  members: wholeNumber('members'),
  essaysExpected: wholeNumber('essaysExpected'),
};

const unitList = (field: string) =>
  z
    .array(unitIdField(field), { error: `${field} must be a list of unit ids` })
    .min(1, { error: `${field} needs at least one unit id` })
    .max(MAX_REORG_OPERATIONS, { error: `${field} holds more than ${MAX_REORG_OPERATIONS} units; split the plan` });

const OPERATION_SCHEMAS = {
  move: z.strictObject({ unit: unitIdField('unit'), to: unitIdField('to') }),
  merge: z.strictObject({
    units: unitList('units').min(2, { error: 'units needs at least two unit ids to merge' }),
    into: z.union(
      [
        unitIdField('into'),
        z.strictObject({
          ...newUnitFields,
          members: newUnitFields.members.optional(),
          essaysExpected: newUnitFields.essaysExpected.optional(),
          level: level.optional(),
          parent: unitIdField('parent').optional(),
        }),
      ],
      {
        error: 'into must be the id of an existing unit or a new unit { id, name, email }',
      },
    ),
    members: wholeNumber('members').optional(),
    essaysExpected: wholeNumber('essaysExpected').optional(),
  }),
  split: z.strictObject({
    unit: unitIdField('unit'),
    into: z
      .array(z.strictObject({ ...newUnitFields, children: z.array(unitIdField('children')).max(MAX_REORG_OPERATIONS).default([]) }), {
        error: 'into must be a list of new units',
      })
      .min(2, { error: 'into needs at least two new units; a split into one is a rename' }),
  }),
  rename: z.strictObject({ unit: unitIdField('unit'), name: singleLineText('name', 300) }),
  dissolve: z
    .strictObject({ unit: unitIdField('unit').optional(), level: level.optional(), childrenTo: unitIdField('childrenTo').optional() })
    .refine((d) => (d.unit === undefined) !== (d.level === undefined), { error: 'dissolve names either a unit or a level, not both and not neither' }),
  create: z.strictObject({ ...newUnitFields, level, parent: unitIdField('parent') }),
} as const;

/** The kinds of operation, in the order the docs list them. */
export const REORG_KINDS = Object.keys(OPERATION_SCHEMAS) as ReorgKind[];
export type ReorgKind = keyof typeof OPERATION_SCHEMAS;

/** One validated operation, tagged with its kind. */
export type ReorgOperation = { [K in ReorgKind]: { kind: K } & z.output<(typeof OPERATION_SCHEMAS)[K]> }[ReorgKind];

/** A validated plan: its effective instant (UTC ISO) and its operations in order. */
export interface ReorgPlan {
  effectiveAt: string;
  note: string | null;
  /** The levels after the plan, when it declares them. */
  levels: LevelDefinition[] | null;
  /** Deadlines (as a directive spec writes them) of levels new to running directives, by level. */
  deadlines: Record<string, string>;
  operations: ReorgOperation[];
}

const PlanShape = z.strictObject({
  effectiveAt: z.string({ error: 'effectiveAt is required: the instant the new organisation takes effect, e.g. 01/07/2025' }),
  note: singleLineText('note', 500).optional(),
  levels: LevelsSchema.optional(),
  deadlines: z
    .record(level, singleLineText('deadline', 64), { error: 'deadlines must map level names to deadlines, e.g. { commune: "quý III/2025" }' })
    .optional(),
  operations: z
    .array(z.unknown(), { error: 'operations must be a list' })
    .min(1, { error: 'operations is empty; a plan needs at least one operation' })
    .max(MAX_REORG_OPERATIONS, { error: `operations holds more than ${MAX_REORG_OPERATIONS} entries; split the plan` }),
});

/** The plan, or every problem in it; nothing is partly accepted. */
export type ReorgPlanParse = { ok: true; plan: ReorgPlan } | { ok: false; issues: FieldIssue[] };

/** Validates a plan as parsed from JSON or YAML. */
export function parseReorgPlan(input: unknown): ReorgPlanParse {
  const shape = PlanShape.safeParse(input);
  if (!shape.success) return { ok: false, issues: flattenZodError(shape.error) };
  const issues: FieldIssue[] = [];
  let effectiveAt = '';
  try {
    effectiveAt = parseVnInstant(shape.data.effectiveAt);
  } catch (err) {
    issues.push({ path: 'effectiveAt', rule: 'instant', message: err instanceof Error ? err.message : String(err) });
  }
  const deadlines = shape.data.deadlines ?? {};
  for (const [name, text] of Object.entries(deadlines)) {
    try {
      parseDeadlineSpec(text);
    } catch (err) {
      issues.push({ path: `deadlines.${name}`, rule: 'deadline', message: `deadlines.${name}: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  const operations: ReorgOperation[] = [];
  shape.data.operations.forEach((entry, index) => {
    const parsed = parseOperation(entry, index);
    if ('issues' in parsed) issues.push(...parsed.issues);
    else operations.push(parsed.operation);
  });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, plan: { effectiveAt, note: shape.data.note ?? null, levels: shape.data.levels ?? null, deadlines, operations } };
}

function parseOperation(entry: unknown, index: number): { operation: ReorgOperation } | { issues: FieldIssue[] } {
  const at = `operations[${index}]`;
  const keys = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? Object.keys(entry) : [];
  const kind = keys[0] as ReorgKind | undefined;
  if (keys.length !== 1 || kind === undefined || !(kind in OPERATION_SCHEMAS)) {
    return { issues: [{ path: at, rule: 'operation', message: `${at} must be an object with exactly one key, the operation: ${REORG_KINDS.join(', ')}` }] };
  }
  const parsed = OPERATION_SCHEMAS[kind].safeParse((entry as Record<string, unknown>)[kind]);
  if (!parsed.success) {
    return { issues: flattenZodError(parsed.error).map((i) => ({ ...i, path: i.path === '' ? `${at}.${kind}` : `${at}.${kind}.${i.path}` })) };
  }
  return { operation: { kind, ...parsed.data } as ReorgOperation };
}
