/**
 * Recounts straight from unit_projection, bypassing the rollup counters its trigger keeps: what
 * a check compares the supervisors' rollup with after the projection rows were moved about (a
 * reorganisation rewrites parents and ancestors, and removes units). Also the projected figures of
 * a few units, to check that a report a caller was told was accepted is shown.
 */
import type { Pool } from 'pg';

/** One level of a recount: units present, units done, and the figures of the done units summed. */
export interface LevelRecount {
  level: string;
  units: number;
  done: number;
  attendees: number;
  members: number;
  essaysSubmitted: number;
  essaysExpected: number;
}

/**
 * Per level, the projection rows of the units a rollup of `underUnitId` counts: the unit itself
 * and every unit below it; with null, every tracked unit of the directive (the root is never one).
 */
export async function recountProjection(pool: Pool, directiveId: string, underUnitId: string | null): Promise<LevelRecount[]> {
  const { rows } = await pool.query<LevelRecount>(
    `SELECT level, count(*)::float8 AS units,
            count(*) FILTER (WHERE status IN ('done-on-time', 'done-late'))::float8 AS done,
            coalesce(sum(attendees) FILTER (WHERE status IN ('done-on-time', 'done-late')), 0)::float8 AS attendees,
            coalesce(sum(members) FILTER (WHERE status IN ('done-on-time', 'done-late')), 0)::float8 AS members,
            coalesce(sum(essays_submitted) FILTER (WHERE status IN ('done-on-time', 'done-late')), 0)::float8 AS "essaysSubmitted",
            coalesce(sum(essays_expected) FILTER (WHERE status IN ('done-on-time', 'done-late')), 0)::float8 AS "essaysExpected"
       FROM unit_projection
      WHERE directive_id = $1 AND parent_id IS NOT NULL
        AND ($2::text IS NULL OR unit_id = $2 OR ancestors @> ARRAY[$2::text])
      GROUP BY level
      ORDER BY level`,
    [directiveId, underUnitId],
  );
  return rows;
}

/** A unit's projected status and report figures (null before a report). */
export interface ProjectedFigures {
  unitId: string;
  status: string;
  attendees: number | null;
  members: number | null;
  essaysSubmitted: number | null;
  essaysExpected: number | null;
}

/** The projection rows of `unitIds` (units without a row are absent from the answer). */
export async function projectedFigures(pool: Pool, directiveId: string, unitIds: readonly string[]): Promise<ProjectedFigures[]> {
  if (unitIds.length === 0) return [];
  const { rows } = await pool.query<ProjectedFigures>(
    `SELECT unit_id AS "unitId", status, attendees, members, essays_submitted AS "essaysSubmitted", essays_expected AS "essaysExpected"
       FROM unit_projection
      WHERE directive_id = $1 AND unit_id = ANY($2::text[])`,
    [directiveId, [...new Set(unitIds)]],
  );
  return rows;
}
