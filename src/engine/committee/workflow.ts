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
import { allHandlersFinished, condition, continueAsNew, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { DirectiveRuntime } from '../../domain/cascade/records';
import { nextWakeAt } from '../../domain/track/track-schedule';
import { trackStatus } from '../../domain/track/unit-track';
import { db } from './activity-proxies';
import { signalChildrenWithdrawn, startChildCommittees } from './children';
import { registerQueriesAndSignals, registerUpdates, type CommitteeRun } from './handlers';
import { pumpEmails, pumpJournal } from './pumps';
import { CommitteeState } from './state';
import type { CommitteeInput, CommitteeResult } from '../protocol';
import { RollupOutbox } from './rollup-outbox';
import { StatusKey } from '../search-attributes';
import { nowIso } from './clock';

/**
 * How long handed-off entries wait before the committee writes them itself (sooner when it writes
 * anything else). The write is only a safety net: the caller wrote them already, and a caller that
 * died and repeats its call gets the same entries back and writes them. Ten minutes amortise the
 * deferred write (a timer task, an activity and a task) over the reports of a busy committee.
 */
const LAZY_JOURNAL_MS = 600_000;
/** Rollup messages to the parent at least this far apart (the closing one goes at once). */
const PARENT_ROLLUP_INTERVAL_MS = 60_000;
/** Continue-as-new well before Temporal's 10,240-event warning and its 2,000 updates per run. */
const MAX_HISTORY_EVENTS = 6_000;
const MAX_UPDATES_PER_RUN = 1_000;

/** A committee's share of a directive cascade; see the file comment. */
export async function committeeWorkflow(input: CommitteeInput): Promise<CommitteeResult> {
  const { directive, unitId } = input;
  const run: CommitteeRun = {
    state: input.carried
      ? CommitteeState.fromCarried(directive, unitId, input.ancestors, input.carried)
      : input.founded
        ? CommitteeState.founded(directive, unitId, input.ancestors)
        : null,
    earlyRollups: [],
    withdrawal: null,
    updates: 0,
    reparented: null,
    directiveChanged: false,
  };
  registerQueriesAndSignals(directive, unitId, run);
  // The units' updates are taken as soon as the state exists, before the committees below start:
  // its units are projected (visible to callers) by then, and an update that found no handler at
  // the end of a workflow task would be rejected.
  let syncStatusAttribute: () => void = () => undefined;
  const takeUpdates = (state: CommitteeState) => {
    syncStatusAttribute = statusAttributeSync(directive, state);
    registerUpdates(directive, unitId, state, run, () => syncStatusAttribute());
  };
  if (run.state) takeUpdates(run.state);
  // A run after continue-as-new has started no children (it learns that they finished from their
  // closing rollup signal only) and sent no launch rollup.
  const { childResults, launchRollupSentAt } = run.state
    ? { childResults: [], launchRollupSentAt: Number.NEGATIVE_INFINITY }
    : await launch(input, run, takeUpdates);
  const s = run.state as CommitteeState;
  for (const message of run.earlyRollups) s.receiveChildRollup(message);

  const maxEvents = directive.limits?.maxHistoryEvents ?? MAX_HISTORY_EVENTS;
  const maxUpdates = directive.limits?.maxUpdatesPerRun ?? MAX_UPDATES_PER_RUN;
  const shouldContinueAsNew = () =>
    workflowInfo().continueAsNewSuggested ||
    workflowInfo().historyLength > maxEvents ||
    run.updates >= maxUpdates ||
    run.reparented !== null ||
    run.directiveChanged;
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
    if (run.withdrawal && !s.withdrawal) {
      s.withdraw(run.withdrawal);
      await signalChildrenWithdrawn(directive.id, s, run.withdrawal);
    }
    if (s.withdrawal || s.ended) break;
    s.onTimer(now);
    syncStatusAttribute();
    if (shouldContinueAsNew()) break;
    const wake = nextWakeAt(s.tracks(), s.policy, now);
    const sleepMs = wake === null ? undefined : Math.max(1, Date.parse(wake) - Date.now());
    const wakeWhen = () => run.withdrawal !== null || s.ended !== null || shouldContinueAsNew();
    if (sleepMs === undefined) await condition(wakeWhen);
    else await condition(wakeWhen, sleepMs);
  }

  if (s.withdrawal) await closeTree(directive, s, childResults);
  stopping = true;
  await pumps;
  await condition(allHandlersFinished);
  if (s.ended) return { unitId, withdrawnAt: null, rollup: s.rollup(nowIso()), handedOver: s.ended };
  if (!s.withdrawal) {
    const moved = run.reparented ?? { parentWorkflowId: input.parentWorkflowId, ancestors: input.ancestors };
    // The directive as the state holds it: the same object unless a reorganisation gave it levels.
    return continueAsNew<typeof committeeWorkflow>({ ...input, ...moved, directive: s.directive, spec: undefined, founded: undefined, carried: s.snapshot() });
  }
  return { unitId, withdrawnAt: s.withdrawal.at, rollup: s.rollup(nowIso()) };
}

