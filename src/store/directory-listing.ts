/** The organisation directory as a list: searched, filtered by level and subtree, paged. */
import type { Pool } from 'pg';
import type { OrgUnit } from '../domain/org/org';

/** What the directory listing is narrowed by; null fields do not narrow. `under` takes the unit itself too. */
export interface DirectoryListingQuery {
  /** A LIKE pattern on the unit's folded name and id (searchPattern of src/domain/text/search-fold.ts). */
  searchPattern: string | null;
  level: string | null;
  under: string | null;
  limit: number;
  offset: number;
}

// The subtree is walked down from `under` (as the export does); without it, the whole directory.
const MATCHING = `WITH RECURSIVE sub AS (
    SELECT id FROM org_units WHERE $3::text IS NOT NULL AND id = $3
    UNION ALL SELECT o.id FROM org_units o JOIN sub ON o.parent_id = sub.id
  )
  SELECT %s FROM org_units u
   WHERE ($3::text IS NULL OR u.id IN (SELECT id FROM sub)) AND ($1::text IS NULL OR u.search_key LIKE $1) AND ($2::text IS NULL OR u.level = $2)`;

/** How many units of the directory match, and one page of them ordered by id. */
export async function listDirectoryUnits(pool: Pool, q: DirectoryListingQuery): Promise<{ total: number; units: OrgUnit[] }> {
  const params = [q.searchPattern, q.level, q.under];
  const [count, page] = await Promise.all([
    pool.query<{ n: string }>(MATCHING.replace('%s', 'count(*) AS n'), params),
    pool.query<OrgUnit>(
      `${MATCHING.replace('%s', `u.id, u.name, u.level, u.parent_id AS "parentId", u.email, u.members, u.essays_expected AS "essaysExpected"`)}
       ORDER BY u.id LIMIT $4 OFFSET $5`,
      [...params, q.limit, q.offset],
    ),
  ]);
  return { total: Number(count.rows[0]?.n ?? 0), units: page.rows };
}
