/** Running many asynchronous tasks a few at a time. */

/** A gate that runs the tasks given to it at most `max` at a time, in the order they arrive. */
export function limiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    // A finishing task hands its slot straight to the next waiting one, so `running` never exceeds `max`.
    if (running < max) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

/** Applies `work` to every item, at most `max` at a time. */
export async function inBatches<T>(items: readonly T[], max: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(max, items.length) }, worker));
}
