/**
 * What a reorganisation plan reaches, so a committee's secretariat applies only plans inside its
 * subtree: the existing units it changes (each must lie strictly under the committee's unit), the
 * units it hangs units under (the committee's own unit will do), and what concerns the whole
 * organisation (a level dissolved everywhere, the levels declared), which stays the central
 * secretariat's.
 */
import type { ReorgPlan } from './reorg-plan';

/** See the file comment. */
export interface ReorgReach {
  changed: string[];
  anchors: string[];
  national: string[];
}

/** The reach of a validated plan; units new in the plan are in neither list (they do not exist yet). */
export function reorgReach(plan: ReorgPlan): ReorgReach {
  const changed = new Set<string>();
  const anchors = new Set<string>();
  const national: string[] = [];
  const created = new Set<string>();
  for (const op of plan.operations) {
    switch (op.kind) {
      case 'move':
        changed.add(op.unit);
        anchors.add(op.to);
        break;
      case 'merge':
        op.units.forEach((u) => changed.add(u));
        if (typeof op.into === 'string') changed.add(op.into);
        else {
          created.add(op.into.id);
          if (op.into.parent !== undefined) anchors.add(op.into.parent);
        }
        break;
      case 'split':
        changed.add(op.unit);
        for (const part of op.into) {
          created.add(part.id);
          part.children.forEach((c) => changed.add(c));
        }
        break;
      case 'rename':
        changed.add(op.unit);
        break;
      case 'dissolve':
        if (op.unit !== undefined) changed.add(op.unit);
        else national.push(`dissolve the level ${op.level}`);
        if (op.childrenTo !== undefined) anchors.add(op.childrenTo);
        break;
      case 'create':
        created.add(op.id);
        anchors.add(op.parent);
        break;
    }
  }
  if (plan.levels !== null) national.push('declare the organisation’s levels');
  const existing = (ids: Set<string>) => [...ids].filter((id) => !created.has(id));
  return { changed: existing(changed), anchors: existing(anchors), national };
}
