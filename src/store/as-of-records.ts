/**
 * What rebuilding a directive's state as of an instant reads (src/domain/cascade/as-of-rebuild.ts):
 * its audit records that change a unit's track or place, and the units of its snapshot.
 */
import type { Pool } from 'pg';
import { STATE_RECORD_KINDS, type AsOfSnapshotUnit, type StateRecord } from '../domain/cascade/as-of-rebuild';

// Every state record up to the instant, and the reorganisation records after it (they place units
// at the instant or say it cannot be rebuilt); the index audit_log_state_idx (migration 0020) holds
// exactly these kinds in this order. The kinds are spelled out so the planner can match the index's predicate.
const STATE_RECORDS = `
  SELECT unit_id, kind, payload, occurred_at FROM audit_log
   WHERE directive_id = $1
     AND kind IN (${STATE_RECORD_KINDS.map((k) => `'${k}'`).join(', ')})
     AND (occurred_at <= $2 OR kind IN ('moved', 'merged', 'split', 'renamed', 'removed'))
     AND unit_id IS NOT NULL
   ORDER BY occurred_at, id`;

/** The directive's state records (see STATE_RECORDS), oldest first, ties in the order they were written. */
export async function stateRecords(pool: Pool, directiveId: string, asOf: string): Promise<StateRecord[]> {
  const { rows } = await pool.query<{ unit_id: string; kind: string; payload: Record<string, unknown>; occurred_at: Date }>(STATE_RECORDS, [directiveId, asOf]);
  return rows.map((r) => ({ unitId: r.unit_id, kind: r.kind, payload: r.payload, occurredAt: r.occurred_at.toISOString() }));
}

/** Every unit of the directive's snapshot as it stands now, the root included. */
export async function snapshotIdentities(pool: Pool, directiveId: string): Promise<AsOfSnapshotUnit[]> {
  const { rows } = await pool.query<AsOfSnapshotUnit>(
    `SELECT unit_id AS "unitId", name, level, parent_id AS "parentId", members, essays_expected AS "essaysExpected"
       FROM directive_units WHERE directive_id = $1`,
    [directiveId],
  );
  return rows;
}
