/**
 * The results file: a stable top level (the issue's keys, kept so runs compare over time),
 * the targets with pass/fail, the details of every phase, and the growth series. Plus the
 * table printed on stdout.
 */
import { NATIONAL_UNITS } from './generate-org';
import { HISTORY_BYTES_LIMIT, HISTORY_EVENTS_WARNING } from './phases/histories';
import type { Machine } from './machine';
import type { RunMeasurement } from './run';
import type { BenchServer } from './stack';
import type { CurvePoint } from './phases/baselines';
import { linearFit, ratio, round } from './stats';

/**
 * Version of the file's shape; bump when a stable key changes meaning. 2 (issue 19): baselines at
 * saturation, CPU of the whole machine per operation, first reports apart from corrections, the
 * rollups' floor a bare PostgreSQL read, a report's latency its call's.
 */
export const RESULT_SCHEMA = 'directive-cascade-bench/2';

/** One point of the growth series. */
export interface SeriesPoint {
  units: number;
  committees: number;
  launchSeconds: number | null;
  unitsPerSecond: number | null;
  /** Peak RSS up to the end of the launch. */
  workerRssMB: number | null;
  serverRssMB: number | null;
  /** CPU milliseconds per launched unit, per process: unlike wall-clock time, barely moved by other load on a shared machine. */
  launchCpuMsPerUnit: Record<string, number | null>;
  /** Load average (1 min) when the launch ended. */
  loadAverage: number | null;
}

/** A target of the issue and how this run did. */
export interface TargetResult {
  id: string;
  description: string;
  target: string;
  actual: string;
  status: 'pass' | 'fail' | 'n/a';
}

type P3 = { p50: number; p95: number; p99: number };
type P2 = { p50: number; p99: number };

/** The results file. The keys down to `machine` are the stable ones the issue names. */
export interface BenchResult {
  /** The Temporal the run measured. */
  server: BenchServer;
  units: number;
  launchSeconds: number | null;
  unitsPerSecond: number | null;
  emptyWorkflowsPerSecond: number | null;
  launchRatio: number | null;
  reportsPerSecond: number | null;
  bareUpdatesPerSecond: number | null;
  /** The report call's own latency in the steady phase named by reportLatencyAtRate. */
  reportCallMs: P3 | null;
  nationalQueryMs: P2 | null;
  /** The rollups' floor: a bare PostgreSQL read of the national rollup's shape. */
  bareReadMs: P2 | null;
  overdueListMs: P2 | null;
  workerRssMB: number | null;
  serverRssMB: number | null;
  maxHistoryEvents: number | null;
  machine: Machine;
  // More than the issue asks for:
  schema: string;
  startedAt: string;
  finishedAt: string;
  gitCommit: string | null;
  command: string;
  reportRatio: number | null;
  correctionsPerSecond: number | null;
  correctionRatio: number | null;
  nationalQueryRatio: number | null;
  provinceQueryMs: P2 | null;
  provinceQueryRatio: number | null;
  overdueListRatio: number | null;
  /** Offered rate of the steady phase reportCallMs and rootPropagationMs come from. */
  reportLatencyAtRate: number | null;
  /** Report accepted → counted in the root workflow's own rollup (polled every 100 ms): how fast the tree's rollup follows, not what supervisors read. */
  rootPropagationMs: P3 | null;
  /** A query on a trivial workflow (for comparison; not a floor of the rollups, which read PostgreSQL). */
  bareTemporalQueryMs: P2 | null;
  maxHistoryBytes: number | null;
  projected55kLaunchSeconds: number | null;
  correct: boolean | null;
  /** The district level dissolved under load (phases/reorganisation.ts); null for a launch-only run. */
  reorganisation: {
    seconds: number;
    lostReports: number;
    duplicateEmails: number;
    rollupExact: boolean;
    maxHistoryEvents: number;
  } | null;
  /**
   * CPU milliseconds of the whole machine (every process: workers, Temporal, PostgreSQL, the SMTP
   * sink and the load) per operation, and the ratios they imply. Rates on a shared 2-core machine
   * move with other load; CPU per operation barely does.
   */
  cpuMs: {
    perLaunchedUnit: number | null;
    perEmptyWorkflow: number | null;
    perReport: number | null;
    perCorrection: number | null;
    perBareUpdate: number | null;
    launchRatio: number | null;
    reportRatio: number | null;
    correctionRatio: number | null;
  };
  targets: TargetResult[];
  series: SeriesPoint[];
  seriesFit: { secondsPerThousandUnits: number; interceptSeconds: number; r2: number; lastToFirstSlope: number | null } | null;
  definitions: Record<string, string>;
  run: RunMeasurement;
  /** The same run on the other servers of `--servers`, side by side (absent from single-server files). */
  otherServers?: BenchResult[];
}

const p2 = (p: { p50: number; p99: number } | undefined): P2 | null => (p ? { p50: p.p50, p99: p.p99 } : null);
const p3 = (p: P3): P3 => ({ p50: p.p50, p95: p.p95, p99: p.p99 });

