/**
 * One benchmark run on a fresh stack: launch, then (for a full run) the districts' reminders and
 * escalations, the baselines, report ingestion, the correctness check, supervisor queries,
 * history sizes and the reorganisation. A launch-only run is a point of the growth series.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { benchDirectiveSpec, type BenchContext } from './context';
import { generateOrg, orgSummary, type GeneratedOrg } from './generate-org';
import type { MailCounts } from './mail-counter';
import { addCpu, cpuMeter, groupCpuSeconds, RssSampler, type CpuUse, type ProcessGroups } from './memory';
import { measureCapacity, type CapacityRound } from './phases/capacity';
import {
  measureEmptyWorkflows,
  measureSteadyBareUpdates,
  saturate,
  sendBareUpdates,
  startEchoWorkflows,
  type BareUpdateMeasurement,
  type CurvePoint,
  type EmptyWorkflowMeasurement,
} from './phases/baselines';
import { checkRollup, type RollupCheck } from './phases/correctness';
import { measureHistories, type HistoryMeasurement } from './phases/histories';
import { runLaunch, type LaunchMeasurement } from './phases/launch';
import { waitForDeadlines, type DeadlinesMeasurement } from './phases/deadlines';
import { measureQueries, type QueryMeasurement } from './phases/queries';
import { runReorganisation, type ReorganisationMeasurement } from './phases/reorganisation';
import { planReports, ReportLedger, runSteadyReports, type ReportPlan, type SaturatedReports, type SteadyReportPhase } from './phases/reports';
import { nowMs, sleep } from './stats';
import { summarize } from './load';
import { startBenchStack, type BenchServer, type StackInfo } from './stack';

/** How to run. */
export interface RunOptions {
  units: number;
  server: BenchServer;
  seed?: string;
  /** Offered report rates of the steady phases, per second. */
  rates: number[];
  /** Length of each steady and baseline phase (steady phases shrink when the organisation has too few units to report); a capacity round runs half of it per side. */
  durationSeconds: number;
  /** Where the saturation curves of the baselines start (doubling until throughput stops rising). */
  concurrency: number;
  /** Alternating rounds of bare updates and corrections at saturation (phases/capacity.ts). */
  capacityRounds: number;
  querySamples: number;
  districtDeadline: string;
  /** Reports and corrections per second while the district level is dissolved (phases/reorganisation.ts). */
  reorgRate: number;
  /** False: launch only (a growth-series point). */
  full: boolean;
  workDir: string;
  log: (line: string) => void;
}

/** Peak resident memory, MB. */
export interface MemoryPeaks {
  workerRssMB: number | null;
  serverRssMB: number | null;
  baselineWorkerRssMB: number | null;
  benchRssMB: number | null;
}

/** What one run measured; the full-run parts are null for a launch-only run. */
export interface RunMeasurement {
  units: number;
  org: Omit<GeneratedOrg, 'units'>;
  stack: StackInfo;
  launch: LaunchMeasurement;
  memoryAtLaunch: MemoryPeaks;
  memory: MemoryPeaks;
  mail: MailCounts;
  /** At the saturating concurrency; `curve`: every step of the saturation (absent from files written before it). */
  emptyWorkflows: (EmptyWorkflowMeasurement & { curve?: CurvePoint[] }) | null;
  /** `saturation`: the corrections of all capacity rounds taken together; `firstReports`: the first reports of the same rounds (absent from older files). */
  reports: { phases: SteadyReportPhase[]; saturation: SaturatedReports | null; firstReports?: SaturatedReports } | null;
  /** `saturation`: the bare updates of all capacity rounds taken together; `curve`: the saturation curve that chose the rounds' concurrency. */
  bareUpdates: (BareUpdateMeasurement & { curve?: CurvePoint[] }) | null;
  /** Each capacity round's rates, in the order they ran. */
  capacity: { secondsPerRound: number; concurrency?: number; rounds: CapacityRound[] } | null;
  correctness: RollupCheck | null;
  queries: QueryMeasurement | null;
  histories: HistoryMeasurement | null;
  /** The districts' reminders and escalations, after the launch (absent from files written before it existed). */
  deadlines?: DeadlinesMeasurement | null;
  /** The district level dissolved under load, after every other phase (absent from files written before it existed). */
  reorganisation?: ReorganisationMeasurement | null;
  /** CPU seconds per phase, per owned process and for the whole machine (which may be shared). */
  cpu: Record<string, CpuUse>;
  /** 1-minute load average when the launch ended (the machine may be shared). */
  loadAverageAtLaunch: number | null;
  seconds: number;
}

