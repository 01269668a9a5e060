/**
 * The `directives` row of a launch: recorded by the launching client before its root workflow
 * starts (so a relaunch under the same id is compared with what runs, whatever its root), and
 * again, idempotently, by the prepareDirective activity. Also what a reader needs to tell "still
 * being set up" from "not part of the directive".
 */
import type { Pool, PoolClient } from 'pg';
import type { WorkingCalendar } from '../domain/calendar/working-calendar';
import { DEFAULT_LEVEL_DEFINITIONS, type LevelDefinition } from '../domain/org/levels';

/** A pool or a client inside a transaction. */
type Queryable = Pool | PoolClient;

/** The directive row as a launch writes it. */
export interface DirectiveRow {
  id: string;
  code: string;
  title: string;
  rootId: string;
  /** The validated spec; null for committees started without one (before specs were carried). */
  spec: unknown;
  /**
   * The levels the launch validated the directory against: the directive keeps them, so a later
   * import of another shape never relabels it. Absent only where prepareDirective records a row
   * no launching client did (clients from before levels were recorded): the 2021 four.
   */
  levels?: readonly LevelDefinition[];
  /** The working calendar its committees are given; absent for a row recorded without one. */
  calendar?: WorkingCalendar | undefined;
}

/** The row in force after `recordDirective`: this launch's (`inserted`) or an earlier one's. */
export interface RecordedDirective {
  inserted: boolean;
  rootId: string;
  spec: Record<string, unknown> | null;
  levels: LevelDefinition[];
}

// Inserts the directive, or returns the row already there (the second SELECT sees the table as it
// was before this statement, so exactly one of the two branches yields a row).
const RECORD_DIRECTIVE = `
  WITH inserted AS (
    INSERT INTO directives (id, code, title, root_unit_id, spec, levels, calendar)
    VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb)
    ON CONFLICT (id) DO NOTHING
    RETURNING root_unit_id, spec, levels
  )
  SELECT root_unit_id, spec, levels, true AS inserted FROM inserted
  UNION ALL
  SELECT root_unit_id, spec, levels, false FROM directives WHERE id = $1
  LIMIT 1`;

// Only a row no cascade has used yet (no snapshot) is replaced: once prepareDirective has frozen
// the organisation, the directive runs as recorded.
const REPLACE_UNSTARTED = `
  UPDATE directives SET code = $2, title = $3, root_unit_id = $4, spec = $5::jsonb, levels = $6::jsonb, calendar = $7::jsonb, launched_at = now()
  WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM directive_units WHERE directive_id = $1)
  RETURNING id`;

const SNAPSHOT_LEVELS = `
  SELECT level, count(*)::int AS units FROM directive_units
  WHERE directive_id = $1 AND unit_id <> $2 GROUP BY level`;

const SETUP_STATE = `
  SELECT EXISTS (SELECT 1 FROM directives WHERE id = $1) AS recorded,
         EXISTS (SELECT 1 FROM directive_units WHERE directive_id = $1) AS snapshot,
         EXISTS (SELECT 1 FROM unit_projection WHERE directive_id = $1 AND unit_id = $2) AS projected`;

// Two keys, like the journal's scope locks (migration 0005); the second is no unit id (ids have no
// spaces), so it never queues behind a journal write.
const LAUNCH_LOCK = `SELECT pg_advisory_lock(hashtext($1), hashtext(' launch'))`;
const LAUNCH_UNLOCK = `SELECT pg_advisory_unlock(hashtext($1), hashtext(' launch'))`;

const DIRECTIVE_LEVELS = 'SELECT root_unit_id, levels FROM directives WHERE id = $1';

function params(row: DirectiveRow): unknown[] {
  // Stringified by hand: pg would turn a top-level JS array into a PostgreSQL array, not JSON.
  const calendar = row.calendar ? JSON.stringify(row.calendar) : null;
  return [row.id, row.code, row.title, row.rootId, JSON.stringify(row.spec ?? null), JSON.stringify(row.levels ?? DEFAULT_LEVEL_DEFINITIONS), calendar];
}

/** Inserts the directive row, or returns the one recorded earlier under the same id. */
export async function recordDirective(db: Queryable, row: DirectiveRow): Promise<RecordedDirective> {
  const { rows } = await db.query<{ root_unit_id: string; spec: Record<string, unknown> | null; levels: LevelDefinition[]; inserted: boolean }>(
    RECORD_DIRECTIVE,
    params(row),
  );
  const found = rows[0];
  if (found === undefined) throw new Error(`directive ${row.id} was neither inserted nor found; retrying`);
  return { inserted: found.inserted, rootId: found.root_unit_id, spec: found.spec, levels: found.levels };
}

