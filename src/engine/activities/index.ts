import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { DEFAULT_INBOX_LINK_TTL_DAYS } from '../../security/inbox-link';
import { assertLinkSecret, REPORT_LINK_TTL_DAYS } from '../../security/report-link';
import { faultCountdown, type ActivityFaults } from './fault-injection';
import type { CommitteeLoad, PrepareDirectiveInput } from '../../domain/cascade/records';
import type { JournalBatch, LaunchCommitteeInput, SendEmailsInput } from '../protocol';
import { launchCommittee } from './launch-committee';
import { headerSafeMailbox } from '../../mail/mail-headers';
import { prepareDirective } from '../../store/prepare-directive';
import { failingWithoutRetryOnRefusal } from './snapshot-refusals';
import { recordJournal } from '../../store/record-journal';
import { deliverRollup } from './rollup-delivery';
import { sendEmails, type SendEmailsOutcome } from './send-emails';
import type { MailSender } from '../../mail/smtp-sender';
import { isWorkingDay, weeklyCalendar } from '../../domain/calendar/working-calendar';
import { nextDigestSlot, type DigestSlot } from '../../domain/digest/digest-week';
import { sendWeeklyDigest, type WeeklyDigestOutcome } from './weekly-digest';

/** What activities may touch: passed in by the worker, never opened at module load. */
export interface ActivityDeps {
  pool: Pool;
  mailer: MailSender;
  mailFrom: string;
  publicBaseUrl: string;
  /** HMAC key of the report links in emails (LINK_SIGNING_SECRET), at least 32 bytes. */
  linkSecret: string;
  /** How long a report link stays valid after the unit's deadline, in days (default 30): late reports are still wanted. */
  linkTtlDaysAfterDeadline?: number;
  /** How long the inbox link in every email stays valid after the email is sent, in days (INBOX_LINK_TTL_DAYS, default 60). */
  inboxLinkTtlDays?: number;
  /**
   * Applies a recorded reorganisation (src/app/reorganisation.ts) with the worker's Temporal client;
   * throws ReorganisationRefusedError when the plan no longer fits. Absent in workers that run no
   * scheduled reorganisation (the benchmark's).
   */
  applyReorganisation?: (client: Client, reorganisationId: string) => Promise<unknown>;
  /**
   * Launches a periodic directive's report round (src/app/report-rounds.ts) with the worker's
   * Temporal client; answers the round's directive id, or null when its directive was withdrawn.
   * Absent in workers that open no round (the benchmark's).
   */
  openRound?: (client: Client, directiveId: string, roundKey: string) => Promise<string | null>;
  /** True when the ISO date is worked (the secretariat's calendar), for the weekly digest's day; default Monday to Friday. */
  digestWorkingDay?: (isoDate: string) => boolean;
  /** Faults to inject, for the fault-injection tests only; never set in production. */
  faults?: ActivityFaults;
}

