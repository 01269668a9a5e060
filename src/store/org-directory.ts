/** The organisation directory in PostgreSQL: import (all or nothing) and load. */
import type { Pool } from 'pg';
import { requireValidOrg, type OrgTree, type OrgUnit } from '../domain/org/org';

const IMPORT_CHUNK = 5_000;

/**
 * Replaces the directory with `tree`'s units in one transaction: a bad import changes nothing.
 * Directives already launched keep their own snapshot, so this never moves a running cascade.
 */
export async function saveOrganisation(pool: Pool, tree: OrgTree, onProgress?: (done: number, total: number) => void): Promise<number> {
  const units = tree.units;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
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
    await client.query('COMMIT');
    return units.length;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

/** Loads the whole directory and validates it as a tree. */
export async function loadOrganisation(pool: Pool, levels: readonly string[]): Promise<OrgTree> {
  const { rows } = await pool.query<OrgUnit>(
    `SELECT id, name, level, parent_id AS "parentId", email, members, essays_expected AS "essaysExpected" FROM org_units ORDER BY id`,
  );
  return requireValidOrg(rows, levels);
}
