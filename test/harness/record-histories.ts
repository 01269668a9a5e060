/**
 * Saves the histories of a directive's committee workflows into test/replay/histories/latest
 * when RECORD_HISTORIES=1, so the replay test can prove later workflow code still replays them.
 * Histories of earlier workflow code stay in their folders beside it (v1, ...): after recording,
 * rename `latest` after the change that made it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { committeeWorkflowId } from '../../src/engine/protocol';

export const HISTORIES_DIR = path.join(__dirname, '..', 'replay', 'histories');
const LATEST_DIR = path.join(HISTORIES_DIR, 'latest');

/**
 * Writes `<scenario>--<unit>.binpb` for each unit's committee workflow: its current run, or with
 * `previousRun` the run it continued from (where an update that made it continue as new was taken).
 */
export async function recordHistories(
  client: Client,
  scenario: string,
  directiveId: string,
  units: string[],
  options: { previousRun?: boolean } = {},
): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  fs.mkdirSync(LATEST_DIR, { recursive: true });
  for (const unit of units) {
    const workflowId = committeeWorkflowId(directiveId, unit);
    let history = await client.workflow.getHandle(workflowId).fetchHistory();
    if (options.previousRun) {
      const runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
      if (!runId) throw new Error(`${workflowId} did not continue from an earlier run`);
      history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    }
    // Binary protobuf: exact, and independent of the JSON mapping's protobufjs instance.
    fs.writeFileSync(path.join(LATEST_DIR, `${scenario}--${unit}.binpb`), temporal.api.history.v1.History.encode(history).finish());
  }
}
