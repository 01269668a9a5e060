/**
 * Withdrawing a directive: one update to its root committee, which passes it down. Kept apart from
 * the unit commands because it is not one: it goes to the root, not to the unit's holder, and
 * writes no journal entries of its own (each committee writes its units' withdrawal records).
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { formatEnDateTime } from '../domain/time/time';
import { markDirectiveWithdrawn } from '../store/directive-records';
import type { WithdrawalRecord } from '../store/withdrawal-record';
import { withdrawUpdate } from '../engine/protocol';
import { reportRoundsWorkflowId } from '../engine/report-rounds-schedule';
import { openedRounds } from '../store/directive-rounds';
import type { DirectiveLookups } from './directive-lookups';
import { ConflictError, fromTemporalError } from './errors';
import { recordAdminAction } from '../store/admin-audit';
import { asAdminActor, recordedLabel, type AdminActor } from '../domain/audit/admin-actor';

/**
 * Withdraws the directive, and with it its report rounds: those opened are withdrawn too, and the
 * ones not yet opened never will be. A directive already withdrawn is a 409 saying when (and why),
 * not a second withdrawal.
 */
export async function withdrawDirective(
  pool: Pool,
  lookups: DirectiveLookups,
  temporal: Client,
  directiveId: string,
  by: string | AdminActor,
  reason: string,
): Promise<{ withdrawnAt: string }> {
  const actor = recordedLabel(by);
  const earlier = await lookups.withdrawal(directiveId);
  if (earlier) throw alreadyWithdrawn(directiveId, earlier);
  const handle = await lookups.rootHandle(directiveId);
  try {
    const result = await handle.executeUpdate(withdrawUpdate, { args: [{ actor, reason }] });
    await markDirectiveWithdrawn(pool, directiveId);
    // After the update succeeded; keyed by the directive, so a retry adds no second row.
    await recordAdminAction(pool, {
      action: 'withdraw',
      target: directiveId,
      scopeUnit: await lookups.rootOf(directiveId),
      details: { reason, withdrawnAt: result.withdrawnAt },
      actor: asAdminActor(by),
      idempotencyKey: `withdraw:${directiveId}`,
    });
    await withdrawRounds(pool, lookups, temporal, directiveId, by, reason);
    return result;
  } catch (err) {
    // Only a withdrawal ends a root committee: a launched directive whose root is gone was withdrawn.
    if (err instanceof WorkflowNotFoundError)
      throw alreadyWithdrawn(directiveId, (await lookups.withdrawal(directiveId, true)) ?? { at: null, reason: null, actor: null });
    return fromTemporalError(err, `withdraw ${directiveId}`);
  }
}

/** Stops the workflow that opens the directive's rounds, then withdraws each round still running. */
async function withdrawRounds(
  pool: Pool,
  lookups: DirectiveLookups,
  temporal: Client,
  directiveId: string,
  actor: string | AdminActor,
  reason: string,
): Promise<void> {
  try {
    await temporal.workflow.getHandle(reportRoundsWorkflowId(directiveId)).cancel();
  } catch (err) {
    // A directive without rounds has no such workflow; one whose rounds all opened has finished it.
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  for (const round of await openedRounds(pool, directiveId)) {
    if (round.status === 'active') await withdrawDirective(pool, lookups, temporal, round.directiveId, actor, reason);
  }
}

/** The 409 of a second withdrawal: when the first one happened, by whom and why, as far as it is recorded. */
function alreadyWithdrawn(directiveId: string, record: WithdrawalRecord): ConflictError {
  const when = record.at ? ` on ${formatEnDateTime(record.at)}` : '';
  const by = record.actor ? ` by ${record.actor}` : '';
  const why = record.reason ? ` (reason: ${record.reason})` : '';
  return new ConflictError(
    `directive ${directiveId} was already withdrawn${when}${by}${why}; nothing more is sent or recorded for it, so there is nothing to withdraw again`,
    'already-withdrawn',
  );
}
