// Experiment bundle: the baseline workflows plus zod/mini and the same small schema as zod-classic.ts.
import * as z from 'zod/mini';
export * from '../../baseline-workflows';
const Command = z.object({ unitId: z.string().check(z.regex(/^[A-Za-z0-9._-]+$/)), actor: z.string().check(z.maxLength(200)), report: z.unknown() });
export async function zodProbeWorkflow(input: unknown): Promise<boolean> {
  return Command.safeParse(input).success;
}
