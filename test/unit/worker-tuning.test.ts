// Worker limits come from the environment, validated like every other variable.
import { loadConfig, workerTuning } from '../../src/config/config';

test('unset WORKER_* variables leave the SDK defaults and limit heap growth to 50%; set ones become worker options', () => {
  expect(workerTuning(loadConfig({}))).toEqual({ heapGrowthPercent: 50 });
  expect(workerTuning(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '900', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8', WORKER_HEAP_GROWTH_PERCENT: '0' }))).toEqual({
    maxCachedWorkflows: 900,
    maxConcurrentWorkflowTaskExecutions: 8,
    heapGrowthPercent: 0,
  });
  expect(workerTuning(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '', WORKER_HEAP_GROWTH_PERCENT: '' }))).toEqual({ heapGrowthPercent: 50 });
});

test('a bad value names the variable and the rule', () => {
  expect(() => loadConfig({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' })).toThrow(/WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: .*(>=|at least|greater).*2/i);
  expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: 'many' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS: /);
  expect(() => loadConfig({ WORKER_HEAP_GROWTH_PERCENT: '301' })).toThrow(/WORKER_HEAP_GROWTH_PERCENT: must be at most 300/);
  expect(() => loadConfig({ WORKER_HEAP_GROWTH_PERCENT: '-5' })).toThrow(/WORKER_HEAP_GROWTH_PERCENT: must be a whole number ≥ 0/);
});
