/** The report rounds of periodic directives: which directive each round belongs to, and which round it is. */
import type { Pool } from 'pg';
import type { ReportRound } from '../domain/directive/periodic';

/** An opened round: its own directive id, the round, and whether it still runs. */
export interface OpenedRound {
  directiveId: string;
  round: ReportRound;
  status: string;
}

/** Records that directive `roundId` is round `round` of `parentId` (repeating it changes nothing). */
export async function recordRound(pool: Pool, roundId: string, parentId: string, round: ReportRound): Promise<void> {
  await pool.query('UPDATE directives SET parent_id = $2, round = $3::jsonb WHERE id = $1', [roundId, parentId, JSON.stringify(round)]);
}

/** The rounds of a directive opened so far, in order of deadline. */
export async function openedRounds(pool: Pool, parentId: string): Promise<OpenedRound[]> {
  const { rows } = await pool.query<{ id: string; round: ReportRound; status: string }>(
    `SELECT id, round, status FROM directives WHERE parent_id = $1 ORDER BY round ->> 'deadline', id`,
    [parentId],
  );
  return rows.map((r) => ({ directiveId: r.id, round: r.round, status: r.status }));
}

/** A directive's recorded spec and status, or null when it was never launched. */
export async function directiveSpecAndStatus(pool: Pool, directiveId: string): Promise<{ spec: Record<string, unknown>; status: string } | null> {
  const { rows } = await pool.query<{ spec: Record<string, unknown>; status: string }>('SELECT spec, status FROM directives WHERE id = $1', [directiveId]);
  return rows[0] ?? null;
}
