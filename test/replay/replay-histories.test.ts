// Replays the committee-workflow histories recorded with v1 of the workflow code
// (test/replay/histories/v1) and after it (v1.1-unit-moves: a reorganisation moves a unit between
// committees, recorded by a test since retired; v1.2-reorganisation: a plan merges two committees
// into a new one; v1.3-working-calendar: committees launched with a working calendar, and runs
// that took a changed one from the secretariat and continued as new; v1.4-report-rounds: a report
// round's committees, which skip reminders dated before receipt; v1.5-change-notices: units told
// by email of an extension, an exemption and a withdrawal) with today's workflow code:
// a change that breaks determinism fails here, before it reaches a running cascade. A deliberate change to the workflow's commands takes
// `patched()` and a new set recorded beside v1 with `RECORD_HISTORIES=1 npm run jest -- test/engine`
// (written into `latest`; rename it for the change), and this test then replays both sets.
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { bundleWorkflows } from '../../src/engine/worker/create-worker';
import { HISTORIES_DIR } from '../harness/record-histories';

const generations = fs
  .readdirSync(HISTORIES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const files = generations.flatMap((g) =>
  fs
    .readdirSync(path.join(HISTORIES_DIR, g))
    .filter((f) => f.endsWith('.binpb'))
    .sort()
    .map((f) => path.join(g, f)),
);
const decode = (file: string) => temporal.api.history.v1.History.decode(fs.readFileSync(path.join(HISTORIES_DIR, file)));

test('each generation has recorded histories of its scenarios', () => {
  expect(generations).toEqual(['v1', 'v1.1-unit-moves', 'v1.2-reorganisation', 'v1.3-working-calendar', 'v1.4-report-rounds', 'v1.5-change-notices']);
  const scenariosOf = (generation: string) =>
    [...new Set(files.filter((f) => f.startsWith(`${generation}/`)).map((f) => path.basename(f).split('--')[0]))].sort();
  expect(scenariosOf('v1')).toEqual(['continue-as-new', 'lifecycle', 'reminders-and-corrections', 'withdrawal']);
  // The committees' hand-over of a unit (reorganisation) added updates, no command to an existing path: no patch.
  expect(scenariosOf('v1.1-unit-moves')).toEqual(['unit-move']);
  expect(scenariosOf('v1.2-reorganisation')).toEqual(['reorganisation']);
  // The calendar is workflow input (absent before it, so older runs keep their arithmetic) and a new update: no patch.
  expect(scenariosOf('v1.3-working-calendar')).toEqual(['calendar-applied', 'working-calendar']);
  // Skipping reminders dated before receipt is input-driven too (DirectiveRuntime.remindersFromReceipt): no patch.
  expect(scenariosOf('v1.4-report-rounds')).toEqual(['report-round']);
  // Change notices too (DirectiveRuntime.changeNotices): directives launched before them send none.
  expect(scenariosOf('v1.5-change-notices')).toEqual(['change-notices']);
});

test('no generation takes a patch yet: no history holds a patch marker', () => {
  const patched = files.filter((file) => (decode(file).events ?? []).some((e) => e.markerRecordedEventAttributes?.details?.['patch-data'] !== undefined));
  expect(patched).toEqual([]);
});

test('every recorded history replays without nondeterminism', async () => {
  const workflowBundle = await bundleWorkflows();
  const histories = files.map((file) => ({ workflowId: file.replace(/\.binpb$/, ''), history: decode(file) }));
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
  expect(histories.length).toBeGreaterThanOrEqual(19);
});
