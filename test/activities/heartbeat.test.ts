import { MockActivityEnvironment } from '@temporalio/testing';
import { throttledHeartbeat } from '../../src/engine/activities/heartbeat';

describe('throttledHeartbeat', () => {
  test('reports the first beat, then at most one per interval, and flush reports the last one held back', async () => {
    const env = new MockActivityEnvironment();
    const beats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => beats.push(details));
    let now = 0;
    await env.run(async () => {
      const throttle = throttledHeartbeat(1_000, () => now);
      for (const [at, sent] of [
        [0, 1],
        [500, 2],
        [999, 3],
        [1_000, 4],
        [1_700, 5],
        [2_100, 6],
      ] as const) {
        now = at;
        throttle.beat({ sent });
      }
      throttle.flush();
      throttle.flush(); // nothing held back any more: no second report
    });
    expect(beats).toEqual([{ sent: 1 }, { sent: 4 }, { sent: 6 }]);
  });

  test('flush after a beat that went out reports nothing more', async () => {
    const env = new MockActivityEnvironment();
    const beats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => beats.push(details));
    await env.run(async () => {
      const throttle = throttledHeartbeat(1_000, () => 0);
      throttle.beat({ sent: 1 });
      throttle.flush();
    });
    expect(beats).toEqual([{ sent: 1 }]);
  });

  test('outside an activity it does nothing and does not throw', () => {
    const throttle = throttledHeartbeat(1_000);
    expect(() => {
      throttle.beat({ sent: 1 });
      throttle.beat({ sent: 2 });
      throttle.flush();
    }).not.toThrow();
  });
});
