/**
 * A running directive's snapshot (directive_units) as a reorganisation reads and changes it: where
 * each unit stands and whether it has reported (for the dry run), and where a moved unit stands
 * now, so commands reach its new committee and escalations its new superiors. The rollup counters
 * follow the unit's projection row, which its new committee writes.
 */
import type { Pool } from 'pg';
import type { SnapshotPlace } from '../domain/org/reorg-effects';

/** Every unit of a directive's snapshot but its root: its parent, level, and whether it has reported. */
export async function snapshotPlaces(pool: Pool, directiveId: string): Promise<SnapshotPlace[]> {
  const { rows } = await pool.query<SnapshotPlace>(
    `SELECT u.unit_id AS "unitId", u.parent_id AS "parentId", u.level,
            coalesce(p.status IN ('done-on-time', 'done-late'), false) AS reported
       FROM directive_units u
       LEFT JOIN unit_projection p ON p.directive_id = u.directive_id AND p.unit_id = u.unit_id
      WHERE u.directive_id = $1 AND u.parent_id IS NOT NULL
      ORDER BY u.depth, u.unit_id`,
    [directiveId],
  );
  return rows;
}

/**
 * Puts a leaf unit of a directive under another committee of it: parent, holder, ancestors and
 * depth. Returns false, changing nothing, when the unit is no leaf of the directive or the target
 * no committee of it.
 */
export async function moveLeafInSnapshot(pool: Pool, directiveId: string, unitId: string, to: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    `UPDATE directive_units u
        SET parent_id = t.unit_id, holder_id = t.unit_id, ancestors = ARRAY[t.unit_id] || t.ancestors, depth = t.depth + 1
       FROM directive_units t
      WHERE u.directive_id = $1 AND u.unit_id = $2 AND NOT u.has_children AND u.parent_id IS NOT NULL
        AND t.directive_id = $1 AND t.unit_id = $3 AND t.has_children`,
    [directiveId, unitId, to],
  );
  return rowCount === 1;
}
