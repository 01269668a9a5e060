// The withdrawal lookup on real PostgreSQL: a directive that is not withdrawn (the common case: a
// command whose committee has ended asks it on every attempt) is answered without reading the
// directive's other audit records, and a withdrawal is found whichever unit's record has it.
import type { Pool } from 'pg';
import { withdrawalRecord } from '../../src/store/withdrawal-record';
import { countingPool, type SentStatement } from '../harness/counting-pool';
import type { TestDatabase } from '../harness/database';
import { migratedDatabase } from './fixtures';

const DIRECTIVE = '12-CT-TW-2027';

/** Pages the statement read (shared buffers hit or read), by PostgreSQL's own account. */
async function pagesRead(pool: Pool, statement: SentStatement): Promise<number> {
  const { rows } = await pool.query<{ 'QUERY PLAN': [{ Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number } }] }>(
    `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.text}`,
    statement.values,
  );
  const plan = rows[0]!['QUERY PLAN'][0].Plan;
  return plan['Shared Hit Blocks'] + plan['Shared Read Blocks'];
}

describe('withdrawalRecord', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await migratedDatabase();
    await db.pool.query(`INSERT INTO directives (id, code, title, spec, root_unit_id, levels) VALUES ($1, $1, 'Chỉ thị', '{}'::jsonb, 'TW', '[]'::jsonb)`, [
      DIRECTIVE,
    ]);
    // A national directive's receipts, notices and reports: 60,000 records, none a withdrawal.
    await db.pool.query(
      `INSERT INTO audit_log (directive_id, unit_id, kind, actor, payload, occurred_at, dedupe_key)
       SELECT $1, 'U-' || n, (ARRAY['received', 'notice', 'report'])[n % 3 + 1], NULL, '{}'::jsonb, now(), $1 || '/' || n
       FROM generate_series(1, 60000) n`,
      [DIRECTIVE],
    );
    await db.pool.query('ANALYZE audit_log');
  });
  afterAll(() => db.drop());

  test('a directive that is not withdrawn is answered null from a few pages, not from its other records', async () => {
    const { pool, last } = countingPool(db.pool);
    expect(await withdrawalRecord(pool, DIRECTIVE)).toBeNull();
    // The directive's 60,000 records fill several hundred pages; reading them is what this guards against.
    expect(await pagesRead(db.pool, last())).toBeLessThan(20);
  });

  test("a withdrawn directive's reason is found in the root's record, or in another unit's when the root had finished", async () => {
    await db.pool.query(`UPDATE directives SET status = 'withdrawn' WHERE id = $1`, [DIRECTIVE]);
    await db.pool.query(
      `INSERT INTO audit_log (directive_id, unit_id, kind, actor, payload, occurred_at, dedupe_key)
       VALUES ($1, 'U-7', 'withdrawal', 'Văn phòng Trung ương', '{"reason": "Thay bằng Chỉ thị 13"}', '2027-03-01T02:00:00Z', $1 || '/withdrawal/U-7')`,
      [DIRECTIVE],
    );
    expect(await withdrawalRecord(db.pool, DIRECTIVE)).toEqual({
      at: '2027-03-01T02:00:00.000Z',
      reason: 'Thay bằng Chỉ thị 13',
      actor: 'Văn phòng Trung ương',
    });
    await db.pool.query(
      `INSERT INTO audit_log (directive_id, unit_id, kind, actor, payload, occurred_at, dedupe_key)
       VALUES ($1, 'TW', 'withdrawal', 'Ban Bí thư', '{"reason": "Hết hiệu lực"}', '2027-03-01T01:00:00Z', $1 || '/withdrawal/TW')`,
      [DIRECTIVE],
    );
    expect(await withdrawalRecord(db.pool, DIRECTIVE)).toEqual({ at: '2027-03-01T01:00:00.000Z', reason: 'Hết hiệu lực', actor: 'Ban Bí thư' });
  });
});
