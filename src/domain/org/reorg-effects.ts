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
  return {
    moved,
    committeesEnded: [...parentsBefore].filter((id) => !parentsAfter.has(id)),
    committeesStarted: [...parentsAfter].filter((id) => !parentsBefore.has(id)),
    removed: changes
      .filter((c): c is Extract<ReorgChange, { kind: 'removed' }> => c.kind === 'removed' && place.has(c.unitId))
      .map((c) => ({ unitId: c.unitId, reason: c.reason, into: c.into, reported: place.get(c.unitId)?.reported ?? false })),
    created: changes.filter((c) => c.kind === 'created' && !place.has(c.unitId) && inTree(c.unitId)).map((c) => c.unitId),
    unitsPerLevel: { before: countByLevel(before.map((u) => u.level)), after: countByLevel(underRoot.map(([, at]) => at.level)) },
  };
}