/**
 * Reports per steady phase: rate × duration, scaled down together when the organisation has
 * fewer units than that (each unit reports once; 10% are kept in reserve).
 */
export function reportBudget(rates: readonly number[], durationSeconds: number, available: number): Array<{ rate: number; count: number; seconds: number }> {
  const wanted = rates.map((r) => r * durationSeconds);
  const total = wanted.reduce((a, b) => a + b, 0);
  const scale = Math.min(1, (0.9 * available) / Math.max(1, total));
  return rates.map((rate, i) => {
    const count = Math.max(1, Math.floor(wanted[i]! * scale));
    return { rate, count, seconds: Math.round((count / rate) * 10) / 10 };
  });
}

/** Units reporting first to last: seeded random, district committees last so the overdue list keeps rows. */
export function reportOrder(org: GeneratedOrg): ReportPlan[] {
  const plans = planReports(org);
  return [...plans.filter((p) => p.level !== 'district'), ...plans.filter((p) => p.level === 'district')];
}

/** Waits (bounded) until the overdue list has a row, so its query is measured on real rows. */
async function waitForOverdue(ctx: BenchContext, directiveId: string, timeoutMs: number): Promise<number> {
  const until = nowMs() + timeoutMs;
  for (;;) {
    const { total } = await ctx.cascade.listUnits(directiveId, { status: 'overdue', limit: 1 });
    if (total > 0 || nowMs() > until) return total;
    await sleep(1_000);
  }
}

/**
 * Waits until the workers, Temporal and the databases are nearly idle (under a quarter of a core
 * together over two seconds), at most `maxMs`: a phase must not be charged with the backlog of the one before.
 */
async function settle(groups: ProcessGroups, log: (line: string) => void, maxMs = 90_000): Promise<number> {
  const start = nowMs();
  const watched = Object.entries(groups).filter(([name]) => name !== 'bench');
  const used = () => watched.reduce<number>((sum, [, group]) => sum + (groupCpuSeconds(group) ?? 0), 0);
  for (;;) {
    const before = used();
    await sleep(2_000);
    const busy = (used() - before) / 2;
    if (busy < 0.25 || nowMs() - start > maxMs) {
      const waited = Math.round(nowMs() - start);
      if (waited > 2_500) log(`settled after ${(waited / 1_000).toFixed(0)} s (workers, Temporal and databases at ${Math.round(busy * 100)}% of a core)`);
      return waited;
    }
  }
}

