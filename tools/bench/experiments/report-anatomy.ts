// Experiment: what one report costs — sequential report latency, and the history events it adds to its district.
import path from 'node:path';
import { committeeWorkflowId } from '../../../src/engine/protocol';
import { benchDirectiveSpec } from '../context';
import { generateOrg } from '../generate-org';
import { runLaunch } from '../phases/launch';
import { reportBody } from '../phases/reports';
import { reportOrder } from '../run';
import { startBenchStack } from '../stack';
import { nowMs, percentiles, sleep } from '../stats';

async function main(): Promise<void> {
  const log = (l: string) => console.error(l);
  const units = Number(process.argv[2] ?? 1000);
  const stack = await startBenchStack({ workDir: path.join(__dirname, '..', 'results', 'tmp', 'anatomy'), log, tag: `anatomy-${Date.now()}` });
  const { ctx } = stack;
  try {
    const org = generateOrg({ units });
    const now = new Date();
    const launch = await runLaunch(ctx, org, benchDirectiveSpec({ now, districtDeadline: 'P30D' }));
    await sleep(3_000);
    const district = org.largestDistrict.id;
    const cells = reportOrder(org).filter((p) => p.unitId.startsWith(`${district}-`));
    const handle = ctx.temporal.workflow.getHandle(committeeWorkflowId(launch.directiveId, district));
    const before = (await handle.describe()).historyLength;
    const lat: number[] = [];
    for (const [i, plan] of cells.slice(0, 20).entries()) {
      const t = nowMs();
      await ctx.cascade.report(launch.directiveId, plan.unitId, reportBody(plan.unitId, plan.figures, now.toISOString().slice(0, 10), i), 'x');
      lat.push(nowMs() - t);
      await sleep(1_500);
    }
    const after = (await handle.describe()).historyLength;
    console.log(
      `sequential reports to ${district}: ${JSON.stringify(percentiles(lat))}; history ${before} → ${after} (${((after - before) / 20).toFixed(1)} events per report)`,
    );
    const counts = new Map<string, number>();
    const history = await handle.fetchHistory();
    for (const e of history.events?.slice(before) ?? []) counts.set(String(e.eventType), (counts.get(String(e.eventType)) ?? 0) + 1);
    console.log([...counts].map(([k, v]) => `${k}:${v}`).join(' '));
  } finally {
    await stack.stop();
  }
}
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
