import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';

/** Folder of numbered SQL migrations, applied in order of their number. */
export const MIGRATIONS_DIR = path.join(__dirname, 'migrations');

/** A migration file on disk. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** Reads `NNNN_name.sql` files; a gap or duplicate number is an error, not a silent skip. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const migrations = files.map((file) => {
    const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match) throw new Error(`migration file ${file} must be named NNNN_lower_snake.sql`);
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    return { version: Number(match[1]), name: file, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
  });
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} should be number ${i + 1}: numbers must be consecutive from 0001`);
  });
  return migrations;
}

const LOCK_KEY = 727_001; // any constant: serialises concurrent migrators on one database

/**
 * Applies the migrations not yet recorded in schema_migrations, each in its own transaction.
 * Refuses to run if an applied migration's file has changed since.
 */
export async function migrate(pool: Pool, dir = MIGRATIONS_DIR): Promise<{ applied: string[] }> {
  const migrations = loadMigrations(dir);
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    for (const migration of migrations) {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
        const existing = await client.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE version = $1', [migration.version]);
        const row = existing.rows[0];
        if (row) {
          if (row.checksum !== migration.checksum) {
            throw new Error(`migration ${migration.name} was changed after it was applied; add a new migration instead`);
          }
          await client.query('COMMIT');
          continue;
        }
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          migration.checksum,
        ]);
        await client.query('COMMIT');
        applied.push(migration.name);
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
  } finally {
    client.release();
  }
  return { applied };
}
