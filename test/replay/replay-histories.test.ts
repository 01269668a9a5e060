// Replays the committee-workflow histories recorded by earlier versions (test/replay/histories,
// one folder per generation of workflow code: dated folders for superseded code, `latest` for
// today's) with today's workflow code: a change that breaks determinism fails here, before it
// reaches a running cascade. Re-record with `RECORD_HISTORIES=1 npm run jest -- test/engine`
// after a deliberate change guarded by patched(), having first renamed `latest` to a dated folder.
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { bundleWorkflows } from '../../worker/create-worker';
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

test('every generation of workflow code has recorded histories of every scenario', () => {
  expect(generations).toEqual(['2026-11-21-before-rollup-outbox', '2026-11-22-before-caller-journals', '2026-11-22-before-settle-before-journal', '2026-12-02-before-launch-in-activity', 'latest']);
  for (const generation of generations) {
    const scenarios = new Set(files.filter((f) => f.startsWith(`${generation}/`)).map((f) => path.basename(f).split('--')[0]));
    expect([generation, [...scenarios].sort()]).toEqual([generation, ['continue-as-new', 'lifecycle', 'withdrawal']]);
  }
});

test('each generation took the code paths of its time', () => {
  const patchIds = (file: string) =>
    new Set(
      (decode(file).events ?? []).flatMap((e) => {
        const details = e.markerRecordedEventAttributes?.details?.['patch-data'];
        return details?.payloads?.map((p) => Buffer.from(p.data ?? []).toString()) ?? [];
      }),
    );
  const marked = (generation: string, patch: string) => files.filter((f) => f.startsWith(`${generation}/`) && [...patchIds(f)].some((id) => id.includes(patch)));
  const all = (generation: string) => files.filter((f) => f.startsWith(`${generation}/`));
  // rollup-outbox: every non-root committee since the second generation; settle-before-journal:
  // every committee since the third; neither in the generations before them.
  expect(marked('latest', 'rollup-outbox').length).toBeGreaterThanOrEqual(6);
  expect(marked('2026-11-22-before-settle-before-journal', 'rollup-outbox').length).toBeGreaterThanOrEqual(6);
  expect(marked('2026-11-21-before-rollup-outbox', 'rollup-outbox')).toEqual([]);
  expect(marked('latest', 'settle-before-journal')).toEqual(all('latest'));
  expect(marked('2026-11-22-before-caller-journals', 'settle-before-journal')).toEqual(all('2026-11-22-before-caller-journals'));
  // caller-journals: every committee of today's histories, none before.
  expect(marked('latest', 'caller-journals')).toEqual(all('latest'));
  expect(marked('2026-11-22-before-caller-journals', 'caller-journals')).toEqual([]);
  expect(marked('2026-11-22-before-settle-before-journal', 'caller-journals')).toEqual([]);
  expect(marked('2026-11-21-before-rollup-outbox', 'caller-journals')).toEqual([]);
  expect(marked('2026-11-22-before-settle-before-journal', 'settle-before-journal')).toEqual([]);
  // launch-in-activity: every first run of today's histories (a run after continue-as-new carries
  // its state and launches nothing), none before.
  const firstRuns = (generation: string) =>
    all(generation).filter((f) => !decode(f).events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId);
  expect(firstRuns('latest').length).toBeGreaterThanOrEqual(10);
  expect(marked('latest', 'launch-in-activity')).toEqual(firstRuns('latest'));
  for (const older of generations.filter((g) => g !== 'latest')) expect([older, marked(older, 'launch-in-activity')]).toEqual([older, []]);
  expect(marked('2026-12-02-before-launch-in-activity', 'caller-journals')).toEqual(all('2026-12-02-before-launch-in-activity'));
  expect(marked('2026-11-21-before-rollup-outbox', 'settle-before-journal')).toEqual([]);
});

test('every recorded history replays without nondeterminism', async () => {
  const workflowBundle = await bundleWorkflows();
  const histories = files.map((file) => ({ workflowId: file.replace(/\.binpb$/, ''), history: decode(file) }));
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
  expect(histories.length).toBeGreaterThanOrEqual(55);
});
