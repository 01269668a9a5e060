/**
 * The operations of the three users, over Temporal and PostgreSQL. The CLI, the API and the
 * dashboard call only this module; none of them re-implements a rule.
 *   secretariat: importOrganisation, launch, withdraw
 *   units:       acknowledge, report, correct
 *   superiors:   extend, exempt; supervisors: committee, unit, rollup, listUnits
 */
import { createHash } from 'node:crypto';
import {
  Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  type WorkflowHandle,
} from '@temporalio/client';
import type { Pool } from 'pg';
import type { DirectiveRuntime } from '../domain/cascade/records';
import {
  markDirectiveWithdrawn,
  recordDirective,
  replaceUnstartedDirective,
  setupState,
  snapshotUnitsPerLevel,
  withLaunchLock,
} from '../store/directive-records';
import { checkDirectiveAgainstOrg } from '../domain/directive/directive-org';
import { DirectiveSpecError, directiveIdFor, parseDirectiveSpec, validateDirectiveSpec, type DirectiveSpec } from '../domain/directive/directive';
import { parseOffset } from '../domain/time/duration';
import { checkLaunchTimes } from '../domain/directive/launch-check';
import { membersDiffer } from '../domain/org/members-check';
import { DEFAULT_LEVELS } from '../domain/org/levels';
import type { OrgTree, OrgUnit } from '../domain/org/org';
import { resultsReportHtml, resultsReportMarkdown, type ResultsReportInput } from '../domain/report/results-report';
import { rollupView, type RollupView } from '../domain/track/rollup';
import { formatEnDateTime } from '../domain/time/time';
import { specDifferences } from '../domain/directive/spec-differences';
import type { TrackStatus } from '../domain/track/unit-track';
import {
  acknowledgeUpdate,
  committeeWorkflowId,
  correctUpdate,
  DEFAULT_TASK_QUEUE,
  exemptUpdate,
  extendUpdate,
  reportUpdate,
  stateQuery,
  unitQuery,
  withdrawUpdate,
  type CommitteeView,
  type UnitUpdateResult,
  type UnitView,
} from '../engine/protocol';
import { committeeWorkflow } from '../engine/committee/workflow';
import { DirectiveKey, LevelKey, StatusKey, UnitKey } from '../engine/search-attributes';
import { ConflictError, DirectiveConflictError, fromTemporalError, NotFoundError, unitNotInDirective, SettingUpError } from './errors';
import { unitsToCsv } from './csv-export';
import { listUnitRows, type UnitListing } from '../store/unit-listings';
import {
  directiveRootId,
  directiveSpecAndRoot,
  listDirectives,
  organisationUnits,
  snapshotMembers,
  snapshotUnitInfo,
  unitAncestors,
  unitHolderId,
  unitTimeline,
  type DirectiveSummary,
  type TimelineEntry,
} from '../store/directory-queries';
import { loadOrganisation, saveOrganisation } from '../store/org-directory';
import { JournalWriter } from './journal-writer';
import { listQuarantine, type QuarantinedEntry } from '../store/journal-quarantine';
import { KeyedLimiter } from './keyed-limiter';
import { withdrawalRecord, type WithdrawalRecord } from '../store/withdrawal-record';
import { childRollups, subtreeRollup, type RollupDirective } from '../store/rollup-counts';

/** What the client needs: a Temporal client, the database, and where the workers listen. */
export interface CascadeClientDeps {
  temporal: Client;
  pool: Pool;
  taskQueue?: string;
  /** Level names of the organisation, top first. */
  levels?: readonly string[];
  /** Set custom search attributes (default true; false for the time-skipping test server). */
  searchAttributes?: boolean;
  /** Continue-as-new thresholds and journal timing for the directives this client launches (tests and benchmarks). */
  limits?: DirectiveRuntime['limits'];
  /**
   * Told when writing an update's journal entries to PostgreSQL failed. The update itself is
   * recorded and its committee writes the same entries within ten minutes, so the caller still
   * gets its answer. Default: a one-line warning on stderr.
   */
  onJournalError?: (error: unknown, unitId: string) => void;
  /** Updates in flight per committee workflow from this client (default 8, under Temporal's 10); more wait in order. */
  maxUpdatesInFlightPerCommittee?: number;
  /** The clock a launch is checked against and stamped with (default: the system clock). */
  clock?: () => Date;
}

