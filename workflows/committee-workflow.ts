/**
 * One workflow per committee (a unit with units under it) per directive. It holds its own
 * unit and its leaf units as state, starts a child workflow for each committee under it,
 * wakes on one durable timer for all its units' reminders, deadlines and escalations, and
 * keeps PostgreSQL's audit log and unit projection current, from which supervisors' rollups
 * are read. Since the caller-journals patch an update's caller writes that update's entries
 * and the committee writes them again lazily; the subtree rollup goes to the parent committee
 * with the committee's own journal writes, or by signal at most every minute when only child
 * committees changed (before the patch: at most once a second).
 */
import {
  ActivityFailure,
  ApplicationFailure,
  log,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { CascadeActivities } from '../activities';
import { DB_ACTIVITY_OPTIONS, EMAIL_ACTIVITY_OPTIONS, MAX_EMAILS_PER_BATCH } from '../activities/retry-policies';
import {
  AcknowledgeCommandSchema,
  CommandValidationError,
  ExemptCommandSchema,
  ExtendCommandSchema,
  parseCommand,
  ReportCommandSchema,
  WithdrawCommandSchema,
} from '../domain/commands';
import { ReportValidationError } from '../domain/report';
import { TrackRuleError } from '../domain/track-rules';
import { nextWakeAt } from '../domain/track-schedule';
import { trackStatus } from '../domain/unit-track';
import { CommitteeState, UnknownUnitError } from './committee-state';
import { deadlineFor } from './launch-journal';
import { RollupOutbox } from './rollup-outbox';
import {
  acknowledgeUpdate,
  childRollupSignal,
  committeeWorkflowId,
  correctUpdate,
  exemptUpdate,
  extendUpdate,
  reportUpdate,
  rollupQuery,
  stateQuery,
  unitQuery,
  withdrawSignal,
  withdrawUpdate,
  type ChildRollupMessage,
  type CommitteeInput,
  type CommitteeResult,
  type UnitUpdateResult,
  type UnitView,
  type WithdrawCommand,
} from './definitions';
import { DeadlineKey, DirectiveKey, LevelKey, ParentKey, StatusKey, UnitKey } from './search-attributes';

// Database work is short and must eventually succeed; SMTP outages can last hours (the email
// ledger makes every retry safe). Both retry forever with capped backoff.
const db = proxyActivities<CascadeActivities>(DB_ACTIVITY_OPTIONS);
const mail = proxyActivities<CascadeActivities>(EMAIL_ACTIVITY_OPTIONS);

/** Before the rollup-outbox patch (pumpRollup): rollups went up at most this often, on a timer. */
const ROLLUP_INTERVAL_MS = 1_000;
/**
 * Since the rollup-outbox patch: rollup messages to the parent are at least this far apart. An
 * isolated change goes at once; under a stream of changes a committee costs its parent one signal
 * and itself at most one timer per interval, and latency grows by at most this per level.
 */
const ROLLUP_MIN_INTERVAL_MS = 1_000;
/**
 * Patch ids: workflows started before a change replay the old commands (see test/replay).
 * rollup-outbox: a report's rollup rides on its journal activity (pumpJournalAndRollup).
 */
const ROLLUP_OUTBOX_PATCH = 'rollup-outbox';
/** settle-before-journal: the journal loop decides only after the activation's updates completed (see afterActivationSettles). */
const SETTLE_PATCH = 'settle-before-journal';
/**
 * caller-journals: a unit's update hands its journal entries to the caller, which writes them at
 * once; the committee writes them again at most LAZY_JOURNAL_MS later (pumpJournalLazily).
 * Supervisors' rollups come from PostgreSQL, so rollup messages up the tree can be far apart.
 */
const CALLER_JOURNALS_PATCH = 'caller-journals';
/**
 * Since caller-journals: how long handed-off entries wait before the committee writes them itself
 * (sooner when it writes anything else). The write is only a safety net: the caller wrote them
 * already, and a caller that died and repeats its call gets the same entries back and writes them.
 * Measured at 55,000 units: with one minute, reports spread over 705 districts made one deferred
 * write (a timer task, an activity and a task) per report, and corrections in a closed loop fell
 * to 29.4/s; ten minutes amortise it over the reports of a busy committee.
 */
const LAZY_JOURNAL_MS = 600_000;
/**
 * lean-launch: (1) one activity loads the committee, writes its launch's journal entries and
 * sends the parent its first rollup (launchCommittee), instead of loadCommittee followed by a
 * recordJournal of rows the workflow built: one activity and one workflow task less per
 * committee, and the rows (audit record and projection row of every unit) no longer travel
 * through Temporal; both sides build them with launch-journal.ts from the same input. (2) The
 * status search attribute is upserted only when it differs from the value the run has, so a
 * committee started as 'pending' does not write 'pending' again (one event and one visibility
 * write per committee). (3) It implies the three patches before it, so a new run records one
 * patch marker instead of four. (4) The lazy journal pump wakes for handed-off entries that fall
 * due before its planned wake (see LazyJournalTiming).
 */
const LEAN_LAUNCH_PATCH = 'lean-launch';
/**
 * hardened-rules: (1) a reminder due at or before the deadline goes out when the timer fires up
 * to REMINDER_GRACE_MS after it (a timer set for the deadline fires just after it: reminders at
 * `0m`, or `0d` capped to a deadline earlier in the day, were never sent), and every reminder not
 * sent (overtaken by a later one, or too late) gets a `skipped` ledger row; (2) a correction
 * identical to the report in force records nothing. It implies lean-launch and the patches
 * before it.
 */
const HARDENED_RULES_PATCH = 'hardened-rules';
/** Since hardened-rules: how late after the deadline a reminder due by then still goes out. */
const REMINDER_GRACE_MS = 15 * 60_000;
/** Since caller-journals: rollup messages to the parent at least this far apart (the closing one goes at once). */
const PARENT_ROLLUP_INTERVAL_MS = 60_000;
/** Journal rows per activity call. */
const JOURNAL_BATCH = 2_000;
/** Continue-as-new well before Temporal's 10,240-event warning and its 2,000 updates per run. */
const MAX_HISTORY_EVENTS = 6_000;
const MAX_UPDATES_PER_RUN = 1_000;
/** Child starts in flight at once (Temporal allows 2,000 pending children per workflow). */
const CHILD_START_BATCH = 500;

const nowIso = () => new Date().toISOString();

/** Turns domain errors into failures the caller receives with their type and details. */
function asFailure(err: unknown): never {
  if (err instanceof CommandValidationError) {
    throw ApplicationFailure.create({ type: 'CommandValidationError', message: err.message, details: [{ issues: err.issues }], nonRetryable: true });
  }
  if (err instanceof ReportValidationError) {
    throw ApplicationFailure.create({ type: 'ReportValidationError', message: err.message, details: [{ unitId: err.unitId, issues: err.issues }], nonRetryable: true });
  }
  if (err instanceof TrackRuleError) {
    throw ApplicationFailure.create({ type: 'TrackRuleError', message: err.message, details: [{ unitId: err.unitId, rule: err.rule }], nonRetryable: true });
  }
  if (err instanceof UnknownUnitError) {
    throw ApplicationFailure.create({ type: 'UnknownUnitError', message: err.message, details: [{ unitId: err.unitId }], nonRetryable: true });
  }
  if (err instanceof RangeError || err instanceof TypeError || (err instanceof Error && err.name === 'TimeInputError')) {
    throw ApplicationFailure.create({ type: 'InvalidCommand', message: err.message, nonRetryable: true });
  }
  throw err;
}

function guarded<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args: A) => {
    try {
      return fn(...args);
    } catch (err) {
      return asFailure(err);
    }
  };
}

