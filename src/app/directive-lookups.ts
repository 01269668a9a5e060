/**
 * What the client's reads and writes both need to know about a launched directive: its root and
 * levels (recorded at launch, looked up once: neither ever changes), the committee that holds a
 * unit (until a reorganisation moves it: unit-holders.ts), its withdrawal, and whether a unit
 * missing right now is only still being set up. One instance per CascadeClient, so its launches,
 * commands and reads share the same caches.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Pool } from 'pg';
import { levelNames, type LevelDefinition } from '../domain/org/levels';
import { directiveRootAndLevels, setupState } from '../store/directive-records';
import { unitAncestors } from '../store/directory-queries';
import type { RollupDirective } from '../store/rollup-counts';
import { withdrawalRecord, type WithdrawalRecord } from '../store/withdrawal-record';
import { committeeWorkflowId, stateQuery } from '../engine/protocol';
import { NotFoundError, SettingUpError, unitNotInDirective } from './errors';
import { UnitHolders } from './unit-holders';

/** What never changes about a launched directive. */
interface DirectiveBasics {
  rootId: string;
  levels: readonly LevelDefinition[];
}

/** See the file comment. */
export class DirectiveLookups {
  private readonly holders: UnitHolders;
  private readonly basics = new Map<string, DirectiveBasics>();

  constructor(
    private readonly temporal: Client,
    private readonly pool: Pool,
  ) {
    this.holders = new UnitHolders(pool);
  }

  private async basicsOf(directiveId: string): Promise<DirectiveBasics> {
    let found = this.basics.get(directiveId);
    if (!found) {
      found = (await directiveRootAndLevels(this.pool, directiveId)) ?? undefined;
      if (!found) throw new NotFoundError(`directive ${directiveId} has not been launched`);
      this.basics.set(directiveId, found);
    }
    return found;
  }

  /** The root unit of a directive; it never changes, so it is looked up once. */
  async rootOf(directiveId: string): Promise<string> {
    return (await this.basicsOf(directiveId)).rootId;
  }

  /** The levels a directive was launched with, top first: its rollups, pages and reports use these, whatever the directory holds now. */
  async levelsOf(directiveId: string): Promise<readonly LevelDefinition[]> {
    return (await this.basicsOf(directiveId)).levels;
  }

  /** Forgets a directive's root and levels: a launch that never started replaced its row, perhaps with others. */
  forget(directiveId: string): void {
    this.basics.delete(directiveId);
  }

  /** What the rollup reader needs of a directive: its own levels, so a rollup lists exactly those. */
  async rollupDirective(directiveId: string): Promise<RollupDirective> {
    const { rootId, levels } = await this.basicsOf(directiveId);
    return { id: directiveId, rootId, levels: levelNames(levels) };
  }

  /** The root committee's workflow. */
  async rootHandle(directiveId: string): Promise<WorkflowHandle> {
    return this.temporal.workflow.getHandle(committeeWorkflowId(directiveId, await this.rootOf(directiveId)));
  }

  /** Which committee workflow holds a unit's state: itself if it has units under it, else its parent. */
  async holderOf(directiveId: string, unitId: string): Promise<string> {
    const holder = await this.holders.get(directiveId, unitId);
    if (!holder) {
      await this.refuseWhileSettingUp(directiveId, unitId);
      throw unitNotInDirective(unitId, directiveId);
    }
    return holder;
  }

  /** Forgets where every unit of a directive was held: a reorganisation has moved them. */
  forgetHolders(directiveId: string): void {
    this.holders.forgetDirective(directiveId);
  }

  /**
   * True when the snapshot now holds the unit in a committee other than `holder`, which this
   * process had learnt: a reorganisation moved it since (and perhaps ended `holder`).
   */
  async heldElsewhere(directiveId: string, unitId: string, holder: string): Promise<boolean> {
    this.holders.forget(directiveId, unitId);
    const now = await this.holders.get(directiveId, unitId);
    return now !== undefined && now !== holder;
  }

  /** Forgets where a unit was held: a reorganisation moved it, or its old committee said so. */
  forgetHolder(directiveId: string, unitId: string): void {
    this.holders.forget(directiveId, unitId);
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
