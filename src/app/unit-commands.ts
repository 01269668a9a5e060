/**
 * The commands on one unit (acknowledge, report, correct, extend, exempt): each is a Temporal
 * update to the committee that holds the unit, sent under an id derived from its content, at most
 * a few at a time per committee, and its journal entries written before the caller is answered.
 */
import { createHash } from 'node:crypto';
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Pool } from 'pg';
import {
  acknowledgeUpdate,
  committeeWorkflowId,
  correctUpdate,
  exemptUpdate,
  extendUpdate,
  reportUpdate,
  type UnitUpdateResult,
  type UnitView,
} from '../engine/protocol';
import type { DirectiveLookups } from './directive-lookups';
import { arrivedBeforeHandlers, ConflictError, fromTemporalError, OutcomeUnknownError, SettingUpError, updateAbortedByServer } from './errors';
import { JournalWriter } from './journal-writer';
import { KeyedLimiter } from './keyed-limiter';

/**
 * How long a command waits out a reorganisation before its caller is told to come back. A unit a
 * reorganisation is moving is refused by its old committee from the moment it hands the unit over
 * until the new committee has taken it and the snapshot points there; a committee taking over
 * thousands of units continues as new after each part of 500, and the server aborts the updates
 * waiting for it each time. At national scale either can last most of a minute (docs/decisions.md).
 */
const REORGANISATION_WAIT_MS = 90_000;
const RETRY_MAX_MS = 2_000;
/** A committee registers its handlers within its next workflow task: eight tries 250 ms apart cover a loaded server. */
const HANDLER_WAIT_ATTEMPTS = 8;
const HANDLER_WAIT_MS = 250;

/** What the unit commands need of the client's dependencies (CascadeClientDeps documents each). */
interface UnitCommandDeps {
  temporal: Client;
  pool: Pool;
  onJournalError?: (error: unknown, unitId: string) => void;
  maxUpdatesInFlightPerCommittee?: number;
  reorganisationWaitMs?: number;
}

/** See the file comment. */
export class UnitCommands {
  private readonly updateLimiter: KeyedLimiter;
  private readonly journal: JournalWriter;

  constructor(
    private readonly deps: UnitCommandDeps,
    private readonly lookups: DirectiveLookups,
  ) {
    this.updateLimiter = new KeyedLimiter(deps.maxUpdatesInFlightPerCommittee ?? 8);
    this.journal = new JournalWriter(deps.pool);
  }

  /** Confirms receipt. */
  acknowledge(directiveId: string, unitId: string, actor: string): Promise<UnitView> {
    return this.update(directiveId, unitId, (h) =>
      h.executeUpdate(acknowledgeUpdate, { args: [{ unitId, actor }], updateId: updateIdFor('acknowledge', { unitId, actor }) }),
    );
  }

  /** Files the unit's completion report. */
  report(directiveId: string, unitId: string, report: unknown, actor: string): Promise<UnitView> {
    return this.update(directiveId, unitId, (h) =>
      h.executeUpdate(reportUpdate, { args: [{ unitId, report, actor }], updateId: updateIdFor('report', { unitId, report, actor }) }),
    );
  }

  /** Replaces the unit's earlier report. */
  correct(directiveId: string, unitId: string, report: unknown, actor: string): Promise<UnitView> {
    return this.update(directiveId, unitId, (h) =>
      h.executeUpdate(correctUpdate, { args: [{ unitId, report, actor }], updateId: updateIdFor('correct', { unitId, report, actor }) }),
    );
  }

  /** Extends the unit's deadline. */
  extend(directiveId: string, unitId: string, to: string, actor: string, reason?: string): Promise<UnitView> {
    return this.update(directiveId, unitId, (h) =>
      h.executeUpdate(extendUpdate, { args: [{ unitId, to, actor, reason }], updateId: updateIdFor('extend', { unitId, to, actor, reason }) }),
    );
  }

  /** Exempts the unit. */
  exempt(directiveId: string, unitId: string, actor: string, reason: string): Promise<UnitView> {
    return this.update(directiveId, unitId, (h) =>
      h.executeUpdate(exemptUpdate, { args: [{ unitId, actor, reason }], updateId: updateIdFor('exempt', { unitId, actor, reason }) }),
    );
  }

