/**
 * Workflow interceptor (runs inside the workflow sandbox) that reports each activation's job
 * kinds to the `activationLog` sink, so a test can see how Temporal's core grouped jobs into
 * activations in the live run. Bundled only by tests that ask for it (startCascadeEnv).
 */
import { proxySinks, workflowInfo, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export interface ActivationLogSinks extends Sinks {
  activationLog: { record(workflowId: string, replaying: boolean, jobs: string[]): void };
}

const { activationLog } = proxySinks<ActivationLogSinks>();

export const interceptors: WorkflowInterceptorsFactory = () => ({
  internals: [
    {
      activate(input, next) {
        const jobs = (input.activation.jobs ?? []).map((job) => Object.keys(job).find((key) => job[key as keyof typeof job] != null) ?? 'unknown');
        activationLog.record(workflowInfo().workflowId, workflowInfo().unsafe.isReplaying, jobs);
        return next(input);
      },
    },
  ],
});
