/**
 * The baseline workflows: an empty one and one with a no-op update and a one-field query. A
 * worker of their own (tools/bench/worker-process.ts, role `baseline`) runs this small bundle on its own
 * task queue, so the baselines measure the server and the SDK at their cheapest and never share
 * the engine worker's memory or CPU. Workflow code: it imports only @temporalio/workflow.
 */
import { allHandlersFinished, condition, continueAsNew, defineQuery, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

/** A no-op update: the cheapest update a workflow can accept. */
export const benchNoopUpdate = defineUpdate<number, [number]>('benchNoop');
/** A query that reads one field: the cheapest query. */
export const benchPingQuery = defineQuery<number>('benchPing');
/** Ends a benchEchoWorkflow. */
export const benchStopSignal = defineSignal('benchStop');

/** Same threshold as the committee workflows (MAX_UPDATES_PER_RUN), so both pay continue-as-new alike. */
const UPDATES_PER_RUN = 1_000;

/** Completes at once: the baseline of "start a workflow and see it complete". */
export async function benchEmptyWorkflow(): Promise<number> {
  return 0;
}

/** Accepts no-op updates and pings until stopped: the baseline for reports and supervisor queries. */
export async function benchEchoWorkflow(carried = 0): Promise<number> {
  let total = carried;
  let thisRun = 0;
  let stop = false;
  setHandler(benchNoopUpdate, (x: number) => {
    total += 1;
    thisRun += 1;
    return x;
  });
  setHandler(benchPingQuery, () => total);
  setHandler(benchStopSignal, () => {
    stop = true;
  });
  await condition(() => stop || thisRun >= UPDATES_PER_RUN);
  await condition(allHandlersFinished);
  if (stop) return total;
  return continueAsNew<typeof benchEchoWorkflow>(total);
}
