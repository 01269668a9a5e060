// Worker limits come from the environment, validated like every other variable.
import { loadConfig, workerTuning } from '../../src/config/config';

test('unset WORKER_* variables leave the SDK defaults; set ones become worker options', () => {
  expect(workerTuning(loadConfig({}))).toEqual({});
  expect(workerTuning(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '900', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8' }))).toEqual({
    maxCachedWorkflows: 900,
    maxConcurrentWorkflowTaskExecutions: 8,
  });
  expect(workerTuning(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '' }))).toEqual({});
});

test('a bad value names the variable and the rule', () => {
  expect(() => loadConfig({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' })).toThrow(/WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: .*(>=|at least|greater).*2/i);
  expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: 'many' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS: /);
});
