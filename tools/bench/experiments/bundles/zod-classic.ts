// Experiment bundle: the baseline workflows plus zod (classic) and one small schema, used from a workflow.
import { z } from 'zod';
export * from '../../baseline-workflows';
const Command = z.object({ unitId: z.string().regex(/^[A-Za-z0-9._-]+$/), actor: z.string().max(200), report: z.unknown() });
export async function zodProbeWorkflow(input: unknown): Promise<boolean> {
  return Command.safeParse(input).success;
}
