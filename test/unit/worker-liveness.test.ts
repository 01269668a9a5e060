import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLivenessFile } from '../../src/engine/worker/liveness';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liveness-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the liveness file is created at once and refreshed while the worker runs', async () => {
  const file = path.join(dir, 'alive');
  const liveness = startLivenessFile(file, () => true, 50);
  const first = fs.statSync(file).mtimeMs;
  await new Promise((r) => setTimeout(r, 200));
  expect(fs.statSync(file).mtimeMs).toBeGreaterThan(first);
  liveness.stop();
});

test('once the worker no longer runs the file goes stale', async () => {
  const file = path.join(dir, 'stale');
  let running = true;
  startLivenessFile(file, () => running, 50);
  running = false;
  await new Promise((r) => setTimeout(r, 100));
  const after = fs.statSync(file).mtimeMs;
  await new Promise((r) => setTimeout(r, 200));
  expect(fs.statSync(file).mtimeMs).toBe(after);
});
