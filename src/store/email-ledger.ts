/** The email ledger: one row per email that should exist, so a retried batch sends each email once. */
import type { Pool } from 'pg';
import type { EmailRequest } from '../domain/cascade/records';

/** A ledger row to claim before sending. */
export interface LedgerClaim {
  email: EmailRequest;
  recipient: string;
  messageId: string;
}

/** Where an email stands in the ledger. */
export type LedgerStatus = 'sending' | 'sent' | 'failed' | 'skipped';

/** Key of an email within one directive, for maps. */
export function ledgerKey(email: Pick<EmailRequest, 'unitId' | 'kind' | 'step'>): string {
  return `${email.unitId}/${email.kind}/${email.step}`;
}

/** Dedupe key of the audit record of an email (the same key for sent and failed: one record per email). */
export function emailAuditKey(directiveId: string, email: Pick<EmailRequest, 'unitId' | 'kind' | 'step'>): string {
  return `email/${directiveId}/${email.unitId}/${email.kind}/${email.step}`;
}

const CLAIM = `
  INSERT INTO email_ledger (directive_id, unit_id, kind, step, recipient, message_id)
  SELECT $1, e.unit_id, e.kind, e.step, e.recipient, e.message_id
  FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[]) AS e(unit_id, kind, step, recipient, message_id)
  ON CONFLICT (directive_id, unit_id, kind, step) DO NOTHING`;

const STATUSES = `
  SELECT l.unit_id, l.kind, l.step, l.status
  FROM email_ledger l
  JOIN unnest($2::text[], $3::text[], $4::int[]) AS e(unit_id, kind, step)
    ON l.unit_id = e.unit_id AND l.kind = e.kind AND l.step = e.step
  WHERE l.directive_id = $1`;

// Marking and auditing in one statement: both happen or neither does. One statement for a whole
// group of sent emails: at a national launch a statement per notice was a PostgreSQL round trip
// per unit on the worker's busiest thread.
const MARK_SENT = `
  WITH sent AS (
    SELECT * FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::jsonb[], $7::text[])
      AS e(unit_id, kind, step, message_id, payload, dedupe_key)
  ),
  marked AS (
    UPDATE email_ledger l SET status = 'sent', message_id = sent.message_id, sent_at = now(), error = NULL
    FROM sent
    WHERE l.directive_id = $1 AND l.unit_id = sent.unit_id AND l.kind = sent.kind AND l.step = sent.step AND l.status <> 'sent'
    RETURNING l.directive_id, l.unit_id, l.kind, l.sent_at, sent.payload, sent.dedupe_key
  )
  INSERT INTO audit_log (directive_id, unit_id, kind, actor, payload, occurred_at, dedupe_key)
  SELECT directive_id, unit_id, kind, NULL, payload, sent_at, dedupe_key FROM marked
  ON CONFLICT (dedupe_key) DO NOTHING`;

/**
 * Closes an email that will not be sent (status `failed` or `skipped`, $8) with its reason and
 * appends the matching audit record (kind $9), only while the email is still `sending`.
 */
const MARK_NOT_SENT = `
  WITH marked AS (
    UPDATE email_ledger SET status = $8::text, error = $5
    WHERE directive_id = $1 AND unit_id = $2 AND kind = $3 AND step = $4 AND status = 'sending'
    RETURNING directive_id, unit_id
  )
  INSERT INTO audit_log (directive_id, unit_id, kind, actor, payload, occurred_at, dedupe_key)
  SELECT directive_id, unit_id, $9::text, NULL, $6::jsonb, now(), $7 FROM marked
  ON CONFLICT (dedupe_key) DO NOTHING`;

/** Inserts a `sending` row for each email that has none yet (existing rows, whatever their status, are kept). */
export async function claimEmails(pool: Pool, directiveId: string, claims: readonly LedgerClaim[]): Promise<void> {
  if (claims.length === 0) return;
  await pool.query(CLAIM, [
    directiveId,
    claims.map((c) => c.email.unitId),
    claims.map((c) => c.email.kind),
    claims.map((c) => c.email.step),
    claims.map((c) => c.recipient),
    claims.map((c) => c.messageId),
  ]);
}

/** Ledger status of each email, by ledgerKey. */
export async function ledgerStatuses(pool: Pool, directiveId: string, emails: readonly EmailRequest[]): Promise<Map<string, LedgerStatus>> {
  const { rows } = await pool.query<{ unit_id: string; kind: EmailRequest['kind']; step: number; status: LedgerStatus }>(STATUSES, [
    directiveId,
    emails.map((e) => e.unitId),
    emails.map((e) => e.kind),
    emails.map((e) => e.step),
  ]);
  return new Map(rows.map((r) => [ledgerKey({ unitId: r.unit_id, kind: r.kind, step: r.step }), r.status]));
}

/** An email the SMTP server accepted, to be marked sent. */
export interface SentMark {
  email: EmailRequest;
  messageId: string;
  payload: Record<string, unknown>;
}

/** Marks emails sent and appends their audit records (kind = the email kind), in one statement. */
export async function markSent(pool: Pool, directiveId: string, marks: readonly SentMark[]): Promise<void> {
  if (marks.length === 0) return;
  await pool.query(MARK_SENT, [
    directiveId,
    marks.map((m) => m.email.unitId),
    marks.map((m) => m.email.kind),
    marks.map((m) => m.email.step),
    marks.map((m) => m.messageId),
    marks.map((m) => JSON.stringify(m.payload)),
    marks.map((m) => emailAuditKey(directiveId, m.email)),
  ]);
}

/** Marks an email permanently failed with the reason and appends an `email-failed` audit record. */
export function markFailed(pool: Pool, directiveId: string, email: EmailRequest, reason: string, payload: Record<string, unknown>): Promise<void> {
  return markNotSent(pool, directiveId, email, 'failed', reason, payload);
}

/** Marks an email skipped (its unit closed before it could go) and appends an `email-skipped` audit record. */
export function markSkipped(pool: Pool, directiveId: string, email: EmailRequest, reason: string, payload: Record<string, unknown>): Promise<void> {
  return markNotSent(pool, directiveId, email, 'skipped', reason, payload);
}

async function markNotSent(
  pool: Pool,
  directiveId: string,
  email: EmailRequest,
  status: 'failed' | 'skipped',
  reason: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await pool.query(MARK_NOT_SENT, [
    directiveId,
    email.unitId,
    email.kind,
    email.step,
    reason,
    JSON.stringify({ ...payload, reason }),
    emailAuditKey(directiveId, email),
    status,
    `email-${status}`,
  ]);
}
