/**
 * A reorganisation plan applied to an organisation, in order (each operation sees the result of
 * the ones before it): the new units and levels, and every change with the operation that made
 * it. Pure, so the directory import, the dry run and each running directive compute the same
 * result. Refusals name the operation's index; a plan with any is refused whole.
 *
 * Rules that the plan's file format leaves open:
 * - a merge sums members and expected essays of every unit it merges (the target's own too,
 *   when the target is an existing unit), unless the plan gives them;
 * - a merge's or dissolution's children go to the target (`into`, `childrenTo`, else the
 *   dissolved unit's parent), keeping their own levels; a split must give every child of the
 *   split unit to exactly one new unit;
 * - the roots of running directives may be renamed, never moved, merged, split or dissolved
 *   (a directive cascades from its root; moving it would be a new directive).
 */
import type { FieldIssue } from '../text/fields';
import { toLevelDefinitions, type LevelDefinition } from './levels';
import { validateOrg } from './org';
import type { OrgUnit } from './org-unit';
import type { ReorgOperation, ReorgPlan } from './reorg-plan';

/** What an operation did to one unit. */
export type ReorgChange =
  | { op: number; kind: 'moved'; unitId: string; from: string | null; to: string }
  | { op: number; kind: 'created'; unitId: string; parentId: string | null }
  | { op: number; kind: 'removed'; unitId: string; reason: 'merged' | 'split' | 'dissolved'; into: string | null }
  | { op: number; kind: 'renamed'; unitId: string; from: string; to: string }
  | { op: number; kind: 'figures'; unitId: string; members: number; essaysExpected: number };

export type ReorgResult = { ok: true; units: OrgUnit[]; levels: LevelDefinition[]; changes: ReorgChange[] } | { ok: false; issues: FieldIssue[] };

/** Thrown inside one operation to refuse it; caught per operation so every refusal is reported. */
class Refusal extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** The organisation being reorganised: units by id (input order kept) and children by parent. */
class WorkingOrg {
  readonly units = new Map<string, OrgUnit>();
  private readonly childIds = new Map<string, Set<string>>();
  readonly changes: ReorgChange[] = [];
  /** The last operation that touched each unit, to name it when the final tree breaks a rule. */
  readonly touchedBy = new Map<string, number>();

  constructor(units: readonly OrgUnit[]) {
    for (const unit of units) this.add(unit);
  }

  require(id: string, field: string): OrgUnit {
    const unit = this.units.get(id);
    if (!unit) throw new Refusal('unknown-unit', `${field} "${id}" is not a unit of the organisation (at this point of the plan)`);
    return unit;
  }

  children(id: string): string[] {
    return [...(this.childIds.get(id) ?? [])];
  }

  /** True when `id` is `ancestor` or lies under it. */
  isWithin(id: string, ancestor: string): boolean {
    for (let at: string | null = id; at !== null; at = this.units.get(at)?.parentId ?? null) if (at === ancestor) return true;
    return false;
  }

  add(unit: OrgUnit, op?: number): void {
    if (this.units.has(unit.id)) throw new Refusal('duplicate-id', `id "${unit.id}" is already a unit; a new unit needs its own id`);
    this.units.set(unit.id, unit);
    this.childIds.set(unit.id, this.childIds.get(unit.id) ?? new Set());
    if (unit.parentId !== null) this.childSet(unit.parentId).add(unit.id);
    if (op !== undefined) this.record({ op, kind: 'created', unitId: unit.id, parentId: unit.parentId });
  }

  reparent(id: string, to: string, op: number): void {
    const unit = this.require(id, 'unit');
    if (unit.parentId === to) return;
    if (unit.parentId !== null) this.childIds.get(unit.parentId)?.delete(id);
    this.childSet(to).add(id);
    this.units.set(id, { ...unit, parentId: to });
    this.record({ op, kind: 'moved', unitId: id, from: unit.parentId, to });
  }

  update(id: string, patch: Partial<Pick<OrgUnit, 'name' | 'members' | 'essaysExpected'>>, op: number): void {
    const unit = this.require(id, 'unit');
    const next = { ...unit, ...patch };
    this.units.set(id, next);
    if (patch.name !== undefined && patch.name !== unit.name) this.record({ op, kind: 'renamed', unitId: id, from: unit.name, to: patch.name });
    if (next.members !== unit.members || next.essaysExpected !== unit.essaysExpected) {
      this.record({ op, kind: 'figures', unitId: id, members: next.members, essaysExpected: next.essaysExpected });
    }
  }

