/**
 * The reads "as of" an instant: a directive's tracks rebuilt from its audit records
 * (src/domain/cascade/as-of-rebuild.ts) over its snapshot, then answered like the live reads
 * (src/domain/cascade/as-of-state.ts). Nothing here asks a workflow.
 */
import type { Pool } from 'pg';
import { AsOfUnavailableError, rebuildTracks } from '../domain/cascade/as-of-rebuild';
import { CascadeAsOf } from '../domain/cascade/as-of-state';
import { snapshotIdentities, stateRecords } from '../store/as-of-records';
import { unitViewOf, type CommitteeView, type UnitView } from '../engine/protocol';
import type { DirectiveLookups } from './directive-lookups';
import { InputError, unitNotInDirective } from './errors';

/** Rebuilt states kept for a moment: a page as of an instant reads the rollup and two or three lists of the same state. */
const KEPT_STATES = 8;
const KEPT_MS = 60_000;

/** See the file comment. */
export class AsOfQueries {
  private readonly kept = new Map<string, { at: number; state: Promise<CascadeAsOf> }>();

  constructor(
    private readonly pool: Pool,
    private readonly lookups: DirectiveLookups,
  ) {}

  /**
   * The directive as of `asOf` (ISO); an instant a reorganisation makes impossible to rebuild is a
   * 400 naming asOf. A state of an instant more than a minute past is kept for a minute: records are
   * written with the instant they happen, so nothing new changes it (a later reorganisation that makes
   * it impossible is noticed once the minute is over).
   */
  state(directiveId: string, asOf: string, now = Date.now()): Promise<CascadeAsOf> {
    for (const [key, entry] of this.kept) if (now - entry.at > KEPT_MS) this.kept.delete(key);
    if (Date.parse(asOf) > now - KEPT_MS) return this.rebuild(directiveId, asOf);
    const key = `${directiveId}\u0000${asOf}`;
    const found = this.kept.get(key);
    if (found) return found.state;
    const state = this.rebuild(directiveId, asOf);
    this.kept.set(key, { at: now, state });
    state.catch(() => this.kept.delete(key));
    while (this.kept.size > KEPT_STATES) this.kept.delete(this.kept.keys().next().value as string);
    return state;
  }

  private async rebuild(directiveId: string, asOf: string): Promise<CascadeAsOf> {
    const directive = await this.lookups.rollupDirective(directiveId);
    const [units, records] = await Promise.all([snapshotIdentities(this.pool, directiveId), stateRecords(this.pool, directiveId, asOf)]);
    try {
      return new CascadeAsOf(rebuildTracks(directiveId, directive.rootId, units, records, asOf), directive.levels, units);
    } catch (err) {
      if (err instanceof AsOfUnavailableError)
        throw new InputError(`asOf: ${err.message}`, [{ path: 'asOf', rule: 'reorganised', message: err.message }], 'AsOfUnavailable');
      throw err;
    }
  }

  /**
   * A committee page's view as of `asOf`: its own unit, the units under it without units of their
   * own (held as state), and the committees under it with their subtree rollups; units not yet
   * received are left out. Any unit of the directive has one (a unit with nothing under it lists none).
   */
  async committee(directiveId: string, unitId: string, asOf: string): Promise<CommitteeView> {
    const state = await this.state(directiveId, asOf);
    const rollup = state.rollup(unitId);
    if (!rollup) throw unitNotInDirective(unitId, directiveId);
    const { rootId } = await this.lookups.rollupDirective(directiveId);
    const view = (id: string): UnitView | null => {
      const found = state.unit(id);
      return found ? unitViewOf(directiveId, found.track, found.status) : null;
    };
    const below = state.children(unitId);
    return {
      directiveId,
      unitId,
      isRoot: unitId === rootId,
      loaded: true,
      withdrawnAt: state.withdrawnAt,
      self: view(unitId),
      units: below.filter((c) => !c.hasChildren).flatMap((c) => view(c.unitId) ?? []),
      children: below
        .filter((c) => c.hasChildren)
        .map((c) => ({ unitId: c.unitId, name: c.name, level: c.level, rollup: state.rollup(c.unitId) ?? null, closed: state.withdrawnAt !== null })),
      rollup,
    };
  }
}