/** What a launch scheduled. */
export interface LaunchResult {
  directiveId: string;
  workflowId: string;
  /** False when the directive was already running: a relaunch never duplicates a unit. */
  started: boolean;
  unitsPerLevel: Record<string, number>;
  /** The deadlines in force: this spec's on a start, the first launch's on a relaunch. */
  deadlines: Record<string, string>;
  /**
   * False right after a start: the committees take the units on within seconds, and until then a
   * unit's reads and commands answer 503 SettingUp (with Retry-After), not "not part of it".
   */
  unitsReady: boolean;
}

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
  /** Only units whose name contains this text; compared in NFC, so NFD input finds NFC names (ASCII letters in any case). */
  nameContains?: string;
  limit?: number;
  offset?: number;
}

/** See the file comment. */
export class CascadeClient {
  readonly taskQueue: string;
  readonly levels: readonly string[];
  private readonly holders = new Map<string, string>();
  private readonly roots = new Map<string, string>();
  private readonly updateLimiter: KeyedLimiter;
  private readonly journal: JournalWriter;

  constructor(private readonly deps: CascadeClientDeps) {
    this.updateLimiter = new KeyedLimiter(deps.maxUpdatesInFlightPerCommittee ?? 8);
    this.journal = new JournalWriter(deps.pool);
    this.taskQueue = deps.taskQueue ?? DEFAULT_TASK_QUEUE;
    this.levels = deps.levels ?? DEFAULT_LEVELS;
  }

  /** Secretariat: replaces the organisation directory (validated as a whole first). */
  importOrganisation(tree: OrgTree, onProgress?: (done: number, total: number) => void): Promise<number> {
    return saveOrganisation(this.deps.pool, tree, onProgress);
  }

