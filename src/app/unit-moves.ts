/**
 * Moving a leaf unit of a running directive under another committee: a reorganisation's smallest
 * step. The unit's committee hands its track over, the new committee takes it with its history
 * and status, the directive's snapshot follows, and the move's journal is written before the
 * caller is answered, so every rollup, list and export counts the unit under its new ancestors
 * when the call returns. Every step is idempotent under the reorganisation's id: a call repeated
 * after a failure finishes the move and changes nothing twice.
 */
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { adoptUnitUpdate, committeeWorkflowId, releaseUnitUpdate, unitQuery, type UnitView } from '../engine/protocol';
import { moveLeafInSnapshot } from '../store/reorg-snapshot';
import { snapshotUnitInfo } from '../store/directory-queries';
import type { DirectiveLookups } from './directive-lookups';
import { fromTemporalError, InputError, unitNotInDirective } from './errors';
import { JournalWriter } from './journal-writer';

/** See the file comment. */
export class UnitMoves {
  private readonly journal: JournalWriter;

  constructor(
    private readonly deps: { temporal: Client; pool: Pool },
    private readonly lookups: DirectiveLookups,
  ) {
    this.journal = new JournalWriter(deps.pool);
  }

  /** Moves `unitId` (a unit without units under it) under the committee `to`, as part of the reorganisation `reorgId`. */
  async moveLeaf(directiveId: string, unitId: string, to: string, reorgId: string): Promise<UnitView> {
    const [unit, target] = await Promise.all([snapshotUnitInfo(this.deps.pool, directiveId, unitId), snapshotUnitInfo(this.deps.pool, directiveId, to)]);
    if (!unit) throw unitNotInDirective(unitId, directiveId);
    if (!target) throw unitNotInDirective(to, directiveId);
    const refuse = (path: string, rule: string, message: string): never => {
      throw new InputError(`${path}: ${message}`, [{ path, rule, message }]);
    };
    if (unit.hasChildren) refuse('unitId', 'has-units', `unit ${unitId} has units under it; moving a committee with its subtree is not supported yet`);
    if (unit.parentId === null) refuse('unitId', 'root-moved', `unit ${unitId} is the root of directive ${directiveId}; a directive cascades from its root`);
    if (!target.hasChildren) refuse('to', 'not-a-committee', `unit ${to} has no units under it in directive ${directiveId}; move units under a committee`);
    const from = unit.parentId as string;
    const workflow = (committee: string) => this.deps.temporal.workflow.getHandle(committeeWorkflowId(directiveId, committee));
    try {
      // The snapshot moves last, so a unit already under `to` there was adopted by it: a repeated call answers its state.
      if (from === to) return (await workflow(to).query(unitQuery, unitId)) ?? refuse('to', 'already-there', `unit ${unitId} is already under ${to}`);
      const track = await workflow(from).executeUpdate(releaseUnitUpdate, { args: [{ unitId, to, reorgId }], updateId: `${reorgId}/release/${unitId}` });
      const { journal, ...view } = await workflow(to).executeUpdate(adoptUnitUpdate, {
        args: [{ track, from, reorgId }],
        updateId: `${reorgId}/adopt/${unitId}`,
      });
      await moveLeafInSnapshot(this.deps.pool, directiveId, unitId, to);
      this.lookups.forgetHolder(directiveId, unitId);
      if (journal) await this.journal.write(journal);
      return view;
    } catch (err) {
      if (err instanceof InputError) throw err;
      return fromTemporalError(err, `moving unit ${unitId} of ${directiveId} under ${to}`);
    }
  }
}
