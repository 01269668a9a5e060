/**
 * Supervisors' rollups from PostgreSQL: sums of the unit_rollup_counts rows that the projection's
 * trigger keeps (src/store/migrations/0004_rollup_counts.sql), instead of a query to the live workflows.
 * The result equals the committee workflow's own rollup over the projected states: X's own unit
 * (unless X is the cascade root, which is never tracked) plus every unit below X.
 */
import type { Pool } from 'pg';
import { emptyRollup, mergeRollups, statusGroupRollup, type Rollup } from '../domain/track/rollup';
import { rollupStatus, UNIT_STATUSES, type TrackStatus } from '../domain/track/unit-track';

/** What the reader needs of a directive. */
export interface RollupDirective {
  id: string;
  rootId: string;
  /** Level names, top first: the rollup lists every one of them, in this order. */
  levels: readonly string[];
}

// Every query below defines `anchor` (the asked-for unit's snapshot row: no row means unknown),
// `target` (the units whose subtree rollups are wanted) and `part` (counter rows and own projection
// rows, each tagged with its target). This tail returns, per target, one row per (level, status)
// with the sums, and one row with the target's first finisher: it alone is needed, not one per
// group. The sums are exact in float8 (integers far below 2^53) and arrive as JS numbers, not strings.
// Wherever counters are read, rows with units = 0 are skipped: the trigger leaves them behind when
// units move on to another status, and they add nothing.
const SUM_PARTS = `
  grouped AS (
    SELECT part.target_id, part.level, part.status,
           sum(part.units) AS units, sum(part.attendees) AS attendees, sum(part.members) AS members,
           sum(part.essays_submitted) AS essays_submitted, sum(part.essays_expected) AS essays_expected,
           NULL::text AS first_unit_id, NULL::timestamptz AS first_at
    FROM part
    GROUP BY part.target_id, part.level, part.status
    UNION ALL
    -- Earliest first, ties to the smaller id in byte order, as mergeRollups compares ids in JS.
    (SELECT DISTINCT ON (part.target_id) part.target_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
            part.first_unit_id, part.first_completed_at
     FROM part
     WHERE part.first_completed_at IS NOT NULL
     ORDER BY part.target_id, part.first_completed_at, part.first_unit_id COLLATE "C")
  )
  SELECT t.target_id, g.level, g.status, g.units::float8 AS units, g.attendees::float8 AS attendees,
         g.members::float8 AS members, g.essays_submitted::float8 AS essays_submitted,
         g.essays_expected::float8 AS essays_expected, g.first_unit_id, g.first_at, n.name AS first_name
  FROM anchor
  LEFT JOIN target t ON true
  LEFT JOIN grouped g ON g.target_id = t.target_id
  LEFT JOIN directive_units n ON n.directive_id = $1 AND n.unit_id = g.first_unit_id
  ORDER BY t.target_id COLLATE "C"`;

// A target's own projection row: it is counted in its parent's scope, not in the scopes below it.
const OWN_ROWS = `
  SELECT t.target_id, p.level, p.status, 1 AS units,
         CASE WHEN p.status IN ('done-on-time', 'done-late') THEN coalesce(p.attendees, 0) ELSE 0 END AS attendees,
         CASE WHEN p.status IN ('done-on-time', 'done-late') THEN coalesce(p.members, 0) ELSE 0 END AS members,
         CASE WHEN p.status IN ('done-on-time', 'done-late') THEN coalesce(p.essays_submitted, 0) ELSE 0 END AS essays_submitted,
         CASE WHEN p.status IN ('done-on-time', 'done-late') THEN coalesce(p.essays_expected, 0) ELSE 0 END AS essays_expected,
         CASE WHEN p.status IN ('done-on-time', 'done-late') AND p.completed_at IS NOT NULL THEN p.unit_id END AS first_unit_id,
         CASE WHEN p.status IN ('done-on-time', 'done-late') THEN p.completed_at END AS first_completed_at
  FROM target t
  JOIN unit_projection p ON p.directive_id = $1 AND p.unit_id = t.target_id`;

