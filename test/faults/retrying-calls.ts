/**
 * Client calls that outlast an outage, as a caller that must not lose a report would make them:
 * while the worker or a server is down, an update waits, times out or finds no workflow yet; the
 * caller tries again until it is acknowledged. A retry of a report whose earlier attempt did land
 * (the answer was lost, not the report) is refused as `already-reported` and counts as applied.
 */
import type { ConnectionLike } from '@temporalio/client';
import { CascadeError } from '../../src/app/errors';

/** Counts over a set of calls. */
export interface RetryStats {
  calls: number;
  attempts: number;
  /** Attempts beyond the first. */
  retries: number;
  /** Calls whose retry found the report already there: an earlier attempt landed. */
  appliedByEarlierAttempt: number;
  /** Failed attempts, by error name. */
  failures: Record<string, number>;
}

/** Fresh counters. */
export function retryStats(): RetryStats {
  return { calls: 0, attempts: 0, retries: 0, appliedByEarlierAttempt: 0, failures: {} };
}

const isBadInput = (err: unknown) => err instanceof CascadeError && err.status === 400;
const alreadyReported = (err: unknown) => err instanceof CascadeError && err.code === 'already-reported';

/** How long to keep trying, and how long one attempt may wait on the server. */
export interface RetryOptions {
  /** Give up after this long (default 5 minutes), with the last error. */
  timeoutMs?: number;
  pauseMs?: number;
  /**
   * With `connection`: each attempt's gRPC calls get this deadline. An update to a committee
   * that no worker runs otherwise waits as long as the outage; with a deadline the caller sees
   * a timeout and tries again, as an impatient user or an HTTP gateway would.
   */
  attemptMs?: number;
  connection?: ConnectionLike;
}

/**
 * Calls `call` until it succeeds, waiting `pauseMs` between attempts; gives up after `timeoutMs`
 * with the last error. Bad input is never retried (no outage explains it).
 */
export async function untilAccepted(what: string, call: () => Promise<unknown>, stats: RetryStats, opts: RetryOptions = {}): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
  const { connection, attemptMs } = opts;
  const attemptCall = connection && attemptMs ? () => connection.withDeadline(Date.now() + attemptMs, call) : call;
  stats.calls += 1;
  for (let attempt = 1; ; attempt++) {
    stats.attempts += 1;
    if (attempt > 1) stats.retries += 1;
    try {
      await attemptCall();
      return;
    } catch (err) {
      if (attempt > 1 && alreadyReported(err)) {
        stats.appliedByEarlierAttempt += 1;
        return;
      }
      const name = err instanceof Error ? err.name : 'unknown';
      stats.failures[name] = (stats.failures[name] ?? 0) + 1;
      if (isBadInput(err) || alreadyReported(err) || Date.now() > deadline) {
        throw new Error(`${what} was not accepted after ${attempt} attempt(s): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    }
    await new Promise((r) => setTimeout(r, opts.pauseMs ?? 1_000));
  }
}
