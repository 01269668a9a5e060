/** When reminders fire and where escalations go, derived from a unit's deadline and the tree. */
import { parseOffset } from './duration';
import { addMs, compareIso, type InstantInput } from './instant';
import type { OrgTree } from './org-tree';

/** A reminder to send at `at`, from the spec offset `offset`. */
export type ScheduledReminder = { offset: string; at: string };
/** Escalation step `step` (0-based): at `at`, tell `toUnitId`. */
export type ScheduledEscalation = { step: number; offset: string; at: string; toUnitId: string };

/** Reminder instants for a deadline, in time order; offsets that land on the same instant fire once. */
export function reminderSchedule(deadline: InstantInput, offsets: readonly string[]): ScheduledReminder[] {
  const all = offsets.map((offset) => ({ offset, at: addMs(deadline, parseOffset(offset)) }));
  all.sort((a, b) => compareIso(a.at, b.at));
  return all.filter((r, i) => i === 0 || r.at !== all[i - 1]?.at);
}

/**
 * Who hears about step `step` of an overdue unit: its parent for step 0, grandparent for step 1, and so on,
 * capped at the cascade's root (`rootId`, default the tree root). Null when the unit is that root.
 */
export function escalationTargetId(tree: OrgTree, unitId: string, step: number, rootId?: string): string | null {
  if (!Number.isInteger(step) || step < 0) throw new RangeError(`escalation step must be a whole number ≥ 0, got ${step}`);
  if (unitId === rootId) return null;
  const chain: string[] = [];
  for (const ancestor of tree.ancestors(unitId)) {
    chain.push(ancestor.id);
    if (ancestor.id === rootId) break;
  }
  if (rootId !== undefined && chain[chain.length - 1] !== rootId) {
    throw new RangeError(`unit "${unitId}" is not under the cascade root "${rootId}", so there is nobody to escalate to`);
  }
  return chain[Math.min(step, chain.length - 1)] ?? null;
}

/** Escalation steps for a unit with this deadline: when each fires and to whom. Empty for the cascade root. */
export function escalationSchedule(deadline: InstantInput, offsets: readonly string[], tree: OrgTree, unitId: string, rootId?: string): ScheduledEscalation[] {
  const out: ScheduledEscalation[] = [];
  offsets.forEach((offset, step) => {
    const toUnitId = escalationTargetId(tree, unitId, step, rootId);
    if (toUnitId !== null) out.push({ step, offset, at: addMs(deadline, parseOffset(offset)), toUnitId });
  });
  return out;
}
