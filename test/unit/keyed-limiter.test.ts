import { KeyedLimiter } from '../../src/app/keyed-limiter';

/** A call that finishes when the test says so. */
function gated<T>(value: T) {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { fn: async () => (await done, value), release };
}

const tick = () => new Promise((r) => setImmediate(r));

test('runs at most `limit` calls per key and starts the waiting ones in arrival order', async () => {
  const limiter = new KeyedLimiter(2);
  const started: number[] = [];
  const calls = [0, 1, 2, 3].map((i) => gated(i));
  const results = calls.map((c, i) => limiter.run('D1', () => (started.push(i), c.fn())));
  await tick();
  expect(started).toEqual([0, 1]);
  expect(limiter.load('D1')).toEqual({ running: 2, waiting: 2 });
  calls[1]!.release();
  await tick();
  expect(started).toEqual([0, 1, 2]);
  calls[0]!.release();
  calls[2]!.release();
  calls[3]!.release();
  expect(await Promise.all(results)).toEqual([0, 1, 2, 3]);
  expect(limiter.load('D1')).toEqual({ running: 0, waiting: 0 });
});

test('keys do not wait for each other', async () => {
  const limiter = new KeyedLimiter(1);
  const blocked = gated('a');
  const a = limiter.run('D1', blocked.fn);
  await expect(limiter.run('D2', async () => 'b')).resolves.toBe('b');
  blocked.release();
  await expect(a).resolves.toBe('a');
});

test('a failed call frees its slot for the next one', async () => {
  const limiter = new KeyedLimiter(1);
  const failing = limiter.run('D1', async () => {
    throw new Error('boom');
  });
  const next = limiter.run('D1', async () => 'next');
  await expect(failing).rejects.toThrow('boom');
  await expect(next).resolves.toBe('next');
  expect(limiter.load('D1')).toEqual({ running: 0, waiting: 0 });
});

test('a limit below one is refused', () => {
  expect(() => new KeyedLimiter(0)).toThrow(/positive integer/);
});
