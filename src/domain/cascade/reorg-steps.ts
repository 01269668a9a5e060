/**
 * How a reorganisation is carried out in one running directive, from its snapshot before and the
 * organisation after the plan: which committee hands which units and child committees over (and
 * which committees end), which committees start, what each committee takes (a unit moved with its
 * track, merged, a part of a split, a new unit), which committees learn new ancestors, and the
 * snapshot afterwards. Pure: the dry run and the orchestrator plan the same steps.
 *
 * A unit's track lives in its holder: the unit's own committee when units stand under it, else the
 * committee of its parent. The steps only ever move tracks between holders; a committee that keeps
 * its units keeps its workflow, its history and its rollups, wherever it now stands.
 */
import type { OrgUnit } from '../org/org-unit';
import type { ReorgChange } from '../org/reorg-apply';
import type { IncomingMode } from '../track/reorg-tracks';
import type { TrackIdentity } from '../track/unit-track';

/** A unit of the directive's snapshot before the plan. */
export interface SnapshotNode {
  unitId: string;
  parentId: string | null;
  hasChildren: boolean;
}

/** Why a track leaves its holder. */
export type ReleaseReason = 'moved' | 'merged' | 'split' | 'dissolved' | 'left';

/** A unit's track leaving its holder for the committee `to` (null: it leaves the directive). */
export interface UnitRelease {
  unitId: string;
  to: string | null;
  reason: ReleaseReason;
  /** The unit it became part of (merge target), if any. */
  into: string | null;
}

/** What one committee hands over; with `end`, nothing is left in it and its workflow finishes. */
export interface HandOverStep {
  committee: string;
  units: UnitRelease[];
  /** Child committees it stops following (their rollups go to their new parent, if any). */
  children: Array<{ unitId: string; to: string | null }>;
  end: boolean;
}

/** A unit as a committee takes it: who it is now and the released tracks it is made of. */
export interface PlannedIncoming {
  identity: TrackIdentity;
  mode: IncomingMode;
  sources: string[];
}

/** What one committee takes: units (its own unit included, when it changes) and child committees. */
export interface TakeOverStep {
  committee: string;
  units: PlannedIncoming[];
  children: string[];
}

/** A committee that starts, empty: its own unit and its units come with its take-over. */
export interface NewCommitteeStep {
  unitId: string;
  name: string;
  level: string;
  parentId: string;
  ancestors: string[];
}

/** A committee that stays but stands somewhere else (or under other ancestors). */
export interface ReparentStep {
  committee: string;
  parentId: string;
  ancestors: string[];
}

/** A unit of the directive's snapshot after the plan. */
export interface SnapshotRowAfter {
  unitId: string;
  parentId: string | null;
  level: string;
  name: string;
  email: string;
  members: number;
  essaysExpected: number;
  hasChildren: boolean;
  holderId: string;
  ancestors: string[];
  depth: number;
}

export interface DirectiveReorgSteps {
  /** Every committee running before the plan, the root first (all learn levels the plan adds). */
  committees: string[];
  handOvers: HandOverStep[];
  /** Parents before children. */
  newCommittees: NewCommitteeStep[];
  takeOvers: TakeOverStep[];
  reparents: ReparentStep[];
  /** Units that leave the directive's tree, and why. */
  removed: Array<{ unitId: string; reason: ReleaseReason; into: string | null }>;
  snapshot: SnapshotRowAfter[];
}

