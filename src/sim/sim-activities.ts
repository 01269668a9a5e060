/**
 * The activities of a dry run: the names and signatures the committee workflow calls
 * (src/engine/activities), doing in memory what the real ones do in PostgreSQL and SMTP. Rollups
 * still travel to parent committees by signal, as the real ones send them, so the workflows run
 * exactly as they would.
 */
import { Context } from '@temporalio/activity';
import { launchJournal, launchRollupMessage, launchTracks } from '../domain/cascade/launch-journal';
import type { CommitteeLoad, PrepareDirectiveInput } from '../domain/cascade/records';
import type { CascadeActivities } from '../engine/activities';
import { deliverRollup } from '../engine/activities/rollup-delivery';
import type { JournalBatch, LaunchCommitteeInput, SendEmailsInput, SendEmailsResult } from '../engine/protocol';
import type { SimJournal } from './sim-journal';
import type { SimSnapshot } from './sim-snapshot';

/** The activities committee workflows call. */
type CommitteeActivities = Pick<CascadeActivities, 'prepareDirective' | 'launchCommittee' | 'sendEmails' | 'recordJournal'>;

/** Reminders and escalations chase a report: a unit closed meanwhile no longer gets them (as send-emails.ts decides). */
const CHASING_KINDS: ReadonlySet<string> = new Set(['reminder', 'escalation']);

/** Workflow time of the running activity: when its committee scheduled it, on the test server's clock. */
function workflowNow(): string {
  return new Date(Context.current().info.currentAttemptScheduledTimestampMs).toISOString();
}

/** Builds the dry run's activities over its snapshot and journal. */
export function createSimActivities(snapshot: SimSnapshot, journal: SimJournal): CommitteeActivities {
  return {
    /** The snapshot is already in memory: only its size is answered. */
    prepareDirective: async (input: PrepareDirectiveInput): Promise<{ units: number }> => {
      void input;
      return { units: snapshot.size };
    },
    /** Loads a committee from the copy, records its launch's journal and sends its parent the first rollup (launch-committee.ts). */
    launchCommittee: async (input: LaunchCommitteeInput): Promise<CommitteeLoad> => {
      const { directive, unitId } = input;
      const load = snapshot.load(unitId);
      const tracks = launchTracks(directive, unitId, input.receivedAt, load, input.leavesReceivedAt);
      journal.record(launchJournal(directive, unitId, input.ancestors, tracks, input.leavesReceivedAt));
      if (input.parentWorkflowId)
        await deliverRollup(Context.current().client, {
          workflowId: input.parentWorkflowId,
          message: launchRollupMessage(directive, unitId, tracks, input.leavesReceivedAt),
        });
      return load;
    },
    /** Records each email once per (unit, kind, step), skipped as the real activity skips it; nothing is sent. */
    sendEmails: async (input: SendEmailsInput): Promise<SendEmailsResult & { failed: number }> => {
      const at = workflowNow();
      const counts = { sent: 0, alreadySent: 0, failed: 0, skipped: 0 };
      for (const email of input.emails) {
        if (!journal.claim(`${email.unitId}/${email.kind}/${email.step}`)) {
          counts.alreadySent += 1;
          continue;
        }
        const skipped = email.skip !== undefined || (CHASING_KINDS.has(email.kind) && journal.isClosed(email.unitId));
        const recipientId = email.kind === 'escalation' ? snapshot.escalationTarget(email.unitId, email.ancestorIndex ?? 0) : email.unitId;
        journal.emails.push({ at, kind: email.kind, unitId: email.unitId, recipientId, step: email.step, outcome: skipped ? 'skipped' : 'sent' });
        counts[skipped ? 'skipped' : 'sent'] += 1;
      }
      return counts;
    },
    /** Hands the rollup to the parent when the batch carries one, then records the batch (as the real recordJournal). */
    recordJournal: async (batch: JournalBatch): Promise<{ audit: number; projections: number }> => {
      if (batch.rollupToParent) await deliverRollup(Context.current().client, batch.rollupToParent);
      return journal.record(batch);
    },
  };
}
