/** launchCommittee: a committee's first step in one activity: load it, record its launch, tell its parent. */
import type { Pool } from 'pg';
import { launchJournal, launchRollupMessage, launchTracks } from '../../domain/cascade/launch-journal';
import type { CommitteeLoad } from '../../domain/cascade/records';
import type { JournalBatch, LaunchCommitteeInput } from '../protocol';
import { loadCommittee } from '../../store/load-committee';
import { failingWithoutRetryOnRefusal } from './snapshot-refusals';
import { recordJournal } from '../../store/record-journal';

/**
 * Loads the committee's unit and children from the snapshot, writes the 'received' audit record
 * and first projection row of its own unit and its leaves, and signals the parent the first
 * subtree rollup (message 1). The entries come from the same pure builders the workflow uses
 * (launch-journal.ts), so the workflow's state and the rows agree without the rows travelling
 * through Temporal. Safe to retry: audit records dedupe on their key, projection rows on their
 * version, and the parent ignores a message whose sequence number it has seen.
 */
export async function launchCommittee(
  pool: Pool,
  deliverRollup: (target: NonNullable<JournalBatch['rollupToParent']>) => Promise<void>,
  input: LaunchCommitteeInput,
): Promise<CommitteeLoad> {
  const { directive, unitId } = input;
  const load = await failingWithoutRetryOnRefusal(loadCommittee(pool, { directiveId: directive.id, unitId }));
  const tracks = launchTracks(directive, unitId, input.receivedAt, load, input.leavesReceivedAt);
  await recordJournal(pool, launchJournal(directive, unitId, input.ancestors, tracks, input.leavesReceivedAt));
  if (input.parentWorkflowId)
    await deliverRollup({ workflowId: input.parentWorkflowId, message: launchRollupMessage(directive, unitId, tracks, input.leavesReceivedAt) });
  return load;
}
