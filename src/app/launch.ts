/**
 * Launching a directive: the checks before anything starts, the directive's row, and the root
 * committee's workflow. A relaunch under an id already taken never duplicates a unit: the same
 * spec answers what is in force, another spec is refused naming what differs.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { DirectiveRuntime } from '../domain/cascade/records';
import { checkDirectiveAgainstOrg } from '../domain/directive/directive-org';
import { DirectiveSpecError, directiveIdFor, parseDirectiveSpec, validateDirectiveSpec, type DirectiveSpec } from '../domain/directive/directive';
import { checkLaunchTimes } from '../domain/directive/launch-check';
import { specDifferences } from '../domain/directive/spec-differences';
import { sameLevels, type LevelDefinition } from '../domain/org/levels';
import type { OrgTree } from '../domain/org/org';
import { parseOffset } from '../domain/time/duration';
import { parseDeadlineSpec, resolveDeadline } from '../domain/time/deadline-spec';
import { vnIsoDate } from '../domain/time/vn-time';
import type { WorkingCalendar } from '../domain/calendar/working-calendar';
import { launchSchedule, type LevelSchedule } from '../domain/directive/launch-schedule';
import type { CalendarBook } from './calendar-book';
import { planRounds } from '../domain/directive/periodic';
import { reportRoundsWorkflow, reportRoundsWorkflowId } from '../engine/report-rounds-schedule';
import { recordDirective, replaceUnstartedDirective, snapshotUnitsPerLevel, withLaunchLock } from '../store/directive-records';
import { loadOrganisation } from '../store/org-directory';
import { committeeWorkflowId } from '../engine/protocol';
import { committeeWorkflow } from '../engine/committee/workflow';
import { DirectiveKey, LevelKey, StatusKey, UnitKey } from '../engine/search-attributes';
import type { DirectiveLookups } from './directive-lookups';
import { DirectiveConflictError } from './errors';
import { recordAdminAction } from '../store/admin-audit';
import { asAdminActor, type AdminActor } from '../domain/audit/admin-actor';
import { checkReadersAgainstOrg } from '../domain/directive/secrecy';
import { secretDirectiveId } from '../security/secret-directive-id';

/** What a launch scheduled. */
export interface LaunchResult {
  directiveId: string;
  workflowId: string;
  /** False when the directive was already running: a relaunch never duplicates a unit. */
  started: boolean;
  unitsPerLevel: Record<string, number>;
  /** The deadlines in force: this spec's on a start, the first launch's on a relaunch. */
  deadlines: Record<string, string>;
  /** The levels the directive keeps, top first: the directory's at this launch on a start, the first launch's on a relaunch. */
  levels: readonly LevelDefinition[];
  /**
   * False right after a start: the committees take the units on within seconds, and until then a
   * unit's reads and commands answer 503 SettingUp (with Retry-After), not "not part of it".
   */
  unitsReady: boolean;
  /** Per level, for a unit receiving the directive at launch: its deadline (and any day off it falls on) and the real reminder and escalation instants. */
  schedule: ScheduledLevel[];
  /** The working calendar the committees were given (its id; null for a directive launched before calendars). */
  calendarId: string | null;
}

/** A level's schedule, with the name of the day off its deadline falls on. */
export interface ScheduledLevel extends LevelSchedule {
  dayOffName: { vi: string; en: string } | null;
}

/** What a dry run of a launch answers: what would start, and when everything would go out; nothing is recorded. */
export type LaunchPreview = Pick<LaunchResult, 'directiveId' | 'unitsPerLevel' | 'deadlines' | 'levels' | 'schedule' | 'calendarId'>;

/**
 * How a launch is made: under a given id (report rounds), checked by `authorise` with the spec's root
 * once the spec is read (a committee's secretariat launches only in its subtree; it throws to refuse,
 * before anything is recorded), and by whom, for the administration trail (a bare name: declared).
 */
export interface LaunchOptions {
  id?: string;
  authorise?: (rootId: string) => Promise<void>;
  actor?: string | AdminActor;
}

/** A spec checked and made ready to launch at `receivedAt`. */
interface PreparedLaunch {
  spec: DirectiveSpec;
  tree: OrgTree;
  unitsPerLevel: Record<string, number>;
  receivedAt: string;
  directive: DirectiveRuntime;
  schedule: ScheduledLevel[];
}

/** What launching needs of the client's dependencies (CascadeClientDeps documents each). */
export interface LaunchDeps {
  temporal: Client;
  pool: Pool;
  taskQueue: string;
  searchAttributes?: boolean;
  limits?: DirectiveRuntime['limits'];
  clock?: () => Date;
  calendars: CalendarBook;
  /** PAYLOAD_ENCRYPTION_KEY of this launching side: a secret directive is refused without it, and its opaque id is keyed by it. */
  payloadEncryptionKey?: string | undefined;
}

/** See the file comment. */
export class Launcher {
  constructor(
    private readonly deps: LaunchDeps,
    private readonly lookups: DirectiveLookups,
  ) {}

