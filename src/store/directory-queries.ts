/** Read-only queries over PostgreSQL that supervisors' views need besides the live workflows. */
import type { SecretReader } from '../domain/directive/secrecy';
import type { Pool } from 'pg';
import type { OrgUnit } from '../domain/org/org';

/** One event in a unit's history (received, reminded, reported, escalated, ...). */
export interface TimelineEntry {
  at: string;
  kind: string;
  actor: string | null;
  payload: Record<string, unknown>;
}

/** A launched directive. */
export interface DirectiveSummary {
  id: string;
  code: string;
  title: string;
  rootUnitId: string;
  /** Who issued it and when (yyyy-mm-dd), as its spec says; null only for a row recorded without its spec. */
  issuer: string | null;
  issuedOn: string | null;
  status: string;
  /** When it was launched here, which is not when it was issued. */
  launchedAt: string;
  /** A secret directive (its id is opaque), and the roles its spec names as readers (empty for any other). */
  secret: boolean;
  readers: SecretReader[];
}

/** The audit trail of one unit in one directive, oldest first. */
export async function unitTimeline(pool: Pool, directiveId: string, unitId: string): Promise<TimelineEntry[]> {
  const { rows } = await pool.query<{ at: Date; kind: string; actor: string | null; payload: Record<string, unknown> }>(
    // The directive's own calendar changes belong in every unit's trail: they move its reminders.
    `SELECT occurred_at AS at, kind, actor, payload FROM audit_log
      WHERE directive_id = $1 AND (unit_id = $2 OR (unit_id IS NULL AND kind = 'calendar')) ORDER BY occurred_at, id`,
    [directiveId, unitId],
  );
  return rows.map((r) => ({ at: r.at.toISOString(), kind: r.kind, actor: r.actor, payload: r.payload }));
}

/** Every launched directive, newest first (only `onlyId` when given). */
export async function listDirectives(pool: Pool, onlyId?: string): Promise<DirectiveSummary[]> {
  const { rows } = await pool.query<{
    id: string;
    code: string;
    title: string;
    root_unit_id: string;
    issuer: string | null;
    issued_on: string | null;
    status: string;
    launched_at: Date;
    secret: boolean;
    readers: SecretReader[];
  }>(
    `SELECT id, code, title, root_unit_id, spec->>'issuer' AS issuer, spec->>'issuedOn' AS issued_on, status, launched_at,
            coalesce((spec->>'secret')::boolean, false) AS secret, coalesce(spec->'readers', '[]'::jsonb) AS readers
       FROM directives WHERE ($1::text IS NULL OR id = $1) ORDER BY launched_at DESC, id`,
    [onlyId ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    title: r.title,
    rootUnitId: r.root_unit_id,
    issuer: r.issuer,
    issuedOn: r.issued_on,
    status: r.status,
    launchedAt: r.launched_at.toISOString(),
    secret: r.secret,
    readers: r.readers,
  }));
}

/** The member count the directive's snapshot of the directory holds for a unit, or null if the unit is not in it. */
export async function snapshotMembers(pool: Pool, directiveId: string, unitId: string): Promise<number | null> {
  const { rows } = await pool.query<{ members: number }>('SELECT members FROM directive_units WHERE directive_id = $1 AND unit_id = $2', [directiveId, unitId]);
  return rows[0]?.members ?? null;
}

/** Ancestors of a unit in a directive's snapshot, nearest first (empty for the root); null if not in it. */
export async function unitAncestors(pool: Pool, directiveId: string, unitId: string): Promise<string[] | null> {
  const { rows } = await pool.query<{ ancestors: string[] }>('SELECT ancestors FROM directive_units WHERE directive_id = $1 AND unit_id = $2', [
    directiveId,
    unitId,
  ]);
  return rows[0]?.ancestors ?? null;
}

/** Units of the organisation directory under `rootId` (itself included), or all of them. */
export async function organisationUnits(pool: Pool, rootId?: string): Promise<OrgUnit[]> {
  const select = `SELECT id, name, level, parent_id AS "parentId", email, members, essays_expected AS "essaysExpected" FROM`;
  if (!rootId) return (await pool.query<OrgUnit>(`${select} org_units ORDER BY id`)).rows;
  const { rows } = await pool.query<OrgUnit>(
    `WITH RECURSIVE sub AS (SELECT * FROM org_units WHERE id = $1 UNION ALL SELECT o.* FROM org_units o JOIN sub ON o.parent_id = sub.id)
     ${select} sub ORDER BY id`,
    [rootId],
  );
  return rows;
}