  /**
   * Secretariat: launches a directive from a spec (YAML/JSON text or an object). Everything is
   * checked before anything starts: the spec's schema, the spec against the organisation, and
   * the times against the clock (issue date, every deadline, reminder and escalation instant;
   * src/domain/directive/launch-check.ts). The directive's row is recorded before its root workflow starts, so
   * a launch under an id already taken is compared with what was launched: the same spec answers
   * `started: false` with the deadlines in force, another spec (root included) is refused with a
   * 409 naming each field that differs.
   */
  async launch(specInput: string | Record<string, unknown>): Promise<LaunchResult> {
    const spec: DirectiveSpec = typeof specInput === 'string' ? parseDirectiveSpec(specInput) : validateDirectiveSpec(specInput);
    const tree = await loadOrganisation(this.deps.pool, this.levels);
    const issues = checkDirectiveAgainstOrg(spec, tree);
    if (issues.length) throw new DirectiveSpecError(issues);

    const unitsPerLevel: Record<string, number> = {};
    for (const id of tree.subtreeIds(spec.root)) {
      if (id === spec.root) continue;
      const level = tree.require(id).level;
      unitsPerLevel[level] = (unitsPerLevel[level] ?? 0) + 1;
    }
    // One instant for the check and the launch: the root's units receive the directive at it.
    const receivedAt = (this.deps.clock?.() ?? new Date()).toISOString();
    const timeIssues = checkLaunchTimes(spec, Object.keys(unitsPerLevel), receivedAt);
    if (timeIssues.length) throw new DirectiveSpecError(timeIssues);

    const directive = { ...toRuntime(spec, tree, this.deps.searchAttributes ?? true), ...(this.deps.limits ? { limits: this.deps.limits } : {}) };
    const workflowId = committeeWorkflowId(directive.id, directive.rootId);
    return withLaunchLock(this.deps.pool, directive.id, async () => {
      const inForce = await this.recordLaunch(directive, spec);
      let started = true;
      try {
        await this.deps.temporal.workflow.start(committeeWorkflow, {
          workflowId,
          taskQueue: this.taskQueue,
          // A relaunch of a running directive is refused by id: it never duplicates a unit.
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          args: [{ directive, unitId: directive.rootId, parentWorkflowId: null, ancestors: [], receivedAt, spec }],
          typedSearchAttributes: directive.searchAttributes
            ? [
                { key: DirectiveKey, value: directive.id },
                { key: LevelKey, value: tree.require(spec.root).level },
                { key: UnitKey, value: spec.root },
                { key: StatusKey, value: 'active' },
              ]
            : [],
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        started = false;
      }
      if (started) return { directiveId: directive.id, workflowId, started, unitsPerLevel, deadlines: spec.deadlines, unitsReady: false };
      // What runs: the recorded spec's deadlines and the snapshot's units (the directory may have changed since).
      const snapshot = await snapshotUnitsPerLevel(this.deps.pool, directive.id, directive.rootId);
      return {
        directiveId: directive.id,
        workflowId,
        started,
        unitsPerLevel: Object.keys(snapshot).length ? snapshot : unitsPerLevel,
        deadlines: inForce,
        unitsReady: Object.keys(snapshot).length > 0,
      };
    });
  }

  /**
   * Records the directive's row, or compares this spec with the one recorded under its id: the
   * deadlines in force when they mean the same directive, a DirectiveConflictError naming each
   * field that differs otherwise. A row whose launch never started a workflow (Temporal refused
   * or was down) is replaced, so a failed launch does not hold its id.
   */
  private async recordLaunch(directive: DirectiveRuntime, spec: DirectiveSpec): Promise<Record<string, string>> {
    const row = { id: directive.id, code: directive.code, title: directive.title, rootId: directive.rootId, spec };
    const recorded = await recordDirective(this.deps.pool, row);
    if (recorded.inserted) return spec.deadlines;
    const differences = recorded.spec
      ? specDifferences(recorded.spec, spec)
      : recorded.rootId === spec.root
        ? []
        : [
            {
              path: 'root',
              rule: 'differs-from-running',
              message: `root is "${spec.root}" here but "${recorded.rootId}" in the directive already launched under this id`,
            },
          ];
    const storedDeadlines = (recorded.spec?.deadlines ?? spec.deadlines) as Record<string, string>;
    if (differences.length === 0) return storedDeadlines;
    if (!(await this.workflowExists(committeeWorkflowId(directive.id, recorded.rootId))) && (await replaceUnstartedDirective(this.deps.pool, row))) {
      this.roots.delete(directive.id);
      return spec.deadlines;
    }
    throw new DirectiveConflictError(
      [
        `directive ${directive.id} was already launched with another spec; launching it again changes nothing of a running directive (withdraw it first, or give the new directive another code). What differs:`,
        ...differences.map((d) => `- ${d.message}`),
      ].join('\n'),
      differences,
    );
  }

  /** True when Temporal knows the workflow (running or closed). */
  private async workflowExists(workflowId: string): Promise<boolean> {
    try {
      await this.deps.temporal.workflow.getHandle(workflowId).describe();
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  /** Unit: confirms receipt. */
  acknowledge(directiveId: string, unitId: string, actor: string): Promise<UnitView> {
    return this.update(directiveId, unitId, (h) =>
      h.executeUpdate(acknowledgeUpdate, { args: [{ unitId, actor }], updateId: updateIdFor('acknowledge', { unitId, actor }) }),
    );
  }

  /** Unit: files its completion report. Rejected reports change nothing and say why. */
  report(directiveId: string, unitId: string, report: unknown, actor: string): Promise<UnitView> {
    return this.update(directiveId, unitId, (h) =>
      h.executeUpdate(reportUpdate, { args: [{ unitId, report, actor }], updateId: updateIdFor('report', { unitId, report, actor }) }),
    );
  }

  /** Unit: replaces its earlier report. */
  correct(directiveId: string, unitId: string, report: unknown, actor: string): Promise<UnitView> {
    return this.update(directiveId, unitId, (h) =>
      h.executeUpdate(correctUpdate, { args: [{ unitId, report, actor }], updateId: updateIdFor('correct', { unitId, report, actor }) }),
    );
  }

  /** Superior: extends a unit's deadline to a date, quarter or instant. */
  extend(directiveId: string, unitId: string, to: string, actor: string, reason?: string): Promise<UnitView> {
    return this.update(directiveId, unitId, (h) =>
      h.executeUpdate(extendUpdate, { args: [{ unitId, to, actor, reason }], updateId: updateIdFor('extend', { unitId, to, actor, reason }) }),
    );
  }

  /** Superior: exempts a unit. */
  exempt(directiveId: string, unitId: string, actor: string, reason: string): Promise<UnitView> {
    return this.update(directiveId, unitId, (h) =>
      h.executeUpdate(exemptUpdate, { args: [{ unitId, actor, reason }], updateId: updateIdFor('exempt', { unitId, actor, reason }) }),
    );
  }

  /**
   * Secretariat: withdraws the directive; it propagates down and everything pending stops. A
   * directive already withdrawn is a 409 saying when (and why), not a second withdrawal.
   */
  async withdraw(directiveId: string, actor: string, reason: string): Promise<{ withdrawnAt: string }> {
    const earlier = await this.withdrawal(directiveId);
    if (earlier) throw alreadyWithdrawn(directiveId, earlier);
    const handle = await this.rootHandle(directiveId);
    try {
      const result = await handle.executeUpdate(withdrawUpdate, { args: [{ actor, reason }] });
      await markDirectiveWithdrawn(this.deps.pool, directiveId);
      return result;
    } catch (err) {
      // Only a withdrawal ends a root committee: a launched directive whose root is gone was withdrawn.
      if (err instanceof WorkflowNotFoundError)
        throw alreadyWithdrawn(directiveId, (await this.withdrawal(directiveId, true)) ?? { at: null, reason: null, actor: null });
      return fromTemporalError(err, `withdraw ${directiveId}`);
    }
  }

  /**
   * Supervisor: a committee's whole state. Its own unit and leaf units come from the committee's
   * workflow; the rollups (its subtree's and each child committee's) from PostgreSQL, like
   * `rollup`, because committees tell their parents about changes only every few minutes.
   */
  async committee(directiveId: string, unitId?: string): Promise<CommitteeView> {
    const directive = await this.rollupDirective(directiveId);
    const committeeId = unitId ?? directive.rootId;
    let view: CommitteeView;
    try {
      view = await this.deps.temporal.workflow.getHandle(committeeWorkflowId(directiveId, committeeId)).query(stateQuery);
    } catch (err) {
      return fromTemporalError(err, `committee ${unitId ?? 'root'} of ${directiveId}`);
    }
    const [rollup, children] = await Promise.all([subtreeRollup(this.deps.pool, directive, committeeId), childRollups(this.deps.pool, directive, committeeId)]);
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
   * Supervisor: the rollup of a subtree (the whole directive by default), read from the counters
   * PostgreSQL keeps over the unit projection: a change made through this client is in it when
   * the call returns, a change the workflows make on their own (a unit falling overdue) once the
   * committee's journal write lands, normally within a second.
   */
  async rollup(directiveId: string, unitId?: string): Promise<RollupView> {
    const directive = await this.rollupDirective(directiveId);
    const rollup = await subtreeRollup(this.deps.pool, directive, unitId ?? directive.rootId);
    if (!rollup) throw unitNotInDirective(unitId ?? directive.rootId, directiveId);
    return rollupView(rollup);
  }

  /** Anyone allowed: one unit's live state, with the directory's member count beside the reported one. */
  async unit(directiveId: string, unitId: string): Promise<UnitReadView> {
    const holder = await this.holderOf(directiveId, unitId);
    let view: UnitView | null;
    try {
      view = await this.deps.temporal.workflow.getHandle(committeeWorkflowId(directiveId, holder)).query(unitQuery, unitId);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) await this.refuseWhileSettingUp(directiveId, unitId);
      return fromTemporalError(err, `unit ${unitId} of ${directiveId}`);
    }
    if (view) {
      const directoryMembers = await snapshotMembers(this.deps.pool, directiveId, unitId);
      return { ...view, directoryMembers, membersMismatch: membersDiffer(view.report?.members, directoryMembers) };
    }
    await this.refuseWhileSettingUp(directiveId, unitId);
    throw new NotFoundError(`unit ${unitId} is not tracked in directive ${directiveId}`);
  }

  /** Supervisor: units filtered by status, level and subtree, paged, from the projection. */
  async listUnits(directiveId: string, filter: UnitFilter = {}): Promise<{ total: number; units: UnitListing[] }> {
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 1000);
    const offset = Math.max(filter.offset ?? 0, 0);
    const statuses = filter.status === undefined ? null : Array.isArray(filter.status) ? filter.status : [filter.status];
    const search = filter.nameContains?.normalize('NFC').trim();
    const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    return listUnitRows(this.deps.pool, directiveId, {
      statuses,
      level: filter.level?.normalize('NFC') ?? null,
      under: filter.under ?? null,
      namePattern: pattern,
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
    for await (const wf of this.deps.temporal.workflow.list({ query: clauses.join(' AND ') })) {
      const unit = wf.typedSearchAttributes.get(UnitKey);
      if (unit) ids.push(unit);
    }
    return ids.sort();
  }

  /** Supervisor: a unit's timeline (received, reminded, reported, escalated, ...) from the audit log. */
  timeline(directiveId: string, unitId: string): Promise<TimelineEntry[]> {
    return unitTimeline(this.deps.pool, directiveId, unitId);
  }

  /** Every launched directive, newest first. */
  directives(): Promise<DirectiveSummary[]> {
    return listDirectives(this.deps.pool);
  }

  /** One launched directive, or null. */
  async directive(directiveId: string): Promise<DirectiveSummary | null> {
    return (await listDirectives(this.deps.pool, directiveId))[0] ?? null;
  }

  /** Secretariat: the journal entries of a directive PostgreSQL refused for good and the journal set aside (oldest first). */
  async quarantine(directiveId: string): Promise<QuarantinedEntry[]> {
    if (!(await this.directive(directiveId))) throw new NotFoundError(`directive ${directiveId} has not been launched`);
    return listQuarantine(this.deps.pool, directiveId);
  }

  /** A unit as the directive's snapshot holds it (name, level, parent, whether it has units under it). */
  async unitInfo(directiveId: string, unitId: string): Promise<{ unitId: string; name: string; level: string; parentId: string | null; hasChildren: boolean }> {
    const info = await snapshotUnitInfo(this.deps.pool, directiveId, unitId);
    if (!info) throw unitNotInDirective(unitId, directiveId);
    return info;
  }

  /** The organisation directory (a subtree when `rootId` is given). */
  organisation(rootId?: string): Promise<OrgUnit[]> {
    return organisationUnits(this.deps.pool, rootId);
  }

  /** Ancestors of a unit in a directive, nearest first; for authorising supervisors by subtree. */
  async ancestors(directiveId: string, unitId: string): Promise<string[]> {
    const ancestors = await unitAncestors(this.deps.pool, directiveId, unitId);
    if (ancestors) return ancestors;
    await this.refuseWhileSettingUp(directiveId, unitId);
    throw unitNotInDirective(unitId, directiveId);
  }

  /** Supervisor: the units of a directive (optionally filtered) as CSV, safe for spreadsheets. */
  async exportCsv(directiveId: string, filter: Omit<UnitFilter, 'limit' | 'offset'> = {}): Promise<string> {
    const all: UnitListing[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await this.listUnits(directiveId, { ...filter, limit: 1000, offset });
      all.push(...page.units);
      if (all.length >= page.total || page.units.length === 0) break;
    }
    return unitsToCsv(all);
  }

  /** The results report of a subtree (the whole directive by default), from live state. */
  async resultsReport(directiveId: string, opts: { unitId?: string; lang?: 'vi' | 'en'; format?: 'markdown' | 'html' } = {}): Promise<string> {
    const directive = await directiveSpecAndRoot(this.deps.pool, directiveId);
    if (!directive) throw new NotFoundError(`directive ${directiveId} has not been launched`);
    const scopeId = opts.unitId ?? directive.rootUnitId;
    const scope = await snapshotUnitInfo(this.deps.pool, directiveId, scopeId);
    if (!scope) throw unitNotInDirective(scopeId, directiveId);
    const under = scopeId === directive.rootUnitId ? undefined : scopeId;
    const [rollup, late, overdue] = await Promise.all([
      this.rollup(directiveId, scopeId),
      this.listUnits(directiveId, { status: 'done-late', under, limit: 1000 }),
      this.listUnits(directiveId, { status: 'overdue', under, limit: 1000 }),
    ]);
    const input: ResultsReportInput = {
      directive: directive.spec,
      withdrawal: await this.withdrawal(directiveId),
      scope: { unitId: scopeId, name: scope.name },
      asOf: new Date().toISOString(),
      rollup,
      late: late.units.map((u) => ({ unitId: u.unitId, name: u.name, level: u.level, at: u.completedAt ?? u.deadline })),
      overdue: overdue.units.map((u) => ({ unitId: u.unitId, name: u.name, level: u.level, at: u.deadline })),
    };
    return opts.format === 'html' ? resultsReportHtml(input, opts.lang ?? 'vi') : resultsReportMarkdown(input, opts.lang ?? 'vi');
  }

  /**
   * When and why the directive was withdrawn, or null. PostgreSQL has it once the committees have
   * written their withdrawal records; in the seconds before that (or when every unit had finished,
   * so none was written) the root committee still knows when. `closed`: the caller found the root
   * gone, which only a withdrawal does.
   */
  private async withdrawal(directiveId: string, closed = false): Promise<WithdrawalRecord | null> {
    const record = await withdrawalRecord(this.deps.pool, directiveId);
    if ((record === null && !closed) || record?.at) return record;
    const handle = await this.rootHandle(directiveId);
    const at = await handle.query(stateQuery).then(
      (view) => view.withdrawnAt,
      () => null,
    );
    return { at, reason: record?.reason ?? null, actor: record?.actor ?? null };
  }

  /** The root unit of a directive; it never changes, so it is looked up once. */
  private async rootOf(directiveId: string): Promise<string> {
    let root = this.roots.get(directiveId);
    if (!root) {
      root = (await directiveRootId(this.deps.pool, directiveId)) ?? undefined;
      if (!root) throw new NotFoundError(`directive ${directiveId} has not been launched`);
      this.roots.set(directiveId, root);
    }
    return root;
  }

  /** What the rollup reader needs of a directive. */
  private async rollupDirective(directiveId: string): Promise<RollupDirective> {
    return { id: directiveId, rootId: await this.rootOf(directiveId), levels: this.levels };
  }

  /** The root committee's workflow. */
  private async rootHandle(directiveId: string): Promise<WorkflowHandle> {
    return this.deps.temporal.workflow.getHandle(committeeWorkflowId(directiveId, await this.rootOf(directiveId)));
  }

  /**
   * Throws SettingUpError (503, Retry-After) when `unitId` is missing only because its directive
   * was launched a moment ago: the directive is recorded but its snapshot is not taken yet, or
   * the unit is in the snapshot but its committee has not taken it on (no projection row). The
   * root, the issuer, is never projected, so it is never "setting up" once the snapshot exists.
   */
  private async refuseWhileSettingUp(directiveId: string, unitId: string): Promise<void> {
    const state = await setupState(this.deps.pool, directiveId, unitId);
    if (!state.recorded || state.projected) return;
    if (!state.snapshot) throw new SettingUpError(directiveId, unitId);
    const inSnapshot = await unitAncestors(this.deps.pool, directiveId, unitId);
    if (inSnapshot !== null && inSnapshot.length > 0) throw new SettingUpError(directiveId, unitId);
  }

  /** Which committee workflow holds a unit's state: itself if it has units under it, else its parent. */
  private async holderOf(directiveId: string, unitId: string): Promise<string> {
    const key = `${directiveId}/${unitId}`;
    const cached = this.holders.get(key);
    if (cached) return cached;
    const holder = await unitHolderId(this.deps.pool, directiveId, unitId);
    if (!holder) {
      await this.refuseWhileSettingUp(directiveId, unitId);
      throw unitNotInDirective(unitId, directiveId);
    }
    this.holders.set(key, holder);
    return holder;
  }

  private async update(directiveId: string, unitId: string, call: (handle: WorkflowHandle) => Promise<UnitUpdateResult>): Promise<UnitView> {
    const holder = await this.holderOf(directiveId, unitId);
    let result: UnitUpdateResult;
    try {
      const workflowId = committeeWorkflowId(directiveId, holder);
      result = await this.updateLimiter.run(workflowId, () => call(this.deps.temporal.workflow.getHandle(workflowId)));
    } catch (err) {
      // The unit is in the directive, so a missing workflow means its committee has not started
      // yet (a launch a moment ago) or has finished.
      if (err instanceof WorkflowNotFoundError) await this.refuseWhileSettingUp(directiveId, unitId);
      if (err instanceof WorkflowNotFoundError)
        throw new ConflictError(`directive ${directiveId} is closed (withdrawn): nothing more can be recorded for unit ${unitId}`, 'withdrawn');
      return fromTemporalError(err, `unit ${unitId} of ${directiveId}`);
    }
    const { journal, ...view } = result;
    // Written before answering, so the caller's next listing or rollup already shows its change;
    // with the entries of other calls in flight meanwhile, in one statement (journal-writer.ts).
    if (journal) await this.journal.write(journal).catch((err: unknown) => this.journalError(err, unitId));
    return view;
  }

  private journalError(err: unknown, unitId: string): void {
    if (this.deps.onJournalError) this.deps.onJournalError(err, unitId);
    else
      console.warn(
        `journal of unit ${unitId} not written now (its committee writes it within ten minutes): ${err instanceof Error ? err.message : String(err)}`,
      );
  }
}

/**
 * The update id of a command: the same command (kind, unit, content) gets the same id, so a caller
 * repeating it after a timeout gets the first outcome back instead of recording it twice.
 */
export function updateIdFor(kind: string, command: { unitId: string } & Record<string, unknown>): string {
  const digest = createHash('sha256').update(JSON.stringify(command)).digest('base64url').slice(0, 22);
  return `${kind}/${command.unitId}/${digest}`;
}

/** The directive as workflows carry it: ids, levels and offsets resolved once. */
export function toRuntime(spec: DirectiveSpec, tree: OrgTree, searchAttributes = true): DirectiveRuntime {
  return {
    id: directiveIdFor(spec.code, spec.issuedOn),
    code: spec.code,
    title: spec.title,
    issuer: spec.issuer,
    issuedOn: spec.issuedOn,
    rootId: spec.root,
    levels: [...tree.levels],
    deadlines: { ...spec.deadlines },
    reminders: spec.reminders.map(parseOffset),
    escalation: spec.escalation.map(parseOffset),
    language: spec.language,
    searchAttributes,
  };
}

/** The 409 of a second withdrawal: when the first one happened, by whom and why, as far as it is recorded. */
function alreadyWithdrawn(directiveId: string, record: WithdrawalRecord): ConflictError {
  const when = record.at ? ` on ${formatEnDateTime(record.at)}` : '';
  const by = record.actor ? ` by ${record.actor}` : '';
  const why = record.reason ? ` (reason: ${record.reason})` : '';
  return new ConflictError(
    `directive ${directiveId} was already withdrawn${when}${by}${why}; nothing more is sent or recorded for it, so there is nothing to withdraw again`,
    'already-withdrawn',
  );
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '')}"`;
}
