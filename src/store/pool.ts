import { Pool } from 'pg';

/** A connection pool for DATABASE_URL-style URLs; callers own it and must `end()` it. */
export function createPool(url: string, max = 10): Pool {
  const pool = new Pool({ connectionString: url, max, idleTimeoutMillis: 30_000 });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}
