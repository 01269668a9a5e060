// The worker's heap policy (src/engine/worker/heap-growth.ts) reaches a worker thread's heap, as it
// must for the SDK's workflow thread: the same allocations peak lower with it than under V8's own.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { limitHeapGrowth } from '../../src/engine/worker/heap-growth';

const run = promisify(execFile);

async function workerThreadPeakMB(percent: number): Promise<number> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(__dirname, 'heap-growth-child.ts'), String(percent)]);
  return (JSON.parse(stdout.trim()) as { peakMB: number }).peakMB;
}

test('limited to 50%, a worker thread churning past a live set peaks well below its peak under V8’s own growth', async () => {
  const limited = await workerThreadPeakMB(50);
  const v8Own = await workerThreadPeakMB(0);
  expect(limited).toBeLessThan(v8Own * 0.75);
});

test('a growth that is not a whole percentage ≥ 0 is refused before V8 sees it', () => {
  expect(() => limitHeapGrowth(-1)).toThrow(/whole percentage ≥ 0, got -1/);
  expect(() => limitHeapGrowth(12.5)).toThrow(/got 12.5/);
});
