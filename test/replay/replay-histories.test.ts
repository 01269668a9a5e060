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
  expect(generations).toEqual([
    '2026-11-21-before-rollup-outbox',
    '2026-11-22-before-caller-journals',
    '2026-11-22-before-settle-before-journal',
    '2026-12-02-before-lean-launch',
    '2026-12-03-before-hardened-rules',
    'latest',
  ]);
  for (const generation of generations) {
    const scenarios = new Set(files.filter((f) => f.startsWith(`${generation}/`)).map((f) => path.basename(f).split('--')[0]));
    // The hardened-rules scenario (skipped reminder rows, repeated corrections) exists since that patch.
    const expected = generation === 'latest' ? ['continue-as-new', 'hardened-rules', 'lifecycle', 'withdrawal'] : ['continue-as-new', 'lifecycle', 'withdrawal'];
    expect([generation, [...scenarios].sort()]).toEqual([generation, expected]);
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
  const BEFORE_LEAN = '2026-12-02-before-lean-launch';
  // rollup-outbox: every non-root committee since the second generation; settle-before-journal:
  // every committee since the third; caller-journals: every committee since the fourth; none of
  // them in the generations before.
  expect(marked(BEFORE_LEAN, 'rollup-outbox').length).toBeGreaterThanOrEqual(6);
  expect(marked('2026-11-22-before-settle-before-journal', 'rollup-outbox').length).toBeGreaterThanOrEqual(6);
  expect(marked('2026-11-21-before-rollup-outbox', 'rollup-outbox')).toEqual([]);
  expect(marked(BEFORE_LEAN, 'settle-before-journal')).toEqual(all(BEFORE_LEAN));
  expect(marked('2026-11-22-before-caller-journals', 'settle-before-journal')).toEqual(all('2026-11-22-before-caller-journals'));
  expect(marked('2026-11-22-before-settle-before-journal', 'settle-before-journal')).toEqual([]);
  expect(marked('2026-11-21-before-rollup-outbox', 'settle-before-journal')).toEqual([]);
  expect(marked(BEFORE_LEAN, 'caller-journals')).toEqual(all(BEFORE_LEAN));
  expect(marked('2026-11-22-before-caller-journals', 'caller-journals')).toEqual([]);
  expect(marked('2026-11-22-before-settle-before-journal', 'caller-journals')).toEqual([]);
  expect(marked('2026-11-21-before-rollup-outbox', 'caller-journals')).toEqual([]);
  // lean-launch: every committee of the generation before hardened-rules, and nothing else, since
  // it implies the three before it; in no generation before.
  const BEFORE_HARDENED = '2026-12-03-before-hardened-rules';
  expect(marked(BEFORE_HARDENED, 'lean-launch')).toEqual(all(BEFORE_HARDENED));
  for (const older of ['rollup-outbox', 'settle-before-journal', 'caller-journals']) expect([older, marked(BEFORE_HARDENED, older)]).toEqual([older, []]);
  for (const older of generations.filter((g) => g < BEFORE_HARDENED)) expect([older, marked(older, 'lean-launch')]).toEqual([older, []]);
  // hardened-rules: every committee of today's histories, and nothing else, since it implies
  // lean-launch and the patches before it; in no generation before.
  expect(marked('latest', 'hardened-rules')).toEqual(all('latest'));
  for (const older of ['rollup-outbox', 'settle-before-journal', 'caller-journals', 'lean-launch']) expect([older, marked('latest', older)]).toEqual([older, []]);
  for (const older of generations.filter((g) => g !== 'latest')) expect([older, marked(older, 'hardened-rules')]).toEqual([older, []]);
});

test('every recorded history replays without nondeterminism', async () => {
  const workflowBundle = await bundleWorkflows();
  const histories = files.map((file) => ({ workflowId: file.replace(/\.binpb$/, ''), history: decode(file) }));
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
  expect(histories.length).toBeGreaterThanOrEqual(70);
});
