/**
 * Sign-in links and the sessions they open. A session is a `credentials` row of kind 'session', so
 * the revocations every request is checked against (src/store/credentials.ts, loadRevocations)
 * hold revoked sessions as they hold revoked tokens.
 */
import type { Pool, PoolClient } from 'pg';
import type { PersonRole } from '../domain/people/person';

/** A session as listed. */
export interface SessionRecord {
  id: string;
  personId: string;
  subject: string;
  role: PersonRole;
  unitId: string | null;
  issuedAt: string;
  expiresAt: string;
  lastSeenAt: string | null;
  userAgent: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  reason: string | null;
}

const SESSION_COLUMNS = `id, person_id AS "personId", subject, role, unit_id AS "unitId", issued_at AS "issuedAt", expires_at AS "expiresAt",
  last_seen_at AS "lastSeenAt", user_agent AS "userAgent", revoked_at AS "revokedAt", revoked_by AS "revokedBy", revoke_reason AS reason`;

const INSERT_LINK = `INSERT INTO sign_in_links (id, person_id, issued_at, expires_at) VALUES ($1, $2, $3, $4)`;
// Single use under concurrency: only the UPDATE that finds used_at null gets the row back.
const CONSUME_LINK = `
  UPDATE sign_in_links SET used_at = now() WHERE id = $1 AND used_at IS NULL AND expires_at > now()
  RETURNING person_id AS "personId"`;
const LINK_STATE = `SELECT used_at AS "usedAt", expires_at AS "expiresAt" FROM sign_in_links WHERE id = $1`;
const INSERT_SESSION = `
  INSERT INTO credentials (id, kind, person_id, subject, role, unit_id, issued_at, issued_by, expires_at, user_agent)
  VALUES ($1, 'session', $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${SESSION_COLUMNS}`;
const SESSIONS = `
  SELECT ${SESSION_COLUMNS} FROM credentials
   WHERE kind = 'session' AND ($1::text IS NULL OR person_id = $1) ORDER BY issued_at DESC, id LIMIT $2`;
const SESSION = `SELECT ${SESSION_COLUMNS} FROM credentials WHERE id = $1 AND kind = 'session' FOR UPDATE`;
const REVOKE_SESSION = `
  UPDATE credentials SET revoked_at = now(), revoked_by = $2, revoke_reason = $3
   WHERE id = $1 AND kind = 'session' AND revoked_at IS NULL RETURNING ${SESSION_COLUMNS}`;
const REVOKE_PERSON_SESSIONS = `
  UPDATE credentials SET revoked_at = now(), revoked_by = $2, revoke_reason = $3
   WHERE person_id = $1 AND kind = 'session' AND revoked_at IS NULL AND expires_at > now() RETURNING id`;
const TOUCH = `UPDATE credentials SET last_seen_at = $2 WHERE id = $1 AND kind = 'session' AND (last_seen_at IS NULL OR last_seen_at < $2)`;

type Row = {
  [K in keyof SessionRecord]: SessionRecord[K] extends string
    ? string | Date
    : SessionRecord[K] extends string | null
      ? string | Date | null
      : SessionRecord[K];
};

function iso(v: string | Date | null): string | null {
  return v === null ? null : v instanceof Date ? v.toISOString() : v;
}

function session(r: Row): SessionRecord {
  return {
    ...r,
    issuedAt: iso(r.issuedAt) as string,
    expiresAt: iso(r.expiresAt) as string,
    lastSeenAt: iso(r.lastSeenAt),
    revokedAt: iso(r.revokedAt),
  } as SessionRecord;
}

/** Records a sign-in link as emailed. */
export async function insertSignInLink(pool: Pool, link: { id: string; personId: string; issuedAt: string; expiresAt: string }): Promise<void> {
  await pool.query(INSERT_LINK, [link.id, link.personId, link.issuedAt, link.expiresAt]);
}

/** Marks a sign-in link used; its person's id, or null when it was used already, has expired or never existed. */
export async function consumeSignInLink(client: PoolClient, id: string): Promise<string | null> {
  const { rows } = await client.query<{ personId: string }>(CONSUME_LINK, [id]);
  return rows[0]?.personId ?? null;
}

/** Whether a sign-in link was used and when it expires; null when no link has this id. */
export async function signInLinkState(db: Pool | PoolClient, id: string): Promise<{ usedAt: string | null; expiresAt: string } | null> {
  const { rows } = await db.query<{ usedAt: Date | null; expiresAt: Date }>(LINK_STATE, [id]);
  const r = rows[0];
  return r ? { usedAt: r.usedAt ? r.usedAt.toISOString() : null, expiresAt: r.expiresAt.toISOString() } : null;
}

/** Records a new session, in the caller's transaction. */
export async function insertSession(
  client: PoolClient,
  s: {
    id: string;
    personId: string;
    subject: string;
    role: PersonRole;
    unitId: string | null;
    issuedAt: string;
    issuedBy: string;
    expiresAt: string;
    userAgent: string | null;
  },
): Promise<SessionRecord> {
  const { rows } = await client.query<Row>(INSERT_SESSION, [s.id, s.personId, s.subject, s.role, s.unitId, s.issuedAt, s.issuedBy, s.expiresAt, s.userAgent]);
  return session(rows[0] as Row);
}

/** Sessions newest first (one person's when `personId` is given), at most `limit`. */
export async function listSessions(pool: Pool, personId: string | null, limit: number): Promise<SessionRecord[]> {
  const { rows } = await pool.query<Row>(SESSIONS, [personId, limit]);
  return rows.map(session);
}

/** A session's row, locked until the transaction ends; null when no session has this id. */
export async function lockSession(client: PoolClient, id: string): Promise<SessionRecord | null> {
  const { rows } = await client.query<Row>(SESSION, [id]);
  return rows[0] ? session(rows[0]) : null;
}

/** Revokes a standing session; null when it was revoked already. */
export async function revokeSessionRow(client: PoolClient, id: string, actor: string, reason: string): Promise<SessionRecord | null> {
  const { rows } = await client.query<Row>(REVOKE_SESSION, [id, actor, reason]);
  return rows[0] ? session(rows[0]) : null;
}

/** Revokes every standing session of a person (they were disabled); the ids revoked. */
export async function revokePersonSessions(client: PoolClient, personId: string, actor: string, reason: string): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(REVOKE_PERSON_SESSIONS, [personId, actor, reason]);
  return rows.map((r) => r.id);
}

/** Moves a session's last-seen instant forward (never back). */
export async function touchSession(pool: Pool, id: string, at: string): Promise<void> {
  await pool.query(TOUCH, [id, at]);
}
