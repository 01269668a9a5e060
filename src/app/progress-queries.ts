/**
 * Progress over time of a directive's subtree (src/domain/report/progress-series.ts), from the
 * audit records and snapshot the as-of reads use (src/store/as-of-records.ts), up to now, and its
 * chart (src/render/progress-chart.ts) for the pages and the printable report. Nothing here asks a
 * workflow.
 */
import type { Pool } from 'pg';
import { AsOfUnavailableError } from '../domain/cascade/as-of-rebuild';
import { progressSeries, type ProgressSeries } from '../domain/report/progress-series';
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

/** See the file comment. */
export class ProgressQueries {
  constructor(
    private readonly pool: Pool,
    private readonly lookups: DirectiveLookups,
  ) {}

  /**
   * The series of the subtree under `unitId` (the whole directive by default), labelled in `lang`,
   * from the launch to `asOf` (ISO; now by default). A directive whose units a reorganisation
   * merged or split has no series (409): the audit trail does not rebuild its units across that.
   */
  async series(directiveId: string, opts: ProgressOptions = {}): Promise<ProgressSeries> {
    const [rootId, levels] = await Promise.all([this.lookups.rootOf(directiveId), this.lookups.levelsOf(directiveId)]);
    const to = opts.asOf ?? new Date().toISOString();
    const scopeId = opts.unitId ?? rootId;
    const [units, records] = await Promise.all([snapshotIdentities(this.pool, directiveId), stateRecords(this.pool, directiveId, to)]);
    const scope = units.find((u) => u.unitId === scopeId);
    if (!scope) {
      await this.lookups.refuseWhileSettingUp(directiveId, scopeId);
      throw unitNotInDirective(scopeId, directiveId);
    }
    try {
      return progressSeries({ directiveId, rootId, scope: { unitId: scopeId, name: scope.name }, levels, units, records, to, lang: opts.lang ?? 'vi' });
    } catch (err) {
      if (err instanceof AsOfUnavailableError) throw new ConflictError(`progress: ${err.message}`, 'ProgressUnavailable');
      throw err;
    }
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
}
