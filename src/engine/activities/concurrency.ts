/** Bounded parallelism for IO-bound loops (SMTP sends), without a dependency. */

/**
 * Runs `work` over `items` with at most `limit` calls in flight. After the first failure no new
 * item starts, the calls already running are awaited (so their side effects are recorded), and
 * that first error is rethrown.
 */
export async function runLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async (): Promise<void> => {
    while (failure === null && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure !== null) throw (failure as { error: unknown }).error;
}
