/** A validated organisation as a tree, indexed with maps so lookups stay O(1) for tens of thousands of units. */
import type { LevelDefinition } from './levels';
import type { OrgUnit } from './org-unit';

/** Read-only view of a valid organisation. Build one with `validateOrg` or `importOrg`. */
export class OrgTree {
  private readonly byId = new Map<string, OrgUnit>();
  private readonly childrenById = new Map<string, OrgUnit[]>();
  private readonly levelIndexByName: Map<string, number>;
  /** Units without a parent, in input order. */
  readonly roots: readonly OrgUnit[];
  /** The level names, top first. */
  readonly levels: readonly string[];

  /** Trusts its input: call only with units that passed `validateOrg`'s checks, against these levels. */
  constructor(
    /** Every unit, in input order. */
    readonly units: readonly OrgUnit[],
    /** The levels the units were validated against, top first, with their words (what the directory stores with them). */
    readonly levelDefinitions: readonly LevelDefinition[],
  ) {
    this.levels = levelDefinitions.map((l) => l.name);
    this.levelIndexByName = new Map(this.levels.map((l, i) => [l, i]));
    const roots: OrgUnit[] = [];
    for (const unit of units) {
      this.byId.set(unit.id, unit);
      this.childrenById.set(unit.id, []);
    }
    for (const unit of units) {
      if (unit.parentId === null) roots.push(unit);
      else this.childrenById.get(unit.parentId)?.push(unit);
    }
    this.roots = roots;
  }

  /** Number of units. */
  get size(): number {
    return this.units.length;
  }

  /** True when the unit is in this organisation. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The unit with this id, or undefined. */
  get(id: string): OrgUnit | undefined {
    return this.byId.get(id);
  }

  /** The unit with this id; throws if it is not in the organisation (use for ids that must exist). */
  require(id: string): OrgUnit {
    const unit = this.byId.get(id);
    if (!unit) throw new RangeError(`unit "${id}" is not in this organisation (${this.size} units); check the id or re-import the organisation`);
    return unit;
  }

  /** Direct children, in input order. */
  children(id: string): readonly OrgUnit[] {
    this.require(id);
    return this.childrenById.get(id) ?? [];
  }

  /** The parent unit, or null for a root. */
  parentOf(id: string): OrgUnit | null {
    const { parentId } = this.require(id);
    return parentId === null ? null : this.require(parentId);
  }

  /** Ancestors nearest first: parent, grandparent, …, root. Empty for a root. */
  ancestors(id: string): OrgUnit[] {
    const out: OrgUnit[] = [];
    for (let p = this.parentOf(id); p !== null; p = p.parentId === null ? null : this.require(p.parentId)) out.push(p);
    return out;
  }

  /** The unit and all its descendants, in preorder (parent before children, children in input order). */
  subtreeIds(id: string): string[] {
    this.require(id);
    const out: string[] = [];
    const stack = [id];
    while (stack.length > 0) {
      const current = stack.pop() as string;
      out.push(current);
      const kids = this.childrenById.get(current) ?? [];
      for (let i = kids.length - 1; i >= 0; i--) stack.push((kids[i] as OrgUnit).id);
    }
    return out;
  }

  /** Distance from the unit's root (a root is 0). Differs from the level index when a level is skipped. */
  depthOf(id: string): number {
    // Walked on demand: depth is bounded by the number of levels, and most callers never ask.
    let depth = 0;
    for (let unit = this.require(id); unit.parentId !== null; unit = this.require(unit.parentId)) depth++;
    return depth;
  }

  /** Position of a level name in `levels` (0 = top), or -1 if it is not a level of this organisation. */
  levelIndex(level: string): number {
    return this.levelIndexByName.get(level.normalize('NFC').trim()) ?? -1;
  }
}
