/**
 * A reorganisation rehearsed: the plan checked as a whole against today's directory, and what it
 * would change there and in each running directive (units moved with or without their reports,
 * committees ended and started, units removed and created, units per level before and after).
 * Nothing is written.
 */
import type { Pool } from 'pg';
import type { ReorgChange } from '../domain/org/reorg-apply';
import { applyReorgPlan } from '../domain/org/reorg-apply';
import { reorgEffects, type ReorgEffects } from '../domain/org/reorg-effects';
import { parseReorgPlan, type ReorgPlan } from '../domain/org/reorg-plan';
import type { OrgUnit } from '../domain/org/org-unit';
import type { LevelDefinition } from '../domain/org/levels';
import { MERGE_RULE } from '../domain/track/reorg-tracks';
import { listDirectives, type DirectiveSummary } from '../store/directory-queries';
import { loadOrganisation } from '../store/org-directory';
import { snapshotPlaces } from '../store/reorg-snapshot';
import { InputError, NotFoundError } from './errors';

/** What the plan does to one running directive. */
export interface DirectivePreview extends ReorgEffects {
  directiveId: string;
  code: string;
  title: string;
}

/** The whole rehearsal. */
export interface ReorganisationPreview {
  effectiveAt: string;
  operations: number;
  /** How a merged unit's report is decided in running directives. */
  mergeRule: string;
  /** How many units of the directory each kind of change touches, and the levels before and after. */
  directory: { counts: Record<ReorgChange['kind'], number>; levelsBefore: string[]; levelsAfter: string[] };
  directives: DirectivePreview[];
}

function refused(what: string, issues: ReadonlyArray<{ path: string; rule: string; message: string }>): InputError {
  const lines = issues.slice(0, 20).map((i) => `- ${i.message.startsWith(i.path) ? i.message : `${i.path}: ${i.message}`}`);
  const more = issues.length > 20 ? [`- and ${issues.length - 20} more`] : [];
  return new InputError([`${what} has ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was changed:`, ...lines, ...more].join('\n'), issues);
}

/** A plan checked against today's directory: the organisation after it, and the running directives it reaches. */
export interface Rehearsal {
  plan: ReorgPlan;
  units: OrgUnit[];
  /** The organisation's levels once the plan has applied. */
  levels: LevelDefinition[];
  changes: ReorgChange[];
  reached: DirectiveSummary[];
  preview: ReorganisationPreview;
}

/** What a rehearsal shows of a secret directive instead of its title. */
const SECRET_TITLE = '(mật / secret)';

/** The rehearsal with what applying the plan needs; refuses a plan with any problem, naming each. */
export async function rehearseReorganisation(pool: Pool, planInput: unknown, directiveIds?: readonly string[]): Promise<Rehearsal> {
  const parsed = parseReorgPlan(planInput);
  if (!parsed.ok) throw refused('the plan', parsed.issues);
  const [tree, directives] = await Promise.all([loadOrganisation(pool), listDirectives(pool)]);
  const running = directives.filter((d) => d.status === 'active');
  const unknown = (directiveIds ?? []).filter((id) => !running.some((d) => d.id === id));
  if (unknown.length > 0) throw new NotFoundError(`no running directive ${unknown.join(', ')} (\`cascade directives\` lists them)`);
  const reached = directiveIds ? running.filter((d) => directiveIds.includes(d.id)) : running;
  const result = applyReorgPlan(
    tree.units,
    tree.levelDefinitions,
    parsed.plan,
    reached.map((d) => d.rootUnitId),
  );
  if (!result.ok) throw refused('the plan', result.issues);

  const counts = { moved: 0, created: 0, removed: 0, renamed: 0, figures: 0 } satisfies Record<ReorgChange['kind'], number>;
  for (const change of result.changes) counts[change.kind] += 1;
  const after = new Map(result.units.map((u) => [u.id, { parentId: u.parentId, level: u.level }]));
  const previews = await Promise.all(
    reached.map(async (d) => ({
      directiveId: d.id,
      // A secret directive is named by its opaque id only: the secretariat rehearsing need not be one of its readers.
      code: d.secret ? d.id : d.code,
      title: d.secret ? SECRET_TITLE : d.title,
      ...reorgEffects(await snapshotPlaces(pool, d.id), after, result.changes, d.rootUnitId),
    })),
  );
  const preview = {
    effectiveAt: parsed.plan.effectiveAt,
    operations: parsed.plan.operations.length,
    mergeRule: MERGE_RULE,
    directory: { counts, levelsBefore: [...tree.levels], levelsAfter: result.levels.map((l) => l.name) },
    directives: previews,
  };
  return { plan: parsed.plan, units: result.units, levels: result.levels, changes: result.changes, reached, preview };
}

/** Refuses a plan whose problems were found after parsing it (a directive it cannot reach). */
export function refusedPlan(issues: ReadonlyArray<{ path: string; rule: string; message: string }>): InputError {
  return refused('the plan', issues);
}
