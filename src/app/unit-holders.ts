/**
 * Which committee holds each unit of a directive, as this process knows it: a unit's first command
 * asks PostgreSQL (merged with the other first lookups in flight, grouped-lookup.ts), later ones
 * find it here. Once a directive has had `wholeDirectiveAfter` such first lookups in this process,
 * its whole snapshot of holders is read at once, and its other units' first commands ask nothing.
 *
 * Why: in a busy reporting hour nearly every report is some unit's first, and each such lookup,
 * grouped or not, was PostgreSQL's and the caller's work on the report's path. Read whole, a
 * national directive's 55,000 holders are one statement of a few megabytes, once per process (and
 * once more after each reorganisation). A process that sends a handful of commands (the CLI) never
 * reads a directive whole.
 *
 * A unit the map does not hold (added since, or forgotten because it moved) is looked up alone, as
 * before. A reorganisation forgets a directive's map whole: a read still in flight then fills a map
 * nobody holds any more, so it cannot bring back where units used to be.
 */
import type { Pool } from 'pg';
import { directiveHolderIds, unitHolderIds } from '../store/directory-queries';
import { GroupedLookup } from './grouped-lookup';
import { positiveInteger } from './positive-integer';

/** What this process knows of one directive's holders. */
interface DirectiveHolders {
  holders: Map<string, string>;
  /** First lookups sent since the directive was last read whole (or forgotten). */
  firstLookups: number;
  /** The whole read: in flight, done (true), or not yet tried since the counter last filled (undefined). */
  whole?: Promise<void> | true;
}

/** Options of UnitHolders. */
export interface UnitHoldersOptions {
  /** First lookups in a directive after which its holders are read whole (default 32). */
  wholeDirectiveAfter?: number;
}

/** See the file comment. */
export class UnitHolders {
  private readonly directives = new Map<string, DirectiveHolders>();
  private readonly firstLookup: GroupedLookup<string>;
  private readonly wholeAfter: number;

  constructor(
    private readonly pool: Pool,
    opts: UnitHoldersOptions = {},
  ) {
    this.firstLookup = new GroupedLookup((directiveId, unitIds) => unitHolderIds(pool, directiveId, unitIds));
    this.wholeAfter = positiveInteger('wholeDirectiveAfter', opts.wholeDirectiveAfter ?? 32);
  }

  /** The committee holding `unitId`, or undefined when the directive's snapshot has no such unit. */
  async get(directiveId: string, unitId: string): Promise<string | undefined> {
    const known = this.directiveOf(directiveId);
    const cached = known.holders.get(unitId);
    if (cached) return cached;
    if (known.whole === undefined && ++known.firstLookups >= this.wholeAfter) known.whole = this.readWhole(directiveId, known);
    if (known.whole instanceof Promise) {
      await known.whole;
      const read = known.holders.get(unitId);
      if (read) return read;
    }
    const holder = await this.firstLookup.get(directiveId, unitId);
    if (holder) known.holders.set(unitId, holder);
    return holder;
  }

  /** Forgets where a unit was held: a reorganisation moved it, or its old committee said so. */
  forget(directiveId: string, unitId: string): void {
    this.directives.get(directiveId)?.holders.delete(unitId);
  }

  /** Forgets where every unit of a directive was held: a reorganisation has moved them. */
  forgetDirective(directiveId: string): void {
    this.directives.delete(directiveId);
  }

  private directiveOf(directiveId: string): DirectiveHolders {
    let known = this.directives.get(directiveId);
    if (!known) this.directives.set(directiveId, (known = { holders: new Map(), firstLookups: 0 }));
    return known;
  }

  /**
   * Reads every holder of the directive into `known`. An empty snapshot (the launch a moment ago has
   * not taken it yet) or a failed read counts again from zero, so it is tried later, not at once;
   * the callers waiting on it look their units up alone.
   */
  private async readWhole(directiveId: string, known: DirectiveHolders): Promise<void> {
    try {
      const all = await directiveHolderIds(this.pool, directiveId);
      for (const [unitId, holder] of all) if (!known.holders.has(unitId)) known.holders.set(unitId, holder);
      known.whole = all.size > 0 ? true : undefined;
    } catch {
      known.whole = undefined;
    }
    if (known.whole === undefined) known.firstLookups = 0;
  }
}
