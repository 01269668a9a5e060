/** The credentials table: access tokens as issued, link families as revoked, and the revocations every request is checked against. */
import type { Pool, PoolClient } from 'pg';
import type { RevokedCredential } from '../security/revocation-list';

/** An access token as recorded at issue. */
export interface AccessTokenRecord {
  id: string;
  subject: string;
  role: 'secretariat' | 'supervisor' | 'inspector' | 'unit';
  unitId: string | null;
  issuedAt: string;
  issuedBy: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  reason: string | null;
}

/** A revoked link family: report links of a unit in one directive (null: all of them), or its inbox links. */
export interface LinkFamilyRecord {
  id: string;
  kind: 'report' | 'inbox';
  unitId: string;
  directiveId: string | null;
  revokedAt: string;
  revokedBy: string;
  reason: string;
}

const TOKEN_COLUMNS = `id, subject, role, unit_id AS "unitId", issued_at AS "issuedAt", issued_by AS "issuedBy", expires_at AS "expiresAt",
  revoked_at AS "revokedAt", revoked_by AS "revokedBy", revoke_reason AS reason`;
const FAMILY_COLUMNS = `id, CASE kind WHEN 'report-links' THEN 'report' ELSE 'inbox' END AS kind, unit_id AS "unitId", directive_id AS "directiveId",
  revoked_at AS "revokedAt", revoked_by AS "revokedBy", revoke_reason AS reason`;

const INSERT_TOKEN = `
  INSERT INTO credentials (id, kind, subject, role, unit_id, issued_at, issued_by, expires_at)
  VALUES ($1, 'access-token', $2, $3, $4, $5, $6, $7) RETURNING ${TOKEN_COLUMNS}`;
const TOKEN = `SELECT ${TOKEN_COLUMNS} FROM credentials WHERE id = $1 AND kind = 'access-token' FOR UPDATE`;
const REVOKE_TOKEN = `
  UPDATE credentials SET revoked_at = now(), revoked_by = $2, revoke_reason = $3
   WHERE id = $1 AND kind = 'access-token' AND revoked_at IS NULL RETURNING ${TOKEN_COLUMNS}`;
// A family revoked again moves its cut-off to now: links minted since the first revocation may have leaked too.
const REVOKE_FAMILY = `
  INSERT INTO credentials (id, kind, unit_id, directive_id, revoked_at, revoked_by, revoke_reason)
  VALUES ($1, $2, $3, $4, now(), $5, $6)
  ON CONFLICT (id) DO UPDATE SET revoked_at = now(), revoked_by = EXCLUDED.revoked_by, revoke_reason = EXCLUDED.revoke_reason
  RETURNING ${FAMILY_COLUMNS}`;
const FAMILY = `SELECT ${FAMILY_COLUMNS} FROM credentials WHERE id = $1`;
const TOKENS = `SELECT ${TOKEN_COLUMNS} FROM credentials WHERE kind = 'access-token' ORDER BY issued_at DESC, id LIMIT $1`;
// Sessions are credentials rows too (src/store/sessions.ts): families are the two link kinds.
const FAMILIES = `SELECT ${FAMILY_COLUMNS} FROM credentials WHERE kind IN ('report-links', 'inbox-links') ORDER BY revoked_at DESC, id`;
// Expired tokens fail on their own, so only the revocations that still decide something are loaded.
const REVOKED = `
  SELECT id, revoked_at AS "revokedAt" FROM credentials
   WHERE revoked_at IS NOT NULL AND (expires_at IS NULL OR expires_at > now())`;

type Dated<T> = { [K in keyof T]: T[K] extends string ? string | Date : T[K] extends string | null ? string | Date | null : T[K] };

function iso(value: string | Date | null): string | null {
  return value === null ? null : value instanceof Date ? value.toISOString() : value;
}

function tokenRow(r: Dated<AccessTokenRecord>): AccessTokenRecord {
  return {
    ...r,
    issuedAt: iso(r.issuedAt) as string,
    expiresAt: iso(r.expiresAt) as string,
    revokedAt: iso(r.revokedAt),
  } as AccessTokenRecord;
}

function familyRow(r: Dated<LinkFamilyRecord>): LinkFamilyRecord {
  return { ...r, revokedAt: iso(r.revokedAt) as string } as LinkFamilyRecord;
}

/** Records an access token at its issue, in the caller's transaction. */
export async function insertAccessToken(client: PoolClient, token: Omit<AccessTokenRecord, 'revokedAt' | 'revokedBy' | 'reason'>): Promise<AccessTokenRecord> {
  const { rows } = await client.query<Dated<AccessTokenRecord>>(INSERT_TOKEN, [
    token.id,
    token.subject,
    token.role,
    token.unitId,
    token.issuedAt,
    token.issuedBy,
    token.expiresAt,
  ]);
  return tokenRow(rows[0] as Dated<AccessTokenRecord>);
}

/** The token's row, locked until the transaction ends; null when no token has this id. */
export async function lockAccessToken(client: PoolClient, id: string): Promise<AccessTokenRecord | null> {
  const { rows } = await client.query<Dated<AccessTokenRecord>>(TOKEN, [id]);
  return rows[0] ? tokenRow(rows[0]) : null;
}

/** Revokes a standing token; null when it was revoked already. */
export async function revokeAccessTokenRow(client: PoolClient, id: string, actor: string, reason: string): Promise<AccessTokenRecord | null> {
  const { rows } = await client.query<Dated<AccessTokenRecord>>(REVOKE_TOKEN, [id, actor, reason]);
  return rows[0] ? tokenRow(rows[0]) : null;
}

/** A link family's revocation, or null when it was never revoked. */
export async function linkFamily(client: PoolClient, id: string): Promise<LinkFamilyRecord | null> {
  const { rows } = await client.query<Dated<LinkFamilyRecord>>(FAMILY, [id]);
  return rows[0] ? familyRow(rows[0]) : null;
}

/** Revokes a link family now (again, when it was revoked before: the cut-off moves to now). */
export async function revokeLinkFamilyRow(
  client: PoolClient,
  family: Pick<LinkFamilyRecord, 'id' | 'kind' | 'unitId' | 'directiveId'>,
  actor: string,
  reason: string,
): Promise<LinkFamilyRecord> {
  const kind = family.kind === 'report' ? 'report-links' : 'inbox-links';
  const { rows } = await client.query<Dated<LinkFamilyRecord>>(REVOKE_FAMILY, [family.id, kind, family.unitId, family.directiveId, actor, reason]);
  return familyRow(rows[0] as Dated<LinkFamilyRecord>);
}

/** The access tokens issued, newest first, at most `limit`. */
export async function listAccessTokens(pool: Pool, limit: number): Promise<AccessTokenRecord[]> {
  const { rows } = await pool.query<Dated<AccessTokenRecord>>(TOKENS, [limit]);
  return rows.map(tokenRow);
}

/** Every revoked link family, most recently revoked first. */
export async function listLinkFamilies(pool: Pool): Promise<LinkFamilyRecord[]> {
  const { rows } = await pool.query<Dated<LinkFamilyRecord>>(FAMILIES);
  return rows.map(familyRow);
}

/** The revocations in force: revoked tokens not yet expired, and every revoked link family. */
export async function loadRevocations(pool: Pool): Promise<RevokedCredential[]> {
  const { rows } = await pool.query<{ id: string; revokedAt: Date }>(REVOKED);
  return rows.map((r) => ({ id: r.id, revokedAt: r.revokedAt.toISOString() }));
}
