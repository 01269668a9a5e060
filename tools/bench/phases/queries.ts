/**
 * Supervisor queries at full size, through the client: the national rollup, one province's
 * subtree rollup and a page of the overdue list; beside them a bare query on a trivial workflow.
 * The four are interleaved call by call so background noise falls on all of them alike.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { benchPingQuery, type benchEchoWorkflow } from '../baseline-workflows';
import type { BenchContext } from '../context';
import { percentiles, type Percentiles } from '../stats';
import { timed } from './baselines';

/** Latencies of the four queries, ms. */
export interface QueryMeasurement {
  samples: number;
  nationalQueryMs: Percentiles;
  provinceQueryMs: Percentiles;
  overdueListMs: Percentiles;
  bareQueryMs: Percentiles;
  /** Rows the overdue list had at the end (its `total`). */
  overdueTotal: number;
  provinceId: string;
}

/** Runs `samples` rounds of the four queries, after `warmup` rounds that are not counted. */
export async function measureQueries(
  ctx: BenchContext,
  opts: { directiveId: string; provinceId: string; echo: WorkflowHandle<typeof benchEchoWorkflow>; samples: number; warmup?: number; pageSize?: number },
): Promise<QueryMeasurement> {
  const national: number[] = [];
  const province: number[] = [];
  const overdue: number[] = [];
  const bare: number[] = [];
  let overdueTotal = 0;
  const pageSize = opts.pageSize ?? 50;
  const warmup = opts.warmup ?? 10;
  for (let i = 0; i < warmup + opts.samples; i++) {
    const keep = i >= warmup;
    const n = await timed(() => ctx.cascade.rollup(opts.directiveId));
    const p = await timed(() => ctx.cascade.rollup(opts.directiveId, opts.provinceId));
    // Pages 1-5 in turn: a supervisor paging through the list.
    const o = await timed(async () => {
      overdueTotal = (await ctx.cascade.listUnits(opts.directiveId, { status: 'overdue', limit: pageSize, offset: (i % 5) * pageSize })).total;
    });
    const b = await timed(() => opts.echo.query(benchPingQuery));
    if (keep) {
      national.push(n);
      province.push(p);
      overdue.push(o);
      bare.push(b);
    }
    if (keep && (i - warmup + 1) % 100 === 0) ctx.log(`queries: ${i - warmup + 1}/${opts.samples} rounds`);
  }
  return {
    samples: opts.samples,
    nationalQueryMs: percentiles(national),
    provinceQueryMs: percentiles(province),
    overdueListMs: percentiles(overdue),
    bareQueryMs: percentiles(bare),
    overdueTotal,
    provinceId: opts.provinceId,
  };
}
