// The benchmark's own correctness, scaled down for CI: its functions, at a few hundred units on
// the shared dev server, must launch every unit (rollup and notices), attribute every report's
// latency, keep the root rollup exact through reports and corrections, and read every figure.
// Speed is never asserted: CI machines differ; `npm run bench` is where speed is measured.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { createMailer } from '../../src/mail/mailer';
import { CascadeClient } from '../../src/app/cascade-client';
import { migrate } from '../../src/store/migrate';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { startSmtpSink, type SmtpSink } from '../../src/dev/stack/smtp-sink';
import { baselineTaskQueue, createBaselineWorker, createBenchWorker, type BenchWorker } from '../../tools/bench/bench-worker';
import { benchDirectiveSpec, type BenchContext } from '../../tools/bench/context';
import { generateOrg } from '../../tools/bench/generate-org';
import { MailCounter } from '../../tools/bench/mail-counter';
import { measureEmptyWorkflows, measureSteadyBareUpdates, startEchoWorkflows, type EchoPool } from '../../tools/bench/phases/baselines';
import { measureCapacity } from '../../tools/bench/phases/capacity';
import { checkRollup, checkWorkflowTreeRollup } from '../../tools/bench/phases/correctness';
import { measureHistories } from '../../tools/bench/phases/histories';
import { runLaunch, type LaunchMeasurement } from '../../tools/bench/phases/launch';
import { waitForDeadlines } from '../../tools/bench/phases/deadlines';
import { measureQueries } from '../../tools/bench/phases/queries';
import { ReportLedger, runSteadyReports } from '../../tools/bench/phases/reports';
import { reportBudget, reportOrder } from '../../tools/bench/run';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { eventually } from '../harness/cascade-env';
import { requiredTestEnv } from '../harness/env';

const UNITS = 400;
const org = generateOrg({ units: UNITS });

let db: TestDatabase;
let sink: SmtpSink;
let connection: Connection;
let bench: BenchWorker;
let baseline: BenchWorker;
let running: Promise<void>;
let baselineRunning: Promise<void>;
let ctx: BenchContext;
let mailer: ReturnType<typeof createMailer>;

beforeAll(async () => {
  const address = requiredTestEnv('TEST_TEMPORAL_ADDRESS');
  db = await createTestDatabase();
  await migrate(db.pool);
  sink = await startSmtpSink();
  mailer = createMailer(sink.url, { pooled: true });
  const taskQueue = `bench-check-${randomUUID()}`;
  bench = await createBenchWorker({ address, namespace: 'default', taskQueue, pool: db.pool, mailer, linkSecret: 'bench-check-link-secret-0123456789abcdef' });
  running = bench.worker.run();
  baseline = await createBaselineWorker({ address, namespace: 'default', taskQueue: baselineTaskQueue(taskQueue) });
  baselineRunning = baseline.worker.run();
  connection = await Connection.connect({ address });
  const temporal = new Client({ connection });
  // Short journal and rollup intervals: the workflow tree's own rollup converges within seconds here.
  ctx = {
    temporal,
    cascade: new CascadeClient({ temporal, pool: db.pool, taskQueue, limits: { lazyJournalMs: 2_000, parentRollupIntervalMs: 500 } }),
    pool: db.pool,
    taskQueue,
    baselineTaskQueue: baselineTaskQueue(taskQueue),
    mail: new MailCounter(sink).start(),
    log: () => undefined,
  };
}, 120_000);

afterAll(async () => {
  ctx?.mail.stop();
  bench?.worker.shutdown();
  baseline?.worker.shutdown();
  await running;
  await baselineRunning;
  await bench?.connection.close();
  await baseline?.connection.close();
  await connection?.close();
  await mailer?.close();
  await sink?.stop();
  await db?.drop();
});

// One cascade shared by the steps below, in order, as the benchmark runs them.
let launch: LaunchMeasurement;
let echo: EchoPool;
const ledger = new ReportLedger();
const now = new Date();
const conferenceDate = vnIsoDate(now.toISOString());

test('the generated organisation is reproducible and has every level', () => {
  expect(generateOrg({ units: UNITS }).units).toEqual(org.units);
  expect(org.counts).toMatchObject({ units: UNITS, committees: 1 + org.counts.provinces + org.counts.districts });
  expect(org.counts.provinces + org.counts.districts + org.counts.cells + 1).toBe(UNITS);
  expect(new Set(org.units.map((u) => u.id)).size).toBe(UNITS);
});

test('the launch phase ends only when every unit has received the directive and its notice', async () => {
  // Districts due 40 s after receipt, reminded 10 s after it: after this launch of a few seconds.
  launch = await runLaunch(ctx, org, benchDirectiveSpec({ districtDeadline: 'PT40S', now }), { timeoutMs: 120_000 });
  expect(launch.expected).toBe(UNITS - 1);
  expect(launch.received).toBe(UNITS - 1);
  expect(launch.notices).toBe(UNITS - 1);
  expect(launch.projected).toBe(UNITS - 1);
  expect(launch.launchSeconds).toBeGreaterThan(0);
  const mail = ctx.mail.snapshot();
  expect(mail.noticedUnits).toBe(UNITS - 1);
  expect(mail.duplicateNotices).toBe(0);
  expect(launch).toMatchObject({ remindersDuringLaunch: 0, escalationsDuringLaunch: 0 });
}, 150_000);

