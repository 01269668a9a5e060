/**
 * sendWeeklyDigest: one email per committee of the running directives, listing its overdue units
 * below and what falls due in the coming week, linked to its inbox; none to a committee that
 * opted out or has nothing to say. Each (unit, week) is claimed in digest_sends before sending and
 * marked after, so a retry or a second worker sends nothing twice.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import { DIGEST_LINE_LIMIT, renderWeeklyDigest } from '../../domain/digest/digest-email';
import { DIGEST_WINDOW_MS, type DigestSlot } from '../../domain/digest/digest-week';
import type { TrackStatus } from '../../domain/track/unit-track';
import { headerSafeAddress, headerSafeName, isPermanentRejection } from '../../mail/mail-headers';
import { buildMimeMessage } from '../../mail/mime-message';
import type { MailSender } from '../../mail/smtp-sender';
import { inboxLinkFor } from '../../security/inbox-link';
import { claimDigest, markDigestFailed, markDigestSent, releaseDigest } from '../../store/digest-sends';
import { digestCommittees, digestLines, type DigestCommitteeRow } from '../../store/weekly-digest';
import { FAILURE_TYPES } from './failure-types';
import { heartbeat } from './heartbeat';

/** What the digest needs from the factory's dependencies. */
export interface DigestDeps {
  pool: Pool;
  mailer: MailSender;
  mailFrom: { name: string; address: string };
  publicBaseUrl: string;
  linkSecret: string;
  inboxLinkTtlDays: number;
  /** True when the ISO date is worked (the secretariat's calendar): the digest goes on the first working day of the week. */
  isWorkingDay: (isoDate: string) => boolean;
}

/** What one run did, committee by committee. */
export interface WeeklyDigestOutcome {
  committees: number;
  sent: number;
  /** Claimed by an earlier or concurrent run (sent, being sent, or refused for good). */
  alreadySent: number;
  optedOut: number;
  /** Nothing overdue below and nothing due in the week: no email. */
  nothingToSay: number;
  failed: number;
}

/** Statuses of a line that still owes a report and is not yet overdue: what can fall due in the week. */
const DUE_STATUSES: readonly TrackStatus[] = ['pending', 'acknowledged', 'extended'];
/** A claim older than this is taken to be a dead run's: longer than the activity's start-to-close timeout. */
const CLAIM_LEASE_SECONDS = 20 * 60;

/** Deterministic Message-ID of a unit's digest for a week: a resend after a crash carries the same id. */
export function digestMessageId(unitId: string, week: string): string {
  return `<digest.${unitId.replace(/[^A-Za-z0-9._-]/g, '_')}.${week}@directive-cascade>`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function digestOne(deps: DigestDeps, slot: DigestSlot, committee: DigestCommitteeRow): Promise<keyof Omit<WeeklyDigestOutcome, 'committees'>> {
  if (committee.optedOut) return 'optedOut';
  const until = new Date(Date.parse(slot.at) + DIGEST_WINDOW_MS).toISOString();
  const read = await digestLines(deps.pool, committee.unitId, DUE_STATUSES, { from: slot.at, until }, DIGEST_LINE_LIMIT);
  if (read.total === 0) return 'nothingToSay';
  const address = headerSafeAddress(committee.email);
  const messageId = digestMessageId(committee.unitId, slot.week);
  const claimed = await claimDigest(deps.pool, { unitId: committee.unitId, week: slot.week, recipient: address ?? '', messageId }, CLAIM_LEASE_SECONDS);
  if (!claimed) return 'alreadySent';
  if (address === null) {
    await markDigestFailed(deps.pool, committee.unitId, slot.week, `unit ${committee.unitId} has no usable email address (${JSON.stringify(committee.email)})`);
    return 'failed';
  }
  const sentAt = new Date().toISOString();
  const inboxLink = inboxLinkFor(deps.publicBaseUrl, committee.unitId, sentAt, deps.linkSecret, deps.inboxLinkTtlDays);
  const rendered = renderWeeklyDigest({ committee, at: slot.at, ...read, inboxLink });
  const raw = buildMimeMessage({
    from: deps.mailFrom,
    to: { name: headerSafeName(committee.name), address },
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId,
    date: new Date(sentAt),
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Cascade-Unit': committee.unitId, 'X-Cascade-Kind': 'weekly-digest', 'X-Cascade-Week': slot.week },
  });
  try {
    await deps.mailer.send({ from: deps.mailFrom.address, to: [address] }, raw);
  } catch (error) {
    if (isPermanentRejection(error)) {
      await markDigestFailed(deps.pool, committee.unitId, slot.week, errorText(error));
      return 'failed';
    }
    // Given back, so the retry sends it at once instead of waiting out the lease.
    await releaseDigest(deps.pool, committee.unitId, slot.week);
    throw new Error(`SMTP could not take the weekly digest of ${committee.unitId} for ${slot.week} (${errorText(error)}); the run will be retried`, {
      cause: error,
    });
  }
  await markDigestSent(deps.pool, committee.unitId, slot.week, {
    messageId,
    recipient: address,
    overdueUnits: read.overdueUnits,
    dueUnits: read.dueUnits,
    lines: read.total,
  });
  return 'sent';
}

/** Sends the digest of the week `slot` to every committee that has something to hear; see the file comment. */
export async function sendWeeklyDigest(deps: DigestDeps, slot: DigestSlot): Promise<WeeklyDigestOutcome> {
  if (!/^\d{4}-W\d{2}$/.test(slot.week) || !Number.isFinite(Date.parse(slot.at))) {
    throw ApplicationFailure.nonRetryable(`digest slot ${JSON.stringify(slot)} needs week as YYYY-Www and at as an ISO instant`, FAILURE_TYPES.invalidInput);
  }
  const committees = await digestCommittees(deps.pool);
  const outcome: WeeklyDigestOutcome = { committees: committees.length, sent: 0, alreadySent: 0, optedOut: 0, nothingToSay: 0, failed: 0 };
  for (const committee of committees) {
    outcome[await digestOne(deps, slot, committee)] += 1;
    heartbeat(outcome);
  }
  return outcome;
}
