/**
 * A committee's message handlers: queries and signals from its first activation, and the updates
 * of units and the secretariat once it has state. Validators reject bad commands before anything
 * enters history; handlers re-check and apply, and hand the command's journal entries to the
 * caller, which writes them before answering.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { setHandler } from '@temporalio/workflow';
import type { z } from 'zod';
import type { DirectiveRuntime, JournalEntries } from '../../domain/cascade/records';
import {
  AcknowledgeCommandSchema,
  AdoptUnitCommandSchema,
  ExemptCommandSchema,
  ExtendCommandSchema,
  HandOverCommandSchema,
  parseCommand,
  ReleaseUnitCommandSchema,
  RelevelCommandSchema,
  ApplyCalendarCommandSchema,
  ReparentCommandSchema,
  ReportCommandSchema,
  TakeOverCommandSchema,
  WithdrawCommandSchema,
} from '../../domain/directive/commands';
import type { CommitteeState } from './state';
import {
  acknowledgeUpdate,
  adoptUnitUpdate,
  childRollupSignal,
  committeeWorkflowId,
  correctUpdate,
  directiveQuery,
  exemptUpdate,
  extendUpdate,
  handOverUpdate,
  releaseUnitUpdate,
  relevelUpdate,
  applyCalendarUpdate,
  reparentUpdate,
  reportUpdate,
  rollupQuery,
  stateQuery,
  takeOverUpdate,
  unitQuery,
  withdrawSignal,
  withdrawUpdate,
  type AdoptUnitCommand,
  type ChildRollupMessage,
  type TakeOverCommand,
  type UnitUpdateResult,
  type UnitView,
  type WithdrawCommand,
} from '../protocol';
import { guarded } from './update-failures';
import { nowIso } from './clock';

/** What the handlers and the workflow's main loop share during one run. */
export interface CommitteeRun {
  /** Null until the committee has loaded (a first run's launch); queries say so meanwhile. */
  state: CommitteeState | null;
  /** Child rollups that arrived before the state existed, applied once it does. */
  earlyRollups: ChildRollupMessage[];
  /** The withdrawal, from the secretariat's update at the root or the parent's signal. */
  withdrawal: (WithdrawCommand & { at: string }) | null;
  /** Unit updates this run handled: the run continues as new before Temporal's per-run limit. */
  updates: number;
  /** Set by a reorganisation that moved this committee: the run continues as new under its new parent. */
  reparented: { parentWorkflowId: string; ancestors: string[] } | null;
  /** A reorganisation gave the directive levels, or the secretariat a calendar: the run continues as new carrying them. */
  directiveChanged: boolean;
}

/** Queries and signals, registered in the first activation: they work before the committee has loaded. */
export function registerQueriesAndSignals(directive: DirectiveRuntime, unitId: string, run: CommitteeRun): void {
  const loaded = (): CommitteeState => {
    if (!run.state) throw new Error(`committee ${unitId} is still loading`);
    return run.state;
  };
  setHandler(stateQuery, () => loaded().view(nowIso()));
  setHandler(rollupQuery, () => loaded().rollupView(nowIso()));
  // The directive as this run holds it now (a reorganisation may have given it levels).
  setHandler(directiveQuery, () => run.state?.directive ?? directive);
  setHandler(unitQuery, (id: string) => {
    if (!run.state) return null;
    try {
      return run.state.unitView(run.state.track(id), nowIso());
    } catch {
      return null;
    }
  });
  setHandler(childRollupSignal, (message) => {
    if (run.state) run.state.receiveChildRollup(message);
    else run.earlyRollups.push(message);
  });
  setHandler(withdrawSignal, (command) => {
    run.withdrawal ??= command;
  });
}

/**
 * The units' updates (report, correct, acknowledge, extend, exempt) and, at the root, the
 * secretariat's withdrawal; registered once state exists (Temporal buffers any that arrive
 * earlier). `afterChange` runs after each applied command (the status search attribute).
 */
