/**
 * A reorganisation plan whose effective instant is ahead: a durable timer until that instant, then
 * one activity that applies it to the directory and the running directives
 * (src/app/reorganisation.ts). The activity is safe to repeat (the plan resumes where it stopped),
 * so it retries until it succeeds, unless the plan no longer fits the directory as it then is,
 * which fails it for good (recorded in the reorganisations table). Cancelling the workflow before
 * the instant cancels the plan.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { CascadeActivities } from './activities';
import { REORGANISATION_ACTIVITY_OPTIONS } from './activities/retry-policies';

const { applyReorganisation } = proxyActivities<CascadeActivities>(REORGANISATION_ACTIVITY_OPTIONS);

/** Deterministic id of the workflow that waits for a reorganisation's effective instant. */
export function reorganisationWorkflowId(reorganisationId: string): string {
  return `reorganisation/${reorganisationId}`;
}

/** Input of the scheduled reorganisation. */
export interface ScheduledReorganisationInput {
  reorganisationId: string;
  /** UTC ISO instant. */
  effectiveAt: string;
}

/** Waits for the effective instant, then applies the plan; see the file comment. */
export async function scheduledReorganisationWorkflow(input: ScheduledReorganisationInput): Promise<unknown> {
  const wait = Date.parse(input.effectiveAt) - Date.now();
  if (wait > 0) await sleep(wait);
  return applyReorganisation({ reorganisationId: input.reorganisationId });
}
