/**
 * What a running directive's tree looks like once a plan has applied, as the checks before applying
 * it need to know: the levels of its units, and whether a committee would hold more units than its
 * state can carry. Pure.
 */
import type { OrgUnit } from '../org/org-unit';

/**
 * A committee's state, its units' tracks included, travels whole through continue-as-new, whose
 * input Temporal caps at 2 MB: about 460 bytes per unit (measured: 3,455 cells, 1.59 MB), so a
 * committee holds at most this many units without units of their own.
 */
export const MAX_LEAVES_PER_COMMITTEE = 4_000;

/** The committee under `rootId` with the most units without units under them, if it has more than the cap. */
export function crowdedCommittee(units: readonly OrgUnit[], rootId: string): { unitId: string; leaves: number } | null {
  const children = new Map<string, string[]>();
  for (const u of units) if (u.parentId !== null) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  let worst: { unitId: string; leaves: number } | null = null;
  const queue = [rootId];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    const below = children.get(id) ?? [];
    const leaves = below.filter((c) => !children.has(c)).length;
    if (leaves > MAX_LEAVES_PER_COMMITTEE && (worst === null || leaves > worst.leaves)) worst = { unitId: id, leaves };
    queue.push(...below);
  }
  return worst;
}

/** The levels of the units under `rootId` in `units`. */
export function levelsUnder(units: readonly OrgUnit[], rootId: string): Set<string> {
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
