/**
 * What Temporal says about a committee's activities while a dependency is down: an activity
 * retrying against an outage stays pending with a growing attempt count and the outage's error
 * as its last failure. The tests wait for that before ending an outage, so "activities retry" is
 * observed, not assumed.
 */
import type { Client } from '@temporalio/client';

/** The pending activity of `activityType` with the most attempts in that workflow, or null. */
export async function retryingActivity(temporal: Client, workflowId: string, activityType: string): Promise<{ attempt: number; lastFailure: string } | null> {
  const { raw } = await temporal.workflow.getHandle(workflowId).describe();
  let best: { attempt: number; lastFailure: string } | null = null;
  for (const pending of raw.pendingActivities ?? []) {
    if (pending.activityType?.name !== activityType) continue;
    const attempt = pending.attempt ?? 1;
    if (!best || attempt > best.attempt) best = { attempt, lastFailure: pending.lastFailure?.message ?? '' };
  }
  return best;
}
