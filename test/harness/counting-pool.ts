/** A pool that counts the statements sent through it, for tests that check how calls are merged. */
import type { Pool } from 'pg';

/** The same pool, counting the statements sent through it. */
export function countingPool(pool: Pool): { pool: Pool; statements: () => number } {
  let statements = 0;
  const proxy = new Proxy(pool, {
    get(target, key, receiver) {
      if (key !== 'query') return Reflect.get(target, key, receiver);
      return (...args: Parameters<Pool['query']>) => {
        statements += 1;
        return (target.query as (...a: unknown[]) => unknown)(...args);
      };
    },
  });
  return { pool: proxy, statements: () => statements };
}
