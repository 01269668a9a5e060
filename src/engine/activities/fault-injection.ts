/**
 * Faults a test can inject into the activities, to measure what a crash at an awkward instant
 * costs (test/faults). Off unless a test passes `faults` to createActivities; src/engine/worker/main.ts and
 * npm start never do.
 */

/** What to inject. */
export interface ActivityFaults {
  /**
   * The next n emails the SMTP server accepts each end their activity attempt before the ledger
   * records them as sent, as if the worker died at that instant: the ledger still says `sending`,
   * so the retry sends them again with the same Message-ID and the receiving server gets n
   * duplicates (a thrown error stands in for the dead process: Temporal retries it the same way,
   * only without waiting for a heartbeat timeout).
   */
  crashAfterSmtpAccept?: number;
}

/** The error an injected fault throws. */
export class InjectedFault extends Error {
  override readonly name = 'InjectedFault';
}

/** A countdown of `times` injections: each call returns true (and uses one up) until none are left. */
export function faultCountdown(times: number | undefined, option: string): () => boolean {
  const total = times ?? 0;
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`faults.${option} must be a whole number ≥ 0, got ${times}`);
  let left = total;
  return () => {
    if (left === 0) return false;
    left -= 1;
    return true;
  };
}
