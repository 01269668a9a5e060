/**
 * The reads: a committee's and a unit's live state from their workflows, everything counted or
 * listed (rollups, unit listings, timelines, the quarantine, the directory) from PostgreSQL, and
 * what is built from those (the CSV export, the results report). Nothing here changes anything.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { membersDiffer } from '../domain/org/members-check';
import type { OrgUnit } from '../domain/org/org';
import { resultsReportHtml, resultsReportMarkdown, type ResultsReportInput } from '../domain/report/results-report';
import { rollupView, type Rollup, type RollupView } from '../domain/track/rollup';
import { CLOSED_STATUSES, type TrackStatus } from '../domain/track/unit-track';
import { upcomingSteps } from '../domain/track/track-schedule';
import { parseOffset } from '../domain/time/duration';
import { searchPattern } from '../domain/text/search-fold';
import { unitScheduleInputs } from '../store/directive-calendars';
import {
  directiveSpecAndRoot,
  listDirectives,
  organisationUnits,
  snapshotMembers,
  snapshotUnitInfo,
  snapshotUnitNames,
  unitAncestors,
  unitTimeline,
  type DirectiveSummary,
  type SnapshotUnitInfo,
  type TimelineEntry,
} from '../store/directory-queries';
import { listQuarantine, type QuarantinedEntry } from '../store/journal-quarantine';
import { childRollups, subtreeRollup } from '../store/rollup-counts';
import { listUnitRows, type UnitListing } from '../store/unit-listings';
import { requireKnownLevel } from './list-filters';
import { committeeWorkflowId, stateQuery, unitQuery, type CommitteeView, type UnitView } from '../engine/protocol';
import { UnitKey } from '../engine/search-attributes';
import { unitsToCsv } from './csv-export';
import type { DirectiveLookups } from './directive-lookups';
import { AsOfQueries } from './as-of-queries';
import type { CascadeAsOf } from '../domain/cascade/as-of-state';
import { fromTemporalError, NotFoundError, unitNotInDirective } from './errors';

/** A unit's live state, with the directory's member count to set beside the one it reported. */
export type UnitReadView = UnitView & {
  /** Members the directive's snapshot of the directory holds for the unit; null if the unit is not in it. */
  directoryMembers: number | null;
  /** True when the unit reported a member count other than the directory's (flagged to supervisors, never refused). */
  membersMismatch: boolean;
};

/** Filters and paging of `listUnits`. */
export interface UnitFilter {
  status?: TrackStatus | TrackStatus[];
  level?: string;
  /**
   * Only this unit and the units under it: the subtree a supervisor asked for, the same units its
   * rollup counts (so the overdue list holds as many units as the overdue count says).
   */
  under?: string;
  /** Only units that reported a member count other than the directory's (true), or only the others (false). */
  membersMismatch?: boolean;
  /** Only units whose name or id contains this text, accents, đ and case aside ("chi bo" finds "Chi bộ"); see foldForSearch. */
  search?: string;
  limit?: number;
  offset?: number;
  /** The listing as it stood at this instant (ISO), rebuilt from the audit trail instead of read from the projection. */
  asOf?: string;
}

/** See the file comment. */
export class CascadeQueries {
  private readonly asOfQueries: AsOfQueries;

  constructor(
    private readonly temporal: Client,
    private readonly pool: Pool,
    private readonly lookups: DirectiveLookups,
  ) {
    this.asOfQueries = new AsOfQueries(pool, lookups);
  }

  /** A committee's view (its own unit, its units, the committees under it and their rollups) as it stood at `asOf` (ISO). */
  committeeAsOf(directiveId: string, unitId: string, asOf: string): Promise<CommitteeView> {
    return this.asOfQueries.committee(directiveId, unitId, asOf);
  }

  /** The directive as it stood at `asOf` (ISO), rebuilt from its audit trail: rollups, listings and statuses of that instant. */
  stateAsOf(directiveId: string, asOf: string): Promise<CascadeAsOf> {
    return this.asOfQueries.state(directiveId, asOf);
  }

