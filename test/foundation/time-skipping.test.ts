// The time-skipping test server from Maven (src/dev/toolchain/temporal-test-server.ts) runs under
// @temporalio/testing as an `existing-path` executable: 90 days pass in seconds, and Updates work.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ensureTestServer, timeSkippingEnvOptions } from '../../src/dev/toolchain/temporal-test-server';
import { addUpdate, counterWorkflow, finishSignal, sleepyWorkflow } from '../workflows/sleepy';

const DAY_MS = 24 * 60 * 60 * 1000;
const taskQueue = `time-skipping-${randomUUID()}`;

let env: TestWorkflowEnvironment | undefined;
let worker: Worker | undefined;
let workerRun: Promise<void> | undefined;

function testEnv(): TestWorkflowEnvironment {
  if (!env) throw new Error('the time-skipping environment did not start (see beforeAll)');
  return env;
}

beforeAll(async () => {
  // A cold cache fetches from Maven Central here (~30 s); say so instead of sitting silent.
  const serverPath = await ensureTestServer({ log: (line) => process.stderr.write(`[test-server] ${line}\n`) });
  env = await TestWorkflowEnvironment.createTimeSkipping(timeSkippingEnvOptions(serverPath));
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../workflows/sleepy'),
  });
  workerRun = worker.run();
}, 180_000);

afterAll(async () => {
  // Worker first: it polls through the server's connection, which teardown closes.
  if (worker && worker.getState() === 'RUNNING') worker.shutdown();
  await workerRun;
  // Kills the server process (the wrapper exec'd into the JVM, so that is the JVM itself).
  await env?.teardown();
});

test('a 90-day sleep finishes in seconds of wall time while workflow time moves 90 days', async () => {
  const serverBefore = await testEnv().currentTimeMs();
  const wallStart = Date.now();
  const report = await testEnv().client.workflow.execute(sleepyWorkflow, {
    args: [90],
    taskQueue,
    workflowId: `sleepy-${randomUUID()}`,
  });
  const wallMs = Date.now() - wallStart;

  const slept = report.after - report.before;
  expect(slept).toBeGreaterThanOrEqual(90 * DAY_MS);
  expect(slept).toBeLessThan(90 * DAY_MS + 60_000);
  expect((await testEnv().currentTimeMs()) - serverBefore).toBeGreaterThanOrEqual(90 * DAY_MS);
  expect(wallMs).toBeLessThan(10_000);
});

test('an update is accepted, and one its validator rejects leaves no trace', async () => {
  const handle = await testEnv().client.workflow.start(counterWorkflow, {
    taskQueue,
    workflowId: `counter-${randomUUID()}`,
  });

  expect(await handle.executeUpdate(addUpdate, { args: [5] })).toBe(5);

  const rejected = handle.executeUpdate(addUpdate, { args: [-3] });
  await expect(rejected).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
  await expect(rejected).rejects.toMatchObject({ cause: { message: expect.stringContaining('must not be negative') } });

  expect(await handle.executeUpdate(addUpdate, { args: [2] })).toBe(7);
  await handle.signal(finishSignal);
  expect(await handle.result()).toBe(7);
});