  /** Removes a unit whose children have all gone elsewhere. */
  remove(id: string, reason: 'merged' | 'split' | 'dissolved', into: string | null, op: number): void {
    const unit = this.require(id, 'unit');
    if ((this.childIds.get(id)?.size ?? 0) > 0)
      throw new Refusal('orphan', `unit "${id}" still has units under it (${this.children(id).join(', ')}); give each a new parent`);
    if (unit.parentId !== null) this.childIds.get(unit.parentId)?.delete(id);
    this.units.delete(id);
    this.childIds.delete(id);
    this.record({ op, kind: 'removed', unitId: id, reason, into });
  }

  private childSet(id: string): Set<string> {
    const set = this.childIds.get(id) ?? new Set<string>();
    this.childIds.set(id, set);
    return set;
  }

  private record(change: ReorgChange): void {
    this.changes.push(change);
    this.touchedBy.set(change.unitId, change.op);
  }
}

/**
 * Applies `plan` to `units` (validated against `levels`). `protectedRoots` are the roots of the
 * directives the plan will reach: they may be renamed but not moved, merged, split or dissolved.
 */
export function applyReorgPlan(
  units: readonly OrgUnit[],
  levels: readonly (string | LevelDefinition)[],
  plan: ReorgPlan,
  protectedRoots: readonly string[] = [],
): ReorgResult {
  const org = new WorkingOrg(units);
  const definitions = toLevelDefinitions(levels);
  const state = { levels: definitions.map((l) => l.name), protectedRoots: new Set(protectedRoots) };
  const issues: FieldIssue[] = [];
  plan.operations.forEach((operation, op) => {
    try {
      APPLY[operation.kind](org, operation as never, op, state);
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      issues.push({ path: `operations[${op}].${operation.kind}`, rule: err.rule, message: `operations[${op}] (${operation.kind}): ${err.message}` });
    }
  });
  if (issues.length > 0) return { ok: false, issues };
  const result = [...org.units.values()];
  // The plan's own levels when it declares them (a new level's words come with it), else today's less those it dissolved.
  const finalLevels = plan.levels ?? definitions.filter((l) => state.levels.includes(l.name));
  const validation = validateOrg(result, finalLevels);
  if (!validation.ok) {
    return {
      ok: false,
      issues: validation.errors.map((e) => {
        const op = e.unitId === undefined ? undefined : org.touchedBy.get(e.unitId);
        const at = op === undefined ? 'operations' : `operations[${op}]`;
        return {
          path: at,
          rule: e.rule,
          message: `${at}: the organisation after the plan breaks a rule: ${e.message.replace(/^row \d+ \(unit ([^)]*)\)/, 'unit $1')}`,
        };
      }),
    };
  }
  return { ok: true, units: result, levels: [...finalLevels], changes: org.changes };
}

interface PlanState {
  levels: string[];
  protectedRoots: Set<string>;
}

type Apply<K extends ReorgOperation['kind']> = (org: WorkingOrg, operation: Extract<ReorgOperation, { kind: K }>, op: number, state: PlanState) => void;

function refuseProtected(state: PlanState, id: string, what: string): void {
  if (state.protectedRoots.has(id))
    throw new Refusal('root-moved', `unit "${id}" is the root of a running directive and cannot be ${what}; a directive cascades from its root`);
}

/** Moves every child of `from` under `to` (skipping `to` itself when it is one of them). */
function moveChildren(org: WorkingOrg, from: string, to: string, op: number): void {
  for (const child of org.children(from)) if (child !== to) org.reparent(child, to, op);
}