export function registerUpdates(directive: DirectiveRuntime, unitId: string, s: CommitteeState, run: CommitteeRun, afterChange: () => void): void {
  const register = <T>(def: UpdateDefinition<UnitUpdateResult, [T]>, schema: z.ZodType<T>, check: (c: T) => void, apply: (c: T) => UnitView) =>
    setHandler(
      def,
      guarded((raw: T): UnitUpdateResult => {
        run.updates += 1;
        const mark = s.journal.mark();
        const view = apply(parseCommand(schema, raw));
        afterChange();
        return { ...view, journal: s.journal.handOff(mark, Date.now()) };
      }),
      { validator: guarded((raw: T) => check(parseCommand(schema, raw))) },
    );
  register(
    reportUpdate,
    ReportCommandSchema,
    (c) => void s.checkReport(c, nowIso(), false),
    (c) => s.report(c, nowIso(), false),
  );
  register(
    correctUpdate,
    ReportCommandSchema,
    (c) => void s.checkReport(c, nowIso(), true),
    (c) => s.report(c, nowIso(), true),
  );
  register(
    acknowledgeUpdate,
    AcknowledgeCommandSchema,
    (c) => s.checkAcknowledge(c),
    (c) => s.acknowledge(c, nowIso()),
  );
  register(
    extendUpdate,
    ExtendCommandSchema,
    (c) => void s.checkExtend(c, nowIso()),
    (c) => s.extend(c, nowIso()),
  );
  register(
    exemptUpdate,
    ExemptCommandSchema,
    (c) => s.checkExempt(c),
    (c) => s.exempt(c, nowIso()),
  );
  // The adopted track is the releasing committee's own answer: the schema checks its identity and the rest passes as given.
  register(
    adoptUnitUpdate,
    AdoptUnitCommandSchema as unknown as z.ZodType<AdoptUnitCommand>,
    (c) => s.checkAdopt(c),
    (c) => s.adopt(c, nowIso()),
  );
  setHandler(
    releaseUnitUpdate,
    guarded((raw) => {
      run.updates += 1;
      const track = s.release(parseCommand(ReleaseUnitCommandSchema, raw), nowIso());
      afterChange();
      return track;
    }),
    { validator: guarded((raw) => s.checkRelease(parseCommand(ReleaseUnitCommandSchema, raw))) },
  );
  registerReorganisation(directive, s, run, afterChange);
  setHandler(
    withdrawUpdate,
    guarded((raw: WithdrawCommand) => {
      run.withdrawal ??= { ...parseCommand(WithdrawCommandSchema, raw), at: nowIso() };
      return { withdrawnAt: run.withdrawal.at };
    }),
    {
      validator: guarded((raw: WithdrawCommand) => {
        if (unitId !== directive.rootId)
          throw new RangeError(`withdraw directive ${directive.code} at its root committee ${directive.rootId}, not at ${unitId}`);
        parseCommand(WithdrawCommandSchema, raw);
      }),
    },
  );
}

/**
 * A reorganisation's steps at this committee: hand over, take over, reparent (src/app/reorganise-directive.ts
 * sends them). Like a unit's update, each hands the journal entries it queued to its caller.
 */
function registerReorganisation(directive: DirectiveRuntime, s: CommitteeState, run: CommitteeRun, afterChange: () => void): void {
  const withJournal = <R extends object>(apply: () => R): R & { journal: JournalEntries } => {
    run.updates += 1;
    const mark = s.journal.mark();
    const result = apply();
    afterChange();
    return { ...result, journal: s.journal.handOff(mark, Date.now()) };
  };
  setHandler(
    handOverUpdate,
    guarded((raw) => withJournal(() => s.handOver(parseCommand(HandOverCommandSchema, raw), nowIso()))),
    { validator: guarded((raw) => s.checkHandOver(parseCommand(HandOverCommandSchema, raw))) },
  );
  // The tracks are the releasing committees' own answers: the schema checks identities and the rest passes as given.
  const takeOverSchema = TakeOverCommandSchema as unknown as z.ZodType<TakeOverCommand>;
  setHandler(
    takeOverUpdate,
    guarded((raw) => withJournal(() => (s.takeOver(parseCommand(takeOverSchema, raw), nowIso()), {}))),
    { validator: guarded((raw) => s.checkTakeOver(parseCommand(takeOverSchema, raw))) },
  );
  setHandler(
    reparentUpdate,
    guarded((raw) =>
      withJournal(() => {
        const command = parseCommand(ReparentCommandSchema, raw);
        s.reparent(command, nowIso());
        run.reparented = { parentWorkflowId: committeeWorkflowId(directive.id, command.parentId), ancestors: command.ancestors };
        return {};
      }),
    ),
    { validator: guarded((raw) => void parseCommand(ReparentCommandSchema, raw)) },
  );
  setHandler(
    relevelUpdate,
    guarded((raw) => {
      run.updates += 1;
      s.relevel(parseCommand(RelevelCommandSchema, raw));
      run.directiveChanged = true;
      return { levels: s.directive.levels };
    }),
    { validator: guarded((raw) => void parseCommand(RelevelCommandSchema, raw)) },
  );
  setHandler(
    applyCalendarUpdate,
    guarded((raw) => {
      run.updates += 1;
      const { calendar } = parseCommand(ApplyCalendarCommandSchema, raw);
      const changed = s.applyCalendar(calendar);
      if (changed) run.directiveChanged = true;
      return { calendarId: calendar.id, changed };
    }),
    { validator: guarded((raw) => void parseCommand(ApplyCalendarCommandSchema, raw)) },
  );
}
