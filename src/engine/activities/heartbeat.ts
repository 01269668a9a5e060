/** Activity heartbeats that are a no-op outside an activity, so activities stay plain functions tests can call. */
import { Context } from '@temporalio/activity';

/** Reports progress to Temporal when running as an activity; does nothing when called directly. */
export function heartbeat(details?: unknown): void {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return; // called outside a worker (tests, scripts): nobody to tell
  }
  context.heartbeat(details);
}

/**
 * A heartbeat for loops that make progress many times a second: `beat` reports at most once per
 * `intervalMs` (the first call always), `flush` reports the latest details if a beat was held back.
 * Each heartbeat is a trip through the SDK's pipeline on the thread that runs every activity: at a
 * national launch, a beat after every email cost more CPU than rendering the emails. The interval
 * must stay far below the activity's heartbeatTimeout (retry-policies.ts).
 */
export function throttledHeartbeat(intervalMs: number, now: () => number = Date.now): { beat(details?: unknown): void; flush(): void } {
  let last = -Infinity;
  let held: { details: unknown } | null = null;
  return {
    beat(details) {
      const t = now();
      if (t - last < intervalMs) {
        held = { details };
        return;
      }
      last = t;
      held = null;
      heartbeat(details);
    },
    flush() {
      if (held === null) return;
      last = now();
      const { details } = held;
      held = null;
      heartbeat(details);
    },
  };
}
