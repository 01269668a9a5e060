/** The reorganisations table (migrations 0009, 0010): plans as scheduled and applied, and how far each has reached. */
import type { Pool, PoolClient } from 'pg';
import type { ReorgChange } from '../domain/org/reorg-apply';

/** Where a reorganisation stands. */
export type ReorganisationStatus = 'scheduled' | 'applied' | 'finished' | 'failed' | 'cancelled';

/** A reorganisation as recorded. */
export interface ReorganisationRecord {
  id: string;
  plan: unknown;
  effectiveAt: string;
  actor: string;
  status: ReorganisationStatus;
  /** Null until the directory has changed. */
  orgChangeId: number | null;
  changes: ReorgChange[];
  /** The running directives it reaches; null while scheduled for every directive running at the effective instant. */
  directiveIds: string[] | null;
  outcomes: Record<string, unknown>;
  error: string | null;
  appliedAt: string;
  finishedAt: string | null;
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const COLUMNS = `id, plan, ${iso('effective_at')} AS "effectiveAt", actor, status, org_change_id::int AS "orgChangeId", changes,
  directive_ids AS "directiveIds", outcomes, error, ${iso('applied_at')} AS "appliedAt", ${iso('finished_at')} AS "finishedAt"`;

/** Records a reorganisation whose effective instant is ahead (a cancelled or failed one of the same plan is replaced). */
export async function recordScheduledReorganisation(
  pool: Pool,
  row: Pick<ReorganisationRecord, 'id' | 'plan' | 'effectiveAt' | 'actor' | 'directiveIds'>,
): Promise<void> {
  await pool.query(
    `INSERT INTO reorganisations AS r (id, plan, effective_at, actor, changes, directive_ids, status) VALUES ($1, $2, $3, $4, '[]', $5, 'scheduled')
     ON CONFLICT (id) DO UPDATE SET actor = EXCLUDED.actor, directive_ids = EXCLUDED.directive_ids, status = 'scheduled', error = NULL, outcomes = '{}'
       WHERE r.status IN ('cancelled', 'failed')`,
    [row.id, JSON.stringify(row.plan), row.effectiveAt, row.actor, row.directiveIds],
  );
}

/** Records that the reorganisation changed the directory, inside the transaction that changes it. */
export async function recordReorganisation(
  client: PoolClient,
  row: Pick<ReorganisationRecord, 'id' | 'plan' | 'effectiveAt' | 'actor' | 'changes'> & { orgChangeId: number; directiveIds: string[] },
): Promise<void> {
  await client.query(
    `INSERT INTO reorganisations (id, plan, effective_at, actor, org_change_id, changes, directive_ids, status) VALUES ($1, $2, $3, $4, $5, $6, $7, 'applied')
     ON CONFLICT (id) DO UPDATE SET org_change_id = EXCLUDED.org_change_id, changes = EXCLUDED.changes, directive_ids = EXCLUDED.directive_ids,
       status = 'applied', error = NULL, outcomes = '{}', applied_at = now()`,
    [row.id, JSON.stringify(row.plan), row.effectiveAt, row.actor, row.orgChangeId, JSON.stringify(row.changes), row.directiveIds],
  );
}

/** The reorganisation `id`, or null. */
export async function findReorganisation(pool: Pool, id: string): Promise<ReorganisationRecord | null> {
  const { rows } = await pool.query<ReorganisationRecord>(`SELECT ${COLUMNS} FROM reorganisations WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** Notes that the reorganisation has been carried into a directive, with what it did there. */
export async function recordReorganisedDirective(pool: Pool, id: string, directiveId: string, outcome: unknown): Promise<void> {
  await pool.query(`UPDATE reorganisations SET outcomes = outcomes || jsonb_build_object($2::text, $3::jsonb) WHERE id = $1`, [
    id,
    directiveId,
    JSON.stringify(outcome),
  ]);
}

/** Marks the reorganisation finished: every directive it reaches follows it. */
export async function finishReorganisation(pool: Pool, id: string): Promise<void> {
  await pool.query(`UPDATE reorganisations SET finished_at = now(), status = 'finished' WHERE id = $1 AND finished_at IS NULL`, [id]);
}

/** Marks a scheduled reorganisation failed at its effective instant, with why (it changed nothing). */
export async function failReorganisation(pool: Pool, id: string, error: string): Promise<void> {
  await pool.query(`UPDATE reorganisations SET status = 'failed', error = $2 WHERE id = $1 AND status = 'scheduled'`, [id, error]);
}

/** Cancels a reorganisation still scheduled; false when it is not (already applied, or unknown). */
export async function cancelScheduledReorganisation(pool: Pool, id: string): Promise<boolean> {
  const { rowCount } = await pool.query(`UPDATE reorganisations SET status = 'cancelled' WHERE id = $1 AND status = 'scheduled'`, [id]);
  return rowCount === 1;
}

/** The latest reorganisations, newest first. */
export async function listReorganisations(pool: Pool, limit: number): Promise<ReorganisationRecord[]> {
  const { rows } = await pool.query<ReorganisationRecord>(`SELECT ${COLUMNS} FROM reorganisations ORDER BY applied_at DESC LIMIT $1`, [limit]);
  return rows;
}
