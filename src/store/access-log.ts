/** The inspectors' access log (inspector_access_log): one row per request an inspector made, in the order they were answered. */
import type { Pool } from 'pg';

/** One request of an inspector, as recorded. */
export interface AccessLogRow {
  at: string;
  subject: string;
  tokenId: string;
  unitId: string;
  method: string;
  route: string;
  path: string;
  directiveId: string | null;
  targetUnit: string | null;
  status: number;
}

/** A recorded request, as the secretariat lists it. */
export interface AccessLogEntry extends AccessLogRow {
  id: number;
}

const INSERT = `
  INSERT INTO inspector_access_log (at, subject, token_id, unit_id, method, route, path, directive_id, target_unit, status)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;
// Newest `limit` rows, handed back oldest first: a log reads in the order things happened.
const LIST = `
  SELECT * FROM (
    SELECT id, at, subject, token_id AS "tokenId", unit_id AS "unitId", method, route, path,
           directive_id AS "directiveId", target_unit AS "targetUnit", status
      FROM inspector_access_log
     WHERE $1::text IS NULL OR subject = $1
     ORDER BY id DESC LIMIT $2
  ) newest ORDER BY id`;

/** Records one request. */
export async function insertAccessLogRow(pool: Pool, row: AccessLogRow): Promise<void> {
  await pool.query(INSERT, [row.at, row.subject, row.tokenId, row.unitId, row.method, row.route, row.path, row.directiveId, row.targetUnit, row.status]);
}

/** The newest `limit` requests (of one subject when given), oldest first. */
export async function listAccessLog(pool: Pool, filter: { subject?: string; limit: number }): Promise<AccessLogEntry[]> {
  const { rows } = await pool.query<Omit<AccessLogEntry, 'id' | 'at'> & { id: string; at: Date }>(LIST, [filter.subject ?? null, filter.limit]);
  return rows.map((r) => ({ ...r, id: Number(r.id), at: r.at.toISOString() }));
}
