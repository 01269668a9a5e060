/**
 * The reads "as of" an instant: a directive's tracks rebuilt from its audit records
 * (src/domain/cascade/as-of-rebuild.ts) over its snapshot, then answered like the live reads
 * (src/domain/cascade/as-of-state.ts). Nothing here asks a workflow.
 */
import type { Pool } from 'pg';
import { AsOfUnavailableError, rebuildTracks } from '../domain/cascade/as-of-rebuild';
import { CascadeAsOf } from '../domain/cascade/as-of-state';
import { snapshotIdentities, stateRecords } from '../store/as-of-records';
import type { DirectiveLookups } from './directive-lookups';
import { InputError } from './errors';

/** See the file comment. */
export class AsOfQueries {
  constructor(
    private readonly pool: Pool,
    private readonly lookups: DirectiveLookups,
  ) {}

  /** The directive as of `asOf` (ISO); an instant a reorganisation makes impossible to rebuild is a 400 naming asOf. */
  async state(directiveId: string, asOf: string): Promise<CascadeAsOf> {
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
}
