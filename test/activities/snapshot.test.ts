import { ApplicationFailure } from '@temporalio/common';
import type { CascadeActivities } from '../../src/engine/activities';
import { loadCommittee } from '../../src/store/load-committee';
import type { TestDatabase } from '../harness/database';
import { activitiesWithoutMail, QUANG_NINH, directive, insertOrg, migratedDatabase } from './fixtures';

interface SnapshotRow {
  unit_id: string;
  parent_id: string | null;
  has_children: boolean;
  holder_id: string;
  ancestors: string[];
  depth: number;
}

describe('prepareDirective and loadCommittee on a Quảng Ninh tree', () => {
  let db: TestDatabase;
  let activities: CascadeActivities;

  beforeAll(async () => {
    db = await migratedDatabase();
    await insertOrg(db.pool, QUANG_NINH);
    activities = activitiesWithoutMail(db.pool);
  });
  afterAll(() => db.drop());

  const snapshot = async (directiveId: string) =>
    (
      await db.pool.query<SnapshotRow>(
        'SELECT unit_id, parent_id, has_children, holder_id, ancestors, depth FROM directive_units WHERE directive_id = $1 ORDER BY unit_id',
        [directiveId],
      )
    ).rows;

  test('the snapshot holds the province subtree with children flags, holders, ancestors and depth', async () => {
    const d = directive('QN');
    await expect(activities.prepareDirective({ directive: d, spec: { code: d.code } })).resolves.toEqual({ units: 7 });
    expect(await snapshot(d.id)).toEqual([
      { unit_id: 'QN', parent_id: null, has_children: true, holder_id: 'QN', ancestors: [], depth: 0 },
      { unit_id: 'QN-CA', parent_id: 'QN', has_children: false, holder_id: 'QN', ancestors: ['QN'], depth: 1 },
      { unit_id: 'QN-CP', parent_id: 'QN', has_children: true, holder_id: 'QN-CP', ancestors: ['QN'], depth: 1 },
      { unit_id: 'QN-CP-001', parent_id: 'QN-CP', has_children: false, holder_id: 'QN-CP', ancestors: ['QN-CP', 'QN'], depth: 2 },
      { unit_id: 'QN-HL', parent_id: 'QN', has_children: true, holder_id: 'QN-HL', ancestors: ['QN'], depth: 1 },
      { unit_id: 'QN-HL-017', parent_id: 'QN-HL', has_children: false, holder_id: 'QN-HL', ancestors: ['QN-HL', 'QN'], depth: 2 },
      { unit_id: 'QN-HL-018', parent_id: 'QN-HL', has_children: false, holder_id: 'QN-HL', ancestors: ['QN-HL', 'QN'], depth: 2 },
    ]);
    const { rows } = await db.pool.query('SELECT code, root_unit_id, spec FROM directives WHERE id = $1', [d.id]);
    expect(rows).toEqual([{ code: '01-CT/TW', root_unit_id: 'QN', spec: { code: '01-CT/TW' } }]);
  });

  test('a retry returns the same count, inserts nothing, and ignores units added to the directory since', async () => {
    const d = directive('QN');
    const before = await snapshot(d.id);
    await insertOrg(db.pool, [['QN-HL-019', 'Chi bộ khu 9', 'cell', 'QN-HL', 'cb019@halong.test']]);
    await expect(activities.prepareDirective({ directive: d, spec: {} })).resolves.toEqual({ units: 7 });
    expect(await snapshot(d.id)).toEqual(before);
    await db.pool.query(`DELETE FROM org_units WHERE id = 'QN-HL-019'`);
  });

  test('a cell as the root is a one-unit cascade that holds itself', async () => {
    const d = directive('QN-CA');
    await expect(activities.prepareDirective({ directive: d, spec: {} })).resolves.toEqual({ units: 1 });
    expect(await snapshot(d.id)).toEqual([{ unit_id: 'QN-CA', parent_id: null, has_children: false, holder_id: 'QN-CA', ancestors: [], depth: 0 }]);
  });

  test('an unknown root fails without retry, names the unit, and leaves no directive behind', async () => {
    const d = directive('QN-NOPE');
    const error = await activities.prepareDirective({ directive: d, spec: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as ApplicationFailure).message).toMatch(/root unit QN-NOPE .* not in the organisation directory/);
    const { rows } = await db.pool.query('SELECT 1 FROM directives WHERE id = $1', [d.id]);
    expect(rows).toHaveLength(0);
  });

  test('a directive id already used with another root fails without retry', async () => {
    const d = directive('QN', { rootId: 'QN-HL' });
    await expect(activities.prepareDirective({ directive: d, spec: {} })).rejects.toMatchObject({
      nonRetryable: true,
      message: expect.stringMatching(/already exists with root unit QN, not QN-HL/),
    });
  });

  test('a cycle in the directory does not loop forever', async () => {
    await insertOrg(db.pool, [
      ['LOOP-A', 'A', 'district', 'LOOP-B', 'a@loop.test'],
      ['LOOP-B', 'B', 'district', 'LOOP-A', 'b@loop.test'],
    ]);
    await expect(activities.prepareDirective({ directive: directive('LOOP-A'), spec: {} })).resolves.toEqual({ units: 2 });
  });

  test('loadCommittee returns the unit and its direct children, ordered by id', async () => {
    const load = await loadCommittee(db.pool, { directiveId: directive('QN').id, unitId: 'QN' });
    expect(load.self).toEqual({
      unitId: 'QN',
      name: 'Tỉnh ủy Quảng Ninh',
      level: 'province',
      parentId: null,
      members: 10,
      essaysExpected: 8,
      hasChildren: true,
    });
    expect(load.children.map((c) => [c.unitId, c.hasChildren])).toEqual([
      ['QN-CA', false],
      ['QN-CP', true],
      ['QN-HL', true],
    ]);
    expect(load.children[2]).toEqual({
      unitId: 'QN-HL',
      name: 'Thành ủy Hạ Long',
      level: 'district',
      parentId: 'QN',
      members: 10,
      essaysExpected: 8,
      hasChildren: true,
    });
  });

  test('loadCommittee of a leaf has no children', async () => {
    const load = await loadCommittee(db.pool, { directiveId: directive('QN').id, unitId: 'QN-HL-017' });
    expect(load.self.parentId).toBe('QN-HL');
    expect(load.children).toEqual([]);
  });

  // The launchCommittee activity turns this refusal into a failure without retry (launch-committee.test.ts).
  test('loadCommittee of a unit outside the snapshot is refused as an unknown unit, naming it', async () => {
    await expect(loadCommittee(db.pool, { directiveId: directive('QN').id, unitId: 'TW' })).rejects.toMatchObject({
      name: 'SnapshotRefusal',
      reason: 'unknown-unit',
      message: expect.stringMatching(/unit TW is not in the snapshot of directive 01-CT-TW-2021-QN/),
    });
  });
});

