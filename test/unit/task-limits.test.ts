// The gate and the batches the reorganisation paces its steps with: never more than `max` at once,
// every task run, in the order given.
import { inBatches, limiter } from '../../src/app/task-limits';

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('a limiter runs every task, never more than max at once, in the order they arrive', async () => {
  const limit = limiter(3);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const task = (i: number) => async () => {
    running += 1;
    peak = Math.max(peak, running);
    order.push(i);
    await tick();
    running -= 1;
    return i * 2;
  };
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => limit(task(i))));
  expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
  expect(peak).toBe(3);
  expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
});

test('batches apply the work to every item, at most max at once; a failure is passed on', async () => {
  let running = 0;
  let peak = 0;
  const seen: number[] = [];
  await inBatches([1, 2, 3, 4, 5, 6, 7], 2, async (n) => {
    running += 1;
    peak = Math.max(peak, running);
    await tick();
    seen.push(n);
    running -= 1;
  });
  expect([peak, seen.sort()]).toEqual([2, [1, 2, 3, 4, 5, 6, 7]]);
  await expect(inBatches([1], 2, async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
});