test("the deadlines phase waits for every district's reminder and escalation, after the launch", async () => {
  const deadlines = await waitForDeadlines(ctx, org.counts.districts, 120_000);
  expect(org.counts.districts).toBeGreaterThan(1);
  expect(deadlines).toMatchObject({ districts: org.counts.districts, reminders: org.counts.districts, escalations: org.counts.districts });
  // The escalations are due 40 s after receipt, which the launch's few seconds came before.
  expect(deadlines.afterLaunchSeconds).toBeGreaterThan(20);
  expect(ctx.mail.snapshot().byKind).toMatchObject({ reminder: org.counts.districts, escalation: org.counts.districts });
}, 150_000);

test('steady report phases attribute a root-rollup latency to every accepted report', async () => {
  const plans = reportOrder(org);
  // Low rates: this checks the arithmetic of the phase, not the speed of a possibly busy machine.
  const budget = reportBudget([10, 20], 1, plans.length);
  let offset = 0;
  for (const { rate, count } of budget) {
    const phase = await runSteadyReports(ctx, { ...launch, conferenceDate }, plans.slice(offset, offset + count), rate, ledger);
    offset += count;
    expect(phase.failed).toBe(0);
    expect(phase.accepted).toBe(count);
    expect(phase.unattributed).toBe(0);
    expect(phase.rollupLatencyMs.count).toBe(count);
  }
  expect(
    reportOrder(org)
      .slice(0, offset)
      .every((p) => p.level !== 'district'),
  ).toBe(true);
}, 120_000);

test('the baselines run on the same server: empty workflows and bare updates at a steady rate', async () => {
  const empty = await measureEmptyWorkflows(ctx, { seconds: 1, concurrency: 4, tag: randomUUID(), warmup: 2 });
  expect(empty.workflows).toBeGreaterThan(0);
  echo = await startEchoWorkflows(ctx, 4, randomUUID());
  const steady = await measureSteadyBareUpdates(ctx, echo, [{ rate: 20, count: 10 }]);
  expect(steady[0]).toMatchObject({ accepted: 10, failed: 0 });
}, 120_000);

test('capacity rotates bare updates, first reports and corrections, and the reports keep the root rollup exact: counts per level and every sum', async () => {
  // As the benchmark does, district committees stay unreported, so the overdue list keeps rows.
  const unreported = reportOrder(org).filter((p) => ledger.figuresOf(p.unitId) === null && p.level !== 'district');
  const capacity = await measureCapacity(ctx, echo, { directiveId: launch.directiveId, conferenceDate }, ledger, unreported, {
    rounds: 3,
    secondsPerRound: 1,
    concurrency: 8,
    seed: org.seed,
  });
  expect(capacity.rounds.map((r) => r.order)).toEqual([
    ['bare', 'reports', 'corrections'],
    ['reports', 'corrections', 'bare'],
    ['corrections', 'bare', 'reports'],
  ]);
  for (const side of [capacity.bare, capacity.reports, capacity.corrections]) {
    expect(side.failed).toBe(0);
    expect(side.accepted).toBeGreaterThan(0);
  }
  expect(capacity.reports.kind).toBe('first-report');
  expect(capacity.corrections.kind).toBe('correction');
  // Each first report went to a unit that had not reported: the ledger now holds every one of them.
  const reportedNow = unreported.filter((p) => ledger.figuresOf(p.unitId) !== null).length;
  expect(reportedNow).toBe(capacity.reports.accepted);
  for (const r of capacity.rounds) {
    expect(r.barePerSecond).toBeGreaterThan(0);
    expect(r.reportsPerSecond).toBeGreaterThan(0);
    expect(r.correctionsPerSecond).toBeGreaterThan(0);
  }
  const check = await checkRollup(ctx, launch.directiveId, org, ledger, 60_000);
  expect(check.mismatches).toEqual([]);
  expect(check.exact).toBe(true);
  const tree = await checkWorkflowTreeRollup(ctx, launch.rootWorkflowId, org, ledger, 60_000);
  expect(tree.mismatches).toEqual([]);
  expect(tree.exact).toBe(true);
}, 120_000);

test('supervisor queries read the national and province rollups, a page of overdue districts, and a bare query', async () => {
  // The districts were escalated in the deadlines phase and none has reported: they are overdue.
  await eventually(async () => (await ctx.cascade.listUnits(launch.directiveId, { status: 'overdue', limit: 1 })).total > 0, 60_000, 'an overdue district');
  const q = await measureQueries(ctx, { directiveId: launch.directiveId, provinceId: org.largestProvince.id, echo: echo.handles[0]!, samples: 5, warmup: 1 });
  expect(q.overdueTotal).toBeGreaterThan(0);
  for (const p of [q.nationalQueryMs, q.provinceQueryMs, q.overdueListMs, q.bareQueryMs, q.bareReadMs]) expect(p?.count).toBe(5);
  await echo.stop();
}, 120_000);

test('history sizes cover every committee workflow of the directive', async () => {
  const h = await measureHistories(ctx, launch.directiveId, { root: org.rootId, province: org.largestProvince.id, district: org.largestDistrict.id });
  expect(h.workflows).toBe(org.counts.committees);
  expect(h.maxHistoryEvents).toBeGreaterThan(0);
  expect(h.root?.events).toBeGreaterThan(0);
  expect(h.largestDistrict?.events).toBeGreaterThan(0);
}, 60_000);
