/**
 * The loops that carry a committee's side effects out while its main loop sleeps: emails in
 * batches, and the journal with the rollup to the parent. Each drains what is queued and returns
 * once the run ends.
 */
import { ActivityFailure, condition, getExternalWorkflowHandle, log } from '@temporalio/workflow';
import { MAX_EMAILS_PER_BATCH } from '../activities/retry-policies';
import { db, mail } from './activity-proxies';
import type { CommitteeState } from './state';
import { childRollupSignal, type ChildRollupMessage } from '../protocol';
import type { RollupOutbox } from './rollup-outbox';
import { nowIso } from './clock';

/** Journal rows per activity call. */
const JOURNAL_BATCH = 2_000;

/**
 * Resolves once the current activation has settled: all its jobs have been applied and the
 * microtasks they started have run, so every update it carried has already sent its response.
 *
 * Why: when a worker runs a workflow task cold (not cached: eviction, restart, a sticky queue that
 * timed out), Temporal's core merges a previous task that issued no commands (a timer that fired,
 * an activity that finished) into the activation of a task that brings updates, so the live run
 * sees [update, update, fired timer] in one activation, while every later replay sees [fired
 * timer] and then [update, update]. A loop that woke in between the update jobs and issued
 * commands at once put them in a different place among the update responses in the two runs, and
 * the history no longer replayed (docs/decisions.md, 2026-12-03). Deciding only after the activation
 * settles makes the decision see the same state and issue its commands after the same responses
 * either way.
 *
 * How: `condition` evaluates its predicate immediately (false here) and again only when the SDK
 * next checks blocked conditions, which is after all jobs ran and all microtasks drained.
 */
export function afterActivationSettles(): Promise<void> {
  let checkedOnce = false;
  return condition(() => {
    if (checkedOnce) return true;
    checkedOnce = true;
    return false;
  });
}

/** Sends queued emails in batches; waits while the queue is empty. */
export async function pumpEmails(state: CommitteeState, stopping: () => boolean): Promise<void> {
  for (;;) {
    await condition(() => state.pendingEmails.length > 0 || stopping());
    if (state.pendingEmails.length === 0) return;
    // Taken off the queue first: a report arriving meanwhile may filter the queue. The activity
    // retries until it succeeds, and continue-as-new waits for it, so nothing taken is lost.
    const emails = state.takeEmails(MAX_EMAILS_PER_BATCH);
    try {
      await mail.sendEmails({ directive: state.directive, emails });
    } catch (err) {
      // Only a non-retryable failure gets here (transient ones retry forever): a bug, not an
      // outage. Log it and go on rather than wedge the whole committee on one bad batch.
      if (!(err instanceof ActivityFailure)) throw err;
      log.error('emails dropped after a non-retryable failure', {
        count: emails.length,
        units: emails.slice(0, 10).map((e) => e.unitId),
        error: err.cause?.message,
      });
    }
  }
}

/** The rollup outbox of a committee with a parent. */
export interface ParentOutbox {
  parentWorkflowId: string;
  box: RollupOutbox;
  /** Workflow time (ms) of a message already sent when the pump starts (by the launch activity), else -Infinity. */
  sentAt: number;
}

/** Timing of pumpJournal (workflow time). */
export interface JournalTiming {
  lazyMs: number;
  parentIntervalMs: number;
}

/**
 * Writes the journal and sends the rollup to the parent (when there is one) from one loop, so the
 * two never race within an activation, deciding only after the activation settled.
 * - Entries the workflow made on its own (launch, timers, escalations, withdrawal) are written at
 *   once; entries handed off to an update's caller wait until the next such write or until they
 *   are `lazyMs` old, so a report normally costs its committee one workflow task and nothing else.
 * - The rollup rides on a journal write when one happens and the last message is `parentIntervalMs`
 *   old. A change with no entries to write (a child committee's rollup) goes by signal once that
 *   interval has passed. Supervisors read rollups from PostgreSQL, so these messages only keep the
 *   workflows' own rollup (the rollup query) current and tell a parent that its child has closed.
 * - When the run ends, everything left is written and a last message (flagged closed after a
 *   withdrawal) goes at once.
 */
export async function pumpJournal(outbox: ParentOutbox | null, state: CommitteeState, stopping: () => boolean, timing: JournalTiming): Promise<void> {
  const parent = outbox ? getExternalWorkflowHandle(outbox.parentWorkflowId) : null;
  let lastSentAt = outbox?.sentAt ?? Number.NEGATIVE_INFINITY;
  const rollupChanged = () => outbox?.box.hasChanges() ?? false;
  for (;;) {
    await condition(() => state.journal.hasPending() || state.journal.hasLazy() || rollupChanged() || stopping());
    await afterActivationSettles();
    const finishing = stopping();
    const now = Date.now();
    const lazyDueAt = state.journal.lazySince === null ? Number.POSITIVE_INFINITY : state.journal.lazySince + timing.lazyMs;
    if (state.journal.hasPending() || (state.journal.hasLazy() && (finishing || now >= lazyDueAt))) {
      const batch = state.journal.takeWithLazy(JOURNAL_BATCH);
      let message: ChildRollupMessage | null = null;
      if (outbox && !finishing && rollupChanged() && now >= lastSentAt + timing.parentIntervalMs) {
        message = outbox.box.take(nowIso(), false);
        lastSentAt = now;
      }
      try {
        await db.recordJournal(message && outbox ? { ...batch, rollupToParent: { workflowId: outbox.parentWorkflowId, message } } : batch);
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        log.error('journal batch dropped after a non-retryable failure', {
          audit: batch.audit.length,
          projections: batch.projections.length,
          error: err.cause?.message,
        });
      }
      continue;
    }
    const closed = finishing && state.withdrawal !== null;
    // A change with handed-off entries rides on their write; only a change without any (a child's rollup) needs a signal.
    const rollupByItself = rollupChanged() && !state.journal.hasLazy();
    if (parent && outbox && (rollupByItself || closed) && (finishing || now >= lastSentAt + timing.parentIntervalMs)) {
      await parent.signal(childRollupSignal, outbox.box.take(nowIso(), closed)).catch(() => undefined);
      lastSentAt = now;
      if (finishing) return;
      continue;
    }
    if (finishing) return;
    // Something waits, but not yet: sleep until the first of it is due, or until work that goes at once arrives.
    const rollupDueAt = rollupByItself ? lastSentAt + timing.parentIntervalMs : Number.POSITIVE_INFINITY;
    const wakeAt = Math.min(lazyDueAt, rollupDueAt);
    // Entries handed off meanwhile may fall due before a sleep towards the next rollup message ends.
    const lazyDueEarlier = () => state.journal.lazySince !== null && state.journal.lazySince + timing.lazyMs < wakeAt;
    await condition(() => state.journal.hasPending() || stopping() || lazyDueEarlier(), Math.max(1, wakeAt - now));
  }
}
