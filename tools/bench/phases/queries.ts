/**
 * Supervisor queries at full size, through the client: the national rollup, one province's
 * subtree rollup and a page of the overdue list. Their floor is a bare PostgreSQL read of the same
 * shape: the rollup counters of the directive grouped by level and status, one statement on the
 * same pool, without the client's lookups and checks (the rollups are PostgreSQL reads, so a
 * Temporal query is no floor for them; a bare one is still measured, for comparison). The five are
 * interleaved call by call so background noise falls on all of them alike.
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
  /** A query returning one number from a trivial workflow (not a floor of the others: they read PostgreSQL). */
  bareQueryMs: Percentiles;
  /** BARE_ROLLUP_READ: the floor of the rollups (absent from files written before it existed). */
  bareReadMs?: Percentiles;
  /** Rows the overdue list had at the end (its `total`). */
  overdueTotal: number;
  provinceId: string;
}

/**
 * The national rollup's shape without the engine: the directive's counter rows summed per level and
 * status (the rows the rollup returns), on the counters' primary-key prefix.
 */
const BARE_ROLLUP_READ = `
  SELECT level, status, sum(units) AS units, sum(attendees) AS attendees, sum(members) AS members,
         sum(essays_submitted) AS essays_submitted, sum(essays_expected) AS essays_expected
  FROM unit_rollup_counts
  WHERE directive_id = $1 AND units <> 0
  GROUP BY level, status`;

/** Runs `samples` rounds of the four queries, after `warmup` rounds that are not counted. */
export async function measureQueries(
  ctx: BenchContext,
  opts: { directiveId: string; provinceId: string; echo: WorkflowHandle<typeof benchEchoWorkflow>; samples: number; warmup?: number; pageSize?: number },
): Promise<QueryMeasurement> {
  const national: number[] = [];
  const province: number[] = [];
  const overdue: number[] = [];
  const bare: number[] = [];
  const bareRead: number[] = [];
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
    const r = await timed(() => ctx.pool.query(BARE_ROLLUP_READ, [opts.directiveId]));
    if (keep) {
      bareRead.push(r);
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
    bareReadMs: percentiles(bareRead),
    overdueTotal,
    provinceId: opts.provinceId,
  };
}
