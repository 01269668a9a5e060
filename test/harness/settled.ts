/**
 * Waits until a measurement stops changing: workflows keep writing history for a moment after an
 * update returns (journal activity, rollup signal to the parent), and "nothing changed" must be
 * measured from a state that is at rest, not from one still moving.
 */
export async function settled<T>(measure: () => Promise<T>, opts: { quietMs?: number; timeoutMs?: number; what?: string } = {}): Promise<T> {
  const { quietMs = 2_000, timeoutMs = 90_000, what = 'the state' } = opts;
  const deadline = Date.now() + timeoutMs;
  let last = JSON.stringify(await measure());
  let since = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const value = await measure();
    const now = JSON.stringify(value);
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return value;
    }
    if (Date.now() > deadline) throw new Error(`${what} kept changing for ${timeoutMs} ms (last: ${now})`);
  }
}
