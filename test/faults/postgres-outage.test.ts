// PostgreSQL goes down (pg_ctl stop on the test's own throwaway cluster) while units report and
// acknowledge, and comes back on the same port. Reports and acknowledgements are workflow
// updates, so they are accepted during the outage; the callers' own writes of their audit records
// and projection rows fail, and the entries wait in the committee workflows, whose deferred
// recordJournal fails and is retried. Once the database is back
// the journal catches up: every report and acknowledgement made has its audit record, exactly
// once, and the projection shows every unit's latest state.
// Calls go all at once, as units would send them, and every committee history must still replay
// afterwards (a worker that rebuilds a committee from it, after a restart, must not wedge).
import { generateOrg } from '../../tools/bench/generate-org';
import { migrate } from '../../src/store/migrate';
import { createPool } from '../../src/store/pool';
import { requireValidOrg } from '../../src/domain/org/org';
import { startSmtpSink, type SmtpSink } from '../../src/dev/stack/smtp-sink';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../src/dev/stack/postgres-cluster';
import { committeeWorkflowId } from '../../src/engine/protocol';
import { requiredTestEnv } from '../harness/env';
import { auditTally, ledgerKind, ledgerTally, projectedStatuses, unitRows } from './db-tally';
import { doneIn, farSpec, figuresFor, receivedIn, reportBody, reportSummary, rollupFigures, sumFigures, type Figures } from './fault-fixtures';
import { startFaultStack, workflowBundle, type FaultStack } from './fault-stack';
import { explainingStuckWorkflows, nonReplayableHistories, retryingActivity } from './workflow-diagnostics';
import { retryStats, untilAccepted } from './retrying-calls';
import { waitUntil } from './wait-until';
import type { Pool } from 'pg';

const org = generateOrg({ units: 200, seed: 'faults-postgres' });
const UNITS = org.units.length - 1;
const cells = org.units.filter((u) => u.level === 'cell');
const districts = org.units.filter((u) => u.level === 'district');
// Who does what: districts and the first cells report before the outage, later cells during it;
// other cells acknowledge before and during. No unit appears twice.
const reportsBefore = [...districts.slice(0, 1), ...cells.slice(0, 19)].map((u) => u.id);
const reportsDuring = [...districts.slice(1), ...cells.slice(19, 19 + 40 - (districts.length - 1))].map((u) => u.id);
const acksBefore = cells.slice(100, 110).map((u) => u.id);
const acksDuring = cells.slice(110, 130).map((u) => u.id);
/** recordJournal attempts seen failing before the database comes back. */
const FAILED_ATTEMPTS = 4;

let pg: ThrowawayPostgres;
let pool: Pool;
let sink: SmtpSink;
let stack: FaultStack;

beforeAll(async () => {
  pg = await startThrowawayPostgres();
  pool = createPool(pg.url);
  await migrate(pool);
  sink = await startSmtpSink();
  // The callers' own journal writes fail while the database is down, so the committees' safety-net
  // writes carry those reports; they wait 5 s here instead of the default ten minutes.
  stack = await startFaultStack({ address: requiredTestEnv('TEST_TEMPORAL_ADDRESS'), pool, smtpUrl: sink.url, limits: { lazyJournalMs: 5_000 } });
}, 120_000);

afterAll(async () => {
  await pg?.startServer().catch(() => undefined); // running, so the worker drains and the pool ends cleanly
  await stack?.stop();
  await sink?.stop();
  await pool?.end();
  await pg?.stop();
}, 120_000);

