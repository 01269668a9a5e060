/**
 * Withdrawing a directive: one update to its root committee, which passes it down. Kept apart from
 * the unit commands because it is not one: it goes to the root, not to the unit's holder, and
 * writes no journal entries of its own (each committee writes its units' withdrawal records).
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Pool } from 'pg';
import { formatEnDateTime } from '../domain/time/time';
import { markDirectiveWithdrawn } from '../store/directive-records';
import type { WithdrawalRecord } from '../store/withdrawal-record';
import { withdrawUpdate } from '../engine/protocol';
import type { DirectiveLookups } from './directive-lookups';
import { ConflictError, fromTemporalError } from './errors';

/** Withdraws the directive; a directive already withdrawn is a 409 saying when (and why), not a second withdrawal. */
export async function withdrawDirective(
  pool: Pool,
  lookups: DirectiveLookups,
  directiveId: string,
  actor: string,
  reason: string,
): Promise<{ withdrawnAt: string }> {
  const earlier = await lookups.withdrawal(directiveId);
  if (earlier) throw alreadyWithdrawn(directiveId, earlier);
  const handle = await lookups.rootHandle(directiveId);
  try {
    const result = await handle.executeUpdate(withdrawUpdate, { args: [{ actor, reason }] });
    await markDirectiveWithdrawn(pool, directiveId);
    return result;
  } catch (err) {
    // Only a withdrawal ends a root committee: a launched directive whose root is gone was withdrawn.
    if (err instanceof WorkflowNotFoundError)
      throw alreadyWithdrawn(directiveId, (await lookups.withdrawal(directiveId, true)) ?? { at: null, reason: null, actor: null });
    return fromTemporalError(err, `withdraw ${directiveId}`);
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
