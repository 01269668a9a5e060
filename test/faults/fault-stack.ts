/**
 * The cascade as a fault test runs it in its own process: a worker with the real activities
 * (production options: pooled SMTP, the production bundle) on a task queue of the test's own,
 * and the client module every interface uses. Servers come from the test, so it can break them.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from '../../src/engine/activities';
import type { ActivityFaults } from '../../src/engine/activities/fault-injection';
import { createMailer } from '../../src/mail/mailer';
import type { DirectiveRuntime } from '../../src/domain/cascade/records';
import { CascadeClient } from '../../src/app/cascade-client';
import { bundleWorkflows, createCascadeWorker } from '../../src/engine/worker/create-worker';
import { TEST_BASE_URL, TEST_LINK_SECRET } from '../harness/cascade-env';

let bundle: Promise<WorkflowBundleWithSourceMap> | null = null;
/** The workflow bundle, built once per test file (webpack takes seconds on a busy machine). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflows();
  return bundle;
}

/** A running worker and client. */
export interface FaultStack {
  cascade: CascadeClient;
  temporal: Client;
  taskQueue: string;
  /** Why the worker stopped running on its own, if it did (it should not, whatever the fault). */
  workerFailure(): Error | null;
  stop(): Promise<void>;
}

/** Starts a worker on `address` over `pool` and `smtpUrl`, with `faults` injected into its activities. */
export async function startFaultStack(opts: {
  address: string;
  pool: Pool;
  smtpUrl: string;
  faults?: ActivityFaults;
  limits?: DirectiveRuntime['limits'];
}): Promise<FaultStack> {
  const taskQueue = `faults-${randomUUID()}`;
  const mailer = createMailer(opts.smtpUrl, { pooled: true });
  const nativeConnection = await NativeConnection.connect({ address: opts.address });
  const worker = await createCascadeWorker({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({
      pool: opts.pool,
      mailer,
      mailFrom: 'Văn phòng Trung ương <vptw@cascade.test>',
      publicBaseUrl: TEST_BASE_URL,
      linkSecret: TEST_LINK_SECRET,
      faults: opts.faults,
    }),
  });
  let failure: Error | null = null;
  const running = worker.run().catch((err: unknown) => {
    failure = err instanceof Error ? err : new Error(String(err));
  });
  const connection = await Connection.connect({ address: opts.address });
  const temporal = new Client({ connection });
  return {
    cascade: new CascadeClient({ temporal, pool: opts.pool, taskQueue, limits: opts.limits }),
    temporal,
    taskQueue,
    workerFailure: () => failure,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await nativeConnection.close().catch(() => undefined);
      await connection.close();
      await mailer.close();
    },
  };
}
