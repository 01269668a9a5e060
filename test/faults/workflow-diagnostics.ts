/**
 * What Temporal says about a directive's committee workflows during and after a fault:
 *  - an activity retrying against an outage stays pending with a growing attempt count and the
 *    outage's error as its last failure (the tests wait for that before ending an outage, so
 *    "activities retry" is observed, not assumed);
 *  - a workflow task that keeps failing (a committee that can no longer make progress) shows as
 *    a pending workflow task with attempt > 1; its last failure is in the history;
 *  - a history that no longer replays with the workflow code would fail the next worker that
 *    has to rebuild the committee from it (after a restart or a cache eviction).
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

/** The pending activity of `activityType` with the most attempts in that workflow, or null. */
export async function retryingActivity(client: Client, workflowId: string, activityType: string): Promise<{ attempt: number; lastFailure: string } | null> {
  const { raw } = await client.workflow.getHandle(workflowId).describe();
  let best: { attempt: number; lastFailure: string } | null = null;
  for (const pending of raw.pendingActivities ?? []) {
    if (pending.activityType?.name !== activityType) continue;
    const attempt = pending.attempt ?? 1;
    if (!best || attempt > best.attempt) best = { attempt, lastFailure: pending.lastFailure?.message ?? '' };
  }
  return best;
}

/** Workflows whose workflow task has failed and is being retried, with the last failure's message. */
export async function failingWorkflowTasks(
  client: Client,
  workflowIds: readonly string[],
): Promise<Array<{ workflowId: string; attempt: number; failure: string }>> {
  const failing: Array<{ workflowId: string; attempt: number; failure: string }> = [];
  for (const workflowId of workflowIds) {
    const handle = client.workflow.getHandle(workflowId);
    const attempt = (await handle.describe()).raw.pendingWorkflowTask?.attempt ?? 0;
    if (attempt <= 1) continue;
    const events = (await handle.fetchHistory()).events ?? [];
    const lastFailed = [...events].reverse().find((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    failing.push({ workflowId, attempt, failure: lastFailed?.workflowTaskFailedEventAttributes?.failure?.message?.slice(0, 300) ?? 'no failure recorded' });
  }
  return failing;
}

/** Replays each workflow's current history with `workflowBundle`; returns those that fail, with why. */
export async function nonReplayableHistories(
  client: Client,
  workflowIds: readonly string[],
  workflowBundle: WorkflowBundleWithSourceMap,
): Promise<Array<{ workflowId: string; error: string }>> {
  const histories = await Promise.all(
    workflowIds.map(async (workflowId) => ({ workflowId, history: await client.workflow.getHandle(workflowId).fetchHistory() })),
  );
  const failures: Array<{ workflowId: string; error: string }> = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
    if (result.error) failures.push({ workflowId: result.workflowId, error: result.error.message.slice(0, 300) });
  }
  return failures;
}

/**
 * Runs `work`; if it fails (typically a wait that timed out), the error says which of the
 * workflows cannot make progress and why, e.g. a committee whose workflow task fails on replay.
 */
export async function explainingStuckWorkflows<T>(client: Client, workflowIds: readonly string[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const failing = await failingWorkflowTasks(client, workflowIds).catch((e: Error) => [
      { workflowId: '?', attempt: 0, failure: `could not describe the workflows: ${e.message}` },
    ]);
    if (failing.length === 0) throw err;
    const lines = failing.map((f) => `  ${f.workflowId}: workflow task attempt ${f.attempt}, last failure: ${f.failure}`);
    throw new Error(`${(err as Error).message}\nWorkflows that cannot make progress:\n${lines.join('\n')}`, { cause: err });
  }
}