/** A committee's share of a directive cascade; see the file comment. */
export async function committeeWorkflow(input: CommitteeInput): Promise<CommitteeResult> {
  const { directive, unitId } = input;
  const isRoot = unitId === directive.rootId;
  let state: CommitteeState | null = input.carried ? CommitteeState.fromCarried(directive, unitId, input.ancestors, input.carried) : null;
  let updatesThisRun = 0;

  // Queries answer from the first activation; before the committee has loaded they say so.
  setHandler(stateQuery, () => {
    if (!state) throw new Error(`committee ${unitId} is still loading`);
    return state.view(nowIso());
  });
  setHandler(rollupQuery, () => {
    if (!state) throw new Error(`committee ${unitId} is still loading`);
    return state.rollupView(nowIso());
  });
  setHandler(unitQuery, (id: string) => {
    if (!state) return null;
    try {
      return state.unitView(state.track(id), nowIso());
    } catch {
      return null;
    }
  });
  // Child rollups may arrive before this committee has loaded its state; keep the newest.
  const earlyRollups: Parameters<CommitteeState['receiveChildRollup']>[0][] = [];
  setHandler(childRollupSignal, (message) => {
    if (state) state.receiveChildRollup(message);
    else earlyRollups.push(message);
  });
  let withdrawal: (WithdrawCommand & { at: string }) | null = null;
  setHandler(withdrawSignal, (command) => {
    withdrawal ??= command;
  });

  // Results of the children this run started (a run after continue-as-new has none: it learns
  // that children finished from their closing rollup signal only).
  let childResults: Promise<unknown>[] = [];
  // The newest patch implies every older one, so a new run asks for it alone: the SDK's core
  // records a marker *and* upserts the TemporalChangeVersion search attribute (an event and a
  // visibility write) for every patch a run takes, four per committee before lean-launch. Runs
  // recorded before a patch replay the older patched() calls below at their places, as they were.
  const hardenedRules = patched(HARDENED_RULES_PATCH);
  const leanLaunch = hardenedRules || patched(LEAN_LAUNCH_PATCH);
  // Workflow time (ms) of the launch activity's rollup message to the parent; none before the patch.
  let launchRollupSentAt = Number.NEGATIVE_INFINITY;
  if (!state) {
    if (isRoot) await db.prepareDirective({ directive, spec: input.spec ?? null });
    if (leanLaunch) {
      const leavesReceivedAt = nowIso();
      const load = await db.launchCommittee({ directive, unitId, ancestors: input.ancestors, receivedAt: input.receivedAt, leavesReceivedAt, parentWorkflowId: input.parentWorkflowId });
      state = CommitteeState.fromLoad(directive, unitId, input.ancestors, input.receivedAt, load, leavesReceivedAt, true);
      launchRollupSentAt = Date.parse(leavesReceivedAt);
    } else {
      const load = await db.loadCommittee({ directiveId: directive.id, unitId });
      state = CommitteeState.fromLoad(directive, unitId, input.ancestors, input.receivedAt, load, nowIso());
    }
    childResults = await startChildCommittees(input, state);
  }
  const s: CommitteeState = state;
  if (hardenedRules) s.adoptHardenedRules(REMINDER_GRACE_MS);
  for (const message of earlyRollups) s.receiveChildRollup(message);

  // The committee's own status as a search attribute, so Temporal's UI and CLI can list, say,
  // the overdue districts of a province. Upserted only when it changes (each upsert is an event).
  // Since lean-launch: what the run already has (set at start, or carried over by continue-as-new).
  let lastStatus: string | null = leanLaunch ? (workflowInfo().typedSearchAttributes.get(StatusKey) ?? null) : null;
  const syncStatusAttribute = () => {
    const status = s.self ? trackStatus(s.self, nowIso()) : 'active';
    if (status === lastStatus || !directive.searchAttributes) return;
    upsertSearchAttributes([{ key: StatusKey, value: status }]);
    lastStatus = status;
  };

  // Updates are registered once state exists; Temporal buffers any that arrive earlier.
  // Validators reject bad commands before anything enters history; handlers re-check and apply.
  const callerJournals = leanLaunch || patched(CALLER_JOURNALS_PATCH);
  const register = <T,>(def: UpdateDefinition<UnitUpdateResult, [T]>, schema: z.ZodType<T>, check: (c: T) => void, apply: (c: T) => UnitView) =>
    setHandler(
      def,
      guarded((raw: T): UnitUpdateResult => {
        updatesThisRun += 1;
        const mark = s.journalMark();
        const view = apply(parseCommand(schema, raw));
        syncStatusAttribute();
        return callerJournals ? { ...view, journal: s.handOffJournal(mark, Date.now()) } : view;
      }),
      { validator: guarded((raw: T) => check(parseCommand(schema, raw))) },
    );
  register(reportUpdate, ReportCommandSchema, (c) => void s.checkReport(c, nowIso(), false), (c) => s.report(c, nowIso(), false));
  register(correctUpdate, ReportCommandSchema, (c) => void s.checkReport(c, nowIso(), true), (c) => s.report(c, nowIso(), true));
  register(acknowledgeUpdate, AcknowledgeCommandSchema, (c) => s.checkAcknowledge(c), (c) => s.acknowledge(c, nowIso()));
  register(extendUpdate, ExtendCommandSchema, (c) => void s.checkExtend(c, nowIso()), (c) => s.extend(c, nowIso()));
  register(exemptUpdate, ExemptCommandSchema, (c) => s.checkExempt(c), (c) => s.exempt(c, nowIso()));
  setHandler(
    withdrawUpdate,
    guarded((raw: WithdrawCommand) => {
      withdrawal ??= { ...parseCommand(WithdrawCommandSchema, raw), at: nowIso() };
      return { withdrawnAt: withdrawal.at };
    }),
    {
      validator: guarded((raw: WithdrawCommand) => {
        if (!isRoot) throw new RangeError(`withdraw directive ${directive.code} at its root committee ${directive.rootId}, not at ${unitId}`);
        parseCommand(WithdrawCommandSchema, raw);
      }),
    },
  );

  const maxEvents = directive.limits?.maxHistoryEvents ?? MAX_HISTORY_EVENTS;
  const maxUpdates = directive.limits?.maxUpdatesPerRun ?? MAX_UPDATES_PER_RUN;
  const shouldContinueAsNew = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > maxEvents || updatesThisRun >= maxUpdates;
  let stopping = false; // set when the run ends (withdrawal or continue-as-new): pumps drain and return

  const isStopping = () => stopping;
  const outbox = (leanLaunch || patched(ROLLUP_OUTBOX_PATCH)) && input.parentWorkflowId ? { parentWorkflowId: input.parentWorkflowId, box: new RollupOutbox(s, unitId), sentAt: launchRollupSentAt } : null;
  // Null on histories from before the patch: they must not even await a resolved promise, which
  // would shift every later step of the loop by a microtask and reorder their commands.
  const settle = leanLaunch || patched(SETTLE_PATCH) ? afterActivationSettles : null;
  const pumps = Promise.all([
    pumpEmails(s, isStopping),
    ...(callerJournals
      ? [pumpJournalLazily(outbox, s, isStopping, {
          lazyMs: directive.limits?.lazyJournalMs ?? LAZY_JOURNAL_MS,
          parentIntervalMs: directive.limits?.parentRollupIntervalMs ?? PARENT_ROLLUP_INTERVAL_MS,
          wakeForLazyEntries: leanLaunch,
        })]
      : outbox
        ? [pumpJournalAndRollup(outbox, s, isStopping, settle)]
        : [pumpJournal(s, isStopping, settle), isRoot ? Promise.resolve() : pumpRollup(input, s, isStopping)]),
  ]);

  for (;;) {
    const now = nowIso();
    if (withdrawal && !s.withdrawal) {
      s.withdraw(withdrawal);
      await signalChildrenWithdrawn(directive.id, s, withdrawal);
    }
    if (s.withdrawal) break;
    s.onTimer(now);
    syncStatusAttribute();
    if (shouldContinueAsNew()) break;
    const wake = nextWakeAt(s.tracks(), s.policy, now);
    const sleepMs = wake === null ? undefined : Math.max(1, Date.parse(wake) - Date.now());
    const wakeWhen = () => withdrawal !== null || shouldContinueAsNew();
    if (sleepMs === undefined) await condition(wakeWhen);
    else await condition(wakeWhen, sleepMs);
  }

  if (s.withdrawal) {
    if (directive.searchAttributes) upsertSearchAttributes([{ key: StatusKey, value: 'withdrawn' }]);
    // Wait (bounded) until every committee below has confirmed, so this final rollup is whole
    // and a finished root means a finished tree.
    await condition(() => s.allChildrenClosed(), '1 hour');
    // Children send their closing rollup just before they complete; waiting for completion too
    // means no committee outlives its parent (Temporal's time-skipping test server also stalls
    // when an abandoned child completes after its parent).
    await Promise.race([Promise.all(childResults.map((r) => r.catch(() => undefined))), sleep('1 hour')]);
  }
  stopping = true;
  await pumps;
  await condition(allHandlersFinished);
  if (!s.withdrawal) {
    return continueAsNew<typeof committeeWorkflow>({ ...input, spec: undefined, carried: s.snapshot() });
  }
  return { unitId, withdrawnAt: s.withdrawal.at, rollup: s.rollup(nowIso()) };
}