const COUNTER_COLUMNS = `c.level, c.status, c.units, c.attendees, c.members, c.essays_submitted, c.essays_expected, c.first_unit_id, c.first_completed_at`;

const ANCHOR = `anchor AS (SELECT u.unit_id FROM directive_units u WHERE u.directive_id = $1 AND u.unit_id = $2)`;

// The root's subtree is the whole directive: every counter row, no own row. It is the national
// query, so written for speed: no scope list and no materialised `part` (about 3x faster at 55,000
// units than the shape below), and the first finisher is a top-1 read of unit_rollup_counts_first_idx.
const ROOT_SUBTREE = `
  WITH ${ANCHOR},
  grouped AS (
    SELECT c.level, c.status, sum(c.units) AS units, sum(c.attendees) AS attendees, sum(c.members) AS members,
           sum(c.essays_submitted) AS essays_submitted, sum(c.essays_expected) AS essays_expected
    FROM unit_rollup_counts c
    WHERE c.directive_id = $1 AND c.units <> 0
    GROUP BY c.level, c.status
  ),
  first AS (
    SELECT c.first_unit_id, c.first_completed_at
    FROM unit_rollup_counts c
    WHERE c.directive_id = $1 AND c.first_completed_at IS NOT NULL
    ORDER BY c.first_completed_at, c.first_unit_id COLLATE "C"
    LIMIT 1
  ),
  rows AS (
    SELECT g.level, g.status, g.units, g.attendees, g.members, g.essays_submitted, g.essays_expected,
           NULL::text AS first_unit_id, NULL::timestamptz AS first_at
    FROM grouped g
    UNION ALL
    SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, f.first_unit_id, f.first_completed_at FROM first f
  )
  SELECT anchor.unit_id AS target_id, r.level, r.status, r.units::float8 AS units, r.attendees::float8 AS attendees,
         r.members::float8 AS members, r.essays_submitted::float8 AS essays_submitted,
         r.essays_expected::float8 AS essays_expected, r.first_unit_id, r.first_at, n.name AS first_name
  FROM anchor
  LEFT JOIN rows r ON true
  LEFT JOIN directive_units n ON n.directive_id = $1 AND n.unit_id = r.first_unit_id`;

/**
 * A subtree query: `targets` lists the units whose rollups are wanted (as target_id), and
 * `scopesBelow` the committees under them, each tagged with its target (target_id, scope_id).
 * A target's rollup sums the counters of its own scope and of those below it, plus its own row.
 */
function subtreeQuery(targets: string, scopesBelow: string): string {
  return `
  WITH ${ANCHOR},
  target AS (${targets}),
  scope AS (
    SELECT t.target_id, t.target_id AS scope_id FROM target t
    UNION ALL
    ${scopesBelow}
  ),
  part AS (
    SELECT s.target_id, ${COUNTER_COLUMNS}
    FROM scope s JOIN unit_rollup_counts c ON c.directive_id = $1 AND c.scope_id = s.scope_id AND c.units <> 0
    UNION ALL
    ${OWN_ROWS}
  ),
  ${SUM_PARTS}`;
}

// Below the root: X itself; the committees under X.
const UNIT_SUBTREE = subtreeQuery(
  `SELECT anchor.unit_id AS target_id FROM anchor`,
  `SELECT t.target_id, u.unit_id FROM target t
    JOIN directive_units u ON u.directive_id = $1 AND u.has_children AND u.ancestors @> ARRAY[t.target_id]`,
);

// Each child committee C of X; the committees below C, found in one index lookup under X (the
// ancestor just before X in their nearest-first ancestors is C).
const CHILD_SUBTREES = subtreeQuery(
  `SELECT u.unit_id AS target_id FROM anchor
    JOIN directive_units u ON u.directive_id = $1 AND u.parent_id = anchor.unit_id AND u.has_children`,
  `SELECT u.ancestors[array_position(u.ancestors, $2::text) - 1], u.unit_id
    FROM directive_units u
    WHERE u.directive_id = $1 AND u.has_children AND u.ancestors @> ARRAY[$2::text] AND u.parent_id <> $2`,
);

