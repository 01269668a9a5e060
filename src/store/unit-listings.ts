/** The supervisors' unit listing: the projection joined with the directive's snapshot, filtered and paged. */
import type { Pool } from 'pg';
import { CLOSED_STATUSES, type TrackStatus } from '../domain/track/unit-track';
import type { UnitListing } from '../domain/track/unit-listing';

export type { UnitListing } from '../domain/track/unit-listing';

/** What a listing is narrowed by; every field optional. `under` takes the unit itself too, as its rollup does. */
export interface UnitListingQuery {
  statuses: readonly TrackStatus[] | null;
  level: string | null;
  under: string | null;
  /** A LIKE pattern on the unit's folded name and id (searchPattern of src/domain/text/search-fold.ts). */
  searchPattern: string | null;
  /** Only units whose reported member count differs from the snapshot's (true), or only the others (false). */
  membersMismatch: boolean | null;
  limit: number;
  offset: number;
}

type Row = Omit<UnitListing, 'deadline' | 'completedAt'> & { deadline: Date | string; completedAt: Date | string | null };

const toIso = (value: Date | string): string => (value instanceof Date ? value.toISOString() : value);

/** How many units match, and one page of them ordered by deadline then id. */
export async function listUnitRows(pool: Pool, directiveId: string, q: UnitListingQuery): Promise<{ total: number; units: UnitListing[] }> {
  const params = [directiveId, q.statuses, q.level, q.under, q.searchPattern, q.membersMismatch];
  // A member mismatch is a reported count other than the snapshot's (src/domain/org/members-check.ts says the same for one unit).
  const where = `p.directive_id = $1 AND ($2::text[] IS NULL OR p.status = ANY($2)) AND ($3::text IS NULL OR p.level = $3)
      AND ($4::text IS NULL OR p.unit_id = $4 OR p.ancestors @> ARRAY[$4::text]) AND ($5::text IS NULL OR u.search_key LIKE $5)
      AND ($6::boolean IS NULL OR (p.members IS NOT NULL AND p.members <> u.members) = $6)`;
  const [count, page] = await Promise.all([
    pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM unit_projection p JOIN directive_units u ON u.directive_id = p.directive_id AND u.unit_id = p.unit_id WHERE ${where}`,
      params,
    ),
    pool.query<Row>(
      `SELECT p.unit_id AS "unitId", u.name, p.level, p.parent_id AS "parentId", p.status, p.deadline, p.completed_at AS "completedAt",
                p.attendees, p.members, u.members AS "directoryMembers", p.essays_submitted AS "essaysSubmitted", p.essays_expected AS "essaysExpected"
           FROM unit_projection p JOIN directive_units u ON u.directive_id = p.directive_id AND u.unit_id = p.unit_id
          WHERE ${where} ORDER BY p.deadline, p.unit_id LIMIT ${q.limit} OFFSET ${q.offset}`,
      params,
    ),
  ]);
  // pg returns timestamptz as Date; the listing speaks ISO strings like every other view.
  const units = page.rows.map((u) => ({ ...u, deadline: toIso(u.deadline), completedAt: u.completedAt === null ? null : toIso(u.completedAt) }));
  return { total: Number(count.rows[0]?.n ?? 0), units };
}

/**
 * Units among `unitIds` that the projection shows closed. A batch can wait for hours while SMTP is
 * down; a unit that reported meanwhile must not get the reminder that was queued before it did.
 */
export async function closedUnitIds(pool: Pool, directiveId: string, unitIds: readonly string[]): Promise<Set<string>> {
  if (unitIds.length === 0) return new Set();
  const { rows } = await pool.query<{ unit_id: string }>(
    'SELECT unit_id FROM unit_projection WHERE directive_id = $1 AND unit_id = ANY($2) AND status = ANY($3)',
    [directiveId, [...new Set(unitIds)], CLOSED_STATUSES],
  );
  return new Set(rows.map((r) => r.unit_id));
}
