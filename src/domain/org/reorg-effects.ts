/**
 * What a reorganisation does to one running directive, from its snapshot before and after the
 * plan: which units move (and whether they carry a report along), which committees end because
 * no unit is left under them, which units become committees, which units leave the directive and
 * which join it. The dry run prints this per directive; applying the plan follows it step by step.
 */
import type { ReorgChange } from './reorg-apply';

/** A unit as a directive's snapshot holds it, with whether it has reported. */
export interface SnapshotPlace {
  unitId: string;
  parentId: string | null;
  level: string;
  /** True when units stand under it (it runs a committee workflow). */
  hasChildren: boolean;
  reported: boolean;
  /** Exempted units do not count in a merge (see src/domain/track/reorg-tracks.ts). */
  exempted?: boolean;
  /** The deadline in force (ISO), when the unit is projected. */
  deadline?: string | null;
}

/** A unit's place in the organisation once the plan has applied. */
export interface PlaceAfter {
  parentId: string | null;
  level: string;
}

export interface ReorgEffects {
  /** Units under a new parent, with their old and new parent; `reported` when a report moves with them. */
  moved: Array<{ unitId: string; from: string | null; to: string; reported: boolean }>;
  /** Units that had units under them and have none any more: their committee workflows end. */
  committeesEnded: string[];
  /** Units that now have units under them and had none (or are new): committee workflows start for them. */
  committeesStarted: string[];
  /** Units of the directive the plan removes (merged, split or dissolved), with their reports' fate. */
  removed: Array<{ unitId: string; reason: 'merged' | 'split' | 'dissolved'; into: string | null; reported: boolean }>;
  /** Units the plan creates inside the directive's tree: they receive the directive at the effective instant. */
  created: string[];
  /** Units under the root per level, before and after (the rollups' "expected" counts before exemptions). */
  unitsPerLevel: { before: Record<string, number>; after: Record<string, number> };
  /** Units that have reported, per level, before and after (a merged unit counts once, and only if every part had reported). */
  reportedPerLevel: { before: Record<string, number>; after: Record<string, number> };
  /**
   * Units whose deadline the plan sets or changes: a merged unit takes the earliest deadline of its
   * open parts, a part of a split keeps the split unit's, a new unit gets its level's deadline from
   * the moment it receives the directive (`to` null: known when applied).
   */
  deadlines: Array<{ unitId: string; from: string | null; to: string | null; why: 'merged' | 'split' | 'created' }>;
}

function countByLevel(levels: Iterable<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const level of levels) out[level] = (out[level] ?? 0) + 1;
  return out;
}

/**
 * The effects on a directive whose snapshot is `before`, given the plan's `changes` and the
 * organisation `after` it (units outside the directive's tree are ignored).
 */
export function reorgEffects(
  before: readonly SnapshotPlace[],
  after: ReadonlyMap<string, PlaceAfter>,
  changes: readonly ReorgChange[],
  rootId: string,
): ReorgEffects {
  const place = new Map(before.map((u) => [u.unitId, u]));
  const parentsBefore = new Set(before.map((u) => u.parentId).filter((p): p is string => p !== null));
  const inTree = (id: string): boolean => {
    for (let at: string | null | undefined = id, hops = 0; at !== null && at !== undefined && hops <= after.size; at = after.get(at)?.parentId, hops++)
      if (at === rootId) return true;
    return false;
  };
  const underRoot = [...after].filter(([id, at]) => at.parentId !== null && id !== rootId && inTree(id));
  const parentsAfter = new Set(underRoot.map(([, at]) => at.parentId as string));
  const removedIds = new Set(changes.filter((c) => c.kind === 'removed').map((c) => c.unitId));

  const moved: ReorgEffects['moved'] = [];
  for (const unit of before) {
    const to = after.get(unit.unitId)?.parentId;
    if (to === undefined || removedIds.has(unit.unitId) || to === unit.parentId || to === null) continue;
    moved.push({ unitId: unit.unitId, from: unit.parentId, to, reported: unit.reported });
  }
  const removed = changes.filter((c): c is Extract<ReorgChange, { kind: 'removed' }> => c.kind === 'removed' && place.has(c.unitId));
  const partsOf = new Map<string, SnapshotPlace[]>();
  for (const r of removed) {
    if (r.reason !== 'merged' || r.into === null) continue;
    partsOf.set(r.into, [...(partsOf.get(r.into) ?? []), place.get(r.unitId) as SnapshotPlace]);
  }
  const reportedAfter = (id: string): boolean => {
    const parts = [...(place.has(id) ? [place.get(id) as SnapshotPlace] : []), ...(partsOf.get(id) ?? [])].filter((p) => !p.exempted);
    return parts.length > 0 && parts.every((p) => p.reported);
  };
  const earliest = (values: Array<string | null | undefined>): string | null =>
    values.reduce<string | null>((a, b) => (b === null || b === undefined ? a : a === null || b < a ? b : a), null);
  const deadlines: ReorgEffects['deadlines'] = [];
  for (const [id, parts] of partsOf) {
    const open = [...(place.has(id) ? [place.get(id) as SnapshotPlace] : []), ...parts].filter((p) => !p.reported && !p.exempted);
    const to = earliest(open.map((p) => p.deadline));
    const from = place.get(id)?.deadline ?? null;
    if (open.length > 0 && to !== from) deadlines.push({ unitId: id, from, to, why: 'merged' });
  }
  for (const c of changes) {
    if (c.kind !== 'created' || place.has(c.unitId) || !inTree(c.unitId)) continue;
    const split = removed.find((r) => r.reason === 'split' && r.op === c.op);
    if (split) deadlines.push({ unitId: c.unitId, from: null, to: place.get(split.unitId)?.deadline ?? null, why: 'split' });
    else if (!partsOf.has(c.unitId)) deadlines.push({ unitId: c.unitId, from: null, to: null, why: 'created' });
  }
  return {
    moved,
    committeesEnded: [...parentsBefore].filter((id) => !parentsAfter.has(id)),
    committeesStarted: [...parentsAfter].filter((id) => !parentsBefore.has(id)),
    removed: removed.map((c) => ({ unitId: c.unitId, reason: c.reason, into: c.into, reported: place.get(c.unitId)?.reported ?? false })),
    created: changes.filter((c) => c.kind === 'created' && !place.has(c.unitId) && inTree(c.unitId)).map((c) => c.unitId),
    unitsPerLevel: { before: countByLevel(before.map((u) => u.level)), after: countByLevel(underRoot.map(([, at]) => at.level)) },
    reportedPerLevel: {
      before: countByLevel(before.filter((u) => u.reported).map((u) => u.level)),
      after: countByLevel(underRoot.filter(([id]) => reportedAfter(id)).map(([, at]) => at.level)),
    },
    deadlines,
  };
}
