// launchCommittee on real PostgreSQL: the load it returns, the rows it writes, the first rollup it
// hands to the parent, and that a retry changes nothing. The rows are the ones launch-journal.ts
// builds (test/unit/committee-state.test.ts checks the builders; this shows they reach the tables).
import { ApplicationFailure } from '@temporalio/common';
import type { JournalBatch, LaunchCommitteeInput } from '../../src/engine/protocol';
import { launchCommittee } from '../../src/engine/activities/launch-committee';
import { prepareDirective } from '../../src/store/prepare-directive';
import type { TestDatabase } from '../harness/database';
import { END_OF_Q3_2021, QUANG_NINH, directive, insertOrg, migratedDatabase } from './fixtures';

type Delivery = NonNullable<JournalBatch['rollupToParent']>;

const D = directive('QN');
const RECEIVED_AT = '2021-03-20T01:00:00.000Z';
const LOADED_AT = '2021-03-20T01:00:02.000Z';
const launchOfHaLong: LaunchCommitteeInput = {
  directive: D,
  unitId: 'QN-HL',
  ancestors: ['QN'],
  receivedAt: RECEIVED_AT,
  leavesReceivedAt: LOADED_AT,
  parentWorkflowId: 'cascade/parent-of-QN-HL',
};

describe('launchCommittee', () => {
  let db: TestDatabase;
  const deliveries: Delivery[] = [];
  const record = async (target: Delivery) => void deliveries.push(target);

  beforeAll(async () => {
    db = await migratedDatabase();
    await insertOrg(db.pool, QUANG_NINH);
    await prepareDirective(db.pool, { directive: D, spec: {} });
  });
  afterAll(() => db.drop());

  const rows = async (table: 'audit_log' | 'unit_projection') =>
    (
      await db.pool.query(
        table === 'audit_log'
          ? `SELECT unit_id, kind, occurred_at, dedupe_key, payload FROM audit_log WHERE directive_id = $1 ORDER BY unit_id`
          : `SELECT unit_id, status, ancestors, received_at, deadline, version::int AS version FROM unit_projection WHERE directive_id = $1 ORDER BY unit_id`,
        [D.id],
      )
    ).rows;

  test('returns the committee and its children, and writes a received record and a projection row for itself and each leaf', async () => {
    const load = await launchCommittee(db.pool, record, launchOfHaLong);
    expect([load.self.unitId, load.children.map((c) => c.unitId)]).toEqual(['QN-HL', ['QN-HL-017', 'QN-HL-018']]);
    expect((await rows('audit_log')).map((r) => [r.unit_id, r.kind, r.occurred_at.toISOString(), r.dedupe_key])).toEqual([
      ['QN-HL', 'received', RECEIVED_AT, `${D.id}/QN-HL/received`],
      ['QN-HL-017', 'received', LOADED_AT, `${D.id}/QN-HL-017/received`],
      ['QN-HL-018', 'received', LOADED_AT, `${D.id}/QN-HL-018/received`],
    ]);
    expect(await rows('unit_projection')).toEqual([
      { unit_id: 'QN-HL', status: 'pending', ancestors: ['QN'], received_at: new Date(RECEIVED_AT), deadline: new Date(END_OF_Q3_2021), version: 1 },
      { unit_id: 'QN-HL-017', status: 'pending', ancestors: ['QN-HL', 'QN'], received_at: new Date(LOADED_AT), deadline: new Date(END_OF_Q3_2021), version: 1 },
      { unit_id: 'QN-HL-018', status: 'pending', ancestors: ['QN-HL', 'QN'], received_at: new Date(LOADED_AT), deadline: new Date(END_OF_Q3_2021), version: 1 },
    ]);
  });

  test('hands the parent the first rollup, message 1, counting the three units as pending', () => {
    expect(deliveries).toHaveLength(1);
    const [delivery] = deliveries;
    expect([delivery?.workflowId, delivery?.message.childId, delivery?.message.seq, delivery?.message.closed]).toEqual([
      'cascade/parent-of-QN-HL',
      'QN-HL',
      1,
      false,
    ]);
    const pending = Object.fromEntries((delivery?.message.rollup.levels ?? []).map((l) => [l.level, l.pending]));
    expect(pending).toEqual({ central: 0, province: 0, district: 1, cell: 2 });
  });

  test('a retry writes no second row and leaves every version at 1', async () => {
    const before = [await rows('audit_log'), await rows('unit_projection')];
    await launchCommittee(db.pool, record, launchOfHaLong);
    expect([await rows('audit_log'), await rows('unit_projection')]).toEqual(before);
  });

  test('the root tells nobody and records no track of its own', async () => {
    const sent = deliveries.length;
    const load = await launchCommittee(db.pool, record, { ...launchOfHaLong, unitId: 'QN', ancestors: [], parentWorkflowId: null });
    expect(load.self.unitId).toBe('QN');
    expect(deliveries).toHaveLength(sent);
    const units = (await rows('unit_projection')).map((r) => r.unit_id);
    expect([units.includes('QN'), units.includes('QN-CA')]).toEqual([false, true]);
  });

  test('a unit outside the snapshot fails without retry and writes nothing', async () => {
    const before = await rows('audit_log');
    const launching = launchCommittee(db.pool, record, { ...launchOfHaLong, unitId: 'QN-XX' });
    await expect(launching).rejects.toBeInstanceOf(ApplicationFailure);
    await expect(launching).rejects.toMatchObject({ nonRetryable: true });
    expect(await rows('audit_log')).toEqual(before);
  });
});
