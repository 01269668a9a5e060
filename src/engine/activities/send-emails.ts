/** sendEmails: notices, reminders and escalations, each sent at most once per ledger key, a few at a time. */
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import { renderEmail, type EmailContext } from '../../domain/report/email-templates';
import { toEpochMs } from '../../domain/time/time';
import type { ReminderSkip } from '../../domain/track/track-schedule';
import { closedUnitIds } from '../../store/unit-listings';
import { inboxLinkFor } from '../../security/inbox-link';
import { reportLinkFor } from '../../security/report-link';
import { runLimited } from './concurrency';
import type { DirectiveRuntime, EmailRequest } from '../../domain/cascade/records';
import type { SendEmailsInput, SendEmailsResult } from '../protocol';
import { addressEmails, type AddressedEmail } from '../../store/email-recipients';
import { claimEmails, ledgerKey, ledgerStatuses, markFailed, markSent, markSkipped, type SentMark } from '../../store/email-ledger';
import { FAILURE_TYPES } from './failure-types';
import { failingWithoutRetryOnRefusal } from './snapshot-refusals';
import { InjectedFault } from './fault-injection';
import { throttledHeartbeat } from './heartbeat';
import { headerSafeAddress, headerSafeName, isPermanentRejection, messageIdFor } from '../../mail/mail-headers';
import { buildMimeMessage } from '../../mail/mime-message';
import type { MailSender } from '../../mail/smtp-sender';

/** What sendEmails needs from the factory's dependencies. */
export interface EmailDeps {
  pool: Pool;
  mailer: MailSender;
  /** The sender (MAIL_FROM), already checked to be one mailbox on one line (headerSafeMailbox). */
  mailFrom: { name: string; address: string };
  publicBaseUrl: string;
  linkSecret: string;
  linkTtlDays: number;
  /** Days the recipient's inbox link stays valid after the email is sent. */
  inboxLinkTtlDays: number;
  /** Tests only (see fault-injection.ts): true when this accepted email must "crash" before the ledger write. */
  crashAfterSmtpAccept?: () => boolean;
}

/** sendEmails' counts: `failed` are emails the server refused for good (now or on an earlier call); they are not retried. */
export interface SendEmailsOutcome extends SendEmailsResult {
  failed: number;
}

/** SMTP connections open at once: enough to hide latency, few enough not to look like a flood to a relay. */
const SEND_CONCURRENCY = 8;
/** Accepted emails marked sent per ledger statement, at most (of all the directive's batches under way in the process). */
const MARKS_PER_WRITE = 128;
/** How long an accepted email waits for others to share its ledger statement. */
const MARK_DELAY_MS = 50;
/** Heartbeats at most this often: far inside EMAIL_ACTIVITY_OPTIONS' heartbeatTimeout (1 minute). */
const HEARTBEAT_INTERVAL_MS = 1_000;

/** An email ready to go, or the reason it cannot go anywhere. */
type Outgoing = AddressedEmail & { messageId: string; to: { name: string; address: string } | null; problem: string | null };

function prepare(directiveId: string, addressed: AddressedEmail): Outgoing {
  const messageId = messageIdFor(directiveId, addressed.email);
  const { recipient, subject, email } = addressed;
  if (recipient === null) {
    return {
      ...addressed,
      messageId,
      to: null,
      problem: `unit ${subject.unit_id} is the root of the cascade; there is no superior to escalate ${email.kind} step ${email.step} to`,
    };
  }
  const address = headerSafeAddress(recipient.email);
  if (address === null) {
    return { ...addressed, messageId, to: null, problem: `unit ${recipient.unit_id} has no usable email address (${JSON.stringify(recipient.email)})` };
  }
  return { ...addressed, messageId, to: { name: headerSafeName(recipient.name), address }, problem: null };
}

/**
 * The links an email carries: notices and reminders the unit's report link; every email the inbox
 * link of the unit it goes to, so an escalation opens the superior committee's own inbox (the
 * overdue unit, its status and its contact) without an access token. Inbox links count their
 * validity from the sending, not from when the workflow found the email due.
 */
function linksFor(deps: EmailDeps, directive: DirectiveRuntime, out: Outgoing, sentAt: string): Pick<EmailContext, 'reportLink' | 'inboxLink'> {
  const base = deps.publicBaseUrl.replace(/\/+$/, '');
  const { email } = out;
  const recipientId = out.recipient?.unit_id ?? email.unitId;
  return {
    ...(OWED_KINDS.has(email.kind)
      ? { reportLink: reportLinkFor(base, directive.id, email.unitId, email.deadline, deps.linkSecret, deps.linkTtlDays, sentAt) }
      : {}),
    inboxLink: inboxLinkFor(base, recipientId, sentAt, deps.linkSecret, deps.inboxLinkTtlDays),
  };
}

