/** The directory's audit trail (org_audit): who changed which unit when, written in the transaction of the change. */
import type { Pool, PoolClient } from 'pg';
import type { OrgUnit } from '../domain/org/org';
import { chunks } from './db';

const AUDIT_CHUNK = 5_000;

/**
 * One row of the trail: an import's summary (unit the file went under, or null for the whole
 * directory), one unit's change, or a credential issued or revoked (src/app/credentials.ts).
 */
export interface OrgAuditRow {
  action: 'import' | 'add' | 'update' | 'remove' | 'token-issue' | 'token-revoke' | 'links-revoke';
  unitId: string | null;
  before: OrgUnit | Record<string, unknown> | null;
  after: OrgUnit | Record<string, unknown> | null;
}

/** A recorded row, as the history lists it. */
export interface OrgAuditEntry extends OrgAuditRow {
  id: number;
  changeId: number;
  occurredAt: string;
  actor: string;
}

/** Records the rows of one change under one new change id, in the caller's transaction; returns the change id. */
export async function recordOrgChange(client: PoolClient, actor: string, rows: readonly OrgAuditRow[]): Promise<number> {
  const { rows: ids } = await client.query<{ id: string }>(`SELECT nextval('org_audit_change_seq') AS id`);
  const changeId = Number(ids[0]?.id);
  for (const chunk of chunks(rows, AUDIT_CHUNK)) {
    await client.query(
      `INSERT INTO org_audit (change_id, actor, action, unit_id, before, after)
       SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::jsonb[], $6::jsonb[])`,
      [
        changeId,
        actor,
        chunk.map((r) => r.action),
        chunk.map((r) => r.unitId),
        chunk.map((r) => (r.before === null ? null : JSON.stringify(r.before))),
        chunk.map((r) => (r.after === null ? null : JSON.stringify(r.after))),
      ],
    );
  }
  return changeId;
}

/** The trail, newest first: every row, or the rows about one unit (its own changes and imports under it); at most `limit`. */
export async function listOrgHistory(pool: Pool, unitId: string | undefined, limit: number): Promise<OrgAuditEntry[]> {
  const { rows } = await pool.query<{
    id: string;
    change_id: string;
    occurred_at: Date;
    actor: string;
    action: OrgAuditRow['action'];
    unit_id: string | null;
    before: OrgAuditRow['before'];
    after: OrgAuditRow['after'];
  }>(
    `SELECT id, change_id, occurred_at, actor, action, unit_id, before, after FROM org_audit
      WHERE $1::text IS NULL OR unit_id = $1 ORDER BY id DESC LIMIT $2`,
    [unitId ?? null, limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    changeId: Number(r.change_id),
    occurredAt: r.occurred_at.toISOString(),
    actor: r.actor,
    action: r.action,
    unitId: r.unit_id,
    before: r.before,
    after: r.after,
  }));
}
