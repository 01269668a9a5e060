/**
 * Carries a reorganisation into one running directive, following its planned steps
 * (src/domain/cascade/reorg-steps.ts):
 *   1. committees that start are followed by their parent first, then started empty, parents first;
 *   2. every committee that loses units hands their tracks over (and ends, when nothing is left);
 *   3. every committee that gains units takes them as soon as those feeding it have handed them
 *      over (its own unit included, for a new committee), and commands for them go there at once;
 *   4. committees that stay but stand elsewhere learn their new parent and ancestors;
 *   5. the snapshot and the projection follow the new tree, and removed units leave them.
 * Each step is a Temporal update under an id derived from the reorganisation, and each committee
 * applies a step once, so the whole can be repeated after a failure and changes nothing twice. A
 * unit's command that arrives meanwhile finds it moved and is repeated where it went (UnitCommands).
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Pool } from 'pg';
import type { DirectiveRuntime, JournalEntries } from '../domain/cascade/records';
import type { DirectiveReorgSteps, NewCommitteeStep, PlannedIncoming } from '../domain/cascade/reorg-steps';
import type { IncomingUnit } from '../domain/track/reorg-tracks';
import type { UnitTrack } from '../domain/track/unit-track';
import { committeeWorkflow } from '../engine/committee/workflow';
import {
  committeeWorkflowId,
  directiveQuery,
  handOverUpdate,
  relevelUpdate,
  reparentUpdate,
  takeOverUpdate,
  type ChildCommitteeEntry,
  type CommitteeResult,
  type HandedOver,
  type HandOverCommand,
} from '../engine/protocol';
import { DirectiveKey, LevelKey, ParentKey, StatusKey, UnitKey } from '../engine/search-attributes';
import { rewriteSnapshot, setHolders } from '../store/reorg-snapshot';
import { fromTemporalError } from './errors';
import type { JournalWriter } from './journal-writer';
import { inBatches, limiter } from './task-limits';
import { withTransientRetries } from './transient-retries';

/** Committees reorganised at once: each step is one update, and the server takes a few dozen in parallel easily. */
const STEPS_IN_FLIGHT = 16;

/** What one directive's reorganisation did, in counts. */
export interface DirectiveReorgOutcome {
  directiveId: string;
  handedOver: number;
  committeesEnded: number;
  committeesStarted: number;
  unitsTaken: number;
  reparented: number;
  removed: number;
}

/** Units per take-over update: about 250 KB of tracks in, and their journal out. */
const UNITS_PER_TAKE_OVER = 500;

/** See the file comment. */
export class DirectiveReorganiser {
  constructor(
    private readonly deps: { temporal: Client; pool: Pool; taskQueue: string },
    private readonly journal: JournalWriter,
  ) {}