/**
 * One message to send and the ledger emails it stands for: usually one, but escalation steps of a
 * unit that the cap at the root sends to the same superior in the same batch go as one message
 * ("bước 2–3"), and every one of them is marked sent by it.
 */
interface Message {
  lead: Outgoing;
  emails: Outgoing[];
}

/**
 * Groups a batch into messages. The lead is the lowest step: its Message-ID is the message's, so
 * a retry that finds the same steps still unsent groups them the same way and sends the same
 * Message-ID again (the marks of one message are written in one statement, so a retry never finds
 * part of a group sent).
 */
function groupMessages(pending: readonly Outgoing[]): Message[] {
  const messages: Message[] = [];
  const escalations = new Map<string, Message>();
  for (const out of pending) {
    if (out.email.kind !== 'escalation' || out.to === null || out.recipient === null) {
      messages.push({ lead: out, emails: [out] });
      continue;
    }
    const key = `${out.email.unitId}\u0000${out.recipient.unit_id}\u0000${out.email.deadline}`;
    const group = escalations.get(key);
    if (group) group.emails.push(out);
    else {
      const message = { lead: out, emails: [out] };
      escalations.set(key, message);
      messages.push(message);
    }
  }
  for (const message of messages) {
    message.emails.sort((a, b) => a.email.step - b.email.step);
    message.lead = message.emails[0] as Outgoing;
  }
  return messages;
}

/** Escalation step of the spec (1 = the first) an email is, as the superior reads it. */
function escalationStep(email: EmailRequest): number {
  return (email.ancestorIndex ?? 0) + 1;
}

/** What the message says: days counted from `asOf` (when the workflow found it due), links valid from `sentAt`. */
function contextFor(deps: EmailDeps, directive: DirectiveRuntime, message: Message, asOf: string, sentAt: string): EmailContext {
  const out = message.lead;
  return {
    now: asOf,
    directive: { code: directive.code, title: directive.title, issuer: directive.issuer, issuedOn: directive.issuedOn },
    recipientName: out.recipient?.name ?? out.subject.name,
    unit: { unitId: out.subject.unit_id, name: out.subject.name, email: out.subject.email },
    deadline: out.email.deadline,
    ...linksFor(deps, directive, out, sentAt),
    ...(message.emails.length > 1 ? { escalationSteps: message.emails.map((o) => escalationStep(o.email)) } : {}),
    ...(out.email.reason ? { reason: out.email.reason } : {}),
  };
}

