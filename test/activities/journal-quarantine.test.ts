// recordJournal on real PostgreSQL when PostgreSQL refuses an entry for good (issue 13, item 1: a
// count beyond int4 or a NUL in the notes failed every retry of the committee's journal activity,
// for ever): the refused entries are found, kept in journal_quarantine with the error and alerted
// once, the rest of the batch is written and the call succeeds. A retryable failure still throws.
import { createPool } from '../../src/store/pool';
import type { AuditEntry, ProjectionRow } from '../../src/domain/cascade/records';
import { listQuarantine } from '../../src/store/journal-quarantine';
import { recordJournal } from '../../src/store/record-journal';
import type { TestDatabase } from '../harness/database';
import { migratedDatabase, reportAudit, reportedProjection } from './fixtures';

const DIRECTIVE = '13-CT-TW-2027';

const audit = (unitId: string, payload: Record<string, unknown> = { attendees: 20 }, extra: Partial<AuditEntry> = {}) =>
  reportAudit(DIRECTIVE, unitId, payload, extra);
const projection = (unitId: string, extra: Partial<ProjectionRow> = {}) => reportedProjection(DIRECTIVE, unitId, extra);

describe('recordJournal with entries PostgreSQL refuses for good', () => {
  let db: TestDatabase;
  const alerts: string[] = [];
  const write = (batch: { audit: AuditEntry[]; projections: ProjectionRow[] }) => recordJournal(db.pool, batch, { alert: (line) => alerts.push(line) });
  const auditUnits = async () =>
    (await db.pool.query<{ unit_id: string }>('SELECT unit_id FROM audit_log WHERE directive_id = $1 ORDER BY unit_id', [DIRECTIVE])).rows.map(
      (r) => r.unit_id,
    );
  const projectionUnits = async () =>
    (await db.pool.query<{ unit_id: string }>('SELECT unit_id FROM unit_projection WHERE directive_id = $1 ORDER BY unit_id', [DIRECTIVE])).rows.map(
      (r) => r.unit_id,
    );

  beforeAll(async () => {
    db = await migratedDatabase();
  });
  afterAll(() => db.drop());
  beforeEach(async () => {
    alerts.length = 0;
    for (const table of ['audit_log', 'unit_projection', 'unit_rollup_counts', 'journal_quarantine'])
      await db.pool.query(`DELETE FROM ${table} WHERE directive_id = $1`, [DIRECTIVE]);
  });

  test('a report whose notes hold a NUL is quarantined with its error; the rest of its batch is written and the call succeeds', async () => {
    const notes = 'Đã học tập\u0000 nghị quyết';
    const result = await write({ audit: [audit('C1'), audit('C2', { attendees: 20, notes })], projections: [projection('C1'), projection('C2')] });
    expect(result).toEqual({ audit: 1, projections: 2, quarantined: 1 });
    expect([await auditUnits(), await projectionUnits()]).toEqual([['C1'], ['C1', 'C2']]);
    const [kept, ...more] = await listQuarantine(db.pool, DIRECTIVE);
    expect(more).toEqual([]);
    expect(kept).toMatchObject({ directiveId: DIRECTIVE, unitId: 'C2', entryType: 'audit', kind: 'report', errorCode: '22P05' });
    // Stored so it reads back exactly as it was handed over, NUL included.
    expect(kept?.entry).toEqual(audit('C2', { attendees: 20, notes }));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatch(/^ALERT journal entry quarantined \(#\d+\): .*audit record 'report' of unit C2 in directive 13-CT-TW-2027 .*22P05/);
    expect(alerts[0]).not.toContain('nghị quyết');
  });

  test('a count beyond int4 in a projection row is quarantined; its audit record is written', async () => {
    const result = await write({ audit: [audit('C3', { members: 3_000_000_000 })], projections: [projection('C3', { members: 3_000_000_000 })] });
    expect(result).toEqual({ audit: 1, projections: 0, quarantined: 1 });
    expect(await listQuarantine(db.pool, DIRECTIVE)).toMatchObject([{ unitId: 'C3', entryType: 'projection', kind: 'done-on-time', errorCode: '22003' }]);
    expect(alerts[0]).toMatch(/projection row \(done-on-time, version 2\) of unit C3 .*22003: value "3000000000" is out of range for type integer/);
  });

  test('two bad entries among 5,000 (several statements in one transaction): the 4,998 others are written', async () => {
    const ids = Array.from({ length: 2500 }, (_, i) => `B${String(i).padStart(4, '0')}`);
    const batch = {
      audit: ids.map((id) => audit(id, id === 'B0700' ? { notes: '\u0000' } : { attendees: 20 })),
      projections: ids.map((id) => projection(id, id === 'B2100' ? { attendees: -1, deadline: 'not an instant' } : {})),
    };
    await expect(write(batch)).resolves.toEqual({ audit: 2499, projections: 2499, quarantined: 2 });
    expect((await listQuarantine(db.pool, DIRECTIVE)).map((q) => [q.unitId, q.entryType, q.errorCode])).toEqual([
      ['B0700', 'audit', '22P05'],
      ['B2100', 'projection', '22007'],
    ]);
    expect([(await auditUnits()).length, (await projectionUnits()).length]).toEqual([2499, 2499]);
  });

  test('the same entry refused again (a retry, the committee after its caller) is kept and alerted once', async () => {
    const batch = { audit: [audit('C4', { notes: 'a\u0000b' })], projections: [projection('C4')] };
    await expect(write(batch)).resolves.toEqual({ audit: 0, projections: 1, quarantined: 1 });
    await expect(write(batch)).resolves.toEqual({ audit: 0, projections: 0, quarantined: 1 });
    expect(await listQuarantine(db.pool, DIRECTIVE)).toHaveLength(1);
    expect(alerts).toHaveLength(1);
  });

  test('ids and kinds holding a NUL or a lone surrogate are kept escaped, the entry itself intact', async () => {
    const unitId = 'C5\u0000\uD800';
    await expect(write({ audit: [audit(unitId)], projections: [] })).resolves.toEqual({ audit: 0, projections: 0, quarantined: 1 });
    const [kept] = await listQuarantine(db.pool, DIRECTIVE);
    expect(kept?.unitId).toBe('C5\\u0000\\ud800');
    expect(kept?.entry.unitId).toBe(unitId);
    expect(alerts[0]).toContain('unit C5\\u0000\\ud800 ');
  });

  test('a retryable failure (a lock wait timed out) is thrown for the activity to retry, and nothing is quarantined', async () => {
    const impatient = createPool(`${db.url}${db.url.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c lock_timeout=200')}`);
    const holder = await db.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT journal_lock_scopes($1::text[], $2::text[])', [[DIRECTIVE], ['QN-HL']]);
      const failure = recordJournal(impatient, { audit: [audit('C6')], projections: [projection('C6')] }, { alert: (line) => alerts.push(line) });
      await expect(failure).rejects.toMatchObject({ code: '55P03' });
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
      await impatient.end();
    }
    expect([await auditUnits(), await listQuarantine(db.pool, DIRECTIVE), alerts]).toEqual([[], [], []]);
  });
});
