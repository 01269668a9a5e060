import crypto from 'node:crypto';
import { Pool } from 'pg';
import { createPool } from '../../src/store/pool';
import { requiredTestEnv } from './env';

/** A database of its own for one test file, on the shared test server. */
export interface TestDatabase {
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

/** Creates a fresh, empty database so tests never see each other's rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const baseUrl = requiredTestEnv('TEST_DATABASE_URL');
  const name = `test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = createPool(baseUrl, 1);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const pool = createPool(url.toString());
  return {
    url: url.toString(),
    pool,
    async drop() {
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
