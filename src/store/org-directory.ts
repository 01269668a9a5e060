/**
 * The organisation directory in PostgreSQL: its levels and units, changed together (all or
 * nothing, each change in the audit trail) and loaded together.
 */
import type { Pool, PoolClient } from 'pg';
import { diffDirectory, type Directory, type DirectoryDiff } from '../domain/org/directory-edit';
import { DEFAULT_LEVEL_DEFINITIONS, type LevelDefinition, sameLevels } from '../domain/org/levels';
import { requireValidOrg, type OrgTree, type OrgUnit } from '../domain/org/org';
import { withTransaction } from './db';
import { recordOrgChange, type OrgAuditRow } from './org-audit';

const IMPORT_CHUNK = 5_000;

/** A pool or a client inside a transaction. */
type Queryable = Pool | PoolClient;

interface LevelRow {
  name: string;
  label_vi: string;
  label_en: string;
  plural_vi: string | null;
  plural_en: string | null;
  short_vi: string | null;
  short_en: string | null;
}

const SELECT_LEVELS = 'SELECT name, label_vi, label_en, plural_vi, plural_en, short_vi, short_en FROM org_levels ORDER BY position';

const INSERT_LEVELS = `
  INSERT INTO org_levels (position, name, label_vi, label_en, plural_vi, plural_en, short_vi, short_en)
  SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`;

const SELECT_UNITS = `SELECT id, name, level, parent_id AS "parentId", email, members, essays_expected AS "essaysExpected" FROM org_units ORDER BY id`;

function definitionOf(row: LevelRow): LevelDefinition {
  return {
    name: row.name,
    label: { vi: row.label_vi, en: row.label_en },
    ...(row.plural_vi !== null && row.plural_en !== null ? { plural: { vi: row.plural_vi, en: row.plural_en } } : {}),
    ...(row.short_vi !== null && row.short_en !== null ? { short: { vi: row.short_vi, en: row.short_en } } : {}),
  };
}

/** What a change made to the directory: the units added, updated and removed, and the change id of its audit rows. */
export interface DirectoryChangeResult {
  tree: OrgTree;
  diff: DirectoryDiff;
  changeId: number;
}

/** A change to the directory: computes the whole new directory from the current one (or throws, and nothing is written). */
export interface DirectoryChange {
  /** Who made it, as the audit trail records it (`api:...`, `cli:...`). */
  actor: string;
  apply: (current: Directory) => OrgTree;
  /** The import's summary row (the unit the file went under, or null for the whole directory); none for one unit's edit. */
  summary?: { unitId: string | null; describe: (diff: DirectoryDiff) => Record<string, unknown> };
  onProgress?: (done: number, total: number) => void;
  /** Runs in the change's transaction once it is written (a reorganisation records itself with it). */
  afterWrite?: (client: PoolClient, result: DirectoryChangeResult) => Promise<void>;
}

/**
 * Applies a change to the directory in one transaction: it locks the directory against other
 * writers (readers go on), reads it, computes and validates the new one, writes only the units
 * that differ and the levels if they changed, and records every changed unit in org_audit with
 * the actor. A refused change writes nothing. Directives already launched keep their own snapshot
 * (directive_units) and their own levels, so no change here moves or relabels a running cascade.
 */
