/**
 * The digest's send record: one row per (unit, week). A run claims a row before sending and marks
 * it sent after the SMTP server took the message, so a repeated run (an activity retry, a second
 * worker running the same week) sends nothing twice. A claim is held for a lease: a run that died
 * between claiming and marking leaves a row another run may take over once the lease has passed.
 */
import type { Pool } from 'pg';

/** What a claim needs: the unit, its week and the message it is about to send. */
export interface DigestClaim {
  unitId: string;
  week: string;
  recipient: string;
  messageId: string;
}

// A row that is new, or still `sending` with its lease run out, becomes this run's; any other row
// (sent, failed, or held by a live run) is left alone and returns nothing.
const CLAIM = `
  INSERT INTO digest_sends (unit_id, week, recipient, message_id) VALUES ($1, $2, $3, $4)
  ON CONFLICT (unit_id, week) DO UPDATE SET claimed_at = now(), recipient = EXCLUDED.recipient, message_id = EXCLUDED.message_id
   WHERE digest_sends.status = 'sending' AND digest_sends.claimed_at < now() - make_interval(secs => $5)
  RETURNING unit_id`;

const MARK_SENT = `UPDATE digest_sends SET status = 'sent', sent_at = now(), error = NULL, payload = $3::jsonb WHERE unit_id = $1 AND week = $2 AND status = 'sending'`;

const MARK_FAILED = `UPDATE digest_sends SET status = 'failed', error = $3 WHERE unit_id = $1 AND week = $2 AND status = 'sending'`;

// Gives a claim back after a transient failure, so the retry may send at once.
const RELEASE = `DELETE FROM digest_sends WHERE unit_id = $1 AND week = $2 AND status = 'sending'`;

const STATUS = `SELECT status FROM digest_sends WHERE unit_id = $1 AND week = $2`;

/** Takes the (unit, week) row for this run: true when this run may send, false when another run did, does, or failed for good. */
export async function claimDigest(pool: Pool, claim: DigestClaim, leaseSeconds: number): Promise<boolean> {
  const { rowCount } = await pool.query(CLAIM, [claim.unitId, claim.week, claim.recipient, claim.messageId, leaseSeconds]);
  return rowCount === 1;
}

/** Marks the week's digest of the unit sent, with what it said (counts, message id). */
export async function markDigestSent(pool: Pool, unitId: string, week: string, payload: Record<string, unknown>): Promise<void> {
  await pool.query(MARK_SENT, [unitId, week, JSON.stringify(payload)]);
}

/** Marks the week's digest of the unit failed for good (the server refused it), with the reason. */
export async function markDigestFailed(pool: Pool, unitId: string, week: string, reason: string): Promise<void> {
  await pool.query(MARK_FAILED, [unitId, week, reason]);
}

/** Gives the claim back (a transient failure: the retry sends it). */
export async function releaseDigest(pool: Pool, unitId: string, week: string): Promise<void> {
  await pool.query(RELEASE, [unitId, week]);
}

/** Where the week's digest of the unit stands, or null when no run claimed it. */
export async function digestStatus(pool: Pool, unitId: string, week: string): Promise<'sending' | 'sent' | 'failed' | null> {
  const { rows } = await pool.query<{ status: 'sending' | 'sent' | 'failed' }>(STATUS, [unitId, week]);
  return rows[0]?.status ?? null;
}