/** A unit as a directive's snapshot holds it. */
export interface SnapshotUnitInfo {
  unitId: string;
  name: string;
  level: string;
  parentId: string | null;
  hasChildren: boolean;
}

/** A unit of a directive's snapshot, or null when it is not in it. */
export async function snapshotUnitInfo(pool: Pool, directiveId: string, unitId: string): Promise<SnapshotUnitInfo | null> {
  const { rows } = await pool.query<SnapshotUnitInfo>(
    `SELECT unit_id AS "unitId", name, level, parent_id AS "parentId", has_children AS "hasChildren" FROM directive_units WHERE directive_id = $1 AND unit_id = $2`,
    [directiveId, unitId],
  );
  return rows[0] ?? null;
}

/** The names a directive's snapshot holds for `unitIds` (ids it does not hold are left out). */
export async function snapshotUnitNames(pool: Pool, directiveId: string, unitIds: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ unitId: string; name: string }>(
    `SELECT unit_id AS "unitId", name FROM directive_units WHERE directive_id = $1 AND unit_id = ANY($2::text[])`,
    [directiveId, unitIds],
  );
  return new Map(rows.map((r) => [r.unitId, r.name]));
}

/**
 * Which committee workflow holds each of `unitIds` in a directive (a unit itself if it has units
 * under it, else its parent); ids the directive does not hold are left out. Text PostgreSQL cannot
 * hold (a NUL character) is in no directive, so it is left out unasked: one such id among many
 * must not fail the others' lookup.
 */
export async function unitHolderIds(pool: Pool, directiveId: string, unitIds: readonly string[]): Promise<Map<string, string>> {
  const storable = unitIds.filter((id) => !id.includes('\u0000'));
  if (storable.length === 0 || directiveId.includes('\u0000')) return new Map();
  const { rows } = await pool.query<{ unitId: string; holderId: string }>(
    'SELECT unit_id AS "unitId", holder_id AS "holderId" FROM directive_units WHERE directive_id = $1 AND unit_id = ANY($2::text[])',
    [directiveId, storable],
  );
  return new Map(rows.map((r) => [r.unitId, r.holderId]));
}

/** Which committee workflow holds each unit of a directive's snapshot (empty before the snapshot is taken). */
export async function directiveHolderIds(pool: Pool, directiveId: string): Promise<Map<string, string>> {
  if (directiveId.includes('\u0000')) return new Map();
  const { rows } = await pool.query<{ unitId: string; holderId: string }>(
    'SELECT unit_id AS "unitId", holder_id AS "holderId" FROM directive_units WHERE directive_id = $1',
    [directiveId],
  );
  // A directive has a few hundred committees: each holder's id is kept once, not once per unit.
  const committees = new Map<string, string>();
  const holders = new Map<string, string>();
  for (const { unitId, holderId } of rows) {
    let holder = committees.get(holderId);
    if (holder === undefined) committees.set(holderId, (holder = holderId));
    holders.set(unitId, holder);
  }
  return holders;
}

/** A launched directive's spec and root, or null. */
export async function directiveSpecAndRoot(
  pool: Pool,
  directiveId: string,
): Promise<{ spec: { code: string; title: string; issuer: string; issuedOn: string }; rootUnitId: string } | null> {
  const { rows } = await pool.query<{ spec: { code: string; title: string; issuer: string; issuedOn: string }; root_unit_id: string }>(
    'SELECT spec, root_unit_id FROM directives WHERE id = $1',
    [directiveId],
  );
  return rows[0] ? { spec: rows[0].spec, rootUnitId: rows[0].root_unit_id } : null;
}

/** Ancestors of a unit in the organisation directory, nearest first (empty for a root); null if it is not in the directory. */
export async function directoryAncestors(pool: Pool, unitId: string): Promise<string[] | null> {
  const { rows } = await pool.query<{ id: string; depth: number }>(
    `WITH RECURSIVE up AS (SELECT id, parent_id, 0 AS depth FROM org_units WHERE id = $1
       UNION ALL SELECT o.id, o.parent_id, up.depth + 1 FROM org_units o JOIN up ON o.id = up.parent_id WHERE up.depth < 64)
     SELECT id, depth FROM up ORDER BY depth`,
    [unitId],
  );
  return rows.length === 0 ? null : rows.slice(1).map((r) => r.id);
}