export async function changeOrganisation(pool: Pool, change: DirectoryChange): Promise<DirectoryChangeResult> {
  return withTransaction(pool, async (client) => {
    // SHARE ROW EXCLUSIVE conflicts with itself: two edits cannot both read the same directory and each write their own.
    await client.query('LOCK TABLE org_units IN SHARE ROW EXCLUSIVE MODE');
    const levels = await loadOrganisationLevels(client);
    const { rows: units } = await client.query<OrgUnit>(SELECT_UNITS);
    const tree = change.apply({ levels, units });
    const diff = diffDirectory(units, tree.units);
    if (!sameLevels(levels, tree.levelDefinitions)) await writeLevels(client, tree.levelDefinitions);
    if (diff.removed.length > 0) await client.query('DELETE FROM org_units WHERE id = ANY($1::text[])', [diff.removed.map((u) => u.id)]);
    const upserts = [...diff.added, ...diff.updated.map((u) => u.after)];
    for (let i = 0; i < upserts.length; i += IMPORT_CHUNK) {
      await upsertUnits(client, upserts.slice(i, i + IMPORT_CHUNK));
      change.onProgress?.(Math.min(i + IMPORT_CHUNK, upserts.length), upserts.length);
    }
    const rows: OrgAuditRow[] = [
      ...(change.summary ? [{ action: 'import' as const, unitId: change.summary.unitId, before: null, after: change.summary.describe(diff) }] : []),
      ...diff.added.map((u) => ({ action: 'add' as const, unitId: u.id, before: null, after: u })),
      ...diff.updated.map((u) => ({ action: 'update' as const, unitId: u.after.id, before: u.before, after: u.after })),
      ...diff.removed.map((u) => ({ action: 'remove' as const, unitId: u.id, before: u, after: null })),
    ];
    const changeId = await recordOrgChange(client, change.actor, rows);
    await change.afterWrite?.(client, { tree, diff, changeId });
    return { tree, diff, changeId };
  });
}

/**
 * Replaces the whole directory with `tree`'s units and the levels they were validated against
 * (a whole-directory import), recorded in the audit trail with `actor`. See changeOrganisation.
 */
export async function saveOrganisation(pool: Pool, tree: OrgTree, onProgress?: (done: number, total: number) => void, actor = 'system'): Promise<number> {
  await changeOrganisation(pool, {
    actor,
    apply: () => tree,
    summary: { unitId: null, describe: (diff) => ({ mode: 'whole', units: tree.size, ...diffCounts(diff) }) },
    onProgress,
  });
  return tree.size;
}

/** The counts an import's summary row records. */
export function diffCounts(diff: DirectoryDiff): { added: number; updated: number; removed: number } {
  return { added: diff.added.length, updated: diff.updated.length, removed: diff.removed.length };
}

async function writeLevels(client: PoolClient, levels: readonly LevelDefinition[]): Promise<void> {
  await client.query('DELETE FROM org_levels');
  await client.query(INSERT_LEVELS, [
    levels.map((_, i) => i),
    levels.map((l) => l.name),
    levels.map((l) => l.label.vi),
    levels.map((l) => l.label.en),
    levels.map((l) => l.plural?.vi ?? null),
    levels.map((l) => l.plural?.en ?? null),
    levels.map((l) => l.short?.vi ?? null),
    levels.map((l) => l.short?.en ?? null),
  ]);
}

async function upsertUnits(client: PoolClient, units: readonly OrgUnit[]): Promise<void> {
  await client.query(
    `INSERT INTO org_units (id, name, level, parent_id, email, members, essays_expected)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[])
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, parent_id = EXCLUDED.parent_id, email = EXCLUDED.email,
       members = EXCLUDED.members, essays_expected = EXCLUDED.essays_expected, updated_at = now()`,
    [
      units.map((u) => u.id),
      units.map((u) => u.name),
      units.map((u) => u.level),
      units.map((u) => u.parentId),
      units.map((u) => u.email),
      units.map((u) => u.members),
      units.map((u) => u.essaysExpected),
    ],
  );
}

/** The directory's levels, top first: what its units were imported against (the 2021 four when none were ever stored). */
export async function loadOrganisationLevels(db: Queryable): Promise<readonly LevelDefinition[]> {
  const { rows } = await db.query<LevelRow>(SELECT_LEVELS);
  return rows.length > 0 ? rows.map(definitionOf) : DEFAULT_LEVEL_DEFINITIONS;
}

/**
 * Loads the whole directory and validates it as a tree against its own levels. Both are read in
 * one snapshot, so an import committing in between cannot pair one import's levels with another's units.
 */
export async function loadOrganisation(pool: Pool): Promise<OrgTree> {
  return withTransaction(pool, async (client) => {
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const levels = await loadOrganisationLevels(client);
    const { rows } = await client.query<OrgUnit>(SELECT_UNITS);
    return requireValidOrg(rows, levels);
  });
}