function identityOf(unit: OrgUnit): TrackIdentity {
  return { unitId: unit.id, name: unit.name, level: unit.level, parentId: unit.parentId, members: unit.members, essaysExpected: unit.essaysExpected };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The steps that carry the plan into the directive rooted at `rootId`; see the file comment. */
export function planDirectiveReorg(
  before: readonly SnapshotNode[],
  after: readonly OrgUnit[],
  changes: readonly ReorgChange[],
  rootId: string,
): DirectiveReorgSteps {
  const was = new Map(before.map((u) => [u.unitId, u]));
  const byId = new Map(after.map((u) => [u.id, u]));
  // The directive's tree after the plan: the root and every unit under it.
  const kids = new Map<string, string[]>();
  for (const u of after) if (u.parentId !== null) kids.set(u.parentId, [...(kids.get(u.parentId) ?? []), u.id]);
  const ancestorsAfter = new Map<string, string[]>([[rootId, []]]);
  const order: string[] = [rootId];
  for (let i = 0; i < order.length; i++) {
    const id = order[i] as string;
    for (const child of kids.get(id) ?? []) {
      ancestorsAfter.set(child, [id, ...(ancestorsAfter.get(id) ?? [])]);
      order.push(child);
    }
  }
  const inTree = (id: string) => ancestorsAfter.has(id);
  const committeeAfter = (id: string) => id === rootId || (kids.get(id)?.length ?? 0) > 0;
  const committeeBefore = (id: string) => id === rootId || (was.get(id)?.hasChildren ?? false);
  const holderAfter = (id: string) => (committeeAfter(id) ? id : (byId.get(id)?.parentId as string));
  const holderBefore = (id: string) => (committeeBefore(id) ? id : (was.get(id)?.parentId as string));
  const ancestorsBefore = (id: string): string[] => {
    const out: string[] = [];
    for (let at = was.get(id)?.parentId ?? null; at !== null; at = was.get(at)?.parentId ?? null) out.push(at);
    return out;
  };

  // Removals, followed to the unit that survives them (a unit merged into one merged again later).
  const removal = new Map<string, Extract<ReorgChange, { kind: 'removed' }>>();
  for (const c of changes) if (c.kind === 'removed') removal.set(c.unitId, c);
  const splitParts = new Map<string, string[]>();
  for (const c of changes) {
    if (c.kind !== 'created') continue;
    const split = changes.find((r) => r.kind === 'removed' && r.reason === 'split' && r.op === c.op);
    if (split) splitParts.set(split.unitId, [...(splitParts.get(split.unitId) ?? []), c.unitId]);
  }
  const finalInto = (id: string): string | null => {
    let at: string | null = id;
    for (let hops = 0; at !== null && removal.has(at) && hops <= removal.size; hops++) at = removal.get(at)?.into ?? null;
    return at !== null && inTree(at) ? at : null;
  };

  // What each unit of the tree after is made of.
  const incoming = new Map<string, PlannedIncoming>();
  const released = new Map<string, UnitRelease>();
  const release = (unitId: string, to: string | null, reason: ReleaseReason, into: string | null) => released.set(unitId, { unitId, to, reason, into });
  const removed: DirectiveReorgSteps['removed'] = [];
  for (const old of before) {
    if (old.unitId === rootId || inTree(old.unitId)) continue;
    const cut = removal.get(old.unitId);
    const reason: ReleaseReason = cut ? cut.reason : 'left';
    const into = cut?.reason === 'merged' ? finalInto(old.unitId) : null;
    removed.push({ unitId: old.unitId, reason, into });
    release(old.unitId, into === null ? null : holderAfter(into), reason, into);
    for (const part of reason === 'split' ? (splitParts.get(old.unitId) ?? []) : []) {
      if (inTree(part)) incoming.set(part, { identity: identityOf(byId.get(part) as OrgUnit), mode: 'derive', sources: [old.unitId] });
    }
  }
  const relabelled = new Set(changes.filter((c) => c.kind === 'renamed' || c.kind === 'figures').map((c) => c.unitId));
  const mergedInto = new Map<string, string[]>();
  for (const r of removed) if (r.into !== null) mergedInto.set(r.into, [...(mergedInto.get(r.into) ?? []), r.unitId]);

  for (const id of order) {
    if (id === rootId) continue;
    const unit = byId.get(id) as OrgUnit;
    const old = was.get(id);
    const moves = old !== undefined && holderBefore(id) !== holderAfter(id) && !(committeeBefore(id) && committeeAfter(id));
    if (moves) release(id, holderAfter(id), 'moved', null);
    const merged = mergedInto.get(id) ?? [];
    const identity = identityOf(unit);
    if (merged.length > 0) incoming.set(id, { identity, mode: 'merge', sources: [...(moves ? [id] : []), ...merged] });
    else if (incoming.has(id))
      continue; // a part of a split
    else if (!old) incoming.set(id, { identity, mode: 'fresh', sources: [] });
    else if (moves) incoming.set(id, { identity, mode: 'carry', sources: [id] });
    else if (old.parentId !== unit.parentId || relabelled.has(id)) incoming.set(id, { identity, mode: 'carry', sources: [] });
  }

  // Hand-overs: every released track, child committees whose parent changes or that end, and the end of every committee that stops.
  const handOvers = new Map<string, HandOverStep>();
  const handOver = (committee: string) => {
    let step = handOvers.get(committee);
    if (!step) handOvers.set(committee, (step = { committee, units: [], children: [], end: false }));
    return step;
  };
  for (const r of released.values()) handOver(holderBefore(r.unitId)).units.push(r);
  for (const old of before) {
    if (old.unitId === rootId || !old.hasChildren || old.parentId === null) continue;
    const stays = inTree(old.unitId) && committeeAfter(old.unitId);
    if (!stays) handOver(old.unitId).end = true;
    const parentNow = stays ? (byId.get(old.unitId)?.parentId as string) : null;
    if (parentNow !== old.parentId) handOver(old.parentId).children.push({ unitId: old.unitId, to: parentNow });
  }

  // Take-overs, new committees and reparents, top-down.
  const takeOvers = new Map<string, TakeOverStep>();
  const takeOver = (committee: string) => {
    let step = takeOvers.get(committee);
    if (!step) takeOvers.set(committee, (step = { committee, units: [], children: [] }));
    return step;
  };
  const newCommittees: NewCommitteeStep[] = [];
  const reparents: ReparentStep[] = [];
  for (const id of order) {
    if (id === rootId) continue;
    const parentId = byId.get(id)?.parentId as string;
    const ancestors = ancestorsAfter.get(id) as string[];
    const planned = incoming.get(id);
    if (committeeAfter(id) && !committeeBefore(id)) {
      const unit = byId.get(id) as OrgUnit;
      newCommittees.push({ unitId: id, name: unit.name, level: unit.level, parentId, ancestors });
      takeOver(id).units.push(planned ?? { identity: identityOf(unit), mode: 'carry', sources: [id] });
      continue;
    }
    if (committeeAfter(id)) {
      const old = was.get(id) as SnapshotNode;
      if (old.parentId !== parentId) takeOver(parentId).children.push(id);
      if (!sameList(ancestorsBefore(id), ancestors)) reparents.push({ committee: id, parentId, ancestors });
    }
    if (planned) takeOver(holderAfter(id)).units.push(planned);
  }

  const snapshot: SnapshotRowAfter[] = order.map((id) => {
    const unit = byId.get(id) as OrgUnit;
    const ancestors = ancestorsAfter.get(id) as string[];
    return {
      unitId: id,
      parentId: id === rootId ? null : unit.parentId,
      level: unit.level,
      name: unit.name,
      email: unit.email,
      members: unit.members,
      essaysExpected: unit.essaysExpected,
      hasChildren: committeeAfter(id),
      holderId: holderAfter(id),
      ancestors,
      depth: ancestors.length,
    };
  });

  return {
    committees: [rootId, ...before.filter((u) => u.hasChildren && u.unitId !== rootId).map((u) => u.unitId)],
    handOvers: [...handOvers.values()],
    newCommittees,
    takeOvers: [...takeOvers.values()],
    reparents,
    removed,
    snapshot,
  };
}