/** A run's point on the growth series. */
export function seriesPoint(run: RunMeasurement): SeriesPoint {
  return {
    units: run.units,
    committees: run.org.counts.committees,
    launchSeconds: run.launch.launchSeconds,
    unitsPerSecond: run.launch.unitsPerSecond,
    workerRssMB: run.memoryAtLaunch.workerRssMB,
    serverRssMB: run.memoryAtLaunch.serverRssMB,
    launchCpuMsPerUnit: Object.fromEntries(
      Object.entries(run.cpu.launch?.byProcess ?? {}).map(([k, v]) => [k, v === null ? null : round((v * 1_000) / run.launch.expected, 2)]),
    ),
    loadAverage: run.loadAverageAtLaunch,
  };
}

/** The steady phase whose latency represents the run: the fastest offered rate that was kept up with (≥ 95% accepted on schedule), else the slowest. */
function representativePhase(run: RunMeasurement) {
  const phases = run.reports?.phases ?? [];
  const keptUp = phases.filter((p) => p.failed === 0 && p.unsent === 0 && p.acceptedPerSecond >= 0.95 * p.offeredPerSecond);
  return (
    [...keptUp].sort((a, b) => b.offeredPerSecond - a.offeredPerSecond)[0] ?? [...phases].sort((a, b) => a.offeredPerSecond - b.offeredPerSecond)[0] ?? null
  );
}

function fitSeries(series: readonly SeriesPoint[]): BenchResult['seriesFit'] {
  const points = series.filter((p) => p.launchSeconds !== null).map((p) => ({ x: p.units, y: p.launchSeconds as number }));
  const fit = linearFit(points);
  if (!fit) return null;
  const slope = (a: { x: number; y: number }, b: { x: number; y: number }) => (b.y - a.y) / (b.x - a.x);
  const n = points.length;
  const lastToFirst = n >= 3 ? ratio(slope(points[n - 2]!, points[n - 1]!), slope(points[0]!, points[1]!)) : null;
  return {
    secondsPerThousandUnits: round(fit.slope * 1_000, 3),
    interceptSeconds: round(fit.intercept, 2),
    r2: round(fit.r2, 4),
    lastToFirstSlope: lastToFirst,
  };
}

/** A report is a person pressing "send": its call should answer within a second at the 95th percentile. */
const REPORT_CALL_P95_MS = 1_000;

const fmt = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toLocaleString('en', { maximumFractionDigits: digits });
const status = (ok: boolean | null): TargetResult['status'] => (ok === null ? 'n/a' : ok ? 'pass' : 'fail');