/** Starts (or finds already running) the child workflow of each committee under this one; returns their results. */
async function startChildCommittees(input: CommitteeInput, state: CommitteeState): Promise<Promise<unknown>[]> {
  const results: Promise<unknown>[] = [];
  const { directive } = input;
  const children = state.childCommittees();
  const receivedAt = nowIso();
  const parentWorkflowId = committeeWorkflowId(directive.id, input.unitId);
  for (let i = 0; i < children.length; i += CHILD_START_BATCH) {
    await Promise.all(
      children.slice(i, i + CHILD_START_BATCH).map(async (child) => {
        const deadline = directive.deadlines[child.level] ? new Date(deadlineFor(directive, child.level, receivedAt)) : undefined;
        try {
          const handle = await startChild(committeeWorkflow, {
            workflowId: committeeWorkflowId(directive.id, child.unitId),
            args: [{ directive, unitId: child.unitId, parentWorkflowId, ancestors: [input.unitId, ...input.ancestors], receivedAt }],
            // Children outlive a parent's continue-as-new; withdrawal reaches them by signal.
            parentClosePolicy: ParentClosePolicy.ABANDON,
            workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
            typedSearchAttributes: directive.searchAttributes
              ? [
                  { key: DirectiveKey, value: directive.id },
                  { key: LevelKey, value: child.level },
                  { key: UnitKey, value: child.unitId },
                  { key: ParentKey, value: input.unitId },
                  { key: StatusKey, value: 'pending' },
                  ...(deadline ? [{ key: DeadlineKey, value: deadline }] : []),
                ]
              : [],
          });
          results.push(handle.result());
        } catch (err) {
          // Already started by an earlier run of this committee: the deterministic id makes it the same child.
          if (!(err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError')) throw err;
        }
      }),
    );
  }
  return results;
}

async function signalChildrenWithdrawn(directiveId: string, state: CommitteeState, command: WithdrawCommand & { at: string }): Promise<void> {
  await Promise.all(
    state.childCommittees().map(async (child) => {
      try {
        await getExternalWorkflowHandle(committeeWorkflowId(directiveId, child.unitId)).signal(withdrawSignal, command);
      } catch {
        // A child that already finished needs no signal.
      }
    }),
  );
}

/**
 * Resolves once the current activation has settled: all its jobs have been applied and the
 * microtasks they started have run, so every update it carried has already sent its response.
 *
 * Why: when a worker runs a workflow task cold (not cached: eviction, restart, a sticky queue that
 * timed out), Temporal's core merges a previous task that issued no commands (a timer that fired,
 * an activity that finished) into the activation of a task that brings updates, so the live run
 * sees [update, update, fired timer] in one activation, while every later replay sees [fired
 * timer] and then [update, update]. A loop that woke in between the update jobs and issued
 * commands at once put them in a different place among the update responses in the two runs, and
 * the history no longer replayed (test/faults/evidence). Deciding only after the activation
 * settles makes the decision see the same state and issue its commands after the same responses
 * either way.
 *
 * How: `condition` evaluates its predicate immediately (false here) and again only when the SDK
 * next checks blocked conditions, which is after all jobs ran and all microtasks drained.
 */
function afterActivationSettles(): Promise<void> {
  let checkedOnce = false;
  return condition(() => {
    if (checkedOnce) return true;
    checkedOnce = true;
    return false;
  });
}

/** Sends queued emails in batches; waits while the queue is empty. */
async function pumpEmails(state: CommitteeState, stopping: () => boolean): Promise<void> {
  for (;;) {
    await condition(() => state.pendingEmails.length > 0 || stopping());
    if (state.pendingEmails.length === 0) return;
    // Taken off the queue first: a report arriving meanwhile may filter the queue. The activity
    // retries until it succeeds, and continue-as-new waits for it, so nothing taken is lost.
    const emails = state.takeEmails(MAX_EMAILS_PER_BATCH);
    try {
      await mail.sendEmails({ directive: state.directive, emails });
    } catch (err) {
      // Only a non-retryable failure gets here (transient ones retry forever): a bug, not an
      // outage. Log it and go on rather than wedge the whole committee on one bad batch.
      if (!(err instanceof ActivityFailure)) throw err;
      log.error('emails dropped after a non-retryable failure', { count: emails.length, units: emails.slice(0, 10).map((e) => e.unitId), error: err.cause?.message });
    }
  }
}

/** Writes queued audit records and projection rows in batches. */
async function pumpJournal(state: CommitteeState, stopping: () => boolean, settle: (() => Promise<void>) | null): Promise<void> {
  for (;;) {
    await condition(() => state.hasPendingJournal() || stopping());
    if (settle) await settle();
    if (!state.hasPendingJournal()) return;
    const batch = state.takeJournal(JOURNAL_BATCH);
    try {
      await db.recordJournal(batch);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      log.error('journal batch dropped after a non-retryable failure', { audit: batch.audit.length, projections: batch.projections.length, error: err.cause?.message });
    }
  }
}

/** Pushes the subtree rollup to the parent when it changed, at most once per ROLLUP_INTERVAL_MS. */
async function pumpRollup(input: CommitteeInput, state: CommitteeState, stopping: () => boolean): Promise<void> {
  if (!input.parentWorkflowId) return;
  const parent = getExternalWorkflowHandle(input.parentWorkflowId);
  let sentAtChange = -1;
  let lastKey = '';
  for (;;) {
    await condition(() => state.changeCount !== sentAtChange || stopping());
    const finishing = stopping();
    sentAtChange = state.changeCount;
    const rollup = state.rollup(nowIso());
    const closed = finishing && state.withdrawal !== null;
    const key = JSON.stringify(rollup) + closed;
    if (key !== lastKey) {
      state.rollupSeq += 1;
      await parent.signal(childRollupSignal, { childId: input.unitId, rollup, seq: state.rollupSeq, closed }).catch(() => undefined);
      lastKey = key;
    }
    if (finishing) return;
    await sleep(ROLLUP_INTERVAL_MS);
  }
}

/** The rollup outbox of a committee with a parent (since the rollup-outbox patch). */
interface ParentOutbox {
  parentWorkflowId: string;
  box: RollupOutbox;
  /** Workflow time (ms) of a message already sent when the pump starts (by the launch activity), else -Infinity. */
  sentAt: number;
}

/**
 * Since the rollup-outbox patch, for a committee with a parent: one loop writes the journal and
 * sends the rollup, so the two never race within an activation. A changed rollup rides on the
 * next journal batch (its activity signals the parent: an isolated report costs no signal command
 * and no timer); a change with nothing to journal (a child's rollup) goes by signal. Messages are
 * at least the interval apart in workflow time, so a burst of reports does not become a burst of
 * signals at the parent; the last message before the run ends says whether the committee closed.
 */
async function pumpJournalAndRollup(outbox: ParentOutbox, state: CommitteeState, stopping: () => boolean, settle: (() => Promise<void>) | null): Promise<void> {
  const parent = getExternalWorkflowHandle(outbox.parentWorkflowId);
  // Workflow time (deterministic: replays see the same instants) of the last message.
  let lastSentAt = Number.NEGATIVE_INFINITY;
  const nextDueAt = () => lastSentAt + ROLLUP_MIN_INTERVAL_MS;
  for (;;) {
    await condition(() => state.hasPendingJournal() || outbox.box.hasChanges() || stopping());
    if (settle) await settle();
    if (state.hasPendingJournal()) {
      const batch = state.takeJournal(JOURNAL_BATCH);
      // While stopping, the final message goes by signal below: one last message, flagged.
      let message: ChildRollupMessage | null = null;
      if (!stopping() && outbox.box.hasChanges() && Date.now() >= nextDueAt()) {
        message = outbox.box.take(nowIso(), false);
        lastSentAt = Date.now();
      }
      try {
        await db.recordJournal(message ? { ...batch, rollupToParent: { workflowId: outbox.parentWorkflowId, message } } : batch);
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        log.error('journal batch dropped after a non-retryable failure', { audit: batch.audit.length, projections: batch.projections.length, error: err.cause?.message });
      }
      continue;
    }
    const finishing = stopping();
    const closed = finishing && state.withdrawal !== null;
    if (!outbox.box.hasChanges() && !closed) {
      if (finishing) return;
      continue;
    }
    if (!finishing && Date.now() < nextDueAt()) {
      // Too soon after the last message: wait out the interval (a journal batch meanwhile is written at once).
      await condition(() => state.hasPendingJournal() || stopping(), Math.max(1, nextDueAt() - Date.now()));
      continue;
    }
    await parent.signal(childRollupSignal, outbox.box.take(nowIso(), closed)).catch(() => undefined);
    lastSentAt = Date.now();
    if (finishing) return;
  }
}

/** Timing of pumpJournalLazily (workflow time). */
interface LazyJournalTiming {
  lazyMs: number;
  parentIntervalMs: number;
  /**
   * Since lean-launch: a sleep also ends when entries handed off meanwhile fall due before it
   * would. Without it, a sleep until the next rollup message (parentIntervalMs) held back entries
   * that were due sooner, which only happens when lazyMs is the shorter of the two (tests).
   */
  wakeForLazyEntries: boolean;
}

/**
 * Since the caller-journals patch, for every committee: writes the journal and sends the rollup
 * to the parent (when there is one) from one loop, deciding only after the activation settled.
 * - Entries the workflow made on its own (launch, timers, escalations, withdrawal) are written at
 *   once; entries handed off to an update's caller wait until the next such write or until they
 *   are `lazyMs` old, so a report normally costs its committee one workflow task and nothing else.
 * - The rollup rides on a journal write when one happens and the last message is `parentIntervalMs`
 *   old. A change with no entries to write (a child committee's rollup) goes by signal once that
 *   interval has passed. Supervisors read rollups from PostgreSQL, so these messages only keep the
 *   workflows' own rollup (the rollup query) current and tell a parent that its child has closed.
 * - When the run ends, everything left is written and a last message (flagged closed after a
 *   withdrawal) goes at once.
 */
async function pumpJournalLazily(outbox: ParentOutbox | null, state: CommitteeState, stopping: () => boolean, timing: LazyJournalTiming): Promise<void> {
  const parent = outbox ? getExternalWorkflowHandle(outbox.parentWorkflowId) : null;
  let lastSentAt = outbox?.sentAt ?? Number.NEGATIVE_INFINITY;
  const rollupChanged = () => outbox?.box.hasChanges() ?? false;
  for (;;) {
    await condition(() => state.hasPendingJournal() || state.hasLazyJournal() || rollupChanged() || stopping());
    await afterActivationSettles();
    const finishing = stopping();
    const now = Date.now();
    const lazyDueAt = state.lazySince === null ? Number.POSITIVE_INFINITY : state.lazySince + timing.lazyMs;
    if (state.hasPendingJournal() || (state.hasLazyJournal() && (finishing || now >= lazyDueAt))) {
      const batch = state.takeJournalWithLazy(JOURNAL_BATCH);
      let message: ChildRollupMessage | null = null;
      if (outbox && !finishing && rollupChanged() && now >= lastSentAt + timing.parentIntervalMs) {
        message = outbox.box.take(nowIso(), false);
        lastSentAt = now;
      }
      try {
        await db.recordJournal(message && outbox ? { ...batch, rollupToParent: { workflowId: outbox.parentWorkflowId, message } } : batch);
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        log.error('journal batch dropped after a non-retryable failure', { audit: batch.audit.length, projections: batch.projections.length, error: err.cause?.message });
      }
      continue;
    }
    const closed = finishing && state.withdrawal !== null;
    // A change with handed-off entries rides on their write; only a change without any (a child's rollup) needs a signal.
    const rollupByItself = rollupChanged() && !state.hasLazyJournal();
    if (parent && outbox && (rollupByItself || closed) && (finishing || now >= lastSentAt + timing.parentIntervalMs)) {
      await parent.signal(childRollupSignal, outbox.box.take(nowIso(), closed)).catch(() => undefined);
      lastSentAt = now;
      if (finishing) return;
      continue;
    }
    if (finishing) return;
    // Something waits, but not yet: sleep until the first of it is due, or until work that goes at once arrives.
    const rollupDueAt = rollupByItself ? lastSentAt + timing.parentIntervalMs : Number.POSITIVE_INFINITY;
    const wakeAt = Math.min(lazyDueAt, rollupDueAt);
    const lazyDueEarlier = () => timing.wakeForLazyEntries && state.lazySince !== null && state.lazySince + timing.lazyMs < wakeAt;
    await condition(() => state.hasPendingJournal() || stopping() || lazyDueEarlier(), Math.max(1, wakeAt - now));
  }
}
