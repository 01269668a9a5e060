import { migrate, loadMigrations } from '../../src/store/migrate';
import { createPool } from '../../src/store/pool';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/dev/stack/embedded-postgres';
import { createTestDatabase, type TestDatabase } from '../harness/database';

const TABLES = ['audit_log', 'directives', 'email_ledger', 'org_units', 'unit_projection'];

async function roundTrip(pool: import('pg').Pool): Promise<void> {
  await pool.query(
    `INSERT INTO org_units (id, name, level, parent_id, email, members, essays_expected)
     VALUES ('QN', 'Tỉnh ủy Quảng Ninh', 'province', NULL, 'tu@quangninh.vn', 120, 120),
            ('QN-HL', 'Thành ủy Hạ Long', 'district', 'QN', 'thanhuy@halong.vn', 790, 812)`,
  );
  const { rows } = await pool.query<{ name: string; members: number }>('SELECT name, members FROM org_units WHERE parent_id = $1', ['QN']);
  expect(rows).toEqual([{ name: 'Thành ủy Hạ Long', members: 790 }]);
}

describe('migrations on the throwaway PostgreSQL cluster', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  test('every migration applies once, in order, and creates the tables', async () => {
    const first = await migrate(db.pool);
    expect(first.applied).toEqual(loadMigrations().map((m) => m.name));
    const second = await migrate(db.pool);
    expect(second.applied).toEqual([]);
    const { rows } = await db.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ANY($1) ORDER BY 1`,
      [TABLES],
    );
    expect(rows.map((r) => r.table_name)).toEqual(TABLES);
  });

  test('a query round-trips Vietnamese names', () => roundTrip(db.pool));

  test('a migration edited after it was applied is refused', async () => {
    await db.pool.query(`UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1`);
    await expect(migrate(db.pool)).rejects.toThrow(/0001_initial\.sql was changed after it was applied/);
  });
});

describe('migrations on the embedded PostgreSQL (PGlite over the wire protocol)', () => {
  let embedded: EmbeddedPostgres;
  beforeAll(async () => {
    embedded = await startEmbeddedPostgres();
  });
  afterAll(() => embedded.stop());

  test('parameterised queries from many connections at once each get their own answer', async () => {
    const pool = createPool(embedded.url, 8);
    try {
      const results = await Promise.all(
        // Each statement text differs: a Bind that lands on another client's Parse gives a wrong n.
        Array.from({ length: 300 }, (_, i) => pool.query<{ n: number; s: string }>(`SELECT $1::int * 1000 + ${i} AS n, $2::text AS s`, [i, `đơn vị ${i}`])),
      );
      const wrong = results.filter((r, i) => r.rows[0]?.n !== i * 1000 + i || r.rows[0]?.s !== `đơn vị ${i}`);
      expect(wrong).toHaveLength(0);
    } finally {
      await pool.end();
    }
  });

  test('the same migrations apply and the same query runs through pg', async () => {
    const pool = createPool(embedded.url, 4);
    try {
      const result = await migrate(pool);
      expect(result.applied).toEqual(loadMigrations().map((m) => m.name));
      await roundTrip(pool);
    } finally {
      await pool.end();
    }
  });
});
