/**
 * The commands units and superiors send to a cascade, as zod schemas: the CLI, the API and the
 * workflow update validators all check the same shapes and word the same errors.
 */
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

/** Types of the commands. */
export type ReportCommand = z.infer<typeof ReportCommandSchema>;
export type AcknowledgeCommand = z.infer<typeof AcknowledgeCommandSchema>;
export type ExtendCommand = z.infer<typeof ExtendCommandSchema>;
export type ExemptCommand = z.infer<typeof ExemptCommandSchema>;
export type WithdrawCommand = z.infer<typeof WithdrawCommandSchema>;
export type ReleaseUnitCommand = z.infer<typeof ReleaseUnitCommandSchema>;

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
