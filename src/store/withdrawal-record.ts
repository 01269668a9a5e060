/** When and why a directive was withdrawn, as PostgreSQL knows it. */
import type { Pool } from 'pg';

/** A directive's withdrawal; `at` and `reason` are null when no unit's withdrawal record has been written (every unit had finished). */
export interface WithdrawalRecord {
  at: string | null;
  reason: string | null;
  actor: string | null;
}

// The status row says whether; the audit log says when and why. Every unit still open got a
// 'withdrawal' record with the same instant and reason: the root's is found through the
// (directive, unit) index; any other unit's is looked for only when the root had finished.
const WITHDRAWAL = `
  SELECT d.status, COALESCE(r.occurred_at, o.occurred_at) AS occurred_at,
         COALESCE(r.payload, o.payload)->>'reason' AS reason, COALESCE(r.actor, o.actor) AS actor
    FROM directives d
    LEFT JOIN LATERAL (
      SELECT occurred_at, payload, actor FROM audit_log
       WHERE directive_id = d.id AND unit_id = d.root_unit_id AND kind = 'withdrawal'
       ORDER BY id LIMIT 1
    ) r ON true
    LEFT JOIN LATERAL (
      SELECT occurred_at, payload, actor FROM audit_log
       WHERE r.occurred_at IS NULL AND directive_id = d.id AND kind = 'withdrawal'
       ORDER BY id LIMIT 1
    ) o ON true
   WHERE d.id = $1`;

/** The directive's withdrawal, or null when it is not withdrawn (or was never launched). */
export async function withdrawalRecord(pool: Pool, directiveId: string): Promise<WithdrawalRecord | null> {
  const { rows } = await pool.query<{ status: string; occurred_at: Date | null; reason: string | null; actor: string | null }>(WITHDRAWAL, [directiveId]);
  const row = rows[0];
  if (!row || (row.status !== 'withdrawn' && row.occurred_at === null)) return null;
  return { at: row.occurred_at?.toISOString() ?? null, reason: row.reason, actor: row.actor };
}