/** Builds the activity implementations the worker registers; refuses a short link secret at startup, not at the first email. */
export function createActivities(deps: ActivityDeps) {
  assertLinkSecret(deps.linkSecret);
  // Parsed once: sendEmails hands nodemailer the name and address apart and never re-reads the text.
  const sender = headerSafeMailbox(deps.mailFrom);
  if (!sender) {
    throw new Error(`MAIL_FROM ${JSON.stringify(deps.mailFrom)} must be one sender on one line: "Name <address@example.org>" or "address@example.org"`);
  }
  const linkTtlDays = deps.linkTtlDaysAfterDeadline ?? REPORT_LINK_TTL_DAYS;
  if (!Number.isFinite(linkTtlDays) || linkTtlDays < 0) throw new RangeError(`linkTtlDaysAfterDeadline must be a number of days ≥ 0, got ${linkTtlDays}`);
  const inboxLinkTtlDays = deps.inboxLinkTtlDays ?? DEFAULT_INBOX_LINK_TTL_DAYS;
  if (!Number.isFinite(inboxLinkTtlDays) || inboxLinkTtlDays <= 0)
    throw new RangeError(`inboxLinkTtlDays must be a number of days > 0, got ${inboxLinkTtlDays}`);
  const { pool } = deps;
  // Without `faults` there is no hook at all, so production code takes no fault branch.
  const crashAfterSmtpAccept = deps.faults ? faultCountdown(deps.faults.crashAfterSmtpAccept, 'crashAfterSmtpAccept') : undefined;
  const emailDeps = { ...deps, mailFrom: sender, linkTtlDays, inboxLinkTtlDays, crashAfterSmtpAccept };
  const weekly = weeklyCalendar();
  const digestDeps = { ...emailDeps, isWorkingDay: deps.digestWorkingDay ?? ((iso: string) => isWorkingDay(weekly, iso)) };
  return {
    /** Records the directive and freezes the organisation under its root into the directive's snapshot (idempotent). */
    prepareDirective: (input: PrepareDirectiveInput): Promise<{ units: number }> => failingWithoutRetryOnRefusal(prepareDirective(pool, input)),
    /** Loads a committee (its own unit and its direct children, from the snapshot), writes its launch's journal and sends its parent the first rollup. */
    launchCommittee: (input: LaunchCommitteeInput): Promise<CommitteeLoad> =>
      launchCommittee(pool, (target) => deliverRollup(Context.current().client, target), input),
    /** Sends notices, reminders and escalations, each at most once per (directive, unit, kind, step). */
    sendEmails: (input: SendEmailsInput): Promise<SendEmailsOutcome> => sendEmails(emailDeps, input),
    /**
     * Hands the committee's rollup to its parent when the batch carries one, then appends audit
     * records and upserts unit projections in one transaction (idempotent, version-guarded). The
     * signal goes first so rollups keep flowing while PostgreSQL is down and this activity retries.
     */
    /** Applies a scheduled reorganisation at its effective instant, heartbeating while it runs (src/engine/reorganisation-schedule.ts). */
    applyReorganisation: async (input: { reorganisationId: string }): Promise<unknown> => {
      const apply = deps.applyReorganisation;
      if (!apply) throw ApplicationFailure.nonRetryable('this worker applies no reorganisation: start it with the cascade worker', 'ReorganisationRefused');
      const context = Context.current();
      const beat = setInterval(() => context.heartbeat(), 20_000);
      try {
        return await apply(context.client, input.reorganisationId);
      } catch (err) {
        if (err instanceof Error && err.name === 'ReorganisationRefusedError') throw ApplicationFailure.nonRetryable(err.message, 'ReorganisationRefused');
        throw err;
      } finally {
        clearInterval(beat);
      }
    },
    /** Opens a report round when its window opens (src/engine/report-rounds-schedule.ts); repeating it starts nothing twice. */
    openRound: async (input: { directiveId: string; roundKey: string }): Promise<{ roundId: string | null }> => {
      const open = deps.openRound;
      if (!open) throw ApplicationFailure.nonRetryable('this worker opens no report round: start it with the cascade worker', 'RoundRefused');
      return { roundId: await open(Context.current().client, input.directiveId, input.roundKey) };
    },
    /** Sends the week's digest to every committee (src/engine/weekly-digest-schedule.ts); a repeat sends nothing twice. */
    sendWeeklyDigest: (slot: DigestSlot): Promise<WeeklyDigestOutcome> => sendWeeklyDigest(digestDeps, slot),
    /** When the next weekly digest goes: 07:00 Vietnam time on the first working day of the week after `after`. */
    nextDigestSlot: async (input: { after: string }): Promise<DigestSlot> => nextDigestSlot(input.after, digestDeps.isWorkingDay),
    recordJournal: async (batch: JournalBatch): Promise<{ audit: number; projections: number }> => {
      if (batch.rollupToParent) await deliverRollup(Context.current().client, batch.rollupToParent);
      return recordJournal(pool, batch);
    },
  };
}

/** Activity interface, for `proxyActivities<CascadeActivities>()` in workflow code. */
export type CascadeActivities = ReturnType<typeof createActivities>;