function evaluateTargets(r: Omit<BenchResult, 'targets'>): TargetResult[] {
  const sustained = (r.run.reports?.phases ?? []).filter((p) => p.offeredPerSecond >= 100);
  const sustainedOk = sustained.some(
    (p) => p.failed === 0 && p.unsent === 0 && p.acceptedPerSecond >= 0.95 * p.offeredPerSecond && p.callMs.p95 <= REPORT_CALL_P95_MS,
  );
  const atNational = r.units >= NATIONAL_UNITS;
  const fit = r.seriesFit;
  return [
    {
      id: 'launch-ratio',
      description: 'launch units/s ÷ empty workflows/s (saturated)',
      target: '≥ 10',
      actual: fmt(r.launchRatio, 2),
      status: status(r.launchRatio === null ? null : r.launchRatio >= 10),
    },
    {
      id: 'report-ratio',
      description: 'first reports/s ÷ bare updates/s (same rounds)',
      target: '≥ 0.9',
      actual: fmt(r.reportRatio, 2),
      status: status(r.reportRatio === null ? null : r.reportRatio >= 0.9),
    },
    {
      id: 'correction-ratio',
      description: 'corrections/s ÷ bare updates/s (same rounds)',
      target: '≥ 0.8',
      actual: fmt(r.correctionRatio, 2),
      status: status(r.correctionRatio === null ? null : r.correctionRatio >= 0.8),
    },
    {
      id: 'query-ratio',
      description: 'national rollup p99 ÷ bare PostgreSQL read p99',
      target: '≤ 1.5',
      actual: fmt(r.nationalQueryRatio, 2),
      status: status(r.nationalQueryRatio === null ? null : r.nationalQueryRatio <= 1.5),
    },
    {
      id: 'launch-55k',
      description: `national launch (55,000 units${r.server === 'dev-server' ? '' : ', no target on the cluster'})`,
      target: '≤ 60 s',
      actual: atNational ? `${fmt(r.launchSeconds)} s` : `${fmt(r.projected55kLaunchSeconds, 0)} s projected`,
      status: atNational && r.server === 'dev-server' ? status(r.launchSeconds === null ? null : r.launchSeconds <= 60) : 'n/a',
    },
    {
      id: 'launch-linear',
      description: 'launch cost linear in size (last segment slope ÷ first)',
      target: '≤ 1.5',
      actual: fit?.lastToFirstSlope != null ? `${fmt(fit.lastToFirstSlope, 2)} (R² ${fmt(fit.r2, 3)})` : 'needs --series with 3+ sizes',
      status: fit?.lastToFirstSlope != null ? status(fit.lastToFirstSlope <= 1.5) : 'n/a',
    },
    {
      id: 'reports-sustained',
      description: `first reports/s sustained with the call's p95 ≤ ${fmt(REPORT_CALL_P95_MS, 0)} ms`,
      target: '≥ 100/s',
      actual: sustained.map((p) => `${fmt(p.acceptedPerSecond)}/s @${p.offeredPerSecond} p95 ${fmt(p.callMs.p95, 0)} ms`).join('; ') || '—',
      status: sustained.length ? status(sustainedOk) : 'n/a',
    },
    {
      id: 'national-p99',
      description: 'national rollup query p99',
      target: '≤ 100 ms',
      actual: `${fmt(r.nationalQueryMs?.p99)} ms`,
      status: status(r.nationalQueryMs ? r.nationalQueryMs.p99 <= 100 : null),
    },
    {
      id: 'overdue-p99',
      description: 'overdue-list page p99',
      target: '≤ 300 ms',
      actual: `${fmt(r.overdueListMs?.p99)} ms`,
      status: status(r.overdueListMs ? r.overdueListMs.p99 <= 300 : null),
    },
    {
      id: 'history-events',
      description: 'largest workflow history (events)',
      target: `≤ ${HISTORY_EVENTS_WARNING.toLocaleString('en')}`,
      actual: fmt(r.maxHistoryEvents, 0),
      status: status(r.maxHistoryEvents === null ? null : r.maxHistoryEvents <= HISTORY_EVENTS_WARNING),
    },
    {
      id: 'history-bytes',
      description: 'largest workflow history (size)',
      target: '≤ 50 MB',
      actual: r.maxHistoryBytes === null ? '—' : `${fmt(r.maxHistoryBytes / 1024 / 1024, 2)} MB`,
      status: status(r.maxHistoryBytes === null ? null : r.maxHistoryBytes <= HISTORY_BYTES_LIMIT),
    },
    {
      id: 'worker-rss',
      description: 'worker peak RSS',
      target: '≤ 1,024 MB',
      actual: `${fmt(r.workerRssMB, 0)} MB`,
      status: status(r.workerRssMB === null ? null : r.workerRssMB <= 1_024),
    },
    ...reorganisationTargets(r),
    {
      id: 'correct',
      description: 'every unit launched, root rollup totals exact',
      target: 'exact',
      actual: r.correct === null ? '—' : r.correct ? 'exact' : (r.run.correctness?.mismatches.join('; ') ?? 'launch incomplete'),
      status: status(r.correct),
    },
  ];
}

/** The reorganisation phase's targets (issue 15): its time counts at national size only. */
function reorganisationTargets(r: Omit<BenchResult, 'targets'>): TargetResult[] {
  const g = r.reorganisation;
  const failed = r.run.reorganisation?.error ?? null;
  return [
    {
      id: 'reorg-time',
      description: 'district level dissolved under load (reorganise wall time)',
      target: '≤ 300 s at 55,000',
      actual: g ? `${fmt(g.seconds)} s${failed ? ' (failed)' : ''}` : '—',
      status: !g ? 'n/a' : failed ? 'fail' : r.units >= NATIONAL_UNITS ? status(g.seconds <= 300) : 'n/a',
    },
    {
      id: 'reorg-lost',
      description: 'reports lost around the reorganisation',
      target: '0',
      actual: g ? fmt(g.lostReports, 0) : '—',
      status: status(g ? g.lostReports === 0 : null),
    },
    {
      id: 'reorg-duplicates',
      description: 'emails sent twice (same directive/unit/kind/step)',
      target: '0',
      actual: g ? fmt(g.duplicateEmails, 0) : '—',
      status: status(g ? g.duplicateEmails === 0 : null),
    },
    {
      id: 'reorg-rollup',
      description: 'rollups after it = projection recount and load',
      target: 'exact',
      actual: !g
        ? '—'
        : g.rollupExact
          ? 'exact'
          : (failed?.split('\n')[0] ?? r.run.reorganisation?.rollup.checks.flatMap((c) => c.mismatches).join('; ') ?? ''),
      status: status(g ? g.rollupExact : null),
    },
    {
      id: 'reorg-history',
      description: 'largest committee history after it (events)',
      target: `< ${HISTORY_EVENTS_WARNING.toLocaleString('en')}`,
      actual: g ? fmt(g.maxHistoryEvents, 0) : '—',
      status: status(g ? g.maxHistoryEvents < HISTORY_EVENTS_WARNING : null),
    },
  ];
}

