import type { CascadeActivities } from '../../src/engine/activities';
import type { AuditEntry, ProjectionRow } from '../../src/domain/cascade/records';
import { recordJournal } from '../../src/store/record-journal';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/dev/stack/embedded-postgres';
import { migrate } from '../../src/store/migrate';
import { createPool } from '../../src/store/pool';
import type { TestDatabase } from '../harness/database';
import { activitiesWithoutMail, migratedDatabase } from './fixtures';

const DIRECTIVE = '01-CT-TW-2021';

function audit(n: number, extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    directiveId: DIRECTIVE,
    unitId: `QN-HL-${n}`,
    kind: 'report',
    actor: 'bí thư chi bộ',
    payload: { attendees: n, note: 'Đã tổ chức hội nghị "học tập" \\ quán triệt' },
    occurredAt: '2021-07-15T03:00:00.000Z',
    dedupeKey: `report/${DIRECTIVE}/QN-HL-${n}/1`,
    ...extra,
  };
}

function projection(unitId: string, version: number, extra: Partial<ProjectionRow> = {}): ProjectionRow {
  return {
    directiveId: DIRECTIVE,
    unitId,
    level: 'cell',
    parentId: 'QN-HL',
    ancestors: ['QN-HL', 'QN'],
    status: 'pending',
    deadline: '2021-09-30T16:59:59.999Z',
    receivedAt: '2021-03-20T01:00:00.000Z',
    completedAt: null,
    attendees: null,
    members: 30,
    essaysSubmitted: null,
    essaysExpected: 28,
    version,
    ...extra,
  };
}

describe('recordJournal', () => {
  let db: TestDatabase;
  let activities: CascadeActivities;
  beforeAll(async () => {
    db = await migratedDatabase();
    activities = activitiesWithoutMail(db.pool);
  });
  afterAll(() => db.drop());

  const projectionRow = async (unitId: string) =>
    (
      await db.pool.query(
        'SELECT status, version::int AS version, attendees, ancestors, completed_at FROM unit_projection WHERE directive_id = $1 AND unit_id = $2',
        [DIRECTIVE, unitId],
      )
    ).rows[0];

  test('an empty batch writes nothing', async () => {
    await expect(activities.recordJournal({ audit: [], projections: [] })).resolves.toEqual({ audit: 0, projections: 0 });
  });

  test('audit records and projections are written once; a retried batch writes nothing', async () => {
    const batch = { audit: [audit(1), audit(2)], projections: [projection('QN-HL-1', 1), projection('QN-HL-2', 1)] };
    await expect(activities.recordJournal(batch)).resolves.toEqual({ audit: 2, projections: 2 });
    await expect(activities.recordJournal(batch)).resolves.toEqual({ audit: 0, projections: 0 });
    const { rows } = await db.pool.query('SELECT unit_id, kind, actor, payload, occurred_at FROM audit_log WHERE directive_id = $1 ORDER BY id', [DIRECTIVE]);
    expect(rows).toEqual([
      { unit_id: 'QN-HL-1', kind: 'report', actor: 'bí thư chi bộ', payload: audit(1).payload, occurred_at: new Date('2021-07-15T03:00:00.000Z') },
      { unit_id: 'QN-HL-2', kind: 'report', actor: 'bí thư chi bộ', payload: audit(2).payload, occurred_at: new Date('2021-07-15T03:00:00.000Z') },
    ]);
    expect(await projectionRow('QN-HL-1')).toEqual({ status: 'pending', version: 1, attendees: null, ancestors: ['QN-HL', 'QN'], completed_at: null });
  });

  test('a newer version replaces the projection; an older or equal one is ignored', async () => {
    const done = projection('QN-HL-1', 3, { status: 'done-on-time', completedAt: '2021-07-15T03:00:00.000Z', attendees: 29, essaysSubmitted: 28 });
    await expect(activities.recordJournal({ audit: [], projections: [done] })).resolves.toEqual({ audit: 0, projections: 1 });
    await expect(
      activities.recordJournal({ audit: [], projections: [projection('QN-HL-1', 2, { status: 'overdue' }), projection('QN-HL-1', 3)] }),
    ).resolves.toEqual({
      audit: 0,
      projections: 0,
    });
    expect(await projectionRow('QN-HL-1')).toEqual({
      status: 'done-on-time',
      version: 3,
      attendees: 29,
      ancestors: ['QN-HL', 'QN'],
      completed_at: new Date('2021-07-15T03:00:00.000Z'),
    });
  });

  test('two versions of one unit in the same batch: the newest wins', async () => {
    const batch = { audit: [], projections: [projection('QN-HL-2', 5, { status: 'acknowledged' }), projection('QN-HL-2', 4, { status: 'overdue' })] };
    await expect(activities.recordJournal(batch)).resolves.toEqual({ audit: 0, projections: 1 });
    expect(await projectionRow('QN-HL-2')).toMatchObject({ status: 'acknowledged', version: 5 });
  });

  test('a repeated dedupe key inside one batch is written once', async () => {
    await expect(activities.recordJournal({ audit: [audit(3), audit(3)], projections: [] })).resolves.toEqual({ audit: 1, projections: 0 });
  });

  test('5,000 audit records and projections go in one transaction, in chunks', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => i + 1000);
    const batch = { audit: many.map((n) => audit(n)), projections: many.map((n) => projection(`BULK-${n}`, 1, { ancestors: [] })) };
    await expect(activities.recordJournal(batch)).resolves.toEqual({ audit: 5000, projections: 5000 });
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM unit_projection WHERE unit_id LIKE 'BULK-%' AND ancestors = '{}'`);
    expect(rows[0]).toEqual({ n: 5000 });
  });
});

describe('recordJournal on the embedded PostgreSQL (npm start)', () => {
  let embedded: EmbeddedPostgres;
  beforeAll(async () => {
    embedded = await startEmbeddedPostgres();
    const pool = createPool(embedded.url, 1);
    await migrate(pool).finally(() => pool.end());
  });
  afterAll(() => embedded?.stop());

  test('writes from several connections at once all land: PGlite is one session, so no connection may keep state of its own there', async () => {
    const pool = createPool(embedded.url, 4);
    try {
      const units = Array.from({ length: 16 }, (_, i) => 9201 + i);
      const written = await Promise.all(units.map((n) => recordJournal(pool, { audit: [audit(n)], projections: [projection(`QN-HL-${n}`, 1)] })));
      expect(written).toEqual(units.map(() => ({ audit: 1, projections: 1 })));
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM unit_projection WHERE directive_id = $1`, [DIRECTIVE]);
      expect(rows[0]).toEqual({ n: units.length });
    } finally {
      await pool.end();
    }
  });
});
