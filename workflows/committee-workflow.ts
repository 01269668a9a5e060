/**
 * One workflow per committee (a unit with units under it) per directive. It holds its own
 * unit and its leaf units as state, starts a child workflow for each committee under it,
 * wakes on one durable timer for all its units' reminders, deadlines and escalations, and
 * keeps PostgreSQL's audit log and unit projection current, from which supervisors' rollups
 * are read. An update's caller writes that update's journal entries and the committee writes
 * them again lazily; the subtree rollup goes to the parent committee with the committee's own
 * journal writes, or by signal at most every minute when only child committees changed.
 *
 * This is v1 of the workflow's commands: a change that alters them takes `patched()` and a newly
 * recorded history set beside test/replay/histories/v1 (docs/decisions.md keeps the history of
 * the generations before v1).
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

/**
 * How long handed-off entries wait before the committee writes them itself (sooner when it writes
 * anything else). The write is only a safety net: the caller wrote them already, and a caller that
 * died and repeats its call gets the same entries back and writes them. Ten minutes amortise the
 * deferred write (a timer task, an activity and a task) over the reports of a busy committee.
 */
const LAZY_JOURNAL_MS = 600_000;
/** Rollup messages to the parent at least this far apart (the closing one goes at once). */
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
  // Workflow time (ms) of the launch activity's rollup message to the parent; none on a continued run.
  let launchRollupSentAt = Number.NEGATIVE_INFINITY;
  if (!state) {
    if (isRoot) await db.prepareDirective({ directive, spec: input.spec ?? null });
    // One activity loads the committee, writes its launch's journal entries and sends the parent
    // its first rollup: the rows never travel through Temporal (launch-journal.ts builds them on
    // both sides from the same input).
    const leavesReceivedAt = nowIso();
    const load = await db.launchCommittee({ directive, unitId, ancestors: input.ancestors, receivedAt: input.receivedAt, leavesReceivedAt, parentWorkflowId: input.parentWorkflowId });
    state = CommitteeState.fromLoad(directive, unitId, input.ancestors, input.receivedAt, load, leavesReceivedAt);
    launchRollupSentAt = Date.parse(leavesReceivedAt);
    childResults = await startChildCommittees(input, state);
  }
  const s: CommitteeState = state;
  for (const message of earlyRollups) s.receiveChildRollup(message);

  // The committee's own status as a search attribute, so Temporal's UI and CLI can list, say,
  // the overdue districts of a province. Upserted only when it changes (each upsert is an event).
  // Compared with what the run already has (set at start, or carried over by continue-as-new).
  let lastStatus: string | null = workflowInfo().typedSearchAttributes.get(StatusKey) ?? null;
  const syncStatusAttribute = () => {
    const status = s.self ? trackStatus(s.self, nowIso()) : 'active';
    if (status === lastStatus || !directive.searchAttributes) return;
    upsertSearchAttributes([{ key: StatusKey, value: status }]);
    lastStatus = status;
  };

  // Updates are registered once state exists; Temporal buffers any that arrive earlier.
  // Validators reject bad commands before anything enters history; handlers re-check and apply,
  // and hand the command's journal entries to the caller, which writes them before answering.
  const register = <T,>(def: UpdateDefinition<UnitUpdateResult, [T]>, schema: z.ZodType<T>, check: (c: T) => void, apply: (c: T) => UnitView) =>
    setHandler(
      def,
      guarded((raw: T): UnitUpdateResult => {
        updatesThisRun += 1;
        const mark = s.journalMark();
        const view = apply(parseCommand(schema, raw));
        syncStatusAttribute();
        return { ...view, journal: s.handOffJournal(mark, Date.now()) };
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
  const outbox = input.parentWorkflowId ? { parentWorkflowId: input.parentWorkflowId, box: new RollupOutbox(s, unitId), sentAt: launchRollupSentAt } : null;
  const pumps = Promise.all([
    pumpEmails(s, isStopping),
    pumpJournal(outbox, s, isStopping, {
      lazyMs: directive.limits?.lazyJournalMs ?? LAZY_JOURNAL_MS,
      parentIntervalMs: directive.limits?.parentRollupIntervalMs ?? PARENT_ROLLUP_INTERVAL_MS,
    }),
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
 * the history no longer replayed (docs/decisions.md, 2026-12-03). Deciding only after the activation
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

/** The rollup outbox of a committee with a parent. */
interface ParentOutbox {
  parentWorkflowId: string;
  box: RollupOutbox;
  /** Workflow time (ms) of a message already sent when the pump starts (by the launch activity), else -Infinity. */
  sentAt: number;
}

/** Timing of pumpJournal (workflow time). */
interface JournalTiming {
  lazyMs: number;
  parentIntervalMs: number;
}

/**
 * Writes the journal and sends the rollup to the parent (when there is one) from one loop, so the
 * two never race within an activation, deciding only after the activation settled.
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
async function pumpJournal(outbox: ParentOutbox | null, state: CommitteeState, stopping: () => boolean, timing: JournalTiming): Promise<void> {
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
    // Entries handed off meanwhile may fall due before a sleep towards the next rollup message ends.
    const lazyDueEarlier = () => state.lazySince !== null && state.lazySince + timing.lazyMs < wakeAt;
    await condition(() => state.hasPendingJournal() || stopping() || lazyDueEarlier(), Math.max(1, wakeAt - now));
  }
}
