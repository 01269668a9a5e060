/**
 * What the client's reads and writes both need to know about a launched directive: its root and
 * the committee that holds a unit (looked up once: neither ever changes), its withdrawal, and
 * whether a unit missing right now is only still being set up. One instance per CascadeClient,
 * so its launches, commands and reads share the same caches.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Pool } from 'pg';
import { setupState } from '../store/directive-records';
import { directiveRootId, unitAncestors, unitHolderId } from '../store/directory-queries';
import type { RollupDirective } from '../store/rollup-counts';
import { withdrawalRecord, type WithdrawalRecord } from '../store/withdrawal-record';
import { committeeWorkflowId, stateQuery } from '../engine/protocol';
import { NotFoundError, SettingUpError, unitNotInDirective } from './errors';

/** See the file comment. */
export class DirectiveLookups {
  private readonly holders = new Map<string, string>();
  private readonly roots = new Map<string, string>();

  constructor(
    private readonly temporal: Client,
    private readonly pool: Pool,
    private readonly levels: readonly string[],
  ) {}

  /** The root unit of a directive; it never changes, so it is looked up once. */
  async rootOf(directiveId: string): Promise<string> {
    let root = this.roots.get(directiveId);
    if (!root) {
      root = (await directiveRootId(this.pool, directiveId)) ?? undefined;
      if (!root) throw new NotFoundError(`directive ${directiveId} has not been launched`);
      this.roots.set(directiveId, root);
    }
    return root;
  }

  /** Forgets a directive's root: a launch that never started replaced its row, perhaps with another root. */
  forgetRoot(directiveId: string): void {
    this.roots.delete(directiveId);
  }

  /** What the rollup reader needs of a directive. */
  async rollupDirective(directiveId: string): Promise<RollupDirective> {
    return { id: directiveId, rootId: await this.rootOf(directiveId), levels: this.levels };
  }

  /** The root committee's workflow. */
  async rootHandle(directiveId: string): Promise<WorkflowHandle> {
    return this.temporal.workflow.getHandle(committeeWorkflowId(directiveId, await this.rootOf(directiveId)));
  }

  /** Which committee workflow holds a unit's state: itself if it has units under it, else its parent. */
  async holderOf(directiveId: string, unitId: string): Promise<string> {
    const key = `${directiveId}/${unitId}`;
    const cached = this.holders.get(key);
    if (cached) return cached;
    const holder = await unitHolderId(this.pool, directiveId, unitId);
    if (!holder) {
      await this.refuseWhileSettingUp(directiveId, unitId);
      throw unitNotInDirective(unitId, directiveId);
    }
    this.holders.set(key, holder);
    return holder;
  }

  /**
   * Throws SettingUpError (503, Retry-After) when `unitId` is missing only because its directive
   * was launched a moment ago: the directive is recorded but its snapshot is not taken yet, or
   * the unit is in the snapshot but its committee has not taken it on (no projection row). The
   * root, the issuer, is never projected, so it is never "setting up" once the snapshot exists.
   */
  async refuseWhileSettingUp(directiveId: string, unitId: string): Promise<void> {
    const state = await setupState(this.pool, directiveId, unitId);
    if (!state.recorded || state.projected) return;
    if (!state.snapshot) throw new SettingUpError(directiveId, unitId);
    const inSnapshot = await unitAncestors(this.pool, directiveId, unitId);
    if (inSnapshot !== null && inSnapshot.length > 0) throw new SettingUpError(directiveId, unitId);
  }

  /**
   * When and why the directive was withdrawn, or null. PostgreSQL has it once the committees have
   * written their withdrawal records; in the seconds before that (or when every unit had finished,
   * so none was written) the root committee still knows when. `closed`: the caller found the root
   * gone, which only a withdrawal does.
   */
  async withdrawal(directiveId: string, closed = false): Promise<WithdrawalRecord | null> {
    const record = await withdrawalRecord(this.pool, directiveId);
    if ((record === null && !closed) || record?.at) return record;
    const handle = await this.rootHandle(directiveId);
    const at = await handle.query(stateQuery).then(
      (view) => view.withdrawnAt,
      () => null,
    );
    return { at, reason: record?.reason ?? null, actor: record?.actor ?? null };
  }
}
