/**
 * A unit's inbox: every directive it is in, what it owes there and by when, its report and
 * corrections, a fresh report link for each line it can still act on, and, where it runs a
 * committee, the units below it that still owe a report with their contacts. Read from PostgreSQL
 * (the projection, eventually consistent with the committees like every listing).
 */
import type { Pool } from 'pg';
import { CLOSED_STATUSES, UNIT_STATUSES, type TrackStatus } from '../domain/track/unit-track';
import { reportLinkFor, REPORT_LINK_TTL_DAYS } from '../security/report-link';
import { directoryUnit, inboxLines, owingBelow, type InboxLineRow, type OwingUnitRow } from '../store/unit-inbox';
import { NotFoundError } from './errors';

/** How the inbox signs the report links it hands out: the base of the links ('' for paths on this server) and the key. */
export interface ReportLinkSigner {
  baseUrl: string;
  secret: string;
  /** Days a link stays valid after the later of its deadline and now (default: as long as an emailed link, 30). */
  ttlDays?: number;
}

/** The unit's own line in one directive. */
export interface InboxOwnLine {
  /** Null when the unit issued the directive (its root), which tracks no report of its own. */
  status: TrackStatus | null;
  /** The deadline in force (an extension's when granted). */
  deadline: string | null;
  /** When the unit reported (corrections do not move it). */
  completedAt: string | null;
  corrections: number;
  report: { attendees: number; members: number; essaysSubmitted: number; essaysExpected: number } | null;
  /**
   * A signed link to the report form (a first report while the line is open, a correction once
   * done); null when there is nothing to file (exempted, withdrawn, the issuer) or no signer was given.
   */
  reportLink: string | null;
}

/** A unit below the committee that still owes its report, with its contact. */
export type InboxOwingUnit = Omit<OwingUnitRow, 'directiveId'>;

/** One directive in the inbox. */
export interface InboxDirective {
  directiveId: string;
  code: string;
  title: string;
  issuer: string | null;
  issuedOn: string | null;
  /** active or withdrawn. */
  status: string;
  launchedAt: string;
  /** The unit's level in this directive. */
  level: string;
  own: InboxOwnLine;
  /** Where the unit runs a committee: the units below it that still owe a report, overdue first (at most 200), and how many owe in all. */
  below: { total: number; units: InboxOwingUnit[] } | null;
}

/** Everything the unit's inbox shows. */
export interface UnitInbox {
  unit: { unitId: string; name: string; level: string; email: string };
  asOf: string;
  /** What the unit still owes first (earliest deadline first), then the rest, newest launch first. */
  directives: InboxDirective[];
}

/** Units listed below a committee per directive, at most; `below.total` says how many owe in all. */
export const OWING_LIST_LIMIT = 200;

/** Statuses of a unit that still owes its report. */
const OWING_STATUSES: readonly TrackStatus[] = UNIT_STATUSES.filter((s) => !CLOSED_STATUSES.includes(s));
/** Statuses whose line still leads to the report form: a report while open, a correction once done. */
const FILEABLE_STATUSES: readonly TrackStatus[] = [...OWING_STATUSES, 'done-on-time', 'done-late'];

function reportLinkOf(row: InboxLineRow, unitId: string, signer: ReportLinkSigner | null, now: Date): string | null {
  if (!signer || row.directiveStatus === 'withdrawn' || row.status === null || row.deadline === null) return null;
  if (!FILEABLE_STATUSES.includes(row.status)) return null;
  // Valid from the later of the deadline and now: a unit opening its inbox long after the deadline
  // (to report late, or to correct) gets a link that works, not one that expired before it was made.
  const from = new Date(Math.max(Date.parse(row.deadline), now.getTime())).toISOString();
  return reportLinkFor(signer.baseUrl, row.directiveId, unitId, from, signer.secret, signer.ttlDays ?? REPORT_LINK_TTL_DAYS, now.toISOString());
}

function ownLine(row: InboxLineRow, unitId: string, signer: ReportLinkSigner | null, now: Date): InboxOwnLine {
  const reported = row.completedAt !== null && row.attendees !== null && row.members !== null;
  return {
    status: row.status,
    deadline: row.deadline,
    completedAt: row.completedAt,
    corrections: row.corrections,
    report: reported
      ? { attendees: row.attendees ?? 0, members: row.members ?? 0, essaysSubmitted: row.essaysSubmitted ?? 0, essaysExpected: row.essaysExpected ?? 0 }
      : null,
    reportLink: reportLinkOf(row, unitId, signer, now),
  };
}

/** True while the unit's own report is still owed in a running directive. */
export function owesReport(d: InboxDirective): boolean {
  return d.status !== 'withdrawn' && d.own.status !== null && OWING_STATUSES.includes(d.own.status);
}

/** What is owed first, earliest deadline first; then the rest in launch order, newest first (as read). */
function inboxOrder(directives: InboxDirective[]): InboxDirective[] {
  const owed = directives
    .filter(owesReport)
    .sort((a, b) => Date.parse(a.own.deadline ?? '') - Date.parse(b.own.deadline ?? '') || a.directiveId.localeCompare(b.directiveId));
  return [...owed, ...directives.filter((d) => !owesReport(d))];
}

/**
 * The inbox of `unitId`. Report links are signed with `signer` (none without one). NotFoundError
 * when the unit is in no directive and not in the directory; a unit in the directory that no
 * directive holds yet has an empty inbox.
 */
export async function readUnitInbox(pool: Pool, unitId: string, signer: ReportLinkSigner | null, now = new Date()): Promise<UnitInbox> {
  const [directory, lines] = await Promise.all([directoryUnit(pool, unitId), inboxLines(pool, unitId)]);
  const latest = lines[0];
  const unit = directory ?? (latest ? { unitId, name: latest.name, level: latest.level, email: latest.email } : null);
  if (!unit) throw new NotFoundError(`unit ${unitId} is in no directive and not in the organisation directory`);
  const committees = lines.filter((l) => l.hasChildren).map((l) => l.directiveId);
  const below = await owingBelow(pool, unitId, committees, OWING_STATUSES, OWING_LIST_LIMIT);
  const directives = lines.map((row): InboxDirective => ({
    directiveId: row.directiveId,
    code: row.code,
    title: row.title,
    issuer: row.issuer,
    issuedOn: row.issuedOn,
    status: row.directiveStatus,
    launchedAt: row.launchedAt,
    level: row.level,
    own: ownLine(row, unitId, signer, now),
    below: row.hasChildren ? stripDirective(below.get(row.directiveId)) : null,
  }));
  return { unit, asOf: now.toISOString(), directives: inboxOrder(directives) };
}

function stripDirective(owing: { total: number; units: OwingUnitRow[] } | undefined): InboxDirective['below'] {
  if (!owing) return { total: 0, units: [] };
  return { total: owing.total, units: owing.units.map(({ directiveId: _directiveId, ...unit }) => unit) };
}