  /**
   * Launches a directive from a spec (YAML/JSON text or an object), after checking the spec, the
   * spec against the organisation (validated against the directory's own levels) and the times
   * against the clock. The directive's row, with those levels, is recorded before its root
   * workflow starts, so a launch under an id already taken is compared with what was launched
   * (recordLaunch).
   */
  async launch(specInput: string | Record<string, unknown>, options: LaunchOptions = {}): Promise<LaunchResult> {
    const { spec, tree, unitsPerLevel, receivedAt, directive, schedule } = await this.prepare(specInput, options.id);
    await options.authorise?.(spec.root);
    const result = await this.start(spec, tree, unitsPerLevel, receivedAt, directive, schedule);
    // After the start succeeded; keyed by the directive, so a relaunch (or a retry after a failed write) adds no second row.
    await recordAdminAction(this.deps.pool, {
      action: 'launch',
      target: directive.id,
      scopeUnit: spec.root,
      // A secret directive's code stays out of the trail, which every secretariat of the subtree lists: its opaque id stands for it.
      details: {
        ...(spec.secret ? {} : { code: spec.code }),
        root: spec.root,
        started: result.started,
        unitsPerLevel: result.unitsPerLevel,
        calendarId: result.calendarId,
      },
      actor: asAdminActor(options.actor ?? 'system'),
      idempotencyKey: `launch:${directive.id}`,
    });
    return result;
  }