  /**
   * A committee's whole state. Its own unit and leaf units come from the committee's workflow; the
   * rollups (its subtree's and each child committee's) from PostgreSQL, like `rollup`, because
   * committees tell their parents about changes only every few minutes.
   */
  async committee(directiveId: string, unitId?: string): Promise<CommitteeView> {
    const directive = await this.lookups.rollupDirective(directiveId);
    const committeeId = unitId ?? directive.rootId;
    let view: CommitteeView;
    try {
      view = await this.temporal.workflow.getHandle(committeeWorkflowId(directiveId, committeeId)).query(stateQuery);
    } catch (err) {
      return fromTemporalError(err, `committee ${unitId ?? 'root'} of ${directiveId}`);
    }
    const [rollup, children] = await Promise.all([subtreeRollup(this.pool, directive, committeeId), childRollups(this.pool, directive, committeeId)]);
    if (!rollup || !children) throw unitNotInDirective(committeeId, directiveId);
    return {
      ...view,
      rollup: rollupView(rollup),
      children: view.children.map((child) => {
        const counted = children.get(child.unitId);
        return { ...child, rollup: counted ? rollupView(counted) : child.rollup };
      }),
    };
  }

  /**
   * The rollup of a subtree (the whole directive by default), from the counters PostgreSQL keeps
   * over the unit projection; with `asOf`, as it stood at that instant (rebuilt from the audit trail).
   */
  async rollup(directiveId: string, unitId?: string, opts: { asOf?: string } = {}): Promise<RollupView> {
    if (opts.asOf !== undefined) {
      const rollup = (await this.stateAsOf(directiveId, opts.asOf)).rollup(unitId);
      if (!rollup) throw unitNotInDirective(unitId ?? '?', directiveId);
      return rollup;
    }
    const directive = await this.lookups.rollupDirective(directiveId);
    const rollup = await subtreeRollup(this.pool, directive, unitId ?? directive.rootId);
    if (!rollup) throw unitNotInDirective(unitId ?? directive.rootId, directiveId);
    return rollupView(rollup);
  }