test('reports and acknowledgements made while PostgreSQL is down reach the audit log and projection once it is back, each once', async () => {
  const started = Date.now();
  await stack.cascade.importOrganisation(requireValidOrg(org.units));
  const { directiveId } = await stack.cascade.launch(farSpec('24-CT/TW'));
  await waitUntil(`the launch of ${UNITS} units (projection and notices)`, 180_000, async () => {
    const [rows, ledger] = await Promise.all([unitRows(pool, directiveId), ledgerTally(pool, directiveId)]);
    const state = { projected: rows.projection.size, notices: ledgerKind(ledger, 'notice').sent };
    return { done: state.projected === UNITS && state.notices === UNITS, state };
  });

  const committeeIds = org.units.filter((u) => u.level !== 'cell').map((u) => committeeWorkflowId(directiveId, u.id));
  const figures = new Map<string, Figures>();
  const stats = retryStats();
  // Each attempt may wait 20 s on Temporal; a call not accepted within 2 minutes fails the test.
  const retry = { attemptMs: 20_000, timeoutMs: 120_000, connection: stack.temporal.connection };
  const report = (unitId: string) => {
    const f = figuresFor(figures.size);
    figures.set(unitId, f);
    return untilAccepted(`report of ${unitId}`, () => stack.cascade.report(directiveId, unitId, reportBody(unitId, f), `Bí thư ${unitId}`), stats, retry);
  };
  const acknowledge = (unitId: string) =>
    untilAccepted(`acknowledgement of ${unitId}`, () => stack.cascade.acknowledge(directiveId, unitId, `Văn phòng ${unitId}`), stats, retry);
  const allAtOnce = async (calls: Array<() => Promise<void>>) => {
    await Promise.all(calls.map((call) => call()));
  };
  await explainingStuckWorkflows(stack.temporal, committeeIds, () =>
    allAtOnce([...reportsBefore.map((u) => () => report(u)), ...acksBefore.map((u) => () => acknowledge(u))]),
  );
  // The client finds a unit's committee through PostgreSQL (directive_units) and caches it; warm
  // that cache, or calls during the outage would fail before reaching Temporal.
  for (const unitId of [...reportsDuring, ...acksDuring]) await stack.cascade.unit(directiveId, unitId);

  await pg.stopServer();
  const outageStart = Date.now();
  const attemptsBefore = stats.attempts;
  await explainingStuckWorkflows(stack.temporal, committeeIds, () =>
    allAtOnce([...reportsDuring.map((u) => () => report(u)), ...acksDuring.map((u) => () => acknowledge(u))]),
  );
  const acceptedDuringOutage = reportsDuring.length + acksDuring.length;
  // The district holding the last report made during the outage retries its journal batch against the dead server.
  const holder = org.units.find((u) => u.id === reportsDuring.at(-1))?.parentId as string;
  const retrying = await waitUntil(`recordJournal of ${holder} failing ${FAILED_ATTEMPTS} times against the stopped PostgreSQL`, 120_000, async () => {
    const activity = await retryingActivity(stack.temporal, committeeWorkflowId(directiveId, holder), 'recordJournal');
    return { done: (activity?.attempt ?? 0) > FAILED_ATTEMPTS, state: activity ?? { attempt: 0, lastFailure: 'no pending recordJournal' } };
  });
  await pg.startServer();
  const outageEnd = Date.now();

  const reported = [...reportsBefore, ...reportsDuring];
  const acknowledged = [...acksBefore, ...acksDuring];
  const audit = await explainingStuckWorkflows(stack.temporal, committeeIds, () =>
    waitUntil('the audit log to catch up with every report and acknowledgement', 240_000, async () => {
      const t = await auditTally(pool, directiveId);
      return { done: t.report?.rows === reported.length && t.acknowledged?.rows === acknowledged.length, state: t };
    }),
  );
  const statuses = await waitUntil('the projection to show every report and acknowledgement', 120_000, async () => {
    const s = await projectedStatuses(pool, directiveId);
    const state = {
      done: reported.filter((u) => s.get(u)?.startsWith('done')).length,
      acknowledged: acknowledged.filter((u) => s.get(u) === 'acknowledged').length,
    };
    return { done: state.done === reported.length && state.acknowledged === acknowledged.length, state: s };
  });
  const rollup = await waitUntil('the root rollup to count every report', 60_000, async () => {
    const r = await stack.cascade.rollup(directiveId);
    return { done: doneIn(r) === reported.length, state: r };
  });
  const rows = await unitRows(pool, directiveId);
  const ledger = await ledgerTally(pool, directiveId);
  const nonReplayable = await nonReplayableHistories(stack.temporal, committeeIds, await workflowBundle());

  reportSummary({
    test: 'postgres-outage',
    faultsInjected: { postgresOutages: 1, failedJournalAttemptsSeen: retrying.attempt - 1 },
    outageSeconds: Math.round((outageEnd - outageStart) / 100) / 10,
    acceptedDuringOutage,
    clientCallsDuringOutage: { calls: acceptedDuringOutage, attempts: stats.attempts - attemptsBefore, retries: stats.retries },
    units: { expected: UNITS, found: rows.projection.size },
    lost: {
      units: UNITS - rows.projection.size,
      reportAudit: reported.length - (audit.report?.units ?? 0),
      acknowledgementAudit: acknowledged.length - (audit.acknowledged?.units ?? 0),
      receivedAudit: UNITS - (audit.received?.units ?? 0),
      reportsInRollup: reported.length - doneIn(rollup),
    },
    duplicates: {
      reportAudit: audit.report?.duplicates ?? 0,
      acknowledgementAudit: audit.acknowledged?.duplicates ?? 0,
      receivedAudit: audit.received?.duplicates ?? 0,
      projectionRows: rows.projectionRows - rows.projection.size,
      ledgerNotices: ledgerKind(ledger, 'notice').duplicates,
    },
    nonReplayableHistories: nonReplayable,
    seconds: Math.round((Date.now() - started) / 1000),
  });
  expect(rows.projection).toEqual(new Set(org.units.filter((u) => u.parentId !== null).map((u) => u.id)));
  expect(rows.projectionRows).toBe(UNITS);
  expect(audit.report).toEqual({ rows: reported.length, units: reported.length, duplicates: 0 });
  expect(audit.acknowledged).toEqual({ rows: acknowledged.length, units: acknowledged.length, duplicates: 0 });
  expect(audit.received).toEqual({ rows: UNITS, units: UNITS, duplicates: 0 });
  expect(reported.filter((u) => !statuses.get(u)?.startsWith('done'))).toEqual([]);
  expect(receivedIn(rollup)).toBe(UNITS);
  expect(rollupFigures(rollup)).toEqual(sumFigures(figures.values()));
  expect(stats.retries).toBe(0); // updates need no database: none had to be retried
  expect(nonReplayable).toEqual([]);
  expect(stack.workerFailure()).toBeNull();
}, 600_000);
