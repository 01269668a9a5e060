/** The reorganisations table (migration 0009): plans as applied, and how far each has reached. */
import type { Pool, PoolClient } from 'pg';
import type { ReorgChange } from '../domain/org/reorg-apply';

/** A reorganisation as recorded. */
export interface ReorganisationRecord {
  id: string;
  plan: unknown;
  effectiveAt: string;
  actor: string;
  orgChangeId: number;
  changes: ReorgChange[];
  directiveIds: string[];
  outcomes: Record<string, unknown>;
  appliedAt: string;
  finishedAt: string | null;
}

const COLUMNS = `id, plan, effective_at AS "effectiveAt", actor, org_change_id::int AS "orgChangeId", changes, directive_ids AS "directiveIds",
  outcomes, applied_at AS "appliedAt", finished_at AS "finishedAt"`;

/** Records a reorganisation, inside the transaction that changes the directory. */
export async function recordReorganisation(
  client: PoolClient,
  row: Pick<ReorganisationRecord, 'id' | 'plan' | 'effectiveAt' | 'actor' | 'orgChangeId' | 'changes' | 'directiveIds'>,
): Promise<void> {
  await client.query('INSERT INTO reorganisations (id, plan, effective_at, actor, org_change_id, changes, directive_ids) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    row.id,
    JSON.stringify(row.plan),
    row.effectiveAt,
    row.actor,
    row.orgChangeId,
    JSON.stringify(row.changes),
    row.directiveIds,
  ]);
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
  await pool.query('UPDATE reorganisations SET finished_at = now() WHERE id = $1 AND finished_at IS NULL', [id]);
}
