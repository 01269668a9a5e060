/**
 * What PostgreSQL holds for one directive, counted the way the fault tests judge it: each unit
 * once in the snapshot and the projection, each email once in the ledger, each one-time audit
 * fact (received, report, acknowledgement, email) once in the audit log. The primary keys and
 * dedupe keys should make duplicates impossible; the tests count them anyway, so a schema change
 * that loosened a key would show up here.
 */
import type { Pool } from 'pg';

/** Ledger rows of one kind of email. */
export interface LedgerKindTally {
  rows: number;
  sent: number;
  /** Claimed but never confirmed: an attempt died between the claim and the ledger write. */
  sending: number;
  failed: number;
  /** Rows beyond the first per (unit, kind, step). */
  duplicates: number;
}

/** Ledger rows per kind of email. */
export async function ledgerTally(pool: Pool, directiveId: string): Promise<Record<string, LedgerKindTally>> {
  const { rows } = await pool.query<{ kind: string; rows: string; sent: string; sending: string; failed: string; keys: string }>(
    `SELECT kind, count(*) AS rows, count(*) FILTER (WHERE status = 'sent') AS sent, count(*) FILTER (WHERE status = 'sending') AS sending,
            count(*) FILTER (WHERE status = 'failed') AS failed, count(DISTINCT (unit_id, step)) AS keys
       FROM email_ledger WHERE directive_id = $1 GROUP BY kind`,
    [directiveId],
  );
  return Object.fromEntries(
    rows.map((r) => [
      r.kind,
      { rows: Number(r.rows), sent: Number(r.sent), sending: Number(r.sending), failed: Number(r.failed), duplicates: Number(r.rows) - Number(r.keys) },
    ]),
  );
}

/** The ledger tally of one kind (zeros when there are no rows). */
export function ledgerKind(tally: Record<string, LedgerKindTally>, kind: string): LedgerKindTally {
  return tally[kind] ?? { rows: 0, sent: 0, sending: 0, failed: 0, duplicates: 0 };
}

/** Audit records per kind: how many, on how many distinct units, and the surplus (rows beyond one per unit). */
export async function auditTally(pool: Pool, directiveId: string): Promise<Record<string, { rows: number; units: number; duplicates: number }>> {
  const { rows } = await pool.query<{ kind: string; rows: string; units: string }>(
    'SELECT kind, count(*) AS rows, count(DISTINCT unit_id) AS units FROM audit_log WHERE directive_id = $1 GROUP BY kind',
    [directiveId],
  );
  return Object.fromEntries(rows.map((r) => [r.kind, { rows: Number(r.rows), units: Number(r.units), duplicates: Number(r.rows) - Number(r.units) }]));
}

/** Unit ids of the directive's snapshot (directive_units) and projection (unit_projection), with the surplus rows of each. */
export async function unitRows(
  pool: Pool,
  directiveId: string,
): Promise<{ snapshot: Set<string>; snapshotRows: number; projection: Set<string>; projectionRows: number }> {
  const [snapshot, projection] = await Promise.all([
    pool.query<{ unit_id: string }>('SELECT unit_id FROM directive_units WHERE directive_id = $1', [directiveId]),
    pool.query<{ unit_id: string }>('SELECT unit_id FROM unit_projection WHERE directive_id = $1', [directiveId]),
  ]);
  return {
    snapshot: new Set(snapshot.rows.map((r) => r.unit_id)),
    snapshotRows: snapshot.rowCount ?? 0,
    projection: new Set(projection.rows.map((r) => r.unit_id)),
    projectionRows: projection.rowCount ?? 0,
  };
}

/** Projection status of each unit. */
export async function projectedStatuses(pool: Pool, directiveId: string): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ unit_id: string; status: string }>('SELECT unit_id, status FROM unit_projection WHERE directive_id = $1', [directiveId]);
  return new Map(rows.map((r) => [r.unit_id, r.status]));
}

/** Ledger status of each unit's email of `kind` (for directives with one step per kind). */
export async function ledgerStatusByUnit(pool: Pool, directiveId: string, kind: string): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ unit_id: string; status: string }>(
    'SELECT unit_id, status FROM email_ledger WHERE directive_id = $1 AND kind = $2 ORDER BY unit_id',
    [directiveId, kind],
  );
  return new Map(rows.map((r) => [r.unit_id, r.status]));
}
