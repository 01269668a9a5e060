// Experiment bundle: the baseline workflows plus the engine's command schemas (domain/commands.ts).
import { ReportCommandSchema } from '../../../domain/commands';
export * from '../../baseline-workflows';
export async function zodProbeWorkflow(input: unknown): Promise<boolean> {
  return ReportCommandSchema.safeParse(input).success;
}