/** A launched directive's root and the levels it keeps (recorded at launch), or null when it was never launched. */
export async function directiveRootAndLevels(db: Queryable, directiveId: string): Promise<{ rootId: string; levels: LevelDefinition[] } | null> {
  const { rows } = await db.query<{ root_unit_id: string; levels: LevelDefinition[] }>(DIRECTIVE_LEVELS, [directiveId]);
  const row = rows[0];
  return row ? { rootId: row.root_unit_id, levels: row.levels } : null;
}

/** Replaces a recorded directive whose cascade never began (no snapshot); false when it has begun. */
export async function replaceUnstartedDirective(db: Queryable, row: DirectiveRow): Promise<boolean> {
  const { rowCount } = await db.query(REPLACE_UNSTARTED, params(row));
  return (rowCount ?? 0) > 0;
}

/** Units per level in a directive's snapshot, the root left out; empty before the snapshot is taken. */
export async function snapshotUnitsPerLevel(db: Queryable, directiveId: string, rootId: string): Promise<Record<string, number>> {
  const { rows } = await db.query<{ level: string; units: number }>(SNAPSHOT_LEVELS, [directiveId, rootId]);
  return Object.fromEntries(rows.map((r) => [r.level, r.units]));
}

/** How far a directive's setup has come for one unit: recorded, snapshot taken, unit projected. */
export interface SetupState {
  recorded: boolean;
  snapshot: boolean;
  projected: boolean;
}

/** The setup state of `unitId` in `directiveId`, in one round trip. */
export async function setupState(db: Queryable, directiveId: string, unitId: string): Promise<SetupState> {
  const { rows } = await db.query<SetupState>(SETUP_STATE, [directiveId, unitId]);
  return rows[0] ?? { recorded: false, snapshot: false, projected: false };
}

/**
 * Runs `fn` holding the launch lock of `directiveId`: two launches of one id (from any client
 * process) take turns, so the second sees the first's row and workflow, never a half-done launch.
 * A session lock on its own connection, released when `fn` settles (or the connection drops).
 * Embedded PGlite is one session behind every connection, where the lock is re-entrant and so
 * serialises nothing: harmless there, with its one local secretariat.
 */
export async function withLaunchLock<T>(pool: Pool, directiveId: string, fn: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(LAUNCH_LOCK, [directiveId]);
    try {
      return await fn();
    } finally {
      // A connection that could not unlock must not go back to the pool still holding the lock.
      await client.query(LAUNCH_UNLOCK, [directiveId]).catch((err: unknown) => {
        broken = err instanceof Error ? err : new Error(String(err));
      });
    }
  } finally {
    client.release(broken);
  }
}

/** Marks a directive withdrawn (its committees have been told). */
export async function markDirectiveWithdrawn(db: Queryable, directiveId: string): Promise<void> {
  await db.query(`UPDATE directives SET status = 'withdrawn' WHERE id = $1`, [directiveId]);
}

/** The deadline text per level a directive runs with (its spec's, with those of levels a reorganisation added). */
export async function directiveDeadlines(db: Queryable, directiveId: string): Promise<Record<string, string>> {
  const { rows } = await db.query<{ deadlines: Record<string, string> | null }>("SELECT spec -> 'deadlines' AS deadlines FROM directives WHERE id = $1", [
    directiveId,
  ]);
  return rows[0]?.deadlines ?? {};
}

/**
 * Records the levels a reorganisation gave a running directive and their deadlines: the directive
 * keeps them as its own, and its recorded spec gains those deadlines, so pages and reports show them.
 */
export async function recordDirectiveLevels(
  db: Queryable,
  directiveId: string,
  levels: readonly LevelDefinition[],
  deadlines: Record<string, string>,
): Promise<void> {
  await db.query(
    `UPDATE directives SET levels = $2::jsonb, spec = jsonb_set(spec, '{deadlines}', coalesce(spec -> 'deadlines', '{}'::jsonb) || $3::jsonb) WHERE id = $1`,
    [directiveId, JSON.stringify(levels), JSON.stringify(deadlines)],
  );
}
