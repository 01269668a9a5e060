// Experiment bundle: the baseline workflows plus domain/org-unit.ts, to price its module instance per cached workflow.
import * as probed from '../../../domain/org-unit';
export * from '../../baseline-workflows';
export async function zodProbeWorkflow(): Promise<number> {
  return Object.keys(probed).length;
}