  /** Sends one update to the unit's committee and writes the journal entries it hands back. */
  private async update(directiveId: string, unitId: string, call: (handle: WorkflowHandle) => Promise<UnitUpdateResult>): Promise<UnitView> {
    const giveUpAt = Date.now() + (this.deps.reorganisationWaitMs ?? REORGANISATION_WAIT_MS);
    for (let delay = 100; ; delay = Math.min(delay * 2, RETRY_MAX_MS)) {
      try {
        return await this.updateWhenReady(directiveId, unitId, call, giveUpAt);
      } catch (err) {
        // A reorganisation moved the unit since this process learnt its committee: ask the snapshot again until it points where the unit went.
        if (!(err instanceof ConflictError && err.code === 'moved') || Date.now() + delay > giveUpAt) throw err;
        this.lookups.forgetHolder(directiveId, unitId);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /**
   * The update, repeated while the committee has not registered its handlers yet (the first
   * moments after it loads its units, see arrivedBeforeHandlers; after that it is "setting up",
   * 503), and while the server aborts it because the committee continues as new meanwhile (until
   * `giveUpAt`, then "outcome unknown", 503). A repeat is safe: it carries the same update id, and
   * an aborted update was never applied.
   */
  private async updateWhenReady(
    directiveId: string,
    unitId: string,
    call: (handle: WorkflowHandle) => Promise<UnitUpdateResult>,
    giveUpAt: number,
  ): Promise<UnitView> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.updateAtHolder(directiveId, unitId, call);
      } catch (err) {
        const early = arrivedBeforeHandlers(err);
        if (!early && !updateAbortedByServer(err)) throw err;
        const delay = Math.min(HANDLER_WAIT_MS * attempt, RETRY_MAX_MS);
        if (early && attempt >= HANDLER_WAIT_ATTEMPTS) throw new SettingUpError(directiveId, unitId);
        if (!early && Date.now() + delay > giveUpAt) throw new OutcomeUnknownError(`unit ${unitId} of ${directiveId}`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async updateAtHolder(directiveId: string, unitId: string, call: (handle: WorkflowHandle) => Promise<UnitUpdateResult>): Promise<UnitView> {
    const holder = await this.lookups.holderOf(directiveId, unitId);
    let result: UnitUpdateResult;
    try {
      const workflowId = committeeWorkflowId(directiveId, holder);
      result = await this.updateLimiter.run(workflowId, () => call(this.deps.temporal.workflow.getHandle(workflowId)));
    } catch (err) {
      // The unit is in the directive, so a missing workflow means its committee has not started
      // yet (a launch a moment ago) or has finished.
      if (err instanceof WorkflowNotFoundError) {
        // Asked first, being the usual case after a reorganisation and one cheap lookup, which leaves
        // the new holder in this process's map: the command goes there at once. The checks below
        // ask the root committee itself.
        if (await this.lookups.heldElsewhere(directiveId, unitId, holder)) return this.updateAtHolder(directiveId, unitId, call);
        await this.lookups.refuseWhileSettingUp(directiveId, unitId);
        // Only a withdrawal closes the root; a committee below it also ends when a reorganisation empties it.
        if (!(await this.lookups.withdrawal(directiveId, true))?.at)
          throw new ConflictError(`unit ${unitId}: committee ${holder} has ended in a reorganisation; the unit is held elsewhere now`, 'moved');
        throw new ConflictError(`directive ${directiveId} is closed (withdrawn): nothing more can be recorded for unit ${unitId}`, 'withdrawn');
      }
      if (arrivedBeforeHandlers(err) || updateAbortedByServer(err)) throw err;
      return fromTemporalError(err, `unit ${unitId} of ${directiveId}`);
    }
    const { journal, ...view } = result;
    // Written before answering, so the caller's next listing or rollup already shows its change;
    // with the entries of other calls in flight meanwhile, in one statement (journal-writer.ts).
    if (journal) await this.journal.write(journal).catch((err: unknown) => this.journalError(err, unitId));
    return view;
  }

  /** A failed journal write is not the caller's failure: the committee writes the same entries later. */
  private journalError(err: unknown, unitId: string): void {
    if (this.deps.onJournalError) this.deps.onJournalError(err, unitId);
    else
      console.warn(
        `journal of unit ${unitId} not written now (its committee writes it within ten minutes): ${err instanceof Error ? err.message : String(err)}`,
      );
  }
}

/**
 * The update id of a command: the same command (kind, unit, content) gets the same id, so a caller
 * repeating it after a timeout gets the first outcome back instead of recording it twice.
 */
export function updateIdFor(kind: string, command: { unitId: string } & Record<string, unknown>): string {
  const digest = createHash('sha256').update(JSON.stringify(command)).digest('base64url').slice(0, 22);
  return `${kind}/${command.unitId}/${digest}`;
}