function auditPayload(out: Outgoing): Record<string, unknown> {
  return {
    step: out.email.step,
    deadline: out.email.deadline,
    recipientUnitId: out.recipient?.unit_id ?? null,
    recipient: out.to?.address ?? null,
    messageId: out.messageId,
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** How a group's statement ended: null when written, else its error. */
type WriteOutcome = { error: unknown } | null;

/**
 * Marks gathering for one ledger statement, shared by every sendEmails call of one directive in
 * this process: at a launch dozens of batches send at once, and a group of each batch alone caught
 * about 6 marks per statement. Written when it holds MARKS_PER_WRITE marks or MARK_DELAY_MS after
 * it opened, whichever comes first; `written` never rejects.
 */
class MarkGroup {
  readonly marks: SentMark[] = [];
  readonly written: Promise<WriteOutcome>;
  private start: () => void = () => undefined;
  private closed = false;
  private readonly timer: ReturnType<typeof setTimeout>;

  constructor(
    pool: Pool,
    directiveId: string,
    private readonly onClose: () => void,
  ) {
    this.written = new Promise<void>((resolve) => (this.start = resolve)).then(() =>
      markSent(pool, directiveId, this.marks).then(
        () => null,
        (error: unknown) => ({ error }),
      ),
    );
    this.timer = setTimeout(() => this.close(), MARK_DELAY_MS);
  }

  /** Takes no more marks and starts the statement (once). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.onClose();
    this.start();
  }
}

/** The group taking marks now, per pool and directive; a group leaves the map when it closes. */
const openGroups = new WeakMap<Pool, Map<string, MarkGroup>>();

function openGroup(pool: Pool, directiveId: string): MarkGroup {
  let byDirective = openGroups.get(pool);
  if (!byDirective) openGroups.set(pool, (byDirective = new Map()));
  const found = byDirective.get(directiveId);
  if (found) return found;
  const directory = byDirective;
  const group: MarkGroup = new MarkGroup(pool, directiveId, () => {
    if (directory.get(directiveId) === group) directory.delete(directiveId);
  });
  directory.set(directiveId, group);
  return group;
}

/**
 * One sendEmails call's ledger marks of accepted emails, written in the directive's shared groups.
 * An email accepted but not yet marked is sent again by a retry after a crash, with the same
 * Message-ID (receivers that dedupe drop it), so MARK_DELAY_MS bounds those duplicates: a worker
 * SIGKILLed mid-launch left 395 of them when groups waited only for their 32nd mark
 * (test/faults/worker-sigkill.test.ts). Sharing the groups between the calls changes no bound:
 * whatever the grouping, the marks at risk are those of the last MARK_DELAY_MS and the writes under way.
 */
class SentMarks {
  /** Groups holding marks of this call whose outcome it has not yet seen. */
  private readonly pending = new Set<MarkGroup>();

  constructor(
    private readonly pool: Pool,
    private readonly directiveId: string,
  ) {}

  /**
   * Queues the marks of one message (all written by the same statement); the sender that fills a
   * group waits for its write, which paces the senders.
   */
  async add(...marks: SentMark[]): Promise<void> {
    const group = openGroup(this.pool, this.directiveId);
    group.marks.push(...marks);
    this.pending.add(group);
    if (group.marks.length < MARKS_PER_WRITE) return;
    group.close();
    const outcome = await group.written;
    this.pending.delete(group);
    if (outcome !== null) throw outcome.error;
  }

  /**
   * Writes this call's queued marks now and waits for every write of them; rejects if any failed
   * (a failed timed write is thrown here, so nothing is lost silently).
   */
  async flush(): Promise<void> {
    const groups = [...this.pending];
    this.pending.clear();
    for (const group of groups) group.close();
    const failed = (await Promise.all(groups.map((g) => g.written))).find((o) => o !== null);
    if (failed) throw failed.error;
  }
}

/**
 * Sends one message; a permanent rejection is recorded (for each email it stands for) and
 * swallowed, anything else is thrown for Temporal to retry.
 */
async function deliver(deps: EmailDeps, directive: DirectiveRuntime, message: Message, now: string, marks: SentMarks): Promise<'sent' | 'failed'> {
  const out = message.lead;
  if (out.to === null) {
    await markFailed(deps.pool, directive.id, out.email, out.problem ?? 'no recipient', auditPayload(out));
    return 'failed';
  }
  // Days left are counted from when the workflow found the email due, so a retried or delayed
  // send says the same thing as the first attempt would have.
  const rendered = renderEmail(out.email.kind, contextFor(deps, directive, message, out.email.asOf ?? now, now), directive.language);
  const raw = buildMimeMessage({
    from: deps.mailFrom,
    to: out.to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId: out.messageId,
    date: new Date(),
    headers: {
      'Auto-Submitted': 'auto-generated', // RFC 3834: out-of-office replies should not answer it
      'X-Cascade-Directive': directive.id,
      'X-Cascade-Unit': out.email.unitId,
      'X-Cascade-Kind': out.email.kind,
    },
  });
  try {
    await deps.mailer.send({ from: deps.mailFrom.address, to: [out.to.address] }, raw);
  } catch (error) {
    if (isPermanentRejection(error)) {
      for (const each of message.emails) await markFailed(deps.pool, directive.id, each.email, errorText(error), auditPayload(each));
      return 'failed';
    }
    throw new Error(
      `SMTP could not take ${out.email.kind} step ${out.email.step} for unit ${out.email.unitId} of ${directive.id} (${errorText(error)}); ` +
        'the batch will be retried and emails already sent are skipped',
      { cause: error },
    );
  }
  // Fault injection (tests only): the SMTP server has the message, the ledger is not told.
  if (deps.crashAfterSmtpAccept?.()) throw new InjectedFault(`injected crash after the SMTP server accepted ${out.messageId}, before the ledger recorded it`);
  // Every email the message stands for is marked sent with the Message-ID that carried it.
  await marks.add(
    ...message.emails.map((each) => ({ email: each.email, messageId: out.messageId, payload: { ...auditPayload(each), messageId: out.messageId } })),
  );
  return 'sent';
}

const KINDS: ReadonlySet<string> = new Set<EmailRequest['kind']>([
  'notice',
  'reminder',
  'escalation',
  'extension-notice',
  'exemption-notice',
  'withdrawal-notice',
]);
/** Emails to a unit that still owes its report: they carry its report link. */
const OWED_KINDS: ReadonlySet<string> = new Set<EmailRequest['kind']>(['notice', 'reminder', 'extension-notice']);
/** Emails that chase a report: a unit that has closed (reported, exempted, withdrawn) no longer gets them. */
const CHASING_KINDS: ReadonlySet<string> = new Set<EmailRequest['kind']>(['reminder', 'escalation']);

/** What is wrong with a request, or null; checked before anything is sent, since a retry cannot fix it. */
function requestProblem(email: EmailRequest): string | null {
  if (!KINDS.has(email.kind)) return `kind "${String(email.kind)}" is not one of ${[...KINDS].join(', ')}`;
  if (!Number.isSafeInteger(email.step) || email.step < 0) return `step ${email.step} must be a whole number ≥ 0`;
  if (email.ancestorIndex !== undefined && (!Number.isSafeInteger(email.ancestorIndex) || email.ancestorIndex < 0)) {
    return `ancestorIndex ${email.ancestorIndex} must be a whole number ≥ 0`;
  }
  try {
    toEpochMs(email.deadline);
  } catch (error) {
    return errorText(error);
  }
  return null;
}

function assertRequests(directiveId: string, emails: readonly EmailRequest[]): void {
  for (const email of emails) {
    const problem = requestProblem(email);
    if (problem) {
      throw ApplicationFailure.nonRetryable(
        `email request ${email.kind}/${email.step} for unit ${email.unitId} of ${directiveId} is invalid: ${problem}; nothing in this batch was sent`,
        FAILURE_TYPES.invalidInput,
      );
    }
  }
}

/** Why the workflow asked for a reminder's ledger row without sending it (see takeDueActions). */
const SKIP_REASONS: Record<ReminderSkip, string> = {
  superseded: 'a later reminder for the same deadline fell due at the same time and went instead',
  'after-deadline': 'the deadline had already passed when this reminder could go out',
  'before-receipt': 'its day came before the unit received the directive (it got the notice instead)',
};

function uniqueEmails(emails: readonly EmailRequest[]): EmailRequest[] {
  const seen = new Map<string, EmailRequest>();
  for (const email of emails) if (!seen.has(ledgerKey(email))) seen.set(ledgerKey(email), email);
  return [...seen.values()];
}

/**
 * Sends each requested email that the ledger has not recorded as sent or failed: notices and reminders
 * to the unit, escalations to its superior `ancestorIndex` levels up (capped at the root). A retry
 * after a crash resends only unconfirmed emails, with the same Message-ID. Escalation steps of one unit
 * that reach the same superior in one batch go as one message naming its steps. Transient SMTP errors throw
 * (Temporal retries); a permanent 5xx rejection is recorded as failed and the batch goes on.
 */
export async function sendEmails(deps: EmailDeps, input: SendEmailsInput): Promise<SendEmailsOutcome> {
  const { directive } = input;
  assertRequests(directive.id, input.emails);
  const emails = uniqueEmails(input.emails);
  if (emails.length === 0) return { sent: 0, alreadySent: 0, failed: 0, skipped: 0 };
  const outgoing = (await failingWithoutRetryOnRefusal(addressEmails(deps.pool, directive.id, emails))).map((a) => prepare(directive.id, a));
  await claimEmails(
    deps.pool,
    directive.id,
    outgoing.map((o) => ({ email: o.email, recipient: o.to?.address ?? '', messageId: o.messageId })),
  );
  const statuses = await ledgerStatuses(deps.pool, directive.id, emails);

  const counts: SendEmailsOutcome = { sent: 0, alreadySent: 0, failed: 0, skipped: 0 };
  const open = outgoing.filter((o) => {
    const status = statuses.get(ledgerKey(o.email));
    if (status === 'sent') counts.alreadySent += 1;
    else if (status === 'failed') counts.failed += 1;
    else if (status === 'skipped') counts.skipped += 1;
    return status === 'sending' || status === undefined;
  });
  const closed = await closedUnitIds(
    deps.pool,
    directive.id,
    open.filter((o) => CHASING_KINDS.has(o.email.kind)).map((o) => o.email.unitId),
  );
  const pending: Outgoing[] = [];
  for (const out of open) {
    const reason = out.email.skip
      ? SKIP_REASONS[out.email.skip]
      : CHASING_KINDS.has(out.email.kind) && closed.has(out.email.unitId)
        ? `unit ${out.email.unitId} closed (reported, exempted or withdrawn) before this ${out.email.kind} could be sent`
        : null;
    if (reason) {
      await markSkipped(deps.pool, directive.id, out.email, reason, auditPayload(out));
      counts.skipped += 1;
    } else pending.push(out);
  }
  const now = new Date().toISOString();
  const marks = new SentMarks(deps.pool, directive.id);
  const beats = throttledHeartbeat(HEARTBEAT_INTERVAL_MS);
  try {
    await runLimited(groupMessages(pending), SEND_CONCURRENCY, async (message) => {
      // Counted per ledger email: a message standing for steps 2–3 counts two sent.
      counts[await deliver(deps, directive, message, now, marks)] += message.emails.length;
      beats.beat({ sent: counts.sent, failed: counts.failed });
    });
  } catch (error) {
    // Emails the server took before the failure are marked, so the retry does not send them again.
    await marks.flush().catch(() => undefined);
    throw error;
  }
  await marks.flush();
  beats.flush();
  return counts;
}
