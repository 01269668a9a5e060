/**
 * The dry run's copy of the organisation: the units under the directive's root, held in memory as
 * the directive's snapshot is held in PostgreSQL (src/store/prepare-directive.ts), for the
 * simulated activities to load committees and address emails from.
 */
import type { CommitteeLoad, SnapshotUnit } from '../domain/cascade/records';
import type { OrgTree } from '../domain/org/org';

/** A unit of the snapshot with its ancestors (nearest first, up to the root). */
interface SnapshotEntry {
  unit: SnapshotUnit;
  ancestors: string[];
}

/** See the file comment. */
export class SimSnapshot {
  private readonly entries = new Map<string, SnapshotEntry>();
  private readonly childIds = new Map<string, string[]>();

  constructor(tree: OrgTree, rootId: string) {
    for (const id of tree.subtreeIds(rootId)) {
      const unit = tree.require(id);
      const children = tree.children(id).map((c) => c.id);
      this.childIds.set(id, children);
      const ancestors = id === rootId ? [] : tree.ancestors(id).map((a) => a.id);
      const rootAt = ancestors.indexOf(rootId);
      this.entries.set(id, {
        unit: {
          unitId: unit.id,
          name: unit.name,
          level: unit.level,
          parentId: unit.parentId,
          members: unit.members,
          essaysExpected: unit.essaysExpected,
          hasChildren: children.length > 0,
        },
        ancestors: rootAt < 0 ? ancestors : ancestors.slice(0, rootAt + 1),
      });
    }
  }

  /** Units in the snapshot. */
  get size(): number {
    return this.entries.size;
  }

  /** The units that run a committee workflow (those with units under them). */
  committeeIds(): string[] {
    return [...this.entries.values()].filter((e) => e.unit.hasChildren).map((e) => e.unit.unitId);
  }

  /** A committee's own unit and its children, ordered by unit id in byte order, as loadCommittee answers. */
  load(unitId: string): CommitteeLoad {
    const self = this.entries.get(unitId);
    if (!self) throw new Error(`unit ${unitId} is not in the dry run's copy of the organisation`);
    const children = (this.childIds.get(unitId) ?? [])
      .map((id) => (this.entries.get(id) as SnapshotEntry).unit)
      .sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));
    return { self: self.unit, children };
  }

  /** Who an escalation about `unitId` reaches: `ancestorIndex` levels up (0 = parent), capped at the root; null for the root. */
  escalationTarget(unitId: string, ancestorIndex: number): string | null {
    const ancestors = this.entries.get(unitId)?.ancestors ?? [];
    if (ancestors.length === 0) return null;
    return ancestors[Math.min(Math.max(0, ancestorIndex), ancestors.length - 1)] ?? null;
  }
}
