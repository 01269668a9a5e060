/** A pool that counts the statements sent through it, for tests that check how calls are merged or what a statement reads. */
import type { Pool } from 'pg';

/** A statement as it was sent: its text and parameters. */
export interface SentStatement {
  text: string;
  values: unknown[];
}

/** The same pool, counting the statements sent through it and keeping the last one. */
export function countingPool(pool: Pool): { pool: Pool; statements: () => number; last: () => SentStatement } {
  let statements = 0;
  let last: SentStatement = { text: '', values: [] };
  const proxy = new Proxy(pool, {
    get(target, key, receiver) {
      if (key !== 'query') return Reflect.get(target, key, receiver);
      return (...args: Parameters<Pool['query']>) => {
        statements += 1;
        const [query, values] = args as unknown as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
        last = typeof query === 'string' ? { text: query, values: values ?? [] } : { text: query.text, values: values ?? query.values ?? [] };
        return (target.query as (...a: unknown[]) => unknown)(...args);
      };
    },
  });
  return { pool: proxy, statements: () => statements, last: () => last };
}
