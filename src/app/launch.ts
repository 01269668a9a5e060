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
import { recordDirective, replaceUnstartedDirective, snapshotUnitsPerLevel, withLaunchLock } from '../store/directive-records';
import { loadOrganisation } from '../store/org-directory';
import { committeeWorkflowId } from '../engine/protocol';
import { committeeWorkflow } from '../engine/committee/workflow';
import { DirectiveKey, LevelKey, StatusKey, UnitKey } from '../engine/search-attributes';
import type { DirectiveLookups } from './directive-lookups';
import { DirectiveConflictError } from './errors';

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
}

/** What launching needs of the client's dependencies (CascadeClientDeps documents each). */
interface LaunchDeps {
  temporal: Client;
  pool: Pool;
  taskQueue: string;
  searchAttributes?: boolean;
  limits?: DirectiveRuntime['limits'];
  clock?: () => Date;
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
  async launch(specInput: string | Record<string, unknown>): Promise<LaunchResult> {
    const spec: DirectiveSpec = typeof specInput === 'string' ? parseDirectiveSpec(specInput) : validateDirectiveSpec(specInput);
    const tree = await loadOrganisation(this.deps.pool);
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
      if (started) return { directiveId: directive.id, workflowId, started, unitsPerLevel, ...inForce, unitsReady: false };
      // What runs: the recorded spec's deadlines and the snapshot's units (the directory may have changed since).
      const snapshot = await snapshotUnitsPerLevel(this.deps.pool, directive.id, directive.rootId);
      return {
        directiveId: directive.id,
        workflowId,
        started,
        unitsPerLevel: Object.keys(snapshot).length ? snapshot : unitsPerLevel,
        ...inForce,
        unitsReady: Object.keys(snapshot).length > 0,
      };
    });
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
    const row = { id: directive.id, code: directive.code, title: directive.title, rootId: directive.rootId, spec, levels };
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
