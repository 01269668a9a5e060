/**
 * The same server's baselines, measured in the same run as the engine: empty workflows started
 * and completed, no-op updates on trivial workflows, and a trivial query. A baseline counts at
 * saturation: its concurrency is raised until throughput stops rising (saturate), since a baseline
 * held below its capacity flatters whatever is divided by it.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { benchEchoWorkflow, benchEmptyWorkflow, benchNoopUpdate, benchStopSignal } from '../baseline-workflows';
import type { BenchContext } from '../context';
import { closedLoop, openLoop, summarize, type CallRecord, type LoadSummary } from '../load';
import type { CpuUse } from '../memory';
import { inPool, nowMs, round, type Percentiles } from '../stats';

/** Empty workflows started and completed per second at a fixed concurrency. */
export interface EmptyWorkflowMeasurement {
  concurrency: number;
  workflows: number;
  seconds: number;
  perSecond: number;
  /** Start to completion of each workflow, as the client sees it. */
  roundTripMs: Percentiles;
}

/** Starts and awaits empty workflows from `concurrency` callers for `seconds`; the first `warmup` are not counted. */
export async function measureEmptyWorkflows(
  ctx: BenchContext,
  opts: { seconds: number; concurrency: number; tag: string; warmup?: number },
): Promise<EmptyWorkflowMeasurement> {
  let n = 0;
  const run = () =>
    ctx.temporal.workflow.execute(benchEmptyWorkflow, { taskQueue: ctx.baselineTaskQueue, workflowId: `bench-empty/${opts.tag}/${n++}` }).then(() => undefined);
  await inPool(Array.from({ length: opts.warmup ?? 20 }), Math.min(opts.concurrency, 10), run);
  const records = await closedLoop(opts.concurrency, opts.seconds, () => true, run);
  const summary = summarize(records);
  if (summary.failed > 0) throw new Error(`${summary.failed} of ${summary.calls} empty workflows failed: ${summary.errors.join('; ')}`);
  return {
    concurrency: opts.concurrency,
    workflows: summary.accepted,
    seconds: summary.seconds,
    perSecond: summary.acceptedPerSecond,
    roundTripMs: summary.callMs,
  };
}

/** One step of a saturation curve. */
export interface CurvePoint {
  concurrency: number;
  perSecond: number;
  callMs: Percentiles;
  /** CPU of the step (every process, and the machine). */
  cpu: CpuUse;
}

/** A saturation curve and its best point. */
export interface Saturation {
  curve: CurvePoint[];
  /** The step with the highest rate. */
  best: CurvePoint;
}

/** Throughput must rise by this share over the best so far, or a doubling of concurrency did not help. */
const SATURATION_GAIN = 0.05;
/** Doublings in a row that may fail to help before the curve counts as flat: one noisy step must not end it. */
const SATURATION_PATIENCE = 2;

/**
 * Doubles the concurrency from `start` until SATURATION_PATIENCE steps in a row no longer beat the
 * best so far by SATURATION_GAIN (the curve has flattened) or `max` is reached; every step is kept.
 * `step` runs one measurement at a concurrency, metered (CPU of the whole step).
 */
export async function saturate(
  step: (concurrency: number) => Promise<Omit<CurvePoint, 'concurrency'>>,
  opts: { start: number; max: number; log?: (line: string) => void; label?: string },
): Promise<Saturation> {
  if (!Number.isInteger(opts.start) || opts.start < 1 || opts.max < opts.start) throw new RangeError(`bad ladder ${opts.start}..${opts.max}`);
  const curve: CurvePoint[] = [];
  let best: CurvePoint | null = null;
  let flat = 0;
  for (let concurrency = opts.start; concurrency <= opts.max; concurrency *= 2) {
    const point = { concurrency, ...(await step(concurrency)) };
    curve.push(point);
    opts.log?.(`${opts.label ?? 'saturation'}: ${concurrency} callers → ${point.perSecond}/s`);
    const rose = best === null || point.perSecond >= best.perSecond * (1 + SATURATION_GAIN);
    if (best === null || point.perSecond > best.perSecond) best = point;
    flat = rose ? 0 : flat + 1;
    if (flat >= SATURATION_PATIENCE) break;
  }
  return { curve, best: best as CurvePoint };
}

/** Trivial workflows that take no-op updates and pings, and how to stop them. */
export interface EchoPool {
  handles: WorkflowHandle<typeof benchEchoWorkflow>[];
  /** One no-op update to the next workflow, round-robin, so updates spread as reports do over committees. */
  update(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `count` echo workflows (as many as there are committees, so updates spread alike). */
export async function startEchoWorkflows(ctx: BenchContext, count: number, tag: string): Promise<EchoPool> {
  const ids = Array.from({ length: count }, (_, i) => `bench-echo/${tag}/${i}`);
  const handles: WorkflowHandle<typeof benchEchoWorkflow>[] = new Array(count);
  await inPool(ids, 32, async (workflowId, i) => {
    handles[i] = await ctx.temporal.workflow.start(benchEchoWorkflow, { taskQueue: ctx.baselineTaskQueue, workflowId, args: [0] });
  });
  // One update each, so none is measured while its first workflow task is still pending.
  await inPool(handles, 32, async (h) => void (await h.executeUpdate(benchNoopUpdate, { args: [0] })));
  let next = 0;
  return {
    handles,
    update: () => {
      next += 1;
      return handles[next % handles.length]!.executeUpdate(benchNoopUpdate, { args: [next] }).then(() => undefined);
    },
    stop: () => inPool(handles, 32, (h) => h.signal(benchStopSignal).catch(() => undefined)),
  };
}

/** Bare updates at fixed offered rates, and at saturation (closed loop, measured in rounds beside the reports: phases/capacity.ts). */
export interface BareUpdateMeasurement {
  phases: Array<{ offeredPerSecond: number; unsent: number } & LoadSummary>;
  saturation: { concurrency: number } & LoadSummary;
}

/** No-op updates round-robin over the echo workflows, open loop, at each (rate, count). */
export async function measureSteadyBareUpdates(
  ctx: BenchContext,
  echo: EchoPool,
  steady: Array<{ rate: number; count: number }>,
): Promise<BareUpdateMeasurement['phases']> {
  const phases: BareUpdateMeasurement['phases'] = [];
  for (const { rate, count } of steady) {
    ctx.log(`bare updates: ${count} at ${rate}/s`);
    const { records, unsent } = await openLoop(Array.from({ length: count }), rate, () => echo.update());
    phases.push({ offeredPerSecond: rate, unsent, ...summarize(records) });
  }
  return phases;
}

/** `concurrency` callers send no-op updates for `seconds` (closed loop). */
export function sendBareUpdates(echo: EchoPool, opts: { concurrency: number; seconds: number }): Promise<CallRecord[]> {
  return closedLoop(
    opts.concurrency,
    opts.seconds,
    () => true,
    () => echo.update(),
  );
}

/** Elapsed ms of one call. */
export async function timed(call: () => Promise<unknown>): Promise<number> {
  const start = nowMs();
  await call();
  return round(nowMs() - start, 2);
}
