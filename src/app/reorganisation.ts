/**
 * Applying a reorganisation plan: the directory changes in one audited transaction that also
 * records the reorganisation, then every running directive the plan reaches follows it
 * (reorganise-directive.ts), one after the other, each noted as done. The plan's id is its
 * content's digest, so applying the same plan again after a failure resumes the directives not
 * yet done instead of being refused against the directory it already changed; applying it once
 * more after it finished answers what it did.
 *
 * A plan whose effective instant is ahead is checked against today's directory and scheduled: a
 * durable workflow applies it at that instant, against the directory as it is then. A directive
 * the plan brings units of a new level (the 2025 communes) gains that level, with a deadline
 * (src/domain/cascade/reorg-levels.ts).
 */
import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { planDirectiveReorg } from '../domain/cascade/reorg-steps';
import { levelNames } from '../domain/org/levels';
import { requireValidOrg } from '../domain/org/org';
import { applyReorgPlan, type ReorgChange } from '../domain/org/reorg-apply';
import { parseReorgPlan, type ReorgPlan } from '../domain/org/reorg-plan';
import { directiveLevelsAfter, type DirectiveLevels } from '../domain/cascade/reorg-levels';
import { crowdedCommittee, levelsUnder, MAX_LEAVES_PER_COMMITTEE } from '../domain/cascade/reorg-limits';
import { directiveDeadlines, recordDirectiveLevels } from '../store/directive-records';
import type { FieldIssue } from '../domain/text/fields';
import { changeOrganisation, diffCounts, loadOrganisation } from '../store/org-directory';
import { snapshotPlaces } from '../store/reorg-snapshot';
import {
  cancelScheduledReorganisation,
  failReorganisation,
  findReorganisation,
  finishReorganisation,
  listReorganisations,
  recordReorganisation,
  recordReorganisedDirective,
  recordScheduledReorganisation,
  type ReorganisationRecord,
} from '../store/reorganisations';
import { reorganisationWorkflowId, scheduledReorganisationWorkflow } from '../engine/reorganisation-schedule';
import { DirectiveLookups } from './directive-lookups';
import { ConflictError, InputError, NotFoundError } from './errors';
import { JournalWriter } from './journal-writer';
import { recordAdminAction } from '../store/admin-audit';
import { asAdminActor, recordedLabel, type AdminActor } from '../domain/audit/admin-actor';
import { rehearseReorganisation, refusedPlan, type Rehearsal, type ReorganisationPreview } from './reorganisation-preview';
import { DirectiveReorganiser, type DirectiveReorgOutcome } from './reorganise-directive';

/** A scheduled plan that no longer fits the directory at its effective instant: it fails for good, changing nothing. */
export class ReorganisationRefusedError extends Error {
  override readonly name = 'ReorganisationRefusedError';
  constructor(id: string, why: string) {
    super(`reorganisation ${id} could not be applied at its effective instant: ${why}`);
  }
}

/** How far ahead of this machine's clock an effective instant may be and still count as now. */
const EFFECTIVE_NOW_MS = 60_000;

/** What applying a plan did. */
export interface ReorganisationOutcome {
  reorganisationId: string;
  effectiveAt: string;
  /** True when its effective instant is ahead: it was checked and will be applied then (`directives` is empty). */
  scheduled: boolean;
  /** True when the plan had been applied (or scheduled) before: only directives not done then were reorganised now. */
  resumed: boolean;
  directives: DirectiveReorgOutcome[];
}

/**
 * What a worker runs at a scheduled reorganisation's effective instant (the applyReorganisation
 * activity), with the worker's own Temporal client.
 */
export function scheduledReorganisationApplier(pool: Pool, taskQueue: string): (client: Client, reorganisationId: string) => Promise<unknown> {
  return (client, reorganisationId) =>
    new Reorganisations({ temporal: client, pool, taskQueue }, new DirectiveLookups(client, pool)).applyScheduled(reorganisationId);
}

/** The id of a plan: its content's digest, so the same plan is recognised when applied again. */
export function reorganisationId(plan: unknown): string {
  return `reorg-${createHash('sha256').update(JSON.stringify(plan)).digest('hex').slice(0, 20)}`;
}

/** See the file comment. */
export class Reorganisations {
  private readonly reorganiser: DirectiveReorganiser;

  constructor(
    private readonly deps: { temporal: Client; pool: Pool; taskQueue: string },
    private readonly lookups: DirectiveLookups,
  ) {
    this.reorganiser = new DirectiveReorganiser(deps, new JournalWriter(deps.pool));
  }

  /** Rehearses the plan (see reorganisation-preview.ts), with the problems that applying it now would refuse and the levels directives gain. */
  async preview(
    planInput: unknown,
    directiveIds?: readonly string[],
  ): Promise<ReorganisationPreview & { problems: FieldIssue[]; levelsAdded: Record<string, string[]> }> {
    const rehearsal = await rehearseReorganisation(this.deps.pool, planInput, directiveIds);
    const { problems, levels } = await this.check(rehearsal);
    return { ...rehearsal.preview, problems, levelsAdded: Object.fromEntries([...levels].map(([id, change]) => [id, change.added])) };
  }

