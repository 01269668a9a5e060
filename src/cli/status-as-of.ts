/**
 * What `cascade status --as-of` shows: the same StatusView as the live status, gathered from the
 * directive as it stood at the instant (CascadeClient.stateAsOf, rebuilt from the audit trail)
 * instead of from the workflows and the projection. A unit that had not received the directive by
 * then is left out of the tree, the counts and the lists, as the live status leaves out units not
 * yet received; the scope itself then shows no status.
 */
import type { CascadeClient } from '../app/cascade-client';
import { NotFoundError, unitNotInDirective } from '../app/errors';
import type { AsOfFilter, CascadeAsOf } from '../domain/cascade/as-of-state';
import { compareIso } from '../domain/time/instant';
import type { RollupView } from '../domain/track/rollup';
import { effectiveDeadline } from '../domain/track/unit-track';
import { labelled, totals, type StatusNode, type StatusOptions, type StatusView } from './status-view';

/** The units under `unitId` that had received the directive (or stand over units that had), to `depth` levels. */
function tree(state: CascadeAsOf, unitId: string, depth: number): StatusNode[] {
  return state.children(unitId).flatMap((child): StatusNode[] => {
    const own = state.unit(child.unitId);
    const rollup = state.rollup(child.unitId) as RollupView;
    const counted = rollup.levels.some((l) => l.expected + l.exempted + l.withdrawn > 0);
    if (!own && !counted) return [];
    const node: StatusNode = {
      unitId: child.unitId,
      name: child.name,
      level: child.level,
      kind: child.hasChildren ? 'committee' : 'unit',
      status: own?.status ?? null,
      deadline: own ? effectiveDeadline(own.track) : null,
      ...totals(rollup),
    };
    return [child.hasChildren && depth > 1 ? { ...node, children: tree(state, child.unitId, depth - 1) } : node];
  });
}

/** Gathers the status of a directive (or of the subtree under `opts.unitId`) as it stood at `asOf` (ISO). */
export async function gatherStatusAsOf(client: CascadeClient, directiveId: string, asOf: string, opts: StatusOptions): Promise<StatusView> {
  const directive = (await client.directives()).find((d) => d.id === directiveId);
  if (!directive) throw new NotFoundError(`directive ${directiveId} has not been launched (\`cascade directives\` lists those that have)`);
  const definitions = await client.directiveLevels(directiveId);
  const state = await client.stateAsOf(directiveId, asOf);
  const scopeId = opts.unitId ?? directive.rootUnitId;
  const isRoot = scopeId === directive.rootUnitId;
  const rollup = state.rollup(scopeId);
  if (!rollup) throw unitNotInDirective(scopeId, directiveId);
  const self = state.unit(scopeId);
  const info = isRoot ? null : state.children(state.ancestors(scopeId)[0] ?? '').find((c) => c.unitId === scopeId);
  const shown = opts.level ? rollup.levels.filter((l) => l.level === opts.level) : rollup.levels.filter((l) => l.expected + l.exempted + l.withdrawn > 0);
  const under = isRoot ? undefined : scopeId;
  const all = (filter: Omit<AsOfFilter, 'under' | 'limit' | 'offset'>) => state.units({ ...filter, under, limit: Number.MAX_SAFE_INTEGER, offset: 0 }).units;
  const mismatched = all({ membersMismatch: true }).map((u) => ({
    unitId: u.unitId,
    name: u.name,
    level: u.level,
    members: u.members ?? 0,
    directoryMembers: u.directoryMembers,
  }));
  const byUnit = new Map(mismatched.map((u) => [u.unitId, u]));
  const mark = (nodes: StatusNode[]): StatusNode[] =>
    nodes.map((n) => ({
      ...n,
      ...(byUnit.has(n.unitId) ? { membersMismatch: byUnit.get(n.unitId) } : {}),
      ...(n.children ? { children: mark(n.children) } : {}),
    }));
  const view: StatusView = {
    // Withdrawn or not as it stood then, not as it stands now.
    directive: { ...directive, status: state.withdrawnAt === null ? 'active' : 'withdrawn' },
    rounds: (await client.rounds(directiveId)).filter((r) => compareIso(r.opensAt, asOf) <= 0),
    scope: { unitId: scopeId, name: info?.name ?? null, level: info?.level ?? null, isRoot, status: self?.status ?? null },
    withdrawnAt: state.withdrawnAt,
    asOf,
    rebuilt: true,
    levels: shown.map((l) => labelled(definitions, l)),
    attendance: rollup.attendance,
    essays: rollup.essays,
    firstFinisher: rollup.firstFinisher,
    overdueCount: rollup.overdueCount,
    membersMismatchCount: mismatched.length,
    units: opts.depth > 0 ? mark(tree(state, scopeId, opts.depth)) : [],
  };
  if (opts.membersMismatch) view.membersMismatch = mismatched;
  if (opts.overdue)
    view.overdue = all({ statuses: ['overdue'], level: opts.level ?? null }).map((u) => ({
      unitId: u.unitId,
      name: u.name,
      level: u.level,
      parentId: u.parentId,
      deadline: u.deadline,
    }));
  if (opts.search !== undefined || opts.statuses !== undefined)
    view.matches = all({ search: opts.search ?? null, statuses: opts.statuses ?? null, level: opts.level ?? null }).map((u) => ({
      unitId: u.unitId,
      name: u.name,
      level: u.level,
      parentId: u.parentId,
      status: u.status,
      deadline: u.deadline,
    }));
  return view;
}
