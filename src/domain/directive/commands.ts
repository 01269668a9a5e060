/**
 * The commands units and superiors send to a cascade, as zod schemas: the CLI, the API and the
 * workflow update validators all check the same shapes and word the same errors.
 */
import { WorkingCalendarSchema } from '../calendar/working-calendar';
import { z } from 'zod';
import { flattenZodError, multiLineText, singleLineText, type FieldIssue } from '../text/fields';
import { UnitIdSchema } from '../org/unit-id';

const unitId = UnitIdSchema;
const actor = singleLineText('actor', 200);

/** A unit files (or corrects) its completion report; `report` is checked by CompletionReportSchema. */
export const ReportCommandSchema = z.object({ unitId, report: z.unknown(), actor });
/** A unit confirms receipt. */
export const AcknowledgeCommandSchema = z.object({ unitId, actor });
/** A superior moves a unit's deadline to a date, quarter or instant. */
export const ExtendCommandSchema = z.object({ unitId, to: singleLineText('to', 64), actor, reason: multiLineText('reason', 1000).optional() });
/** A superior exempts a unit. */
export const ExemptCommandSchema = z.object({ unitId, actor, reason: singleLineText('reason', 1000) });
/** The secretariat withdraws a directive. */
export const WithdrawCommandSchema = z.object({ actor, reason: singleLineText('reason', 1000) });

/**
 * A reorganisation hands a leaf unit from the committee holding it to another (`to`); `reorgId`
 * names the reorganisation, so a repeated hand-over is recognised and changes nothing twice.
 */
export const ReleaseUnitCommandSchema = z.object({ unitId, to: UnitIdSchema, reorgId: singleLineText('reorgId', 200) });
/**
 * The second half: the new committee takes the released unit's track as the releasing committee
 * answered it (the engine's own output, so only its identity is checked here).
 */
export const AdoptUnitCommandSchema = z.object({ track: z.looseObject({ unitId }), from: UnitIdSchema, reorgId: singleLineText('reorgId', 200) });

const reorgId = singleLineText('reorgId', 200);
const unitOrNone = UnitIdSchema.nullable();

/**
 * A reorganisation's first step at one committee: the units whose tracks leave it (its own unit
 * included, when its committee stops), the child committees it stops following, and whether it
 * ends. `key` names the step, so a repeated one answers the same and changes nothing twice.
 */
export const HandOverCommandSchema = z.object({
  reorgId,
  units: z.array(
    z.object({
      unitId,
      to: unitOrNone,
      reason: z.enum(['moved', 'merged', 'split', 'dissolved', 'left']),
      into: unitOrNone,
    }),
  ),
  children: z.array(z.object({ unitId, to: unitOrNone })),
  end: z.boolean(),
});

/**
 * A reorganisation's second step at one committee: the units it takes (each with how its track is
 * made and the released tracks it is made of: the engine's own output, so only identities are
 * checked) and the child committees it now follows. `key` makes a repeated step a no-op.
 */
export const TakeOverCommandSchema = z.object({
  reorgId,
  key: singleLineText('key', 300),
  units: z.array(
    z.object({
      identity: z.looseObject({ unitId }),
      mode: z.enum(['carry', 'merge', 'derive', 'fresh']),
      tracks: z.array(z.looseObject({ unitId })),
    }),
  ),
  children: z.array(z.looseObject({ unitId })),
});

/** A committee that stays but stands under a new parent or new ancestors (nearest first, up to the root). */
export const ReparentCommandSchema = z.object({ reorgId, parentId: UnitIdSchema, ancestors: z.array(UnitIdSchema).min(1) });

/** A running directive gains levels (with their deadlines) that a reorganisation brings units of. */
export const RelevelCommandSchema = z.object({
  reorgId,
  levels: z.array(singleLineText('level', 64)).min(1),
  deadlines: z.record(z.string(), singleLineText('deadline', 64)),
});

/** The secretariat applies a changed working calendar: the committee keeps it, and the schedules that follow it move. */
export const ApplyCalendarCommandSchema = z.object({ calendar: WorkingCalendarSchema });

/** Types of the commands. */
export type ReportCommand = z.infer<typeof ReportCommandSchema>;
export type AcknowledgeCommand = z.infer<typeof AcknowledgeCommandSchema>;
export type ExtendCommand = z.infer<typeof ExtendCommandSchema>;
export type ExemptCommand = z.infer<typeof ExemptCommandSchema>;
export type WithdrawCommand = z.infer<typeof WithdrawCommandSchema>;
export type ReleaseUnitCommand = z.infer<typeof ReleaseUnitCommandSchema>;
export type HandOverCommand = z.infer<typeof HandOverCommandSchema>;
export type ReparentCommand = z.infer<typeof ReparentCommandSchema>;
export type RelevelCommand = z.infer<typeof RelevelCommandSchema>;
export type ApplyCalendarCommand = z.infer<typeof ApplyCalendarCommandSchema>;

/** A command did not match its schema; `issues` name each field. */
export class CommandValidationError extends Error {
  override readonly name = 'CommandValidationError';
  constructor(readonly issues: readonly FieldIssue[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '));
  }
}

/** Parses a command or throws CommandValidationError naming the fields. */
export function parseCommand<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new CommandValidationError(flattenZodError(result.error));
  return result.data;
}
