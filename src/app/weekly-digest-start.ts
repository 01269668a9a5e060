/**
 * Starts the weekly digest workflow where the worker starts (`npm start`, `npm run worker`), once
 * per namespace: a second worker, or a restart, finds it running. WEEKLY_DIGEST=off stops it
 * instead (cancelled at its timer), so no digest goes until a worker starts it again.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { WEEKLY_DIGEST_WORKFLOW_ID, weeklyDigestWorkflow } from '../engine/weekly-digest-schedule';

/** What ensureWeeklyDigest found or did. */
export type WeeklyDigestState = 'started' | 'running' | 'stopped' | 'off';

/** Starts (`enabled`) or stops the weekly digest; see the file comment. */
export async function ensureWeeklyDigest(temporal: Client, taskQueue: string, enabled: boolean): Promise<WeeklyDigestState> {
  if (!enabled) {
    try {
      const handle = temporal.workflow.getHandle(WEEKLY_DIGEST_WORKFLOW_ID);
      const { status } = await handle.describe();
      if (status.name !== 'RUNNING') return 'off';
      await handle.cancel();
      return 'stopped';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return 'off';
      throw err;
    }
  }
  try {
    await temporal.workflow.start(weeklyDigestWorkflow, { workflowId: WEEKLY_DIGEST_WORKFLOW_ID, taskQueue, args: [{}] });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'running';
    throw err;
  }
}
