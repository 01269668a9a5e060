// JournalWriter on real PostgreSQL: callers' entries that arrive together are written together,
// every caller is answered only once its own entries are in, and one caller's entries that
// PostgreSQL refuses for good are quarantined without failing anyone.
import type { JournalEntries } from '../../src/domain/cascade/records';
import { listQuarantine } from '../../src/store/journal-quarantine';
import { JournalWriter } from '../../src/app/journal-writer';
import { countingPool } from '../harness/counting-pool';
import type { TestDatabase } from '../harness/database';
import { migratedDatabase, reportAudit, reportedProjection } from '../activities/fixtures';

const DIRECTIVE = '07-CT-TW-2027';

function entries(n: number, occurredAt = '2027-07-15T03:00:00.000Z'): JournalEntries {
  const unitId = `QN-HL-${String(n).padStart(3, '0')}`;
  const audit = reportAudit(DIRECTIVE, unitId, { attendees: n }, { occurredAt });
  const projection = reportedProjection(DIRECTIVE, unitId, { completedAt: occurredAt, attendees: n, essaysSubmitted: n });
  return { audit: [audit], projections: [projection] };
}

describe('JournalWriter', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await migratedDatabase();
  });
  afterAll(() => db.drop());
  beforeEach(async () => {
    await db.pool.query('DELETE FROM audit_log WHERE directive_id = $1', [DIRECTIVE]);
    await db.pool.query('DELETE FROM unit_projection WHERE directive_id = $1', [DIRECTIVE]);
    await db.pool.query('DELETE FROM journal_quarantine WHERE directive_id = $1', [DIRECTIVE]);
  });

  const written = async () => {
    const audit = await db.pool.query<{ unit_id: string }>('SELECT unit_id FROM audit_log WHERE directive_id = $1 ORDER BY unit_id', [DIRECTIVE]);
    const projections = await db.pool.query<{ unit_id: string; attendees: number }>(
      'SELECT unit_id, attendees FROM unit_projection WHERE directive_id = $1 ORDER BY unit_id',
      [DIRECTIVE],
    );
    return { audit: audit.rows.map((r) => r.unit_id), projections: projections.rows.map((r) => [r.unit_id, r.attendees]) };
  };

  test('an idle writer writes a single call at once, in one statement', async () => {
    const { pool, statements } = countingPool(db.pool);
    await new JournalWriter(pool).write(entries(1));
    expect([statements(), await written()]).toEqual([1, { audit: ['QN-HL-001'], projections: [['QN-HL-001', 1]] }]);
  });

  test('forty calls at once are all written, in far fewer statements than calls', async () => {
    const { pool, statements } = countingPool(db.pool);
    const writer = new JournalWriter(pool);
    await Promise.all(Array.from({ length: 40 }, (_, i) => writer.write(entries(i + 1))));
    const rows = await written();
    expect([rows.audit.length, rows.projections.length]).toEqual([40, 40]);
    expect(rows.projections).toContainEqual(['QN-HL-040', 40]);
    // One write in flight: the first call goes alone, the 39 behind it in one merged write.
    expect(statements()).toBe(2);
  });

  test('a write groups no more entries than its limit', async () => {
    const { pool, statements } = countingPool(db.pool);
    const writer = new JournalWriter(pool, { maxInFlight: 1, maxEntriesPerWrite: 4 });
    await Promise.all(Array.from({ length: 9 }, (_, i) => writer.write(entries(i + 1))));
    // One alone, then groups of two calls (four entries each): 1 + 4 statements.
    expect([statements(), (await written()).audit.length]).toEqual([5, 9]);
  });

  test("one call's entries that PostgreSQL refuses for good are quarantined at once; every call of the group is answered and the others written", async () => {
    const alerts: string[] = [];
    const writer = new JournalWriter(db.pool, { maxInFlight: 1, alert: (line) => alerts.push(line) });
    const calls = [entries(1), entries(2), entries(3, 'not an instant'), entries(4)].map((e) =>
      writer.write(e).then(
        () => 'written',
        (err: Error) => err.message,
      ),
    );
    expect(await Promise.all(calls)).toEqual(['written', 'written', 'written', 'written']);
    expect((await written()).audit).toEqual(['QN-HL-001', 'QN-HL-002', 'QN-HL-004']);
    expect((await listQuarantine(db.pool, DIRECTIVE)).map((q) => [q.unitId, q.entryType, q.errorCode])).toEqual([
      ['QN-HL-003', 'audit', '22007'],
      ['QN-HL-003', 'projection', '22007'],
    ]);
    expect(alerts).toHaveLength(2);
  });

  test('a call with nothing to write resolves without a statement', async () => {
    const { pool, statements } = countingPool(db.pool);
    await new JournalWriter(pool).write({ audit: [], projections: [] });
    expect(statements()).toBe(0);
  });
});