/**
 * One row of the queries: a target with one (level, status) group, or with its first finisher, or
 * with nothing counted (then level and first are null); no target at all when the anchor has none.
 */
interface GroupRow {
  target_id: string | null;
  level: string | null;
  status: string | null;
  units: number | null;
  attendees: number | null;
  members: number | null;
  essays_submitted: number | null;
  essays_expected: number | null;
  first_unit_id: string | null;
  first_at: Date | null;
  first_name: string | null;
}

function trackStatusOf(status: string, level: string): TrackStatus {
  const known = UNIT_STATUSES.find((s) => s === status);
  if (!known) throw new RangeError(`unit_rollup_counts has status "${status}" at level "${level}", which is not a TrackStatus`);
  return known;
}

/** The rollup of one (level, status) row; the figures are already summed over its done units. */
function groupRollup(level: string, trackStatus: string, row: GroupRow): Rollup {
  return statusGroupRollup(level, rollupStatus(trackStatusOf(trackStatus, level)), row.units ?? 0, {
    attendees: row.attendees ?? 0,
    members: row.members ?? 0,
    essaysSubmitted: row.essays_submitted ?? 0,
    essaysExpected: row.essays_expected ?? 0,
  });
}

/** Merges the rows per target, in row order; every target gets a rollup with every level, even with nothing counted. */
function rollupsByTarget(levels: readonly string[], rows: readonly GroupRow[]): Map<string, Rollup> {
  const parts = new Map<string, Rollup[]>();
  for (const row of rows) {
    if (row.target_id === null) continue;
    const list = parts.get(row.target_id) ?? [];
    if (row.level !== null && row.status !== null) list.push(groupRollup(row.level, row.status, row));
    if (row.first_unit_id !== null && row.first_at !== null) {
      // A unit missing from the snapshot would be a bug elsewhere; its id still identifies it.
      list.push({ ...emptyRollup(), firstFinisher: { unitId: row.first_unit_id, name: row.first_name ?? row.first_unit_id, at: row.first_at.toISOString() } });
    }
    parts.set(row.target_id, list);
  }
  return new Map([...parts].map(([target, list]) => [target, mergeRollups(levels, ...list)]));
}

// Not named (prepared once per connection), although planning costs about as much as running the
// queries below the root (~1 ms): the embedded PGlite stack serves every connection from one session,
// where the second connection to prepare a name fails with "prepared statement already exists".
// Every query returns at least the anchor row of a unit in the directive, so no rows means no such unit.
async function query(pool: Pool, sql: string, directive: RollupDirective, unitId: string): Promise<GroupRow[] | undefined> {
  const { rows } = await pool.query<GroupRow>(sql, [directive.id, unitId]);
  return rows.length === 0 ? undefined : rows;
}

/** The rollup of the subtree under `unitId` (the directive's root when omitted), in one query; undefined when the unit is not in the directive. */
export async function subtreeRollup(pool: Pool, directive: RollupDirective, unitId: string = directive.rootId): Promise<Rollup | undefined> {
  const root = unitId === directive.rootId;
  const rows = await query(pool, root ? ROOT_SUBTREE : UNIT_SUBTREE, directive, unitId);
  // The anchor row exists, so the target has a rollup; the fallback only satisfies the type.
  return rows && (rollupsByTarget(directive.levels, rows).get(unitId) ?? mergeRollups(directive.levels));
}

/** For each child committee directly under `committeeId`, its subtree rollup (keys in byte order of id), in one query; undefined when the committee is not in the directive. */
export async function childRollups(pool: Pool, directive: RollupDirective, committeeId: string): Promise<Map<string, Rollup> | undefined> {
  const rows = await query(pool, CHILD_SUBTREES, directive, committeeId);
  return rows && rollupsByTarget(directive.levels, rows);
}