  /**
   * Applies the plan to the directory and to the running directives it reaches (all, or those
   * named); `actor` goes into the audit trail. A plan whose effective instant is ahead is checked
   * now and scheduled: a workflow applies it at that instant (src/engine/reorganisation-schedule.ts).
   */
  async apply(planInput: unknown, actor: string | AdminActor, directiveIds?: readonly string[]): Promise<ReorganisationOutcome> {
    const outcome = await this.applyPlan(planInput, recordedLabel(actor), directiveIds, false);
    // Once scheduled and once applied (a repeat resumes under the same id): keyed so, after the directory and directives took it.
    await recordAdminAction(this.deps.pool, {
      action: 'reorganise',
      target: outcome.reorganisationId,
      // A committee's secretariat reorganises only inside its subtree (the API checks): its trail lists it.
      scopeUnit: typeof actor !== 'string' && actor.role === 'secretariat' ? actor.unitId : null,
      details: { scheduled: outcome.scheduled, effectiveAt: outcome.effectiveAt, directives: outcome.directives.map((d) => d.directiveId) },
      actor: asAdminActor(actor),
      idempotencyKey: `reorganise:${outcome.reorganisationId}:${outcome.scheduled ? 'scheduled' : 'applied'}`,
    });
    return outcome;
  }

  /** `apply`; `due` when the schedule's timer has fired, so this machine's clock is not asked again. */
  private async applyPlan(planInput: unknown, actor: string, directiveIds: readonly string[] | undefined, due: boolean): Promise<ReorganisationOutcome> {
    const parsed = parseReorgPlan(planInput);
    if (!parsed.ok) throw refusedPlan(parsed.issues);
    const { plan } = parsed;
    const id = reorganisationId(plan);
    let record = await findReorganisation(this.deps.pool, id);
    const resumed = record !== null && (record.status === 'applied' || record.status === 'finished');
    if (!resumed) {
      if (!due && Date.parse(plan.effectiveAt) > Date.now() + EFFECTIVE_NOW_MS)
        return this.schedule(id, planInput, actor, directiveIds, record?.status === 'scheduled');
      await this.changeDirectory(id, planInput, actor, directiveIds ?? record?.directiveIds ?? undefined);
      record = await findReorganisation(this.deps.pool, id);
    }
    if (!record?.directiveIds) throw new Error(`reorganisation ${id} was not recorded`);
    return { reorganisationId: id, effectiveAt: record.effectiveAt, scheduled: false, resumed, directives: await this.carry(id, plan, record) };
  }

  /**
   * The scheduled reorganisation `id` at its effective instant (the schedule's activity): applied as
   * recorded, or failed for good, recorded with why, when the plan no longer fits the directory.
   */
  async applyScheduled(id: string): Promise<ReorganisationOutcome | null> {
    const record = await findReorganisation(this.deps.pool, id);
    if (!record || record.status === 'cancelled' || record.status === 'failed') return null;
    try {
      return await this.applyPlan(record.plan, record.actor, record.directiveIds ?? undefined, true);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      await failReorganisation(this.deps.pool, id, err.message);
      throw new ReorganisationRefusedError(id, err.message);
    }
  }

  /** Cancels a scheduled reorganisation before its effective instant; refused once it has been applied. */
  async cancel(id: string): Promise<void> {
    if (!(await cancelScheduledReorganisation(this.deps.pool, id))) {
      const record = await findReorganisation(this.deps.pool, id);
      if (!record) throw new NotFoundError(`no reorganisation ${id} (\`cascade reorg --list\` lists them)`);
      throw new ConflictError(`reorganisation ${id} is ${record.status}: only a scheduled one can be cancelled`, 'not-scheduled');
    }
    await this.deps.temporal.workflow
      .getHandle(reorganisationWorkflowId(id))
      .cancel()
      .catch((err: unknown) => {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      });
  }

  /** The latest reorganisations, newest first. */
  list(limit = 50): Promise<ReorganisationRecord[]> {
    return listReorganisations(this.deps.pool, limit);
  }

