/**
 * What a unit's inbox reads: every directive whose snapshot holds the unit (its own line in each)
 * and, where it runs a committee, the units below it that still owe a report. Three reads; none
 * scans a directive's whole snapshot: the unit's own rows are found directive by directive through
 * the primary keys, the units below it through the snapshot's `ancestors` index.
 */
import type { Pool } from 'pg';
import type { TrackStatus } from '../domain/track/unit-track';

/** The unit as the directory holds it now. */
export interface InboxDirectoryUnit {
  unitId: string;
  name: string;
  level: string;
  email: string;
}

/** One directive the unit is in, with the unit's own line (projection and snapshot). */
export interface InboxLineRow {
  directiveId: string;
  code: string;
  title: string;
  /** The directive's status: active or withdrawn. */
  directiveStatus: string;
  issuer: string | null;
  issuedOn: string | null;
  launchedAt: string;
  /** The unit as the directive's snapshot holds it (a reorganisation may have renamed it since). */
  name: string;
  level: string;
  email: string;
  /** True when the unit runs a committee in the directive (it has units under it). */
  hasChildren: boolean;
  /** Null for the directive's root (its issuer), which tracks no report of its own. */
  status: TrackStatus | null;
  /** The deadline in force (an extension's when granted). */
  deadline: string | null;
  completedAt: string | null;
  attendees: number | null;
  members: number | null;
  essaysSubmitted: number | null;
  essaysExpected: number | null;
  /** Corrections recorded in the audit trail. */
  corrections: number;
}

/** A unit below a committee that still owes its report. */
export interface OwingUnitRow {
  directiveId: string;
  unitId: string;
  name: string;
  level: string;
  email: string;
  status: TrackStatus;
  deadline: string;
}

const toIso = (value: Date | string): string => (value instanceof Date ? value.toISOString() : value);
const toIsoOrNull = (value: Date | string | null): string | null => (value === null ? null : toIso(value));

const DIRECTORY_UNIT = `SELECT id AS "unitId", name, level, email FROM org_units WHERE id = $1`;

// Joined from directives, so each directive's row of the unit is a primary-key lookup in
// directive_units and unit_projection (no index leads with unit_id alone).
const INBOX_LINES = `
  SELECT d.id AS "directiveId", d.code, d.title, d.status AS "directiveStatus", d.spec ->> 'issuer' AS issuer,
         d.spec ->> 'issuedOn' AS "issuedOn", d.launched_at AS "launchedAt",
         u.name, u.level, u.email, u.has_children AS "hasChildren",
         p.status, p.deadline, p.completed_at AS "completedAt", p.attendees, p.members,
         p.essays_submitted AS "essaysSubmitted", p.essays_expected AS "essaysExpected",
         (SELECT count(*)::int FROM audit_log a
           WHERE a.directive_id = u.directive_id AND a.unit_id = u.unit_id AND a.kind = 'correction') AS corrections
    FROM directives d
    JOIN directive_units u ON u.directive_id = d.id AND u.unit_id = $1
    LEFT JOIN unit_projection p ON p.directive_id = u.directive_id AND p.unit_id = u.unit_id
   ORDER BY d.launched_at DESC, d.id`;

// Per directive: the first $3 owing units, overdue first, then by deadline; and how many owe in all.
const OWING_BELOW = `
  SELECT "directiveId", "unitId", name, level, email, status, deadline, total
    FROM (SELECT u.directive_id AS "directiveId", u.unit_id AS "unitId", u.name, u.level, u.email, p.status, p.deadline,
                 row_number() OVER (PARTITION BY u.directive_id ORDER BY p.status = 'overdue' DESC, p.deadline, u.unit_id) AS rank,
                 count(*) OVER (PARTITION BY u.directive_id)::int AS total
            FROM directive_units u
            JOIN unit_projection p ON p.directive_id = u.directive_id AND p.unit_id = u.unit_id
           WHERE u.ancestors @> ARRAY[$1::text] AND u.directive_id = ANY($2::text[]) AND p.status = ANY($4::text[])) owing
   WHERE rank <= $3
   ORDER BY "directiveId", rank`;

/** The unit as the directory holds it, or null when it is not (or no longer) in the directory. */
export async function directoryUnit(pool: Pool, unitId: string): Promise<InboxDirectoryUnit | null> {
  const { rows } = await pool.query<InboxDirectoryUnit>(DIRECTORY_UNIT, [unitId]);
  return rows[0] ?? null;
}

/** Every directive whose snapshot holds the unit, newest launch first, with the unit's own line in it. */
export async function inboxLines(pool: Pool, unitId: string): Promise<InboxLineRow[]> {
  type Row = Omit<InboxLineRow, 'launchedAt' | 'deadline' | 'completedAt'> & { launchedAt: Date; deadline: Date | null; completedAt: Date | null };
  const { rows } = await pool.query<Row>(INBOX_LINES, [unitId]);
  return rows.map((r) => ({ ...r, launchedAt: toIso(r.launchedAt), deadline: toIsoOrNull(r.deadline), completedAt: toIsoOrNull(r.completedAt) }));
}

/**
 * The units below `unitId` (descendants in each directive's snapshot) whose status is one of
 * `statuses`, in the directives named: at most `limit` per directive, overdue first then by
 * deadline, with each directive's total.
 */
export async function owingBelow(
  pool: Pool,
  unitId: string,
  directiveIds: readonly string[],
  statuses: readonly TrackStatus[],
  limit: number,
): Promise<Map<string, { total: number; units: OwingUnitRow[] }>> {
  const owing = new Map<string, { total: number; units: OwingUnitRow[] }>();
  if (directiveIds.length === 0) return owing;
  type Row = Omit<OwingUnitRow, 'deadline'> & { deadline: Date; total: number };
  const { rows } = await pool.query<Row>(OWING_BELOW, [unitId, directiveIds, limit, statuses]);
  for (const { total, ...row } of rows) {
    const entry = owing.get(row.directiveId) ?? { total, units: [] };
    entry.units.push({ ...row, deadline: toIso(row.deadline) });
    owing.set(row.directiveId, entry);
  }
  return owing;
}
