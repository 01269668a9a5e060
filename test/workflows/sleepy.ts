// Workflows for the time-skipping server check: a long sleep (time skipping) and an update with a
// validator (Updates are served by the Java test server). Runs in the workflow sandbox, so it
// imports only @temporalio/workflow.
import { condition, defineSignal, defineUpdate, setHandler, sleep } from '@temporalio/workflow';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Workflow clock readings (ms since epoch) taken before and after sleepyWorkflow's sleep. */
export interface SleepReport {
  before: number;
  after: number;
}

/** Sleeps `days` days of workflow time and reports the workflow clock on either side. */
export async function sleepyWorkflow(days: number): Promise<SleepReport> {
  // Date.now() in a workflow is the deterministic workflow clock, i.e. the server's skipped time.
  const before = Date.now();
  await sleep(days * DAY_MS);
  return { before, after: Date.now() };
}

/** Adds a non-negative amount to counterWorkflow's total and returns the new total. */
export const addUpdate = defineUpdate<number, [number]>('add');

/** Tells counterWorkflow to finish and return its total. */
export const finishSignal = defineSignal('finish');

/** Keeps a running total changed by addUpdate until finishSignal; negative amounts are rejected. */
export async function counterWorkflow(): Promise<number> {
  let total = 0;
  let finished = false;
  setHandler(
    addUpdate,
    (amount) => {
      total += amount;
      return total;
    },
    {
      // A validator's throw rejects the update before it is written to history.
      validator: (amount) => {
        if (amount < 0) throw new Error(`amount must not be negative, got ${amount}`);
      },
    },
  );
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
  return total;
}