  /** One unit's live state from the committee that holds it, with the directory's member count beside the reported one. */
  async unit(directiveId: string, unitId: string): Promise<UnitReadView> {
    const holder = await this.lookups.holderOf(directiveId, unitId);
    let view: UnitView | null;
    try {
      view = await this.temporal.workflow.getHandle(committeeWorkflowId(directiveId, holder)).query(unitQuery, unitId);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) await this.lookups.refuseWhileSettingUp(directiveId, unitId);
      return fromTemporalError(err, `unit ${unitId} of ${directiveId}`);
    }
    if (view) {
      const directoryMembers = await snapshotMembers(this.pool, directiveId, unitId);
      return { ...view, directoryMembers, membersMismatch: membersDiffer(view.report?.members, directoryMembers) };
    }
    await this.lookups.refuseWhileSettingUp(directiveId, unitId);
    throw new NotFoundError(`unit ${unitId} is not tracked in directive ${directiveId}`);
  }

  /** Units filtered by status, level (one of the directive's; another is a 400), subtree and search, paged, from the projection. */
  async listUnits(directiveId: string, filter: UnitFilter = {}): Promise<{ total: number; units: UnitListing[] }> {
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 1000);
    const offset = Math.max(filter.offset ?? 0, 0);
    const statuses = filter.status === undefined ? null : Array.isArray(filter.status) ? filter.status : [filter.status];
    if (filter.level !== undefined) requireKnownLevel(await this.lookups.levelsOf(directiveId), filter.level.normalize('NFC'), `directive ${directiveId}`);
    if (filter.asOf !== undefined) {
      const state = await this.stateAsOf(directiveId, filter.asOf);
      return state.units({
        statuses,
        level: filter.level?.normalize('NFC') ?? null,
        under: filter.under ?? null,
        search: filter.search ?? null,
        membersMismatch: filter.membersMismatch ?? null,
        limit,
        offset,
      });
    }
    return listUnitRows(this.pool, directiveId, {
      statuses,
      level: filter.level?.normalize('NFC') ?? null,
      under: filter.under ?? null,
      searchPattern: searchPattern(filter.search),
      membersMismatch: filter.membersMismatch ?? null,
      limit,
      offset,
    });
  }

  /** The committee workflows of a directive, listed through Temporal's visibility (search attributes). */
  async listCommittees(directiveId: string, filter: { level?: string; parent?: string; status?: string } = {}): Promise<string[]> {
    const clauses = [`CascadeDirective = ${quote(directiveId)}`];
    if (filter.level) clauses.push(`CascadeLevel = ${quote(filter.level)}`);
    if (filter.parent) clauses.push(`CascadeParent = ${quote(filter.parent)}`);
    if (filter.status) clauses.push(`CascadeStatus = ${quote(filter.status)}`);
    const ids: string[] = [];
    for await (const wf of this.temporal.workflow.list({ query: clauses.join(' AND ') })) {
      const unit = wf.typedSearchAttributes.get(UnitKey);
      if (unit) ids.push(unit);
    }
    return ids.sort();
  }

  /**
   * A unit's timeline: what happened, from the audit log (the directive's calendar changes
   * included), then, for an open unit, the reminders and escalations still to come at their real
   * instants on the directive's working calendar.
   */
  async timeline(directiveId: string, unitId: string, now = new Date()): Promise<TimelineEntry[]> {
    const [past, schedule] = await Promise.all([unitTimeline(this.pool, directiveId, unitId), unitScheduleInputs(this.pool, directiveId, unitId)]);
    if (!schedule || CLOSED_STATUSES.includes(schedule.status as TrackStatus)) return past;
    const policy = {
      reminders: schedule.reminders.map(parseOffset),
      escalation: schedule.escalation.map(parseOffset),
      calendar: schedule.calendar ?? undefined,
    };
    const upcoming = upcomingSteps(schedule.deadline, policy, now.toISOString()).map((step): TimelineEntry => ({
      at: step.at,
      kind: `scheduled-${step.kind}`,
      actor: null,
      payload: { step: step.step, deadline: schedule.deadline },
    }));
    return [...past, ...upcoming];
  }

  /** Every launched directive, newest first. */
  directives(): Promise<DirectiveSummary[]> {
    return listDirectives(this.pool);
  }

  /** One launched directive, or null. */
  async directive(directiveId: string): Promise<DirectiveSummary | null> {
    return (await listDirectives(this.pool, directiveId))[0] ?? null;
  }

  /** The journal entries of a directive PostgreSQL refused for good and the journal set aside (oldest first). */
  async quarantine(directiveId: string): Promise<QuarantinedEntry[]> {
    if (!(await this.directive(directiveId))) throw new NotFoundError(`directive ${directiveId} has not been launched`);
    return listQuarantine(this.pool, directiveId);
  }

  /** A unit as the directive's snapshot holds it. */
  async unitInfo(directiveId: string, unitId: string): Promise<SnapshotUnitInfo> {
    const info = await snapshotUnitInfo(this.pool, directiveId, unitId);
    if (!info) throw unitNotInDirective(unitId, directiveId);
    return info;
  }

  /** The organisation directory (a subtree when `rootId` is given). */
  organisation(rootId?: string): Promise<OrgUnit[]> {
    return organisationUnits(this.pool, rootId);
  }

  /** Ancestors of a unit in a directive, nearest first. */
  async ancestors(directiveId: string, unitId: string): Promise<string[]> {
    const ancestors = await unitAncestors(this.pool, directiveId, unitId);
    if (ancestors) return ancestors;
    await this.lookups.refuseWhileSettingUp(directiveId, unitId);
    throw unitNotInDirective(unitId, directiveId);
  }

  /** The units of a directive (optionally filtered) as CSV, read a thousand at a time. */
  async exportCsv(directiveId: string, filter: Omit<UnitFilter, 'limit' | 'offset'> = {}): Promise<string> {
    return unitsToCsv(await this.allUnits(directiveId, filter));
  }

  /** Every unit the filter matches, read a thousand at a time (the exports' rows). */
  async allUnits(directiveId: string, filter: Omit<UnitFilter, 'limit' | 'offset'> = {}): Promise<UnitListing[]> {
    const all: UnitListing[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await this.listUnits(directiveId, { ...filter, limit: 1000, offset });
      all.push(...page.units);
      if (all.length >= page.total || page.units.length === 0) break;
    }
    return all;
  }

  /** The results report of a subtree (the whole directive by default), from live state; the HTML carries `progressChart` when given. */
  async resultsReport(
    directiveId: string,
    opts: { unitId?: string; lang?: 'vi' | 'en'; format?: 'markdown' | 'html'; progressChart?: string | null } = {},
  ): Promise<string> {
    const input = await this.resultsReportInput(directiveId, opts.unitId);
    return opts.format === 'html'
      ? resultsReportHtml({ ...input, progressChart: opts.progressChart ?? null }, opts.lang ?? 'vi')
      : resultsReportMarkdown(input, opts.lang ?? 'vi');
  }

  /** What every format of the results report is built from: the subtree's live rollup, its late and overdue units, now. */
  async resultsReportInput(directiveId: string, unitId?: string): Promise<ResultsReportInput> {
    const directive = await directiveSpecAndRoot(this.pool, directiveId);
    if (!directive) throw new NotFoundError(`directive ${directiveId} has not been launched`);
    const scopeId = unitId ?? directive.rootUnitId;
    const scope = await snapshotUnitInfo(this.pool, directiveId, scopeId);
    if (!scope) throw unitNotInDirective(scopeId, directiveId);
    const under = scopeId === directive.rootUnitId ? undefined : scopeId;
    const [levels, rollup, late, overdue, committees] = await Promise.all([
      this.lookups.levelsOf(directiveId),
      this.rollup(directiveId, scopeId),
      this.listUnits(directiveId, { status: 'done-late', under, limit: 1000 }),
      this.listUnits(directiveId, { status: 'overdue', under, limit: 1000 }),
      this.committeesUnder(directiveId, scopeId),
    ]);
    return {
      directive: directive.spec,
      withdrawal: await this.lookups.withdrawal(directiveId),
      scope: { unitId: scopeId, name: scope.name },
      asOf: new Date().toISOString(),
      rollup,
      // The directive's own levels: a directory imported since in another shape never relabels it.
      levels,
      late: late.units.map((u) => ({ unitId: u.unitId, name: u.name, level: u.level, at: u.completedAt ?? u.deadline })),
      overdue: overdue.units.map((u) => ({ unitId: u.unitId, name: u.name, level: u.level, at: u.deadline })),
      committees,
    };
  }

  /** The committees directly under `committeeId` with their subtrees' live rollups, in byte order of id (the report's table by committee). */
  private async committeesUnder(directiveId: string, committeeId: string): Promise<NonNullable<ResultsReportInput['committees']>> {
    const directive = await this.lookups.rollupDirective(directiveId);
    const rollups = (await childRollups(this.pool, directive, committeeId)) ?? new Map<string, Rollup>();
    const names = await snapshotUnitNames(this.pool, directiveId, [...rollups.keys()]);
    return [...rollups].map(([unitId, rollup]) => ({ unitId, name: names.get(unitId) ?? unitId, rollup: rollupView(rollup) }));
  }
}

/** A value for a visibility query, in double quotes; quotes and backslashes are dropped, never escaped. */
function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '')}"`;
}
