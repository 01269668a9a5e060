/**
 * A running directive's snapshot (directive_units) as a reorganisation reads and changes it: where
 * each unit stands and whether it has reported (for the dry run and the plan's steps), which
 * committee holds a moved unit now, so commands reach it, and the whole snapshot afterwards, so
 * escalations reach its new superiors. The rollup counters follow the projection rows.
 */
import type { Pool } from 'pg';
import type { SnapshotRowAfter } from '../domain/cascade/reorg-steps';
import type { SnapshotPlace } from '../domain/org/reorg-effects';
import { withTransaction } from './db';

/** Every unit of a directive's snapshot but its root: its parent, level, and whether it has reported. */
export async function snapshotPlaces(pool: Pool, directiveId: string): Promise<SnapshotPlace[]> {
  const { rows } = await pool.query<SnapshotPlace>(
    `SELECT u.unit_id AS "unitId", u.parent_id AS "parentId", u.level, u.has_children AS "hasChildren",
            coalesce(p.status IN ('done-on-time', 'done-late'), false) AS reported,
            coalesce(p.status = 'exempted', false) AS exempted,
            to_char(p.deadline AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS deadline
       FROM directive_units u
       LEFT JOIN unit_projection p ON p.directive_id = u.directive_id AND p.unit_id = u.unit_id
      WHERE u.directive_id = $1 AND u.parent_id IS NOT NULL
      ORDER BY u.depth, u.unit_id`,
    [directiveId],
  );
  return rows;
}

/**
 * Points commands for these units at the committee that holds them now, as soon as it does (the
 * whole snapshot follows when the reorganisation of the directive is done).
 */
export async function setHolders(pool: Pool, directiveId: string, unitIds: readonly string[], holderId: string): Promise<void> {
  if (unitIds.length === 0) return;
  await pool.query('UPDATE directive_units SET holder_id = $3 WHERE directive_id = $1 AND unit_id = ANY($2::text[]) AND holder_id <> $3', [
    directiveId,
    unitIds,
    holderId,
  ]);
}

/**
 * The directive's snapshot as the reorganisation left it, in one transaction: removed units leave
 * it and the projection (their contribution taken out of the rollup counters; their history stays
 * in the audit trail), new ones join it, and every unit's place (parent, holder, ancestors, depth,
 * whether it runs a committee) and words follow the organisation. Projection rows take the new
 * parent and ancestors too, so rollups, lists and exports count each unit under its new ancestors.
 */
export async function rewriteSnapshot(pool: Pool, directiveId: string, rows: readonly SnapshotRowAfter[], removed: readonly string[]): Promise<void> {
  await withTransaction(pool, async (client) => {
    if (removed.length > 0) {
      await client.query('DELETE FROM directive_units WHERE directive_id = $1 AND unit_id = ANY($2::text[])', [directiveId, removed]);
      const gone = await client.query('DELETE FROM unit_projection WHERE directive_id = $1 AND unit_id = ANY($2::text[]) RETURNING *', [directiveId, removed]);
      // After the delete, so a first finisher that left is replaced by the next one.
      if (gone.rows.length > 0)
        await client.query('SELECT unit_rollup_counts_subtract(r) FROM jsonb_populate_recordset(null::unit_projection, $1::jsonb) r', [
          JSON.stringify(gone.rows),
        ]);
    }
    await client.query(
      `INSERT INTO directive_units AS u
         (directive_id, unit_id, parent_id, level, name, email, members, essays_expected, has_children, holder_id, ancestors, depth)
       SELECT $1, r.unit_id, r.parent_id, r.level, r.name, r.email, r.members, r.essays_expected, r.has_children, r.holder_id,
              ARRAY(SELECT jsonb_array_elements_text(r.ancestors)), r.depth
         FROM jsonb_to_recordset($2::jsonb) AS r(unit_id text, parent_id text, level text, name text, email text, members int,
              essays_expected int, has_children boolean, holder_id text, ancestors jsonb, depth int)
       ON CONFLICT (directive_id, unit_id) DO UPDATE SET
         parent_id = EXCLUDED.parent_id, level = EXCLUDED.level, name = EXCLUDED.name, email = EXCLUDED.email, members = EXCLUDED.members,
         essays_expected = EXCLUDED.essays_expected, has_children = EXCLUDED.has_children, holder_id = EXCLUDED.holder_id,
         ancestors = EXCLUDED.ancestors, depth = EXCLUDED.depth
       WHERE (u.parent_id, u.level, u.name, u.email, u.members, u.essays_expected, u.has_children, u.holder_id, u.ancestors, u.depth)
             IS DISTINCT FROM (EXCLUDED.parent_id, EXCLUDED.level, EXCLUDED.name, EXCLUDED.email, EXCLUDED.members, EXCLUDED.essays_expected,
                               EXCLUDED.has_children, EXCLUDED.holder_id, EXCLUDED.ancestors, EXCLUDED.depth)`,
      [
        directiveId,
        JSON.stringify(
          rows.map((r) => ({
            unit_id: r.unitId,
            parent_id: r.parentId,
            level: r.level,
            name: r.name,
            email: r.email,
            members: r.members,
            essays_expected: r.essaysExpected,
            has_children: r.hasChildren,
            holder_id: r.holderId,
            ancestors: r.ancestors,
            depth: r.depth,
          })),
        ),
      ],
    );
    await client.query(
      `UPDATE unit_projection p SET parent_id = u.parent_id, ancestors = u.ancestors
         FROM directive_units u
        WHERE p.directive_id = $1 AND u.directive_id = $1 AND u.unit_id = p.unit_id
          AND (p.parent_id, p.ancestors) IS DISTINCT FROM (u.parent_id, u.ancestors)`,
      [directiveId],
    );
  });
}
