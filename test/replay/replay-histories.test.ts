// Replays the committee-workflow histories recorded by earlier versions (test/replay/histories)
// with today's workflow code: a change that breaks determinism fails here, before it reaches a
// running cascade. Re-record with `RECORD_HISTORIES=1 npm run jest -- test/engine` only when a
// change is deliberately incompatible and guarded by patched().
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { bundleWorkflows } from '../../worker/create-worker';
import { HISTORIES_DIR } from '../harness/record-histories';

const files = fs.readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.binpb')).sort();

test('recorded histories exist for every scenario', () => {
  const scenarios = new Set(files.map((f) => f.split('--')[0]));
  expect([...scenarios].sort()).toEqual(['continue-as-new', 'lifecycle', 'withdrawal']);
});

test('every recorded history replays without nondeterminism', async () => {
  const workflowBundle = await bundleWorkflows();
  const histories = files.map((file) => ({
    workflowId: path.basename(file, '.binpb'),
    history: temporal.api.history.v1.History.decode(fs.readFileSync(path.join(HISTORIES_DIR, file))),
  }));
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
  expect(histories.length).toBeGreaterThanOrEqual(10);
});