  private async start(
    spec: DirectiveSpec,
    tree: OrgTree,
    unitsPerLevel: Record<string, number>,
    receivedAt: string,
    directive: DirectiveRuntime,
    schedule: ScheduledLevel[],
  ): Promise<LaunchResult> {
    const calendarId = directive.calendar?.id ?? null;
    const workflowId = committeeWorkflowId(directive.id, directive.rootId);
    return withLaunchLock(this.deps.pool, directive.id, async () => {
      const inForce = await this.recordLaunch(directive, spec, tree.levelDefinitions);
      let started = true;
      try {
        await this.deps.temporal.workflow.start(committeeWorkflow, {
          workflowId,
          taskQueue: this.deps.taskQueue,
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
      // Also on a relaunch: one whose first launch stopped between the two starts gets its rounds.
      if (spec.periodic) await this.scheduleRounds(directive, spec);
      if (started) return { directiveId: directive.id, workflowId, started, unitsPerLevel, ...inForce, unitsReady: false, schedule, calendarId };
      // What runs: the recorded spec's deadlines and the snapshot's units (the directory may have changed since).
      const snapshot = await snapshotUnitsPerLevel(this.deps.pool, directive.id, directive.rootId);
      return {
        directiveId: directive.id,
        workflowId,
        started,
        unitsPerLevel: Object.keys(snapshot).length ? snapshot : unitsPerLevel,
        ...inForce,
        unitsReady: Object.keys(snapshot).length > 0,
        schedule,
        calendarId,
      };
    });
  }

  /** A dry run: the launch's checks (`authorise` too) and what it would schedule, with nothing recorded or started. */
  async preview(specInput: string | Record<string, unknown>, options: Pick<LaunchOptions, 'authorise'> = {}): Promise<LaunchPreview> {
    const { spec, tree, unitsPerLevel, directive, schedule } = await this.prepare(specInput);
    await options.authorise?.(spec.root);
    return {
      directiveId: directive.id,
      unitsPerLevel,
      deadlines: spec.deadlines,
      levels: tree.levelDefinitions,
      schedule,
      calendarId: directive.calendar?.id ?? null,
    };
  }

  /**
   * Checks a spec against the organisation and the clock, and gives it the working calendar of the
   * years its deadlines and escalations can reach (as the calendar files say now).
   */
  private async prepare(specInput: string | Record<string, unknown>, id?: string): Promise<PreparedLaunch> {
    const spec: DirectiveSpec = typeof specInput === 'string' ? parseDirectiveSpec(specInput) : validateDirectiveSpec(specInput);
    const tree = await loadOrganisation(this.deps.pool);
    const issues = [...checkDirectiveAgainstOrg(spec, tree), ...checkReadersAgainstOrg(spec, tree)];
    if (issues.length) throw new DirectiveSpecError(issues);
    const secretId = this.secretIdFor(spec);

    const unitsPerLevel: Record<string, number> = {};
    for (const id of tree.subtreeIds(spec.root)) {
      if (id === spec.root) continue;
      const level = tree.require(id).level;
      unitsPerLevel[level] = (unitsPerLevel[level] ?? 0) + 1;
    }
    // One instant for the check and the launch: the root's units receive the directive at it.
    const receivedAt = (this.deps.clock?.() ?? new Date()).toISOString();
    const levels = Object.keys(unitsPerLevel);
    // First on plain days: the calendar covers the years these deadlines reach, so they must be real.
    const plainIssues = checkLaunchTimes(spec, levels, receivedAt);
    if (plainIssues.length) throw new DirectiveSpecError(plainIssues);
    const calendar = this.deps.calendars.workingCalendar(...calendarYears(spec, levels, receivedAt));
    const timeIssues = checkLaunchTimes(spec, levels, receivedAt, calendar);
    if (timeIssues.length) throw new DirectiveSpecError(timeIssues);

    const directive: DirectiveRuntime = {
      ...toRuntime(spec, tree, this.deps.searchAttributes ?? true, calendar),
      ...(this.deps.limits ? { limits: this.deps.limits } : {}),
      ...(id ? { id } : secretId ? { id: secretId } : {}),
    };
    const schedule = launchSchedule(directive, levels, receivedAt).map((level) => ({
      ...level,
      dayOffName: level.dayOff === null ? null : this.deps.calendars.dayOffName(level.dayOff),
    }));
    return { spec, tree, unitsPerLevel, receivedAt, directive, schedule };
  }

  /**
   * The opaque id of a secret directive (undefined for any other). Refused without a payload key:
   * everything Temporal stores of it (inputs, names, reports) must be ciphertext.
   */
  private secretIdFor(spec: DirectiveSpec): string | undefined {
    if (!spec.secret) return undefined;
    const key = this.deps.payloadEncryptionKey;
    if (!key) {
      throw new DirectiveSpecError([
        {
          path: 'secret',
          rule: 'needs-payload-key',
          message:
            'a secret directive is launched only where PAYLOAD_ENCRYPTION_KEY is set (the API server, the CLI and the workers, the same key), so everything Temporal stores of it is ciphertext; set it (openssl rand -base64 32) and launch again',
        },
      ]);
    }
    return secretDirectiveId(spec.code, spec.issuedOn, key);
  }

  /**
   * Starts the workflow that opens each of the directive's report rounds when its window opens; a
   * repeat finds it running, or finished (all opened) or cancelled (withdrawn), and starts nothing.
   */
  private async scheduleRounds(directive: DirectiveRuntime, spec: DirectiveSpec): Promise<void> {
    const rounds = planRounds(spec.periodic ?? [], directive.calendar).map(({ key, opensAt }) => ({ key, opensAt }));
    try {
      await this.deps.temporal.workflow.start(reportRoundsWorkflow, {
        workflowId: reportRoundsWorkflowId(directive.id),
        taskQueue: this.deps.taskQueue,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        args: [{ directiveId: directive.id, rounds }],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  /**
   * Records the directive's row with the levels it keeps, or compares this spec with the one
   * recorded under its id: the deadlines and levels in force when they mean the same directive, a
   * DirectiveConflictError naming each field that differs otherwise. A row whose launch never
   * started a workflow (Temporal refused or was down) is replaced, so a failed launch does not
   * hold its id.
   */
  private async recordLaunch(
    directive: DirectiveRuntime,
    spec: DirectiveSpec,
    levels: readonly LevelDefinition[],
  ): Promise<{ deadlines: Record<string, string>; levels: readonly LevelDefinition[] }> {
    const row = { id: directive.id, code: directive.code, title: directive.title, rootId: directive.rootId, spec, levels, calendar: directive.calendar };
    const recorded = await recordDirective(this.deps.pool, row);
    if (recorded.inserted) return { deadlines: spec.deadlines, levels };
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
    // The same spec is the same directive, whatever the directory's levels are now: it keeps its own,
    // unless they were recorded by a launch that never started (then this launch's levels are the ones used).
    const sameDirective = differences.length === 0;
    if (sameDirective && sameLevels(recorded.levels, levels)) return { deadlines: storedDeadlines, levels: recorded.levels };
    if (!(await this.workflowExists(committeeWorkflowId(directive.id, recorded.rootId))) && (await replaceUnstartedDirective(this.deps.pool, row))) {
      this.lookups.forget(directive.id);
      return { deadlines: spec.deadlines, levels };
    }
    if (sameDirective) return { deadlines: storedDeadlines, levels: recorded.levels };
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
}

/**
 * The years a directive's calendar covers: from the launch's to the year after its latest deadline
 * (escalations go on for up to a year after it). Deadlines are checked to lie within ten years.
 */
export function calendarYears(spec: DirectiveSpec, levels: readonly string[], receivedAt: string): [number, number] {
  const first = Number(vnIsoDate(receivedAt).slice(0, 4));
  let last = first;
  for (const level of levels) {
    const text = spec.deadlines[level];
    if (text !== undefined) last = Math.max(last, Number(vnIsoDate(resolveDeadline(parseDeadlineSpec(text), receivedAt)).slice(0, 4)));
  }
  return [first, last + 1];
}

/** The directive as workflows carry it: ids, levels and offsets resolved once, and its working calendar. */
export function toRuntime(spec: DirectiveSpec, tree: OrgTree, searchAttributes = true, calendar?: WorkingCalendar): DirectiveRuntime {
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
    ...(calendar ? { calendar } : {}),
    deadlineOnDayOff: spec.deadlineOnDayOff,
    remindersFromReceipt: true,
    changeNotices: true,
  };
}
