/**
 * The benchmark's workers. The engine worker is the production one (src/engine/worker/create-worker.ts, the
 * production bundle, the real activities); the baseline worker runs only the trivial workflows of
 * baseline-workflows.ts on a task queue of its own. Used by tools/bench/worker-process.ts and, in
 * process, by the CI correctness check.
 */
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from '../../src/engine/activities';
import type { MailSender } from '../../src/mail/smtp-sender';
import { bundleWorkflows, createCascadeWorker, quietBundlerLogger, type WorkerDeps } from '../../src/engine/worker/create-worker';
import { limitHeapGrowth } from '../../src/engine/worker/heap-growth';
import { stackTracePreloadPath } from '../../src/engine/worker/shared-workflow-modules';

/** Mail sender of the benchmark's notices (the production default). */
export const BENCH_MAIL_FROM = 'Văn phòng Trung ương <no-reply@directive-cascade.local>';
/** Base of the links in the benchmark's emails. */
export const BENCH_PUBLIC_BASE_URL = 'http://127.0.0.1:3000';

/** The task queue of the baseline worker beside an engine task queue. */
export function baselineTaskQueue(taskQueue: string): string {
  return `${taskQueue}-baseline`;
}

/** What the engine worker needs; everything is opened by the caller. */
export interface BenchWorkerDeps {
  address: string;
  namespace: string;
  taskQueue: string;
  pool: Pool;
  mailer: MailSender;
  linkSecret: string;
  /** Worker limits from the environment, as src/engine/worker/main.ts passes them. */
  tuning?: WorkerDeps['tuning'];
}

/** A created (not yet running) worker and the connection it owns. */
export interface BenchWorker {
  worker: Worker;
  connection: NativeConnection;
}

/** Creates the engine worker exactly as src/engine/worker/main.ts does. */
export async function createBenchWorker(deps: BenchWorkerDeps): Promise<BenchWorker> {
  const connection = await NativeConnection.connect({ address: deps.address });
  try {
    const worker = await createCascadeWorker({
      connection,
      namespace: deps.namespace,
      taskQueue: deps.taskQueue,
      workflowBundle: await bundleWorkflows(),
      activities: createActivities({
        pool: deps.pool,
        mailer: deps.mailer,
        mailFrom: BENCH_MAIL_FROM,
        publicBaseUrl: BENCH_PUBLIC_BASE_URL,
        linkSecret: deps.linkSecret,
      }),
      tuning: deps.tuning,
    });
    return { worker, connection };
  } catch (err) {
    await connection.close();
    throw err;
  }
}

/**
 * The baseline workflows' bundle. Like is compared with like: the engine's sandbox formats its own
 * stacks (src/engine/worker/stack-trace-preload.ts), so this one does too.
 */
export async function bundleBaselineWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath: require.resolve('./baseline-workflows'), preloadModules: [stackTracePreloadPath()], logger: quietBundlerLogger });
}

/**
 * Creates the baseline worker (trivial workflows only, no activities) on `taskQueue`; its process
 * limits its heaps' growth as the engine worker's does, so both run under one memory policy.
 */
export async function createBaselineWorker(deps: { address: string; namespace: string; taskQueue: string; heapGrowthPercent?: number }): Promise<BenchWorker> {
  if (deps.heapGrowthPercent !== undefined) limitHeapGrowth(deps.heapGrowthPercent);
  const connection = await NativeConnection.connect({ address: deps.address });
  try {
    const workflowBundle = await bundleBaselineWorkflows();
    const worker = await Worker.create({ connection, namespace: deps.namespace, taskQueue: deps.taskQueue, workflowBundle });
    return { worker, connection };
  } catch (err) {
    await connection.close();
    throw err;
  }
}