  /**
   * Applies `steps` (the reorganisation `reorgId`) to the running directive `directiveId` rooted at
   * `rootId`; `levels`, when the plan brings the directive units of new levels, are the levels and
   * deadlines it runs with from now on (every committee learns them first).
   */
  async apply(
    directiveId: string,
    rootId: string,
    steps: DirectiveReorgSteps,
    reorgId: string,
    levels: { levels: string[]; deadlines: Record<string, string> } | null,
  ): Promise<DirectiveReorgOutcome> {
    const handle = (unitId: string) => this.deps.temporal.workflow.getHandle(committeeWorkflowId(directiveId, unitId));
    const tracks = new Map<string, UnitTrack>();
    const entries = new Map<string, ChildCommitteeEntry>();
    const write = async (journal: JournalEntries) => {
      if (journal.audit.length + journal.projections.length > 0) await this.journal.write(journal);
    };
    const what = `reorganising directive ${directiveId}`;

    // New levels first: a committee must know a level before a rollup or a unit of it reaches it.
    if (levels) {
      await inBatches(steps.committees, STEPS_IN_FLIGHT, async (committee) => {
        await this.call(
          () =>
            handle(committee).executeUpdate(relevelUpdate, {
              args: [{ reorgId, levels: levels.levels, deadlines: levels.deadlines }],
              updateId: `${reorgId}/relevel/${committee}`,
            }),
          what,
        );
      });
    }

    const incoming = (planned: PlannedIncoming): IncomingUnit => ({
      identity: planned.identity,
      mode: planned.mode,
      tracks: planned.sources.map((id) => {
        const track = tracks.get(id);
        if (!track) throw new Error(`${what}: no track was handed over for unit ${id}`);
        return track;
      }),
    });

    // New committees first: they start empty, and their parent follows them before they start, so their first rollup is taken.
    let directive: DirectiveRuntime | null = null;
    for (const step of steps.newCommittees) {
      directive ??= await handle(rootId).query(directiveQuery);
      const entry: ChildCommitteeEntry = { unitId: step.unitId, name: step.name, level: step.level, rollup: null, seq: -1, closed: false };
      const taken = await this.call(
        () =>
          handle(step.parentId).executeUpdate(takeOverUpdate, {
            args: [{ reorgId, key: `${reorgId}/committee/${step.unitId}`, units: [], children: [entry] }],
            updateId: `${reorgId}/committee/${step.unitId}`,
          }),
        what,
      );
      await write(taken.journal);
      await this.start(directive, step, reorgId);
    }

    // Each committee takes its units as soon as the committees they come from have handed them over,
    // not after every hand-over of the directive: a unit is between committees (its commands wait)
    // only for the hand-overs that feed its new committee.
    const handedBy = new Map<string, string>();
    for (const step of steps.handOvers) {
      for (const unit of step.units) handedBy.set(unit.unitId, step.committee);
      for (const child of step.children) handedBy.set(`committee:${child.unitId}`, step.committee);
    }
    // Apart, so a committee whose feeders are done takes its units at once instead of queueing behind
    // every hand-over still to come (at national scale that held each moving unit for most of the run).
    const limitHandOvers = limiter(STEPS_IN_FLIGHT / 2);
    const limitTakeOvers = limiter(STEPS_IN_FLIGHT / 2);
    const handedOver = new Map(
      steps.handOvers.map((step) => [
        step.committee,
        limitHandOvers(async () => {
          const handed = await this.handOver(handle(step.committee), { reorgId, units: step.units, children: step.children, end: step.end }, what);
          for (const track of handed.units) tracks.set(track.unitId, track);
          for (const entry of handed.children) entries.set(entry.unitId, entry);
          if ('journal' in handed) await write(handed.journal);
        }),
      ]),
    );
    let unitsTaken = 0;
    const takenOver = steps.takeOvers.map(async (step) => {
      const feeding = new Set([
        ...step.units.flatMap((u) => u.sources.map((id) => handedBy.get(id))),
        ...step.children.map((id) => handedBy.get(`committee:${id}`)),
      ]);
      await Promise.all([...feeding].map((committee) => (committee === undefined ? undefined : handedOver.get(committee))));
      const children = step.children.map((id) => {
        const entry = entries.get(id);
        if (!entry) throw new Error(`${what}: committee ${id} was not handed over by its former parent`);
        return entry;
      });
      // In parts, so no update's request or answer (tracks, then their journal) nears Temporal's 2 MB payload limit.
      for (let part = 0; part * UNITS_PER_TAKE_OVER < Math.max(1, step.units.length); part++) {
        const units = step.units.slice(part * UNITS_PER_TAKE_OVER, (part + 1) * UNITS_PER_TAKE_OVER);
        const key = `${reorgId}/take/${step.committee}/${part}`;
        await limitTakeOvers(async () => {
          const { journal } = await this.call(
            () =>
              handle(step.committee).executeUpdate(takeOverUpdate, {
                args: [{ reorgId, key, units: units.map(incoming), children: part === 0 ? children : [] }],
                updateId: key,
              }),
            what,
          );
          await write(journal);
          const held = units.map((u) => u.identity.unitId).filter((id) => id !== step.committee);
          await setHolders(this.deps.pool, directiveId, held, step.committee);
          unitsTaken += units.length;
        });
      }
    });
    const settled = await Promise.allSettled([...handedOver.values(), ...takenOver]);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;

    await inBatches(steps.reparents, STEPS_IN_FLIGHT, async (step) => {
      const { journal } = await this.call(
        () =>
          handle(step.committee).executeUpdate(reparentUpdate, {
            args: [{ reorgId, parentId: step.parentId, ancestors: step.ancestors }],
            updateId: `${reorgId}/reparent/${step.committee}`,
          }),
        what,
      );
      await write(journal);
    });

    await rewriteSnapshot(
      this.deps.pool,
      directiveId,
      steps.snapshot,
      steps.removed.map((r) => r.unitId),
    );
    return {
      directiveId,
      handedOver: tracks.size,
      committeesEnded: steps.handOvers.filter((s) => s.end).length,
      committeesStarted: steps.newCommittees.length,
      unitsTaken,
      reparented: steps.reparents.length,
      removed: steps.removed.length,
    };
  }

  /** A hand-over; a committee it ended answers a repeat from its result (its journal was written before it ended). */
  private async handOver(handle: WorkflowHandle, command: HandOverCommand, what: string): Promise<HandedOver | (HandedOver & { journal: JournalEntries })> {
    try {
      return await withTransientRetries(() =>
        handle.executeUpdate(handOverUpdate, { args: [command], updateId: `${command.reorgId}/handover/${handle.workflowId}` }),
      );
    } catch (err) {
      const ended = command.end ? await this.endedResult(handle, command.reorgId) : null;
      if (ended) return ended;
      return fromTemporalError(err, what);
    }
  }

  /** What a committee this reorganisation ended handed over, from its result; null if it did not end so. */
  private async endedResult(handle: WorkflowHandle, reorgId: string): Promise<HandedOver | null> {
    try {
      const description = await handle.describe();
      if (description.status.name !== 'COMPLETED') return null;
      const result = (await handle.result()) as CommitteeResult;
      return result.handedOver?.reorgId === reorgId ? result.handedOver : null;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }

  private async call<T>(send: () => Promise<T>, what: string): Promise<T> {
    try {
      return await withTransientRetries(send);
    } catch (err) {
      return fromTemporalError(err, what);
    }
  }

  /** Starts a committee the reorganisation creates, empty (a repeat finds it running). */
  private async start(directive: DirectiveRuntime, step: NewCommitteeStep, reorgId: string): Promise<void> {
    const { unitId, parentId, ancestors } = step;
    try {
      await this.deps.temporal.workflow.start(committeeWorkflow, {
        workflowId: committeeWorkflowId(directive.id, unitId),
        taskQueue: this.deps.taskQueue,
        args: [
          {
            directive,
            unitId,
            parentWorkflowId: committeeWorkflowId(directive.id, parentId),
            ancestors,
            receivedAt: new Date().toISOString(),
            founded: { reorgId },
          },
        ],
        typedSearchAttributes: directive.searchAttributes
          ? [
              { key: DirectiveKey, value: directive.id },
              { key: LevelKey, value: step.level },
              { key: UnitKey, value: unitId },
              { key: ParentKey, value: parentId },
              { key: StatusKey, value: 'pending' },
            ]
          : [],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
}
