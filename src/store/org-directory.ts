/** The organisation directory in PostgreSQL: its levels and units, imported together (all or nothing) and loaded together. */
import type { Pool, PoolClient } from 'pg';
import { DEFAULT_LEVEL_DEFINITIONS, type LevelDefinition } from '../domain/org/levels';
import { requireValidOrg, type OrgTree, type OrgUnit } from '../domain/org/org';
import { withTransaction } from './db';

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

/**
 * Replaces the directory with `tree`'s units and the levels they were validated against, in one
 * transaction: a bad import changes nothing. Directives already launched keep their own snapshot
 * and their own copy of the levels, so this never moves or relabels a running cascade.
 */
export async function saveOrganisation(pool: Pool, tree: OrgTree, onProgress?: (done: number, total: number) => void): Promise<number> {
  const units = tree.units;
  const levels = tree.levelDefinitions;
  return withTransaction(pool, async (client) => {
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
    await client.query('DELETE FROM org_units');
    for (let i = 0; i < units.length; i += IMPORT_CHUNK) {
      const chunk = units.slice(i, i + IMPORT_CHUNK);
      await client.query(
        `INSERT INTO org_units (id, name, level, parent_id, email, members, essays_expected)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[])`,
        [
          chunk.map((u) => u.id),
          chunk.map((u) => u.name),
          chunk.map((u) => u.level),
          chunk.map((u) => u.parentId),
          chunk.map((u) => u.email),
          chunk.map((u) => u.members),
          chunk.map((u) => u.essaysExpected),
        ],
      );
      onProgress?.(Math.min(i + IMPORT_CHUNK, units.length), units.length);
    }
    return units.length;
  });
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