/** CPU ms of the whole machine per operation of a phase, or null. */
function cpuPer(run: RunMeasurement, phase: string, operations: number | undefined): number | null {
  const c = run.cpu[phase];
  if (!c || !operations || c.machineBusy === null) return null;
  return round((c.machineBusy * 1_000) / operations, 2);
}

function cpuFigures(run: RunMeasurement): BenchResult['cpuMs'] {
  const perLaunchedUnit = cpuPer(run, 'launch', run.launch.expected);
  const perEmptyWorkflow = cpuPer(run, 'emptyWorkflows', run.emptyWorkflows?.workflows);
  const perReport = cpuPer(run, 'firstReportsSaturation', run.reports?.firstReports?.accepted);
  const perCorrection = cpuPer(run, 'reportsSaturation', run.reports?.saturation?.accepted);
  const perBareUpdate = cpuPer(run, 'bareSaturation', run.bareUpdates?.saturation.accepted);
  // A ratio of rates is the inverse ratio of costs: units/s ÷ workflows/s = (ms per workflow) ÷ (ms per unit).
  return {
    perLaunchedUnit,
    perEmptyWorkflow,
    perReport,
    perCorrection,
    perBareUpdate,
    launchRatio: ratio(perEmptyWorkflow, perLaunchedUnit),
    reportRatio: ratio(perBareUpdate, perReport),
    correctionRatio: ratio(perBareUpdate, perCorrection),
  };
}

/** Builds the results file from the full run and the series (which includes the full run's point). */
export function buildResult(
  run: RunMeasurement,
  series: SeriesPoint[],
  meta: { machine: Machine; startedAt: string; gitCommit: string | null; command: string },
): BenchResult {
  const phase = representativePhase(run);
  const q = run.queries;
  const firstReports = run.reports?.firstReports ?? null;
  const bare = run.bareUpdates?.saturation.acceptedPerSecond ?? null;
  const floor = q?.bareReadMs?.p99 ?? null;
  const launchedAll = run.launch.received === run.launch.expected && run.launch.notices === run.launch.expected;
  const partial: Omit<BenchResult, 'targets'> = {
    server: run.stack.server ?? 'dev-server',
    units: run.units,
    launchSeconds: run.launch.launchSeconds,
    unitsPerSecond: run.launch.unitsPerSecond,
    emptyWorkflowsPerSecond: run.emptyWorkflows?.perSecond ?? null,
    launchRatio: ratio(run.launch.unitsPerSecond, run.emptyWorkflows?.perSecond ?? null),
    reportsPerSecond: firstReports?.acceptedPerSecond ?? null,
    bareUpdatesPerSecond: bare,
    reportCallMs: phase ? p3(phase.callMs) : null,
    nationalQueryMs: p2(q?.nationalQueryMs),
    bareReadMs: p2(q?.bareReadMs),
    overdueListMs: p2(q?.overdueListMs),
    workerRssMB: run.memory.workerRssMB,
    serverRssMB: run.memory.serverRssMB,
    maxHistoryEvents: run.histories?.maxHistoryEvents ?? null,
    machine: meta.machine,
    schema: RESULT_SCHEMA,
    startedAt: meta.startedAt,
    finishedAt: new Date().toISOString(),
    gitCommit: meta.gitCommit,
    command: meta.command,
    reportRatio: ratio(firstReports?.acceptedPerSecond ?? null, bare),
    correctionsPerSecond: run.reports?.saturation?.acceptedPerSecond ?? null,
    correctionRatio: ratio(run.reports?.saturation?.acceptedPerSecond ?? null, bare),
    nationalQueryRatio: ratio(q?.nationalQueryMs.p99 ?? null, floor),
    provinceQueryMs: p2(q?.provinceQueryMs),
    provinceQueryRatio: ratio(q?.provinceQueryMs.p99 ?? null, floor),
    overdueListRatio: ratio(q?.overdueListMs.p99 ?? null, floor),
    reportLatencyAtRate: phase?.offeredPerSecond ?? null,
    rootPropagationMs: phase ? p3(phase.rollupLatencyMs) : null,
    bareTemporalQueryMs: p2(q?.bareQueryMs),
    maxHistoryBytes: run.histories?.maxHistoryBytes ?? null,
    projected55kLaunchSeconds: run.launch.launchSeconds === null ? null : round((run.launch.launchSeconds * NATIONAL_UNITS) / run.units, 0),
    correct: run.correctness ? launchedAll && run.correctness.exact : launchedAll ? null : false,
    reorganisation: run.reorganisation
      ? {
          seconds: run.reorganisation.reorganiseSeconds,
          lostReports: run.reorganisation.lost.total,
          duplicateEmails: run.reorganisation.mail.duplicateEmails,
          rollupExact: run.reorganisation.error === null && run.reorganisation.rollup.exact,
          maxHistoryEvents: run.reorganisation.histories.maxHistoryEvents,
        }
      : null,
    cpuMs: cpuFigures(run),
    series,
    seriesFit: fitSeries(series),
    definitions: DEFINITIONS,
    run,
  };
  return { ...partial, targets: evaluateTargets(partial) };
}