  /** Checks the plan against today's directory, records it as scheduled and starts the workflow that waits for its instant. */
  private async schedule(
    id: string,
    planInput: unknown,
    actor: string,
    directiveIds: readonly string[] | undefined,
    already: boolean,
  ): Promise<ReorganisationOutcome> {
    const rehearsal = await rehearseReorganisation(this.deps.pool, planInput, directiveIds);
    const { problems } = await this.check(rehearsal);
    if (problems.length > 0) throw new InputError(problems.map((i) => i.message).join('\n'), problems);
    const { effectiveAt } = rehearsal.plan;
    await recordScheduledReorganisation(this.deps.pool, { id, plan: planInput, effectiveAt, actor, directiveIds: directiveIds ? [...directiveIds] : null });
    try {
      await this.deps.temporal.workflow.start(scheduledReorganisationWorkflow, {
        workflowId: reorganisationWorkflowId(id),
        taskQueue: this.deps.taskQueue,
        args: [{ reorganisationId: id, effectiveAt }],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    return { reorganisationId: id, effectiveAt, scheduled: true, resumed: already, directives: [] };
  }

  /** Carries the applied plan into each directive it reaches that is not done yet. */
  private async carry(id: string, plan: ReorgPlan, record: ReorganisationRecord): Promise<DirectiveReorgOutcome[]> {
    const organisation = await loadOrganisation(this.deps.pool);
    const after = organisation.units;
    const directives: DirectiveReorgOutcome[] = [];
    for (const directiveId of record.directiveIds ?? []) {
      const done = record.outcomes[directiveId] as DirectiveReorgOutcome | undefined;
      if (done) {
        directives.push(done);
        continue;
      }
      const rootId = await this.lookups.rootOf(directiveId);
      const steps = planDirectiveReorg(await snapshotPlaces(this.deps.pool, directiveId), after, record.changes, rootId);
      const current = { levels: [...(await this.lookups.levelsOf(directiveId))], deadlines: await directiveDeadlines(this.deps.pool, directiveId) };
      const levels = directiveLevelsAfter(directiveId, current, organisation.levelDefinitions, levelsUnder(after, rootId), plan.deadlines);
      if (!levels.ok) throw new InputError(levels.issues.map((i) => i.message).join('\n'), levels.issues);
      const runtimeLevels = levels.added.length > 0 ? { levels: levelNames(levels.after.levels), deadlines: levels.after.deadlines } : null;
      const outcome = await this.reorganiser.apply(directiveId, rootId, steps, id, runtimeLevels);
      // Recorded once the committees run with them, so a resumed plan still finds them new and tells every committee again.
      if (levels.added.length > 0) {
        await recordDirectiveLevels(this.deps.pool, directiveId, levels.after.levels, levels.after.deadlines);
        this.lookups.forget(directiveId);
      }
      this.lookups.forgetHolders(directiveId);
      await recordReorganisedDirective(this.deps.pool, id, directiveId, outcome);
      directives.push(outcome);
    }
    await finishReorganisation(this.deps.pool, id);
    return directives;
  }

  /** Changes the directory and records the reorganisation, in one transaction; refuses the plan naming each problem. */
  private async changeDirectory(id: string, planInput: unknown, actor: string, directiveIds?: readonly string[]): Promise<void> {
    const rehearsal = await rehearseReorganisation(this.deps.pool, planInput, directiveIds);
    const { problems } = await this.check(rehearsal);
    if (problems.length > 0) throw new InputError(problems.map((i) => i.message).join('\n'), problems);
    const roots = rehearsal.reached.map((d) => d.rootUnitId);
    let changes: ReorgChange[] = [];
    await changeOrganisation(this.deps.pool, {
      actor,
      // Applied again to the directory as locked: an edit since the rehearsal is seen, and refused if the plan no longer fits.
      apply: (current) => {
        const result = applyReorgPlan(current.units, current.levels, rehearsal.plan, roots);
        if (!result.ok) throw refusedPlan(result.issues);
        changes = result.changes;
        return requireValidOrg(result.units, result.levels);
      },
      summary: { unitId: null, describe: (diff) => ({ reorganisation: id, operations: rehearsal.plan.operations.length, ...diffCounts(diff) }) },
      afterWrite: (client, result) =>
        recordReorganisation(client, {
          id,
          plan: planInput,
          effectiveAt: rehearsal.plan.effectiveAt,
          actor,
          orgChangeId: result.changeId,
          changes,
          directiveIds: rehearsal.reached.map((d) => d.id),
        }),
    });
  }

  /**
   * What stops the plan being applied now (see the file comment), and for each directive it
   * reaches, the levels and deadlines it will run with when the plan brings it units of new levels.
   */
  private async check(rehearsal: Rehearsal): Promise<{ problems: FieldIssue[]; levels: Map<string, DirectiveLevelChange> }> {
    const problems: FieldIssue[] = [];
    const levels = new Map<string, DirectiveLevelChange>();
    for (const directive of rehearsal.reached) {
      const current = { levels: [...(await this.lookups.levelsOf(directive.id))], deadlines: await directiveDeadlines(this.deps.pool, directive.id) };
      const used = levelsUnder(rehearsal.units, directive.rootUnitId);
      const crowded = crowdedCommittee(rehearsal.units, directive.rootUnitId);
      if (crowded) {
        const message = `in directive ${directive.id}, committee ${crowded.unitId} would hold ${crowded.leaves} units without units under them (at most ${MAX_LEAVES_PER_COMMITTEE}); give them committees of their own between`;
        problems.push({ path: `directives.${directive.id}`, rule: 'committee-too-large', message });
      }
      const result = directiveLevelsAfter(directive.id, current, rehearsal.levels, used, rehearsal.plan.deadlines);
      if (!result.ok) problems.push(...result.issues);
      else if (result.added.length > 0) levels.set(directive.id, { ...result.after, added: result.added });
    }
    return { problems, levels };
  }
}

/** The levels and deadlines a directive runs with after the plan, and which of them are new. */
type DirectiveLevelChange = DirectiveLevels & { added: string[] };
