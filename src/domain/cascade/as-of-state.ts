/**
 * What supervisors read of a directive, as of an instant: rollups of any subtree, unit listings
 * and one unit's status, from the tracks rebuilt by as-of-rebuild.ts. The answers have the shapes
 * of the live reads (a RollupView; listing rows like src/store/unit-listings.ts's UnitListing),
 * built with the same rules: a unit counts from its receipt on, with trackStatus at the instant,
 * and the rollups are the domain's (trackRollup, mergeRollups). A unit that had not received the
 * directive yet is in no rollup and no listing, as in the live projection, whose row a unit gets
 * on receipt.
 */
import { compareIso } from '../time/instant';
import { foldForSearch } from '../text/search-fold';
import { mergeRollups, rollupView, type Rollup, type RollupView } from '../track/rollup';
import { effectiveDeadline, trackRollup, trackStatus, type TrackStatus, type UnitTrack } from '../track/unit-track';
import type { AsOfSnapshotUnit, RebuiltTracks } from './as-of-rebuild';
import type { UnitListing } from '../track/unit-listing';

/** The listing's filters, as the live listing takes them (all optional; `under` takes the unit itself too). */
export interface AsOfFilter {
  statuses?: readonly TrackStatus[] | null;
  level?: string | null;
  under?: string | null;
  search?: string | null;
  membersMismatch?: boolean | null;
  limit: number;
  offset: number;
}

/** See the file comment. */
export class CascadeAsOf {
  private readonly byId: Map<string, AsOfSnapshotUnit>;
  private readonly ancestorsOf = new Map<string, string[]>();
  private readonly childrenOf = new Map<string, string[]>();
  /** Every unit's subtree rollup, built in one pass on first use (a status tree asks for hundreds). */
  private subtreeRollups: Map<string, Rollup> | null = null;

  constructor(
    private readonly rebuilt: RebuiltTracks,
    private readonly levels: readonly string[],
    units: readonly AsOfSnapshotUnit[],
  ) {
    this.byId = new Map(units.map((u) => [u.unitId, u]));
    for (const [id, parent] of rebuilt.parents) {
      if (parent === null) continue;
      const list = this.childrenOf.get(parent);
      if (list) list.push(id);
      else this.childrenOf.set(parent, [id]);
    }
  }

  /** The instant (ISO). */
  get asOf(): string {
    return this.rebuilt.asOf;
  }

  /** When the directive was withdrawn, if it was by the instant. */
  get withdrawnAt(): string | null {
    return this.rebuilt.withdrawnAt;
  }

  /** True when the unit is in the directive's snapshot (received or not). */
  has(unitId: string): boolean {
    return this.byId.has(unitId);
  }

  /** The unit's ancestors at the instant, nearest first. */
  ancestors(unitId: string): string[] {
    const known = this.ancestorsOf.get(unitId);
    if (known) return known;
    const out: string[] = [];
    for (let at = this.rebuilt.parents.get(unitId) ?? null; at !== null && !out.includes(at); at = this.rebuilt.parents.get(at) ?? null) out.push(at);
    this.ancestorsOf.set(unitId, out);
    return out;
  }

  private inScope(unitId: string, scope: string | null | undefined): boolean {
    if (!scope || scope === this.rebuilt.rootId) return true;
    return unitId === scope || this.ancestors(unitId).includes(scope);
  }

  private tracksUnder(scope: string | null | undefined): UnitTrack[] {
    return [...this.rebuilt.tracks.values()].filter((t) => this.inScope(t.unitId, scope));
  }

  /** The rollup of the subtree under `unitId` (the whole directive by default) with its rates; undefined for a unit not in the directive. */
  rollup(unitId?: string): RollupView | undefined {
    if (unitId !== undefined && !this.byId.has(unitId)) return undefined;
    return rollupView(this.subtreeRollup(unitId ?? this.rebuilt.rootId));
  }

  private subtreeRollup(unitId: string): Rollup {
    if (!this.subtreeRollups) {
      const parts = new Map<string, Rollup[]>();
      for (const track of this.rebuilt.tracks.values()) {
        const own = trackRollup(this.levels, track, this.rebuilt.asOf);
        for (const id of [track.unitId, ...this.ancestors(track.unitId)]) {
          const list = parts.get(id);
          if (list) list.push(own);
          else parts.set(id, [own]);
        }
      }
      // Merged a thousand at a time: a national subtree holds tens of thousands of parts, too many to spread as arguments.
      const sum = (list: Rollup[]): Rollup => {
        const merged: Rollup[] = [];
        for (let i = 0; i < list.length; i += 1000) merged.push(mergeRollups(this.levels, ...list.slice(i, i + 1000)));
        return mergeRollups(this.levels, ...merged);
      };
      this.subtreeRollups = new Map([...parts].map(([id, list]) => [id, sum(list)]));
    }
    return this.subtreeRollups.get(unitId) ?? mergeRollups(this.levels);
  }

  /** The unit's track and status at the instant; null when it had not received the directive (or is not in it). */
  unit(unitId: string): { track: UnitTrack; status: TrackStatus } | null {
    const track = this.rebuilt.tracks.get(unitId);
    return track ? { track, status: trackStatus(track, this.rebuilt.asOf) } : null;
  }

  /** The units directly under `unitId` at the instant, received or not, by id; each with whether units stand under it. */
  children(unitId: string): Array<{ unitId: string; name: string; level: string; hasChildren: boolean }> {
    return [...(this.childrenOf.get(unitId) ?? [])].sort().map((id) => {
      const unit = this.byId.get(id) as AsOfSnapshotUnit;
      return { unitId: id, name: unit.name, level: unit.level, hasChildren: this.childrenOf.has(id) };
    });
  }

  /** Units filtered like the live listing (status, level, subtree, search, member mismatch), by deadline then id, paged. */
  units(filter: AsOfFilter): { total: number; units: UnitListing[] } {
    const folded = filter.search ? foldForSearch(filter.search) : '';
    const rows = this.tracksUnder(filter.under)
      .map((t) => this.listing(t))
      .filter(
        (row) =>
          (!filter.statuses || filter.statuses.includes(row.status)) &&
          (!filter.level || row.level === filter.level) &&
          (folded === '' || `${foldForSearch(row.name)}\u001f${foldForSearch(row.unitId)}`.includes(folded)) &&
          (filter.membersMismatch === null ||
            filter.membersMismatch === undefined ||
            (row.members !== null && row.members !== row.directoryMembers) === filter.membersMismatch),
      )
      .sort((a, b) => compareIso(a.deadline, b.deadline) || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));
    return { total: rows.length, units: rows.slice(filter.offset, filter.offset + filter.limit) };
  }

  private listing(track: UnitTrack): UnitListing {
    const report = track.report;
    return {
      unitId: track.unitId,
      name: track.name,
      level: track.level,
      parentId: track.parentId,
      status: trackStatus(track, this.rebuilt.asOf),
      deadline: effectiveDeadline(track),
      completedAt: track.completedAt,
      attendees: report?.attendees ?? null,
      members: report?.members ?? null,
      directoryMembers: this.byId.get(track.unitId)?.members ?? 0,
      essaysSubmitted: report?.essaysSubmitted ?? null,
      essaysExpected: report?.essaysExpected ?? null,
    };
  }
}