describe('prepareDirective at national scale', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await migratedDatabase();
    // 1 centre, 63 provinces, 630 districts and the rest cells: 60,000 units.
    await db.pool.query(`
      INSERT INTO org_units (id, name, level, parent_id, email, members, essays_expected)
      SELECT 'TW', 'Trung ương', 'central', NULL, 'tw@dang.test', 10, 10
      UNION ALL SELECT 'P' || p, 'Tỉnh ' || p, 'province', 'TW', 'p' || p || '@dang.test', 10, 10 FROM generate_series(0, 62) p
      UNION ALL SELECT 'P' || p || '-D' || d, 'Huyện ' || d, 'district', 'P' || p, 'p' || p || 'd' || d || '@dang.test', 10, 10
                FROM generate_series(0, 62) p, generate_series(0, 9) d
      UNION ALL SELECT 'C' || c, 'Chi bộ ' || c, 'cell', 'P' || (c % 630 / 10) || '-D' || (c % 10), 'c' || c || '@dang.test', 10, 10
                FROM generate_series(0, 60000 - 694 - 1) c`);
  });
  afterAll(() => db.drop());

  test('60,000 units are copied in one statement within a few seconds, and a retry is as fast', async () => {
    const activities = activitiesWithoutMail(db.pool);
    const d = directive('TW');
    const started = performance.now();
    await expect(activities.prepareDirective({ directive: d, spec: {} })).resolves.toEqual({ units: 60_000 });
    const firstMs = performance.now() - started;
    const retryStarted = performance.now();
    await expect(activities.prepareDirective({ directive: d, spec: {} })).resolves.toEqual({ units: 60_000 });
    const retryMs = performance.now() - retryStarted;
    if (process.env.CASCADE_TIMINGS) process.stderr.write(`snapshot of 60,000 units: ${firstMs.toFixed(0)} ms, retry ${retryMs.toFixed(0)} ms\n`);
    expect(firstMs).toBeLessThan(10_000);
    expect(retryMs).toBeLessThan(firstMs);
    const { rows } = await db.pool.query<{ holders: number; leaves: number }>(
      `SELECT count(DISTINCT holder_id)::int AS holders, count(*) FILTER (WHERE NOT has_children)::int AS leaves FROM directive_units WHERE directive_id = $1`,
      [d.id],
    );
    expect(rows[0]).toEqual({ holders: 694, leaves: 59_306 });
  });
});
