// Experiment bundle: the baseline workflows plus domain/fields.ts, to price its module instance per cached workflow.
import * as probed from '../../../domain/fields';
export * from '../../baseline-workflows';
export async function zodProbeWorkflow(): Promise<number> {
  return Object.keys(probed).length;
}
