/**
 * Saves the histories of a directive's committee workflows into test/replay/histories when
 * RECORD_HISTORIES=1, so the replay test can prove later workflow code still replays them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { committeeWorkflowId } from '../../workflows/definitions';

export const HISTORIES_DIR = path.join(__dirname, '..', 'replay', 'histories');

/** Writes `<scenario>--<unit>.binpb` for each unit's committee workflow (current run). */
export async function recordHistories(client: Client, scenario: string, directiveId: string, units: string[]): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  for (const unit of units) {
    const workflowId = committeeWorkflowId(directiveId, unit);
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    // Binary protobuf: exact, and independent of the JSON mapping's protobufjs instance.
    fs.writeFileSync(path.join(HISTORIES_DIR, `${scenario}--${unit}.binpb`), temporal.api.history.v1.History.encode(history).finish());
  }
}
