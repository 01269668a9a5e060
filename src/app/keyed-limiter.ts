import { positiveInteger } from './positive-integer';

/**
 * At most `limit` calls in flight per key; the rest wait their turn in arrival order.
 *
 * Why: Temporal admits about ten in-flight updates per workflow (the server's
 * `history.maxInFlightUpdates`) and refuses more with ResourceExhausted, which the SDK retries
 * with backoff. Under a burst of reports to one committee those retries and their backoff, not
 * the work, filled the time: 300 reports/s offered to 5,000 units got 10 answers a second, most
 * of the rest timed out. Waiting here instead keeps every call the server sees admissible.
 */
export class KeyedLimiter {
  private readonly lanes = new Map<string, { running: number; waiting: Array<() => void> }>();

  constructor(private readonly limit: number) {
    positiveInteger('limit', limit);
  }

  /** Runs `fn` once fewer than `limit` calls with this key are running. */
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { running: 0, waiting: [] };
      this.lanes.set(key, lane);
    }
    if (lane.running >= this.limit) await new Promise<void>((resolve) => lane.waiting.push(resolve));
    else lane.running += 1;
    try {
      return await fn();
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or give it back.
      const next = lane.waiting.shift();
      if (next) next();
      else {
        lane.running -= 1;
        if (lane.running === 0) this.lanes.delete(key);
      }
    }
  }

  /** Calls running and waiting for `key` (for tests and metrics). */
  load(key: string): { running: number; waiting: number } {
    const lane = this.lanes.get(key);
    return { running: lane?.running ?? 0, waiting: lane?.waiting.length ?? 0 };
  }
}
