/** The one place activities open a transaction, so every client is released, whatever happens. */
import type { Pool, PoolClient } from 'pg';

/** Runs `work` in a transaction: COMMIT when it resolves, ROLLBACK when it throws; the client is always released. */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A failed ROLLBACK (connection lost) must not hide the error that caused it.
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    client.release();
  }
}

/** Splits a list into consecutive chunks of at most `size` items (bounded statement size). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
