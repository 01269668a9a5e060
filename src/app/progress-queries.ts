/**
 * Progress over time of a directive's subtree (src/domain/report/progress-series.ts), from the
 * audit records and snapshot the as-of reads use (src/store/as-of-records.ts), up to now, and its
 * chart (src/render/progress-chart.ts) for the pages and the printable report. Nothing here asks a
 * workflow.
 */
import type { Pool } from 'pg';
import { AsOfUnavailableError, rebuildTracks, type AsOfSnapshotUnit, type RebuiltTracks } from '../domain/cascade/as-of-rebuild';
import { seriesOfTracks, type ProgressSeries } from '../domain/report/progress-series';
import { progressChartSvg } from '../render/progress-chart';
import { snapshotIdentities, stateRecords } from '../store/as-of-records';
import type { DirectiveLookups } from './directive-lookups';
import { ConflictError, unitNotInDirective } from './errors';

/** Which progress: the subtree (the whole directive by default), the language of its labels, and the instant it ends at (now by default). */
export interface ProgressOptions {
  unitId?: string;
  lang?: 'vi' | 'en';
  asOf?: string;
}

/** A directive's tracks rebuilt at one instant, with the snapshot they stand in. */
interface Rebuilt {
  units: Map<string, AsOfSnapshotUnit>;
  tracks: RebuiltTracks;
}

/**
 * Rebuilt directives kept for a moment. Rebuilding reads every state record of the directive (a
 * national one: hundreds of thousands, seconds of work), and every committee page draws a chart:
 * the pages of one directive share one rebuild a minute, so a live chart is at most that old.
 * Two at most: a national directive's tracks are tens of megabytes.
 */
const KEPT = 2;
const KEPT_MS = 60_000;

/** See the file comment. */
export class ProgressQueries {
  private readonly kept = new Map<string, { at: number; rebuilt: Promise<Rebuilt> }>();

  constructor(
    private readonly pool: Pool,
    private readonly lookups: DirectiveLookups,
  ) {}

  /**
   * The series of the subtree under `unitId` (the whole directive by default), labelled in `lang`,
   * from the launch to `asOf` (ISO; now, or up to a minute before, by default). A directive whose
   * units a reorganisation merged or split has no series (409): the audit trail does not rebuild
   * its units across that.
   */
  async series(directiveId: string, opts: ProgressOptions = {}): Promise<ProgressSeries> {
    const [rootId, levels] = await Promise.all([this.lookups.rootOf(directiveId), this.lookups.levelsOf(directiveId)]);
    const scopeId = opts.unitId ?? rootId;
    const { units, tracks } = await this.rebuilt(directiveId, rootId, opts.asOf);
    const scope = units.get(scopeId);
    if (!scope) {
      await this.lookups.refuseWhileSettingUp(directiveId, scopeId);
      throw unitNotInDirective(scopeId, directiveId);
    }
    return seriesOfTracks(tracks, { directiveId, scope: { unitId: scopeId, name: scope.name }, levels, lang: opts.lang ?? 'vi' });
  }

  /** The series drawn as an SVG in `lang`, or null for a directive with no series (units merged or split). */
  async chartSvg(directiveId: string, opts: ProgressOptions = {}): Promise<string | null> {
    const lang = opts.lang ?? 'vi';
    try {
      return progressChartSvg(await this.series(directiveId, { ...opts, lang }), { lang });
    } catch (err) {
      if (err instanceof ConflictError) return null;
      throw err;
    }
  }

  /** The directive rebuilt at `asOf` (now when absent), kept for a minute (see KEPT). */
  private rebuilt(directiveId: string, rootId: string, asOf: string | undefined): Promise<Rebuilt> {
    const now = Date.now();
    for (const [key, entry] of this.kept) if (now - entry.at > KEPT_MS) this.kept.delete(key);
    const key = `${directiveId}\u0000${asOf ?? 'now'}`;
    const found = this.kept.get(key);
    if (found) return found.rebuilt;
    const rebuilt = this.rebuild(directiveId, rootId, asOf ?? new Date(now).toISOString());
    this.kept.set(key, { at: now, rebuilt });
    // A directive launched a moment ago has no snapshot yet: not worth keeping.
    rebuilt.then(
      (r) => r.units.size === 0 && this.kept.delete(key),
      () => this.kept.delete(key),
    );
    while (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value as string);
    return rebuilt;
  }

  private async rebuild(directiveId: string, rootId: string, to: string): Promise<Rebuilt> {
    const [units, records] = await Promise.all([snapshotIdentities(this.pool, directiveId), stateRecords(this.pool, directiveId, to)]);
    try {
      return { units: new Map(units.map((u) => [u.unitId, u])), tracks: rebuildTracks(directiveId, rootId, units, records, to) };
    } catch (err) {
      if (err instanceof AsOfUnavailableError) throw new ConflictError(`progress: ${err.message}`, 'ProgressUnavailable');
      throw err;
    }
  }
}
