import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { WorkerTuning } from '../../config/config';
import { limitHeapGrowth } from './heap-growth';
import { sharedWorkflowModulePaths } from './shared-workflow-modules';

/**
 * Bundles workflow code once (webpack); reuse the bundle for every worker in the process. The
 * modules of shared-workflow-modules.ts (zod) are loaded once per workflow thread instead of once
 * per workflow. The workers' data converter's failure converter goes into the bundle (the sandbox
 * converts the workflows' failures itself). `workflowInterceptorModules` is for tests that observe
 * activations.
 */
export async function bundleWorkflows(
  opts: { dataConverter?: DataConverter; workflowInterceptorModules?: string[] } = {},
): Promise<WorkflowBundleWithSourceMap> {
  const { dataConverter, ...rest } = opts;
  return bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    preloadModules: sharedWorkflowModulePaths(),
    logger: quietBundlerLogger,
    ...(dataConverter?.failureConverterPath ? { failureConverterPath: dataConverter.failureConverterPath } : {}),
    ...rest,
  });
}

/** What a worker needs; all IO comes in through `activities`, built by the caller's factory. */
export interface WorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: object;
  workflowBundle: WorkflowBundleWithSourceMap;
  /** Payload encryption (see src/security/payload-codec.ts); clients, and the bundle, must use the same one. */
  dataConverter?: DataConverter;
  /** Cache, concurrency and heap limits from the environment (src/config/config.ts `workerTuning`). */
  tuning?: WorkerTuning;
}

/** Creates the worker that runs the cascade workflows and activities; a heap limit in `tuning` holds for its whole process. */
export async function createCascadeWorker(deps: WorkerDeps): Promise<Worker> {
  const { heapGrowthPercent, ...sdkTuning } = deps.tuning ?? {};
  if (heapGrowthPercent !== undefined) limitHeapGrowth(heapGrowthPercent);
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    workflowBundle: deps.workflowBundle,
    dataConverter: deps.dataConverter,
    activities: deps.activities,
    ...sdkTuning,
  });
}

/** The bundler's logger: warnings and errors only (webpack's info lines drown the useful output). */
export const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