/**
 * A first run: the root records the directive's snapshot; then one activity loads the committee,
 * writes its launch's journal entries and sends the parent its first rollup (the rows never travel
 * through Temporal: launch-journal.ts builds them on both sides from the same input); then the
 * committees below start. The state is set before they start, so signals meanwhile reach it.
 */
async function launch(
  input: CommitteeInput,
  run: CommitteeRun,
  takeUpdates: (state: CommitteeState) => void,
): Promise<{ childResults: Promise<unknown>[]; launchRollupSentAt: number }> {
  const { directive, unitId } = input;
  if (unitId === directive.rootId) await db.prepareDirective({ directive, spec: input.spec ?? null });
  const leavesReceivedAt = nowIso();
  const load = await db.launchCommittee({
    directive,
    unitId,
    ancestors: input.ancestors,
    receivedAt: input.receivedAt,
    leavesReceivedAt,
    parentWorkflowId: input.parentWorkflowId,
  });
  run.state = CommitteeState.fromLoad(directive, unitId, input.ancestors, input.receivedAt, load, leavesReceivedAt);
  takeUpdates(run.state);
  const launchRollupSentAt = Date.parse(leavesReceivedAt);
  return { childResults: await startChildCommittees(committeeWorkflow, input, run.state), launchRollupSentAt };
}

/**
 * The committee's own status as a search attribute, so Temporal's UI and CLI can list, say, the
 * overdue districts of a province. Upserted only when it changes (each upsert is an event),
 * compared with what the run already has (set at start, or carried over by continue-as-new).
 */
function statusAttributeSync(directive: DirectiveRuntime, s: CommitteeState): () => void {
  let lastStatus: string | null = workflowInfo().typedSearchAttributes.get(StatusKey) ?? null;
  return () => {
    const status = s.self ? trackStatus(s.self, nowIso()) : 'active';
    if (status === lastStatus || !directive.searchAttributes) return;
    upsertSearchAttributes([{ key: StatusKey, value: status }]);
    lastStatus = status;
  };
}

/** After a withdrawal: waits (bounded) until every committee below has confirmed and completed, so a finished root means a finished tree. */
async function closeTree(directive: DirectiveRuntime, s: CommitteeState, childResults: Promise<unknown>[]): Promise<void> {
  if (directive.searchAttributes) upsertSearchAttributes([{ key: StatusKey, value: 'withdrawn' }]);
  // The closing rollups make this committee's final rollup whole.
  await condition(() => s.allChildrenClosed(), '1 hour');
  // Children send their closing rollup just before they complete; waiting for completion too
  // means no committee outlives its parent (Temporal's time-skipping test server also stalls
  // when an abandoned child completes after its parent).
  await Promise.race([Promise.all(childResults.map((r) => r.catch(() => undefined))), sleep('1 hour')]);
}