/** What each stable figure means, written into every results file. */
const DEFINITIONS: Record<string, string> = {
  server:
    "the Temporal measured: 'dev-server' (the CLI's dev server, SQLite, one history shard) or 'cluster' (npm run cluster's five processes, 8 history shards, persistence and visibility on PostgreSQL)",
  units: 'units in the organisation, the central root included (all but the root receive the directive)',
  launchSeconds:
    "from CascadeClient.launch() until the root rollup counts every unit and every unit's notice has reached the SMTP sink; the districts' reminders and escalations fall due after it (--district-deadline PT4M) and are measured apart (run.deadlines), and run.launch counts any that went out during it",
  unitsPerSecond: 'units that received the directive ÷ launchSeconds',
  emptyWorkflowsPerSecond:
    'trivial workflows started and awaited to completion per second at saturation: closed loop, the concurrency doubled from --concurrency until two doublings in a row raised throughput by less than 5% (the curve is run.emptyWorkflows.curve), same server, a worker with only the trivial workflows',
  launchRatio: 'unitsPerSecond ÷ emptyWorkflowsPerSecond',
  cpuMs:
    'busy CPU milliseconds of the whole machine (every process: workers, Temporal, both PostgreSQL servers, the SMTP sink and the load generator) per launched unit, saturated empty workflow, first report, correction and bare update (the last three in the same capacity rounds), with the ratios they imply; the per-process split is in run.cpu',
  reportsPerSecond:
    'first reports (a unit reporting for the first time: status, reminders cancelled, counts moved) accepted per second through CascadeClient.report, closed loop, in the capacity rounds (run.capacity), which rotate with corrections and bare updates at the same concurrency',
  correctionsPerSecond: 'corrections of a report (CascadeClient.correct) accepted per second, in the same rounds and concurrency',
  bareUpdatesPerSecond:
    'no-op workflow updates accepted per second in the same rounds, spread over as many trivial workflows as there are committees; the rounds run at the concurrency where bare updates saturate (run.bareUpdates.curve)',
  reportRatio: 'reportsPerSecond ÷ bareUpdatesPerSecond',
  correctionRatio: 'correctionsPerSecond ÷ bareUpdatesPerSecond',
  reportCallMs:
    "a first report's call (CascadeClient.report, which commits the report before it answers) in the steady phase named by reportLatencyAtRate: the fastest offered rate kept up with",
  rootPropagationMs:
    "report accepted → counted in the root committee workflow's own rollup query (polled every 100 ms; the tree's rollup messages are batched, so seconds): what the workflow tree shows, not what supervisors read, which is PostgreSQL's rollup, current when the call answers",
  nationalQueryMs: 'CascadeClient.rollup(directive): the directive (cached) and one PostgreSQL statement over the rollup counters',
  bareReadMs:
    "the rollups' floor: one bare PostgreSQL statement of the national rollup's shape (the directive's counter rows summed per level and status) on the same pool",
  nationalQueryRatio: 'nationalQueryMs p99 ÷ bareReadMs p99 (provinceQueryRatio and overdueListRatio likewise)',
  bareTemporalQueryMs: 'a query returning one number from a trivial workflow, for comparison only',
  overdueListMs: "CascadeClient.listUnits(directive, { status: 'overdue', limit: 50, offset: 0..200 })",
  workerRssMB: 'peak resident memory (VmHWM) of the engine worker process over the whole run (the baselines run in a worker of their own)',
  serverRssMB:
    "peak resident memory of Temporal over the whole run: the dev server's VmHWM, or the highest sampled sum of the cluster's five processes (its PostgreSQL not included)",
  maxHistoryEvents: 'largest history (events) of any run of any committee workflow of the directive',
  reorganisation:
    "last phase: CascadeClient.reorganise dissolving the district level of the directive while cells report and correct at --reorg-rate/s; seconds = reorganise's wall time, lostReports = failed calls + units whose projection lacks their accepted report, duplicateEmails = messages the sink got twice (same Message-ID), rollupExact = the rollups of the root and three provinces equal a recount of unit_projection (and the root the organisation and the accepted reports), maxHistoryEvents = largest committee history afterwards",
  retired:
    "schema 1's reportsPerSecond (corrections), rollupLatencyMs (report → root, polling-bound), bareQueryMs as the rollups' floor, the empty-workflow baseline at a fixed 64 callers and cpuMs of the workers and the dev server alone: each favoured the engine by construction (issue 19)",
};

