/**
 * The benchmark's worker: the production worker (worker/create-worker.ts with the real
 * activities) on a bundle that also holds the baseline workflows. Used by the worker child
 * process and, in-process, by the CI correctness check.
 */
import { bundleWorkflowCode, NativeConnection, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Transporter } from 'nodemailer';
import type { Pool } from 'pg';
import { createActivities } from '../activities';
import { createCascadeWorker } from '../worker/create-worker';

/** Mail sender of the benchmark's notices (the production default). */
export const BENCH_MAIL_FROM = 'Văn phòng Trung ương <no-reply@directive-cascade.local>';
/** Base of the links in the benchmark's emails. */
export const BENCH_PUBLIC_BASE_URL = 'http://127.0.0.1:3000';

/** Bundles the engine's workflows plus the baselines (bench-workflows.ts), once per process. */
export function bundleBenchWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath: require.resolve('./bench-workflows'), logger: quietLogger });
}

/** What the benchmark's worker needs; everything is opened by the caller. */
export interface BenchWorkerDeps {
  address: string;
  namespace: string;
  taskQueue: string;
  pool: Pool;
  mailer: Transporter;
  linkSecret: string;
  bundle?: WorkflowBundleWithSourceMap;
}

/** A created (not yet running) worker and the connection it owns. */
export interface BenchWorker {
  worker: Worker;
  connection: NativeConnection;
}

/** Creates the worker exactly as worker/main.ts does, on the benchmark's bundle. */
export async function createBenchWorker(deps: BenchWorkerDeps): Promise<BenchWorker> {
  const connection = await NativeConnection.connect({ address: deps.address });
  try {
    const worker = await createCascadeWorker({
      connection,
      namespace: deps.namespace,
      taskQueue: deps.taskQueue,
      workflowBundle: deps.bundle ?? (await bundleBenchWorkflows()),
      activities: createActivities({ pool: deps.pool, mailer: deps.mailer, mailFrom: BENCH_MAIL_FROM, publicBaseUrl: BENCH_PUBLIC_BASE_URL, linkSecret: deps.linkSecret }),
    });
    return { worker, connection };
  } catch (err) {
    await connection.close();
    throw err;
  }
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
