/**
 * What the weekly digest reads: the committees of running directives (units with units below them
 * in at least one), and for one committee the lines its digest lists: the units below it that are
 * overdue, and the lines (its own and those below) that fall due in the coming week. Both go
 * through the snapshot's `ancestors` index; none scans a whole directive.
 */
import type { Pool } from 'pg';
import type { TrackStatus } from '../domain/track/unit-track';

/** A committee that may get a digest: its name and address as the directory holds them now (the latest snapshot's if it left the directory). */
export interface DigestCommitteeRow {
  unitId: string;
  name: string;
  email: string;
  /** True when the unit opted out of the digest. */
  optedOut: boolean;
}

/** One line of a digest: a unit's line in a running directive. */
export interface DigestLineRow {
  directiveId: string;
  code: string;
  unitId: string;
  name: string;
  level: string;
  email: string;
  status: TrackStatus;
  /** The deadline in force (ISO). */
  deadline: string;
  /** True for a line overdue below the committee; false for one falling due in the week. */
  overdue: boolean;
}

/** A committee's digest lines (at most the limit asked for) and the totals over all of them. */
export interface DigestLinesRead {
  lines: DigestLineRow[];
  /** Lines in all (listed or not). */
  total: number;
  /** Distinct units overdue below the committee, and distinct units with a line falling due in the week. */
  overdueUnits: number;
  dueUnits: number;
}

const COMMITTEES = `
  SELECT DISTINCT ON (u.unit_id) u.unit_id AS "unitId", coalesce(o.name, u.name) AS name, coalesce(o.email, u.email) AS email,
         EXISTS (SELECT 1 FROM digest_opt_outs x WHERE x.unit_id = u.unit_id) AS "optedOut"
    FROM directives d
    JOIN directive_units u ON u.directive_id = d.id AND u.has_children
    LEFT JOIN org_units o ON o.id = u.unit_id
   WHERE d.status = 'active'
   ORDER BY u.unit_id, d.launched_at DESC`;

// $1 committee, $2 statuses still owing and not overdue, $3..$4 the week [from, until), $5 lines listed at most.
const LINES = `
  WITH lines AS (
    SELECT d.id AS "directiveId", d.code, u.unit_id AS "unitId", u.name, u.level, u.email, p.status, p.deadline,
           p.status = 'overdue' AS overdue
      FROM directives d
      JOIN directive_units u ON u.directive_id = d.id
      JOIN unit_projection p ON p.directive_id = u.directive_id AND p.unit_id = u.unit_id
     WHERE d.status = 'active'
       AND ((u.ancestors @> ARRAY[$1::text] AND p.status = 'overdue')
         OR ((u.unit_id = $1 OR u.ancestors @> ARRAY[$1::text]) AND p.status = ANY($2::text[]) AND p.deadline >= $3 AND p.deadline < $4))
  )
  SELECT listed.*, totals.total, totals."overdueUnits", totals."dueUnits"
    FROM (SELECT * FROM lines ORDER BY overdue DESC, deadline, code, "unitId" LIMIT $5) listed
   CROSS JOIN (SELECT count(*)::int AS total,
                      count(DISTINCT "unitId") FILTER (WHERE overdue)::int AS "overdueUnits",
                      count(DISTINCT "unitId") FILTER (WHERE NOT overdue)::int AS "dueUnits"
                 FROM lines) totals`;

/** Every unit that runs a committee in at least one running directive, by id. */
export async function digestCommittees(pool: Pool): Promise<DigestCommitteeRow[]> {
  const { rows } = await pool.query<DigestCommitteeRow>(COMMITTEES);
  return rows;
}

/**
 * The lines of `unitId`'s digest over the week [from, until): overdue units below it first, then
 * what falls due, by deadline; at most `limit` lines, with the totals over all of them.
 */
export async function digestLines(
  pool: Pool,
  unitId: string,
  dueStatuses: readonly TrackStatus[],
  week: { from: string; until: string },
  limit: number,
): Promise<DigestLinesRead> {
  type Row = Omit<DigestLineRow, 'deadline'> & { deadline: Date; total: number; overdueUnits: number; dueUnits: number };
  const { rows } = await pool.query<Row>(LINES, [unitId, dueStatuses, week.from, week.until, limit]);
  const first = rows[0];
  if (!first) return { lines: [], total: 0, overdueUnits: 0, dueUnits: 0 };
  return {
    lines: rows.map(({ total: _t, overdueUnits: _o, dueUnits: _d, deadline, ...row }) => ({ ...row, deadline: deadline.toISOString() })),
    total: first.total,
    overdueUnits: first.overdueUnits,
    dueUnits: first.dueUnits,
  };
}