/** Runs the benchmark once on a fresh stack; see the file comment. */
export async function runOnce(opts: RunOptions): Promise<RunMeasurement> {
  const { log } = opts;
  const started = nowMs();
  const org = generateOrg({ units: opts.units, seed: opts.seed });
  log(
    `organisation: ${org.counts.units.toLocaleString('en')} units (${org.counts.provinces} provinces, ${org.counts.districts} districts, ` +
      `${org.counts.cells.toLocaleString('en')} cells), ${org.members.toLocaleString('en')} members`,
  );
  const tag = `${Date.now().toString(36)}-${opts.units}`;
  const runDir = path.join(opts.workDir, tag);
  const stack = await startBenchStack({ workDir: runDir, log, tag, server: opts.server });
  let finished = false;
  const { ctx } = stack;
  log(`stack: ${stack.info.temporal} at ${stack.info.temporalAddress}; ${stack.info.postgres}; worker pid ${stack.info.workerPid}`);
  const groups = stack.processes;
  const rss = new RssSampler(groups).start();
  const peaks = (): MemoryPeaks => ({
    workerRssMB: rss.peak('worker'),
    serverRssMB: rss.peak('server'),
    baselineWorkerRssMB: rss.peak('baselineWorker'),
    benchRssMB: rss.peak('bench'),
  });
  const cpu: Record<string, CpuUse> = {};
  const metered = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const stop = cpuMeter(groups);
    try {
      return await work();
    } finally {
      // A phase measured in rounds (capacity) adds up.
      const use = stop();
      cpu[phase] = cpu[phase] ? addCpu(cpu[phase], use) : use;
    }
  };
  try {
    const now = new Date();
    const spec = benchDirectiveSpec({ districtDeadline: opts.districtDeadline, now });
    const conferenceDate = vnIsoDate(now.toISOString());
    const launch = await metered('launch', () => runLaunch(ctx, org, spec));
    const memoryAtLaunch = peaks();
    const loadAverageAtLaunch = os.loadavg()[0] ?? null;
    const base = { units: opts.units, org: orgSummary(org), stack: stack.info, launch, memoryAtLaunch, loadAverageAtLaunch };
    if (!opts.full) {
      finished = true;
      return {
        ...base,
        memory: peaks(),
        mail: ctx.mail.snapshot(),
        emptyWorkflows: null,
        reports: null,
        bareUpdates: null,
        capacity: null,
        correctness: null,
        queries: null,
        histories: null,
        deadlines: null,
        reorganisation: null,
        cpu,
        seconds: (nowMs() - started) / 1_000,
      };
    }

    // The districts' timers, in a phase of their own (the launch ended before the first was due).
    const deadlines = await metered('deadlines', () => waitForDeadlines(ctx, org.counts.districts, 600_000));

    const phaseSeconds = opts.durationSeconds;
    const quiet = () => settle(groups, log);
    // Baselines first, on a quiet system: an overloaded report phase leaves a backlog behind.
    // Each at saturation: its concurrency doubles until throughput stops rising, every step kept.
    const emptySteps = new Map<number, EmptyWorkflowMeasurement>();
    const emptyCurve = await saturate(
      async (concurrency) => {
        await quiet();
        const stop = cpuMeter(groups);
        const m = await measureEmptyWorkflows(ctx, { seconds: phaseSeconds, concurrency, tag: `${tag}-${concurrency}` });
        emptySteps.set(concurrency, m);
        return { perSecond: m.perSecond, callMs: m.roundTripMs, cpu: stop() };
      },
      { start: opts.concurrency, max: 1_024, log, label: 'empty workflows' },
    );
    const emptyWorkflows = { ...emptySteps.get(emptyCurve.best.concurrency)!, curve: emptyCurve.curve };
    cpu.emptyWorkflows = emptyCurve.best.cpu;
    log(`empty workflows: ${emptyWorkflows.perSecond}/s at ${emptyWorkflows.concurrency} callers (saturated)`);

    const echo = await startEchoWorkflows(ctx, Math.min(1_000, Math.max(16, org.counts.committees)), tag);
    const plans = reportOrder(org);
    const budget = reportBudget(opts.rates, phaseSeconds, plans.length);
    await quiet();
    const bareSteady = await metered('bareUpdates', () =>
      measureSteadyBareUpdates(
        ctx,
        echo,
        budget.map(({ rate, count }) => ({ rate, count })),
      ),
    );
    const secondsPerRound = Math.max(2, phaseSeconds / 2);
    const bareCurve = await saturate(
      async (concurrency) => {
        await quiet();
        const stop = cpuMeter(groups);
        const m = summarize(await sendBareUpdates(echo, { concurrency, seconds: secondsPerRound }));
        return { perSecond: m.acceptedPerSecond, callMs: m.callMs, cpu: stop() };
      },
      { start: opts.concurrency, max: 1_024, log, label: 'bare updates' },
    );
    const capacityConcurrency = bareCurve.best.concurrency;

    const ledger = new ReportLedger();
    const target = { directiveId: launch.directiveId, rootWorkflowId: launch.rootWorkflowId, conferenceDate };
    const phases: SteadyReportPhase[] = [];
    let offset = 0;
    for (const { rate, count, seconds } of budget) {
      await quiet();
      log(`reports: ${count} at ${rate}/s (${seconds} s)`);
      const phase = await metered(`reports@${rate}`, () => runSteadyReports(ctx, target, plans.slice(offset, offset + count), rate, ledger));
      offset += count;
      phases.push(phase);
      log(
        `reports at ${rate}/s: ${phase.acceptedPerSecond}/s accepted, ${phase.failed} failed (${phase.failedButRecorded} of them recorded anyway), ${phase.unsent} not sent; ` +
          `call p50 ${phase.callMs.p50} p95 ${phase.callMs.p95} p99 ${phase.callMs.p99} ms; root rollup p95 ${phase.rollupLatencyMs.p95} ms`,
      );
    }
    log(
      `capacity: ${opts.capacityRounds} rounds of bare updates, first reports and corrections, ${capacityConcurrency} callers (where bare updates saturate), ${secondsPerRound} s each`,
    );
    // District committees stay unreported, so the overdue list keeps rows for the query phase.
    const unreported = plans.slice(offset).filter((p) => p.level !== 'district');
    const capacity = await measureCapacity(ctx, echo, target, ledger, unreported, {
      rounds: opts.capacityRounds,
      secondsPerRound,
      concurrency: capacityConcurrency,
      seed: org.seed,
      between: quiet,
      meter: metered,
    });
    log(
      `capacity: first reports ${capacity.reports.acceptedPerSecond}/s, corrections ${capacity.corrections.acceptedPerSecond}/s, bare updates ${capacity.bare.acceptedPerSecond}/s`,
    );

    const correctness = await checkRollup(ctx, launch.directiveId, org, ledger, 120_000);
    log(correctness.exact ? `root rollup exact (settled in ${correctness.settledAfterMs} ms)` : `ROOT ROLLUP WRONG: ${correctness.mismatches.join('; ')}`);

    const overdue = await waitForOverdue(ctx, launch.directiveId, 120_000);
    await quiet();
    log(`queries: ${opts.querySamples} rounds (overdue list has ${overdue} rows)`);
    const queries = await metered('queries', () =>
      measureQueries(ctx, { directiveId: launch.directiveId, provinceId: org.largestProvince.id, echo: echo.handles[0]!, samples: opts.querySamples }),
    );

    const histories = await measureHistories(ctx, launch.directiveId, { root: org.rootId, province: org.largestProvince.id, district: org.largestDistrict.id });
    await echo.stop();

    // Last: it changes the organisation every phase above measured.
    await quiet();
    const reorganisation = await runReorganisation(ctx, launch.directiveId, org, ledger, {
      rate: opts.reorgRate,
      seed: org.seed,
      conferenceDate,
      quiet,
      meter: metered,
      named: { root: org.rootId, province: org.largestProvince.id, district: org.largestDistrict.id },
    });
    const r = reorganisation;
    log(
      `reorganisation: ${r.reorganiseSeconds} s; ${r.load.accepted}/${r.load.calls} calls accepted (${r.load.duringReorganisation} during it); ` +
        `lost ${r.lost.total}, duplicate emails ${r.mail.duplicateEmails}, rollups ${r.rollup.exact ? 'exact' : `WRONG: ${r.rollup.checks.flatMap((c) => c.mismatches).join('; ')}`}, ` +
        `largest history ${r.histories.maxHistoryEvents} events`,
    );
    finished = true;
    return {
      ...base,
      memory: peaks(),
      mail: ctx.mail.snapshot(),
      emptyWorkflows,
      reports: { phases, saturation: capacity.corrections, firstReports: capacity.reports },
      bareUpdates: { phases: bareSteady, saturation: capacity.bare, curve: bareCurve.curve },
      capacity: { secondsPerRound: capacity.secondsPerRound, concurrency: capacity.concurrency, rounds: capacity.rounds },
      correctness,
      queries,
      histories,
      deadlines,
      reorganisation,
      cpu,
      seconds: (nowMs() - started) / 1_000,
    };
  } finally {
    rss.stop();
    log('stopping the stack');
    await stack.stop();
    // The SQLite file of a national run is hundreds of MB; logs of a failed run are kept for reading.
    // BENCH_KEEP_RUN_DIR=1 keeps the SQLite file and the logs of a run that finished, for a look afterwards.
    if (finished && process.env.BENCH_KEEP_RUN_DIR !== '1') fs.rmSync(runDir, { recursive: true, force: true });
    else log(`server and worker logs kept in ${runDir}`);
  }
}
