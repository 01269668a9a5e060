/** Reads of secret directives (secret_directive_reads): one row per answered read, in the order they were answered. */
import type { Pool } from 'pg';

/** One read of a secret directive, as recorded. */
export interface SecretReadRow {
  at: string;
  directiveId: string;
  subject: string;
  role: string;
  credential: string | null;
  unitId: string | null;
  method: string;
  route: string;
  path: string;
  targetUnit: string | null;
  status: number;
}

/** A recorded read, as the secretariat lists it. */
export interface SecretReadEntry extends SecretReadRow {
  id: number;
}

const INSERT = `
  INSERT INTO secret_directive_reads (at, directive_id, subject, role, credential, unit_id, method, route, path, target_unit, status)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;
// Newest `limit` rows, handed back oldest first: a log reads in the order things happened.
const LIST = `
  SELECT * FROM (
    SELECT id, at, directive_id AS "directiveId", subject, role, credential, unit_id AS "unitId", method, route, path,
           target_unit AS "targetUnit", status
      FROM secret_directive_reads
     WHERE ($1::text IS NULL OR directive_id = $1) AND ($2::text IS NULL OR subject = $2)
     ORDER BY id DESC LIMIT $3
  ) newest ORDER BY id`;

/** Records one read. */
export async function insertSecretRead(pool: Pool, row: SecretReadRow): Promise<void> {
  await pool.query(INSERT, [
    row.at,
    row.directiveId,
    row.subject,
    row.role,
    row.credential,
    row.unitId,
    row.method,
    row.route,
    row.path,
    row.targetUnit,
    row.status,
  ]);
}

/** The newest `limit` reads (of one directive, of one subject when given), oldest first. */
export async function listSecretReads(pool: Pool, filter: { directiveId?: string; subject?: string; limit: number }): Promise<SecretReadEntry[]> {
  const { rows } = await pool.query<Omit<SecretReadEntry, 'id' | 'at'> & { id: string; at: Date }>(LIST, [
    filter.directiveId ?? null,
    filter.subject ?? null,
    filter.limit,
  ]);
  return rows.map((r) => ({ ...r, id: Number(r.id), at: r.at.toISOString() }));
}
