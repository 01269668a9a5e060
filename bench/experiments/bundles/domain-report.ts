// Experiment bundle: the baseline workflows plus domain/report.ts, to price its module instance per cached workflow.
import * as probed from '../../../domain/report';
export * from '../../baseline-workflows';
export async function zodProbeWorkflow(): Promise<number> {
  return Object.keys(probed).length;
}
