// Experiment: the capacity rounds alone (phases/capacity.ts) after a launch and a first report
// from 8,000 units, without the other phases; BENCH_WORKER_NODE_FLAGS passes V8 flags to the
// workers (e.g. --trace-gc; the logs stay in tools/bench/results/tmp/capacity-*).
//   npx tsx tools/bench/experiments/capacity-rounds.ts [units=5000] [rounds=4] [secondsPerRound=10]
import path from 'node:path';
import { vnIsoDate } from '../../../src/domain/time/vn-time';
import { benchDirectiveSpec } from '../context';
import { generateOrg } from '../generate-org';
import { threadCpuSeconds } from '../memory';
import { measureCapacity, type Meter } from '../phases/capacity';
import { startEchoWorkflows } from '../phases/baselines';
import { runLaunch } from '../phases/launch';
import { ReportLedger, reportBody } from '../phases/reports';
import { reportOrder } from '../run';
import { startBenchStack } from '../stack';
import { inPool, sleep } from '../stats';

/** Per-thread CPU seconds spent while each side ran, summed over its rounds. */
class ThreadMeter {
  readonly totals = new Map<string, { seconds: number; threads: Map<string, number> }>();
  constructor(private readonly pids: Record<string, number | null>) {}
  readonly meter: Meter = async (phase, work) => {
    const before = Object.entries(this.pids).map(([k, pid]) => [k, threadCpuSeconds(pid)] as const);
    const t0 = Date.now();
    try {
      return await work();
    } finally {
      const total = this.totals.get(phase) ?? { seconds: 0, threads: new Map<string, number>() };
      total.seconds += (Date.now() - t0) / 1_000;
      for (const [k, map] of before) {
        for (const [thread, after] of threadCpuSeconds(this.pids[k] ?? null)) {
          const key = `${k}:${thread}`;
          total.threads.set(key, (total.threads.get(key) ?? 0) + after - (map.get(thread) ?? 0));
        }
      }
      this.totals.set(phase, total);
    }
  };
  report(): string {
    return [...this.totals]
      .map(([phase, t]) => {
        const top = [...t.threads]
          .filter(([, v]) => v / t.seconds >= 0.02)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 10);
        const sum = [...t.threads.values()].reduce((a, b) => a + b, 0);
        return `${phase} (${t.seconds.toFixed(1)} s, ${(sum / t.seconds).toFixed(2)} cores in all): ${top.map(([k, v]) => `${k.replace(/\/\d+$/, '')} ${(v / t.seconds).toFixed(2)}`).join(', ')}`;
      })
      .join('\n');
  }
}

async function main(): Promise<void> {
  const log = (l: string) => console.error(l);
  const [units, rounds, secondsPerRound] = [5000, 4, 10].map((d, i) => Number(process.argv[2 + i] ?? d)) as [number, number, number];
  const tag = `capacity-${Date.now()}`;
  const stack = await startBenchStack({ workDir: path.join(__dirname, '..', 'results', 'tmp', tag), log, tag });
  const { ctx } = stack;
  try {
    const org = generateOrg({ units });
    const now = new Date();
    const launch = await runLaunch(ctx, org, benchDirectiveSpec({ now, districtDeadline: 'P30D' }));
    const target = { directiveId: launch.directiveId, conferenceDate: vnIsoDate(now.toISOString()) };
    const echo = await startEchoWorkflows(ctx, Math.min(1_000, Math.max(16, org.counts.committees)), tag);
    const reported = new ReportLedger();
    const plans = reportOrder(org).slice(0, 8_000);
    await inPool(plans, 64, async (plan, i) => {
      await ctx.cascade.report(target.directiveId, plan.unitId, reportBody(plan.unitId, plan.figures, target.conferenceDate, i), 'x');
      reported.set(plan.unitId, plan.level, plan.figures);
    });
    // CAPACITY_SPREAD=1: the corrections go to the committees in turn (no two calls in flight at
    // one committee while there are more committees than callers), to tell what a committee's
    // serial processing costs the random order.
    const ledger = new ReportLedger();
    const reportedUnits = reported.reportedUnits();
    if (process.env.CAPACITY_SPREAD === '1') {
      // Which committee workflow holds each unit, as the snapshot records it (what CascadeClient sends updates to).
      const { rows } = await ctx.pool.query<{ unit_id: string; holder_id: string }>('SELECT unit_id, holder_id FROM directive_units WHERE directive_id = $1', [
        target.directiveId,
      ]);
      const holders = new Map(rows.map((r) => [r.unit_id, r.holder_id]));
      const holderOf = (id: string) => holders.get(id)!;
      const byHolder = new Map<string, typeof reportedUnits>();
      for (const u of reportedUnits) {
        const lane = byHolder.get(holderOf(u.unitId));
        if (lane) lane.push(u);
        else byHolder.set(holderOf(u.unitId), [u]);
      }
      const lanes = [...byHolder.values()];
      for (let i = 0; lanes.some((l) => i < l.length); i++) for (const l of lanes) if (l[i]) ledger.set(l[i]!.unitId, l[i]!.level, l[i]!.figures);
    } else for (const u of reportedUnits) ledger.set(u.unitId, u.level, u.figures);
    await sleep(10_000);
    const threads = new ThreadMeter({ worker: stack.workerPid, baseline: stack.baselineWorkerPid, server: stack.temporal.pid, bench: process.pid });
    const c = await measureCapacity(ctx, echo, target, ledger, {
      rounds,
      secondsPerRound,
      concurrency: 64,
      seed: org.seed,
      between: () => sleep(3_000),
      meter: threads.meter,
    });
    console.log(threads.report());
    for (const r of c.rounds)
      console.log(
        `round ${r.round} (${r.order.join(' then ')}): corrections ${r.correctionsPerSecond}/s, bare ${r.barePerSecond}/s, ratio ${(r.correctionsPerSecond / r.barePerSecond).toFixed(2)}`,
      );
    console.log(
      `corrections ${c.corrections.acceptedPerSecond}/s ÷ bare ${c.bare.acceptedPerSecond}/s = ${(c.corrections.acceptedPerSecond / c.bare.acceptedPerSecond).toFixed(3)}; call p50/p99 ${c.corrections.callMs.p50}/${c.corrections.callMs.p99} vs ${c.bare.callMs.p50}/${c.bare.callMs.p99} ms`,
    );
    await echo.stop();
  } finally {
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
