/** Repeating a Temporal call that failed for a reason that passes. */
import { isOutcomeUnknown } from './errors';

/** Transient failures are repeated this long, with backoff up to 5 s between tries. */
const TRANSIENT_RETRY_MS = 5 * 60_000;

/**
 * Repeats a call that failed for a transient reason: an update the server aborted because its
 * committee continued as new meanwhile (large take-overs make it suggest that), an overloaded
 * server, a timeout. Every call wrapped here is applied once per key in its committee, so a repeat is safe.
 */
export async function withTransientRetries<T>(send: () => Promise<T>): Promise<T> {
  const giveUpAt = Date.now() + TRANSIENT_RETRY_MS;
  for (let delay = 200; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      return await send();
    } catch (err) {
      if (!isOutcomeUnknown(err) || Date.now() + delay > giveUpAt) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