/** The table printed at the end of a run. */
export function formatTable(r: BenchResult): string {
  const run = r.run;
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(42)} ${value}`);
  lines.push('');
  lines.push(
    `directive-cascade benchmark on the ${r.server} — ${r.units.toLocaleString('en')} units (${run.org.counts.provinces} provinces, ${run.org.counts.districts} districts, ${run.org.counts.cells.toLocaleString('en')} cells; ${run.org.members.toLocaleString('en')} members)`,
  );
  lines.push(
    `  machine: ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGB} GB, ${r.machine.os}, Node ${r.machine.node}; load ${r.machine.loadAverageAtStart.join(' ')} → ${r.machine.loadAverageAtEnd?.join(' ') ?? '?'}` +
      (r.machine.calibration
        ? `; SHA-256 ${r.machine.calibration.sha256MBPerSecond} MB/s, ${r.machine.calibration.loopbackRoundTripsPerSecond} loopback round trips/s`
        : ''),
  );
  lines.push(`  stack:   ${run.stack.temporal}; ${run.stack.postgres}; ${run.stack.smtp.split(' on ')[0]}; worker as ${run.stack.worker}`);
  lines.push('');
  row(
    'launch (until every unit received)',
    `${fmt(r.launchSeconds)} s  (${fmt(r.unitsPerSecond)} units/s; rollup ${fmt(run.launch.rollupCompleteSeconds)} s, notices ${fmt(run.launch.noticesCompleteSeconds)} s, projection ${fmt(run.launch.projectionCompleteSeconds)} s)`,
  );
  const cpuRow = (label: string, phase: string) => {
    const c = run.cpu[phase];
    if (!c) return;
    const procs = Object.entries(c.byProcess)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ');
    row(label, `${procs} s of ${fmt(c.seconds)} s; machine busy ${fmt(c.machineBusy)} of ${fmt(c.machineCapacity)} CPU-s`);
  };
  cpuRow('  CPU during launch', 'launch');
  row('  import org / launch() call', `${fmt(run.launch.importSeconds, 2)} s / ${fmt(run.launch.launchCallSeconds, 2)} s`);
  const during = (run.launch.remindersDuringLaunch ?? 0) + (run.launch.escalationsDuringLaunch ?? 0);
  if (during > 0)
    row('  NOT ALONE: timers during the launch', `${run.launch.remindersDuringLaunch} reminders, ${run.launch.escalationsDuringLaunch} escalations`);
  if (run.deadlines) {
    const d = run.deadlines;
    row(
      "districts' reminders and escalations",
      `${fmt(d.reminders, 0)} and ${fmt(d.escalations, 0)} for ${fmt(d.districts, 0)} districts, ${d.afterLaunchSeconds === null ? 'NOT ALL within the timeout' : `the last ${fmt(d.afterLaunchSeconds)} s after the launch`}`,
    );
  }
  const curve = (points: CurvePoint[] | undefined) => (points ?? []).map((p) => `${p.concurrency}: ${fmt(p.perSecond)}`).join(', ');
  row(
    'empty workflows (start+complete), saturated',
    `${fmt(r.emptyWorkflowsPerSecond)}/s at ${fmt(run.emptyWorkflows?.concurrency, 0)} callers   → launch ratio ${fmt(r.launchRatio, 2)}`,
  );
  row('  curve (callers: workflows/s)', curve(run.emptyWorkflows?.curve));
  row(
    '  machine CPU ms per unit / workflow',
    `${fmt(r.cpuMs.perLaunchedUnit, 2)} / ${fmt(r.cpuMs.perEmptyWorkflow, 2)}   → CPU launch ratio ${fmt(r.cpuMs.launchRatio, 2)}`,
  );
  cpuRow('  CPU during empty workflows (best step)', 'emptyWorkflows');
  for (const p of run.reports?.phases ?? []) {
    row(
      `first reports at ${p.offeredPerSecond}/s (${p.accepted} in ${fmt(p.seconds)} s)`,
      `${fmt(p.acceptedPerSecond)}/s accepted, ${p.failed} failed${p.failedButRecorded ? ` (${p.failedButRecorded} recorded anyway)` : ''}${p.failedUnknown ? `, ${p.failedUnknown} unknown` : ''}${p.unsent ? `, ${p.unsent} not sent (overload)` : ''}; call p50 ${fmt(p.callMs.p50, 0)} p95 ${fmt(p.callMs.p95, 0)} p99 ${fmt(p.callMs.p99, 0)} ms; root workflow p95 ${fmt(p.rollupLatencyMs.p95, 0)} ms`,
    );
  }
  for (const p of run.bareUpdates?.phases ?? [])
    row(`bare updates at ${p.offeredPerSecond}/s`, `${fmt(p.acceptedPerSecond)}/s accepted; call p50 ${fmt(p.callMs.p50, 0)} p99 ${fmt(p.callMs.p99, 0)} ms`);
  row('bare updates, saturation curve', curve(run.bareUpdates?.curve));
  if (run.capacity) {
    const rounds = run.capacity.rounds.map((c) => `${fmt(c.reportsPerSecond)}/${fmt(c.correctionsPerSecond)}/${fmt(c.barePerSecond)}`).join(', ');
    row(
      `capacity rounds (${run.capacity.rounds.length} × ${fmt(run.capacity.secondsPerRound)} s a side, ${fmt(run.capacity.concurrency, 0)} callers)`,
      `first reports/corrections/bare per round: ${rounds}`,
    );
  }
  const saturated = (label: string, perSecond: number | null, calls: { callMs: { p50: number; p99: number } } | null | undefined, ratioValue: number | null) =>
    row(
      label,
      `${fmt(perSecond)}/s  (call p50 ${fmt(calls?.callMs.p50, 0)} p99 ${fmt(calls?.callMs.p99, 0)} ms)${ratioValue === null ? '' : ` → ÷ bare ${fmt(ratioValue, 2)}`}`,
    );
  saturated('first reports, saturation', r.reportsPerSecond, run.reports?.firstReports, r.reportRatio);
  saturated('corrections, saturation', r.correctionsPerSecond, run.reports?.saturation, r.correctionRatio);
  saturated('bare updates, saturation', r.bareUpdatesPerSecond, run.bareUpdates?.saturation, null);
  cpuRow('  CPU during first reports', 'firstReportsSaturation');
  cpuRow('  CPU during corrections', 'reportsSaturation');
  cpuRow('  CPU during bare updates', 'bareSaturation');
  row(
    '  machine CPU ms per report / correction / update',
    `${fmt(r.cpuMs.perReport, 2)} / ${fmt(r.cpuMs.perCorrection, 2)} / ${fmt(r.cpuMs.perBareUpdate, 2)}   → CPU ratios ${fmt(r.cpuMs.reportRatio, 2)} / ${fmt(r.cpuMs.correctionRatio, 2)}`,
  );
  const q = (label: string, p: P2 | null, ratioValue: number | null) =>
    row(label, `p50 ${fmt(p?.p50)} ms, p99 ${fmt(p?.p99)} ms${ratioValue === null ? '' : `   (÷ bare read p99 = ${fmt(ratioValue, 2)})`}`);
  q('national rollup query', r.nationalQueryMs, r.nationalQueryRatio);
  q(`province rollup query (${run.queries?.provinceId ?? '—'})`, r.provinceQueryMs, r.provinceQueryRatio);
  q(`overdue list page (${fmt(run.queries?.overdueTotal, 0)} overdue)`, r.overdueListMs, r.overdueListRatio);
  q('bare PostgreSQL read (the floor)', r.bareReadMs, null);
  q('bare Temporal query (comparison)', r.bareTemporalQueryMs, null);
  row(
    'peak RSS worker / server',
    `${fmt(r.workerRssMB, 0)} MB / ${fmt(r.serverRssMB, 0)} MB (at launch end ${fmt(run.memoryAtLaunch.workerRssMB, 0)} / ${fmt(run.memoryAtLaunch.serverRssMB, 0)} MB; baseline worker ${fmt(run.memory.baselineWorkerRssMB, 0)} MB)`,
  );
  const h = run.histories;
  if (h) {
    row(
      'largest history',
      `${fmt(h.maxHistoryEvents, 0)} events, ${fmt((h.maxHistoryBytes ?? 0) / 1024 / 1024, 2)} MB (${h.maxHistoryWorkflowId}); ${h.runs} runs, ${h.continuedAsNew} continued-as-new`,
    );
    for (const [label, n] of [
      ['root', h.root],
      ['largest province', h.largestProvince],
      ['largest district', h.largestDistrict],
    ] as const) {
      if (n)
        row(
          `  ${label} ${n.unitId}`,
          `${fmt(n.events, 0)} events, ${fmt((n.bytes ?? 0) / 1024, 0)} kB now; ${n.runs} run(s), largest ${fmt(n.maxRunEvents, 0)} events`,
        );
    }
  }
  row(
    'mail at the sink',
    `${fmt(run.mail.byKind.notice, 0)} notices (${fmt(run.mail.noticedUnits, 0)} units, ${run.mail.duplicateNotices} duplicates), ${fmt(run.mail.byKind.reminder, 0)} reminders, ${fmt(run.mail.byKind.escalation, 0)} escalations`,
  );
  const g = run.reorganisation;
  if (g) {
    row(
      `reorganisation (dissolve ${run.org.counts.districts} districts)`,
      `${fmt(g.reorganiseSeconds)} s${g.error ? ' FAILED' : ''}; ${g.outcome ? `${fmt(g.outcome.committeesEnded, 0)} committees ended, ${fmt(g.outcome.handedOver, 0)} units handed over, ${fmt(g.outcome.unitsTaken, 0)} taken` : 'no outcome'}`,
    );
    cpuRow('  CPU during reorganise', 'reorganisation');
    row(
      `  load at ${g.load.offeredPerSecond}/s (${g.load.reports} reports, ${g.load.corrections} corr.)`,
      `${g.load.accepted}/${g.load.calls} accepted, ${g.load.duringReorganisation} during it; call p50 ${fmt(g.load.callMs.p50, 0)} p99 ${fmt(g.load.callMs.p99, 0)} ms`,
    );
    row(
      '  lost / duplicate emails / rollups',
      `${g.lost.total} lost (${g.lost.failedCalls} failed, ${g.lost.notShown} not shown) / ${g.mail.duplicateEmails} / ${g.rollup.exact ? `exact (${g.rollup.checks.length} checks)` : 'WRONG'}`,
    );
    row('  largest history after it', `${fmt(g.histories.maxHistoryEvents, 0)} events (${g.histories.maxHistoryWorkflowId}); ${g.histories.runs} runs`);
  }
  if (r.series.length > 1) {
    row(
      'growth series (launch s, worker/server MB)',
      r.series.map((p) => `${p.units.toLocaleString('en')}: ${fmt(p.launchSeconds)} s, ${fmt(p.workerRssMB, 0)}/${fmt(p.serverRssMB, 0)} MB`).join('; '),
    );
    const cpuOf = (p: SeriesPoint) => (p.launchCpuMsPerUnit.worker == null ? null : p.launchCpuMsPerUnit.worker + (p.launchCpuMsPerUnit.server ?? 0));
    row('  CPU ms per unit (worker+Temporal)', r.series.map((p) => `${p.units.toLocaleString('en')}: ${fmt(cpuOf(p), 2)}`).join('; '));
    if (r.seriesFit)
      row(
        '  linear fit',
        `${fmt(r.seriesFit.secondsPerThousandUnits, 2)} s per 1,000 units + ${fmt(r.seriesFit.interceptSeconds)} s, R² ${fmt(r.seriesFit.r2, 3)}`,
      );
  }
  lines.push('');
  lines.push('  targets');
  for (const t of r.targets) lines.push(`    ${t.status.toUpperCase().padEnd(5)} ${t.description.padEnd(58)} ${t.target.padEnd(12)} ${t.actual}`);
  lines.push('');
  return lines.join('\n');
}

/** The headline figures of the same run on each server, side by side. */
export function formatComparison(results: readonly BenchResult[]): string {
  const figures: Array<[string, (r: BenchResult) => string]> = [
    ['launch (s)', (r) => fmt(r.launchSeconds)],
    ['units/s', (r) => fmt(r.unitsPerSecond)],
    ['empty workflows/s (saturated)', (r) => `${fmt(r.emptyWorkflowsPerSecond)} @${fmt(r.run.emptyWorkflows?.concurrency, 0)}`],
    ['launch ratio', (r) => fmt(r.launchRatio, 2)],
    ['first reports/s', (r) => fmt(r.reportsPerSecond)],
    ['corrections/s', (r) => fmt(r.correctionsPerSecond)],
    ['bare updates/s', (r) => `${fmt(r.bareUpdatesPerSecond)} @${fmt(r.run.capacity?.concurrency, 0)}`],
    ['first reports ÷ bare', (r) => fmt(r.reportRatio, 2)],
    ['corrections ÷ bare', (r) => fmt(r.correctionRatio, 2)],
    ['report call p95 (ms)', (r) => `${fmt(r.reportCallMs?.p95, 0)} @${fmt(r.reportLatencyAtRate, 0)}/s`],
    ['machine CPU ms / unit, workflow', (r) => `${fmt(r.cpuMs.perLaunchedUnit, 2)}, ${fmt(r.cpuMs.perEmptyWorkflow, 2)}`],
    ['machine CPU ms / report, correction, update', (r) => `${fmt(r.cpuMs.perReport, 2)}, ${fmt(r.cpuMs.perCorrection, 2)}, ${fmt(r.cpuMs.perBareUpdate, 2)}`],
    ['national rollup p99 ÷ bare read', (r) => `${fmt(r.nationalQueryMs?.p99)} ms ÷ ${fmt(r.bareReadMs?.p99)} = ${fmt(r.nationalQueryRatio, 2)}`],
    ['peak RSS worker / Temporal (MB)', (r) => `${fmt(r.workerRssMB, 0)} / ${fmt(r.serverRssMB, 0)}`],
    ['largest history (events)', (r) => fmt(r.maxHistoryEvents, 0)],
    [
      'reorganisation (s), lost, duplicates',
      (r) => (r.reorganisation ? `${fmt(r.reorganisation.seconds)}, ${r.reorganisation.lostReports}, ${r.reorganisation.duplicateEmails}` : '—'),
    ],
    ['rollups exact', (r) => (r.correct === null ? '—' : r.correct && (r.reorganisation?.rollupExact ?? true) ? 'yes' : 'NO')],
  ];
  const width = 26;
  const lines = [
    '',
    `  side by side — ${results[0]?.units.toLocaleString('en') ?? ''} units`,
    `  ${''.padEnd(44)} ${results.map((r) => r.server.padEnd(width)).join(' ')}`,
  ];
  for (const [label, value] of figures) lines.push(`  ${label.padEnd(44)} ${results.map((r) => value(r).padEnd(width)).join(' ')}`);
  lines.push('');
  return lines.join('\n');
}
