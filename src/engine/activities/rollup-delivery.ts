/** Delivers a committee's subtree rollup to its parent committee by signal, from an activity. */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { childRollupSignal } from '../protocol';
import type { JournalBatch } from '../protocol';

/**
 * Signals the parent committee. Safe to repeat: the parent keeps only the highest sequence number
 * per child, so a retried or late delivery changes nothing. A parent that has already finished
 * (withdrawn directive) wants nothing more, so "not found" is success.
 */
export async function deliverRollup(client: Client, target: NonNullable<JournalBatch['rollupToParent']>): Promise<void> {
  try {
    await client.workflow.getHandle(target.workflowId).signal(childRollupSignal, target.message);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
}
