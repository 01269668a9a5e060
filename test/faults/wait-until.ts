/**
 * Polling with a failure message that shows where things stood: `eventually` from the harness,
 * with the probe's last observed state (counts, statuses) in the timeout error, so a red fault
 * test says "reminders: 7 sent, 3 sending" rather than only "timed out".
 */
import { eventually } from '../harness/cascade-env';

/** Polls `probe` until it reports done; returns its state then, or fails after timeoutMs with the last state. */
export async function waitUntil<T>(what: string, timeoutMs: number, probe: () => Promise<{ done: boolean; state: T }>): Promise<T> {
  return eventually(
    async () => {
      const { done, state } = await probe();
      if (!done) throw new Error(`last seen ${JSON.stringify(state)}`);
      return { state };
    },
    timeoutMs,
    what,
  ).then((r) => r.state);
}
