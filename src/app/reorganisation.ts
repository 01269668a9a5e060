/**
 * Applying a reorganisation plan: the directory changes in one audited transaction that also
 * records the reorganisation, then every running directive the plan reaches follows it
 * (reorganise-directive.ts), one after the other, each noted as done. The plan's id is its
 * content's digest, so applying the same plan again after a failure resumes the directives not
 * yet done instead of being refused against the directory it already changed; applying it once
 * more after it finished answers what it did.
 *
 * Decided for now (docs/decisions.md, 2026-12-03): a plan takes effect when it is applied, so one
 * whose effective instant is still ahead is refused; and a running directive keeps the levels it
 * was launched with, so a plan that would put a unit of another level into its tree is refused
 * for that directive, naming the unit.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { planDirectiveReorg } from '../domain/cascade/reorg-steps';
import { levelNames } from '../domain/org/levels';
import { requireValidOrg } from '../domain/org/org';
import { applyReorgPlan, type ReorgChange } from '../domain/org/reorg-apply';
import { parseReorgPlan } from '../domain/org/reorg-plan';
import type { FieldIssue } from '../domain/text/fields';
import { changeOrganisation, diffCounts, loadOrganisation } from '../store/org-directory';
import { snapshotPlaces } from '../store/reorg-snapshot';
import { findReorganisation, finishReorganisation, recordReorganisation, recordReorganisedDirective } from '../store/reorganisations';
import type { DirectiveLookups } from './directive-lookups';
import { InputError } from './errors';
import { JournalWriter } from './journal-writer';
import { rehearseReorganisation, refusedPlan, type ReorganisationPreview } from './reorganisation-preview';
import { DirectiveReorganiser, type DirectiveReorgOutcome } from './reorganise-directive';

/** How far ahead of this machine's clock an effective instant may be and still count as now. */
const EFFECTIVE_NOW_MS = 60_000;

/** What applying a plan did. */
export interface ReorganisationOutcome {
  reorganisationId: string;
  effectiveAt: string;
  /** True when the plan had been applied before: only directives not done then were reorganised now. */
  resumed: boolean;
  directives: DirectiveReorgOutcome[];
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

  /** Rehearses the plan (see reorganisation-preview.ts), with the problems that applying it now would refuse. */
  async preview(planInput: unknown, directiveIds?: readonly string[]): Promise<ReorganisationPreview & { problems: FieldIssue[] }> {
    const rehearsal = await rehearseReorganisation(this.deps.pool, planInput, directiveIds);
    return { ...rehearsal.preview, problems: await this.problems(rehearsal.plan.effectiveAt, rehearsal.units, rehearsal.reached) };
  }

  /** Applies the plan to the directory and to the running directives it reaches (all, or those named); `actor` goes into the audit trail. */
  async apply(planInput: unknown, actor: string, directiveIds?: readonly string[]): Promise<ReorganisationOutcome> {
    const parsed = parseReorgPlan(planInput);
    if (!parsed.ok) throw refusedPlan(parsed.issues);
    const id = reorganisationId(parsed.plan);
    const resumed = (await findReorganisation(this.deps.pool, id)) !== null;
    if (!resumed) await this.changeDirectory(id, planInput, actor, directiveIds);
    const record = await findReorganisation(this.deps.pool, id);
    if (!record) throw new Error(`reorganisation ${id} was not recorded`);
    const after = (await loadOrganisation(this.deps.pool)).units;
    const directives: DirectiveReorgOutcome[] = [];
    for (const directiveId of record.directiveIds) {
      const done = record.outcomes[directiveId] as DirectiveReorgOutcome | undefined;
      if (done) {
        directives.push(done);
        continue;
      }
      const rootId = await this.lookups.rootOf(directiveId);
      const steps = planDirectiveReorg(await snapshotPlaces(this.deps.pool, directiveId), after, record.changes, rootId);
      const outcome = await this.reorganiser.apply(directiveId, rootId, steps, id);
      this.lookups.forgetHolders(directiveId);
      await recordReorganisedDirective(this.deps.pool, id, directiveId, outcome);
      directives.push(outcome);
    }
    await finishReorganisation(this.deps.pool, id);
    return { reorganisationId: id, effectiveAt: record.effectiveAt, resumed, directives };
  }

  /** Changes the directory and records the reorganisation, in one transaction; refuses the plan naming each problem. */
  private async changeDirectory(id: string, planInput: unknown, actor: string, directiveIds?: readonly string[]): Promise<void> {
    const rehearsal = await rehearseReorganisation(this.deps.pool, planInput, directiveIds);
    const problems = await this.problems(rehearsal.plan.effectiveAt, rehearsal.units, rehearsal.reached);
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
          plan: rehearsal.plan,
          effectiveAt: rehearsal.plan.effectiveAt,
          actor,
          orgChangeId: result.changeId,
          changes,
          directiveIds: rehearsal.reached.map((d) => d.id),
        }),
    });
  }

  /** What the engine cannot do yet, refused before anything is written (see the file comment). */
  private async problems(
    effectiveAt: string,
    after: ReadonlyArray<{ id: string; parentId: string | null; level: string }>,
    reached: ReadonlyArray<{ id: string; rootUnitId: string }>,
  ): Promise<FieldIssue[]> {
    const issues: FieldIssue[] = [];
    if (Date.parse(effectiveAt) > Date.now() + EFFECTIVE_NOW_MS) {
      const message = `effectiveAt ${effectiveAt} is still ahead; a plan takes effect when it is applied, so apply it at its effective instant`;
      issues.push({ path: 'effectiveAt', rule: 'in-future', message });
    }
    const children = new Map<string, string[]>();
    for (const u of after) if (u.parentId !== null) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
    const level = new Map(after.map((u) => [u.id, u.level]));
    for (const directive of reached) {
      const known = new Set(levelNames(await this.lookups.levelsOf(directive.id)));
      const queue = [...(children.get(directive.rootUnitId) ?? [])];
      for (let i = 0; i < queue.length; i++) {
        const unitId = queue[i] as string;
        const unitLevel = level.get(unitId) as string;
        if (!known.has(unitLevel)) {
          const message = `directive ${directive.id} tracks the levels ${[...known].join(', ')}; the plan would put unit ${unitId} of level "${unitLevel}" into it (start a new directive over the new levels)`;
          issues.push({ path: `directives.${directive.id}`, rule: 'level-not-tracked', message });
          break;
        }
        queue.push(...(children.get(unitId) ?? []));
      }
    }
    return issues;
  }
}