const APPLY: { [K in ReorgOperation['kind']]: Apply<K> } = {
  move(org, { unit, to }, op, state) {
    refuseProtected(state, unit, 'moved');
    org.require(unit, 'unit');
    org.require(to, 'to');
    if (org.isWithin(to, unit)) throw new Refusal('cycle', `"${to}" is "${unit}" or lies under it; a unit cannot move under itself`);
    org.reparent(unit, to, op);
  },

  merge(org, { units, into, members, essaysExpected }, op, state) {
    if (new Set(units).size !== units.length) throw new Refusal('duplicate-id', 'units names a unit twice');
    const merged = units.map((id) => org.require(id, 'units'));
    for (const id of units) refuseProtected(state, id, 'merged');
    const existing = typeof into === 'string' ? org.require(into, 'into') : null;
    const counted = existing && !units.includes(existing.id) ? [...merged, existing] : merged;
    const sum = (pick: (u: OrgUnit) => number) => counted.reduce((total, u) => total + pick(u), 0);
    const first = merged[0] as OrgUnit;
    let targetId: string;
    if (existing) {
      targetId = existing.id;
    } else {
      const spec = into as Exclude<typeof into, string>;
      const parentId = spec.parent ?? first.parentId;
      if (parentId !== null) org.require(parentId, 'into.parent');
      if (parentId !== null && units.some((id) => org.isWithin(parentId, id)))
        throw new Refusal('cycle', `into.parent "${parentId}" is one of the merged units or under one`);
      targetId = spec.id;
      org.add({ id: spec.id, name: spec.name, level: spec.level ?? first.level, parentId, email: spec.email, members: 0, essaysExpected: 0 }, op);
    }
    // The target takes every merged unit's children; a target under a merged unit rises to the nearest ancestor that stays,
    // which is only sound when every unit between them is merged too (a kept unit between them would end up under the target).
    for (const id of units) {
      if (id === targetId || !org.isWithin(targetId, id)) continue;
      for (let at = org.require(targetId, 'into').parentId; at !== null && at !== id; at = org.units.get(at)?.parentId ?? null) {
        if (!units.includes(at))
          throw new Refusal('cycle', `"${targetId}" lies under "${id}" through "${at}", which is not merged; merge into a unit outside "${id}"`);
      }
    }
    for (const id of units) if (id !== targetId) moveChildren(org, id, targetId, op);
    const target = org.require(targetId, 'into');
    if (target.parentId !== null && units.includes(target.parentId)) {
      let parent: string | null = target.parentId;
      while (parent !== null && units.includes(parent)) parent = org.units.get(parent)?.parentId ?? null;
      if (parent === null) throw new Refusal('orphan', `"${targetId}" would have no parent once the units above it are merged into it`);
      org.reparent(targetId, parent, op);
    }
    for (const id of units) if (id !== targetId) org.remove(id, 'merged', targetId, op);
    const spec = typeof into === 'string' ? null : into;
    org.update(
      targetId,
      { members: members ?? spec?.members ?? sum((u) => u.members), essaysExpected: essaysExpected ?? spec?.essaysExpected ?? sum((u) => u.essaysExpected) },
      op,
    );
  },

  split(org, { unit, into }, op, state) {
    refuseProtected(state, unit, 'split');
    const old = org.require(unit, 'unit');
    const children = new Set(org.children(unit));
    const given = new Map<string, string>();
    for (const part of into) {
      for (const child of part.children) {
        if (!children.has(child)) throw new Refusal('not-a-child', `"${child}" is not a unit directly under "${unit}"`);
        if (given.has(child)) throw new Refusal('duplicate-id', `"${child}" is given to both "${given.get(child)}" and "${part.id}"`);
        given.set(child, part.id);
      }
    }
    const left = [...children].filter((c) => !given.has(c));
    if (left.length > 0)
      throw new Refusal(
        'orphan',
        `${left.join(', ')} under "${unit}" ${left.length === 1 ? 'is' : 'are'} given to none of the new units; list each in one unit's children`,
      );
    for (const part of into) {
      org.add(
        {
          id: part.id,
          name: part.name,
          level: old.level,
          parentId: old.parentId,
          email: part.email,
          members: part.members,
          essaysExpected: part.essaysExpected,
        },
        op,
      );
    }
    for (const [child, to] of given) org.reparent(child, to, op);
    org.remove(unit, 'split', null, op);
  },

  rename(org, { unit, name }, op) {
    org.update(unit, { name }, op);
  },

  dissolve(org, { unit, level, childrenTo }, op, state) {
    const ids = unit !== undefined ? [unit] : [...org.units.values()].filter((u) => u.level === level).map((u) => u.id);
    if (level !== undefined) {
      const at = state.levels.indexOf(level);
      if (at < 0) throw new Refusal('unknown-level', `level "${level}" is not one of ${state.levels.join(', ')}`);
      if (at === 0) throw new Refusal('root-moved', `level "${level}" is the top level; it cannot be dissolved`);
    }
    if (childrenTo !== undefined) {
      org.require(childrenTo, 'childrenTo');
      if (ids.some((id) => org.isWithin(childrenTo, id))) throw new Refusal('cycle', `childrenTo "${childrenTo}" is a dissolved unit or lies under one`);
    }
    for (const id of ids) {
      refuseProtected(state, id, 'dissolved');
      const dissolved = org.require(id, 'unit');
      const target = childrenTo ?? dissolved.parentId;
      if (target === null) throw new Refusal('orphan', `unit "${id}" is a root; name childrenTo for the units under it`);
      moveChildren(org, id, target, op);
      org.remove(id, 'dissolved', target, op);
    }
    if (level !== undefined) state.levels = state.levels.filter((l) => l !== level);
  },

  create(org, { id, name, level, parent, email, members, essaysExpected }, op) {
    org.require(parent, 'parent');
    org.add({ id, name, level, parentId: parent, email, members, essaysExpected }, op);
  },
};
