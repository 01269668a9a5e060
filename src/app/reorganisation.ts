/**
 * Applying a reorganisation plan: the directory changes in one audited transaction that also
 * records the reorganisation, then every running directive the plan reaches follows it
 * (reorganise-directive.ts), one after the other, each noted as done. The plan's id is its
 * content's digest, so applying the same plan again after a failure resumes the directives not
 * yet done instead of being refused against the directory it already changed; applying it once
 * more after it finished answers what it did.
 *
 * Decided for now (docs/decisions.md, 2026-12-03): a plan takes effect when it is applied, so one
 * whose effective instant is still ahead is refused. A directive the plan brings units of a new
 * level (the 2025 communes) gains that level, with a deadline (src/domain/cascade/reorg-levels.ts).
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { planDirectiveReorg } from '../domain/cascade/reorg-steps';
import { levelNames } from '../domain/org/levels';
import { requireValidOrg } from '../domain/org/org';
import { applyReorgPlan, type ReorgChange } from '../domain/org/reorg-apply';
import { parseReorgPlan, type ReorgPlan } from '../domain/org/reorg-plan';
import type { OrgUnit } from '../domain/org/org-unit';
import { directiveLevelsAfter, type DirectiveLevels } from '../domain/cascade/reorg-levels';
import { directiveDeadlines, recordDirectiveLevels } from '../store/directive-records';
import type { FieldIssue } from '../domain/text/fields';
import { changeOrganisation, diffCounts, loadOrganisation } from '../store/org-directory';
import { snapshotPlaces } from '../store/reorg-snapshot';
import { findReorganisation, finishReorganisation, recordReorganisation, recordReorganisedDirective } from '../store/reorganisations';
import type { DirectiveLookups } from './directive-lookups';
import { InputError } from './errors';
import { JournalWriter } from './journal-writer';
import { rehearseReorganisation, refusedPlan, type Rehearsal, type ReorganisationPreview } from './reorganisation-preview';
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

  /** Rehearses the plan (see reorganisation-preview.ts), with the problems that applying it now would refuse and the levels directives gain. */
  async preview(
    planInput: unknown,
    directiveIds?: readonly string[],
  ): Promise<ReorganisationPreview & { problems: FieldIssue[]; levelsAdded: Record<string, string[]> }> {
    const rehearsal = await rehearseReorganisation(this.deps.pool, planInput, directiveIds);
    const { problems, levels } = await this.check(rehearsal);
    return { ...rehearsal.preview, problems, levelsAdded: Object.fromEntries([...levels].map(([id, change]) => [id, change.added])) };
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
    const organisation = await loadOrganisation(this.deps.pool);
    const after = organisation.units;
    const directives: DirectiveReorgOutcome[] = [];
    for (const directiveId of record.directiveIds) {
      const done = record.outcomes[directiveId] as DirectiveReorgOutcome | undefined;
      if (done) {
        directives.push(done);
        continue;
      }
      const rootId = await this.lookups.rootOf(directiveId);
      const steps = planDirectiveReorg(await snapshotPlaces(this.deps.pool, directiveId), after, record.changes, rootId);
      const current = { levels: [...(await this.lookups.levelsOf(directiveId))], deadlines: await directiveDeadlines(this.deps.pool, directiveId) };
      const levels = directiveLevelsAfter(
        directiveId,
        current,
        organisation.levelDefinitions,
        levelsUnder(after, rootId),
        (record.plan as ReorgPlan).deadlines ?? {},
      );
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
    return { reorganisationId: id, effectiveAt: record.effectiveAt, resumed, directives };
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
          plan: rehearsal.plan,
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
    const { effectiveAt } = rehearsal.plan;
    if (Date.parse(effectiveAt) > Date.now() + EFFECTIVE_NOW_MS) {
      const message = `effectiveAt ${effectiveAt} is still ahead; a plan takes effect when it is applied, so apply it at its effective instant`;
      problems.push({ path: 'effectiveAt', rule: 'in-future', message });
    }
    const levels = new Map<string, DirectiveLevelChange>();
    for (const directive of rehearsal.reached) {
      const current = { levels: [...(await this.lookups.levelsOf(directive.id))], deadlines: await directiveDeadlines(this.deps.pool, directive.id) };
      const used = levelsUnder(rehearsal.units, directive.rootUnitId);
      const result = directiveLevelsAfter(directive.id, current, rehearsal.levels, used, rehearsal.plan.deadlines);
      if (!result.ok) problems.push(...result.issues);
      else if (result.added.length > 0) levels.set(directive.id, { ...result.after, added: result.added });
    }
    return { problems, levels };
  }
}

/** The levels of the units under `rootId` in `units`. */
function levelsUnder(units: readonly OrgUnit[], rootId: string): Set<string> {
  const children = new Map<string, OrgUnit[]>();
  for (const u of units) if (u.parentId !== null) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  const used = new Set<string>();
  const queue = [...(children.get(rootId) ?? [])];
  for (let i = 0; i < queue.length; i++) {
    const unit = queue[i] as OrgUnit;
    used.add(unit.level);
    queue.push(...(children.get(unit.id) ?? []));
  }
  return used;
}

/** The levels and deadlines a directive runs with after the plan, and which of them are new. */
type DirectiveLevelChange = DirectiveLevels & { added: string[] };
