// Reorganisation plans applied to running directives on the dev server (each test its own
// directive code, used by no other dev-server test file): a reported cell moves between districts;
// two districts with reports merge into a new one; the district level is dissolved with its cells
// going up to the province; and plans that break a rule are refused naming the entry, with the
// directory, the snapshot and the workflows unchanged.
import { CascadeClient } from '../../src/app/cascade-client';
import { LEVELS_2025 } from '../../src/domain/org/levels';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { committeeWorkflowId, stateQuery, unitQuery } from '../../src/engine/protocol';
import { eventually, QUICK_JOURNAL_LIMITS, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { countingPool } from '../harness/counting-pool';
import { recordHistories } from '../harness/record-histories';
import { launchSmallDirective, smallReport } from './small-org';

let env: CascadeEnv;
beforeAll(async () => {
  // Rollup messages between committees every 200 ms instead of every minute, so a parent's own rollup can be checked.
  env = await startCascadeEnv({ timeSkipping: false, limits: QUICK_JOURNAL_LIMITS });
}, 120_000);
afterAll(() => env?.stop());

const today = () => vnIsoDate(new Date().toISOString());
const plan = (...operations: unknown[]) => ({ effectiveAt: today(), operations });
const level = async (directiveId: string, unitId: string | undefined, name: string) =>
  (await env.cascade.rollup(directiveId, unitId)).levels.find((l) => l.level === name);
const committee = (directiveId: string, unitId: string) => env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, unitId));

test('a reported cell moved between districts counts under its new district when the call returns, and keeps its history', async () => {
  const directiveId = await launchSmallDirective(env, '95-NQ/TW', today());
  await env.cascade.report(directiveId, 'D1-C1', smallReport('D1-C1', today()), 'Bí thư chi bộ 1.1');

  const outcome = await env.cascade.reorganise(plan({ move: { unit: 'D1-C1', to: 'D2' } }), 'test:secretariat', [directiveId]);
  expect(outcome.directives).toEqual([expect.objectContaining({ directiveId, handedOver: 1, unitsTaken: 1, committeesEnded: 0 })]);
  expect([await level(directiveId, 'D1', 'cell'), await level(directiveId, 'D2', 'cell')]).toMatchObject([
    { expected: 1, done: 0 },
    { expected: 3, done: 1 },
  ]);
  expect(await level(directiveId, undefined, 'cell')).toMatchObject({ expected: 6, done: 1 });
  expect((await env.cascade.listUnits(directiveId, { under: 'D2', level: 'cell' })).units.map((u) => u.unitId).sort()).toEqual(['D1-C1', 'D2-C1', 'D2-C2']);
  expect((await env.cascade.timeline(directiveId, 'D1-C1')).map((e) => e.kind)).toEqual(expect.arrayContaining(['received', 'report', 'moved']));
  expect(await committee(directiveId, 'D1').query(unitQuery, 'D1-C1')).toBeNull();
  expect(await committee(directiveId, 'D2').query(unitQuery, 'D1-C1')).toMatchObject({ parentId: 'D2', status: 'done-on-time' });
  // The directory moved too, audited with the actor.
  expect((await env.cascade.organisation()).find((u) => u.id === 'D1-C1')?.parentId).toBe('D2');

  // The test's client still remembers D1 for D1-C1: its correction is refused there as moved and goes to D2.
  expect(await env.cascade.correct(directiveId, 'D1-C1', smallReport('D1-C1', today(), 20), 'Bí thư chi bộ 1.1')).toMatchObject({
    parentId: 'D2',
    corrections: 1,
  });
  // The same plan again changes nothing: it answers what it did.
  expect(await env.cascade.reorganise(plan({ move: { unit: 'D1-C1', to: 'D2' } }), 'test:secretariat', [directiveId])).toMatchObject({ resumed: true });
  expect(await level(directiveId, 'D2', 'cell')).toMatchObject({ expected: 3, done: 1 });
}, 150_000);

test('two districts with reports merge into a new one: its cells keep their reports, the merge rule decides its own, and reports go on after', async () => {
  const directiveId = await launchSmallDirective(env, '96-NQ/TW', today());
  // Another process (a client of its own) files D1-C1's report, so it has learnt that D1 holds D1-C1.
  const otherPool = countingPool(env.db.pool);
  const other = new CascadeClient({ temporal: env.temporal, pool: otherPool.pool, taskQueue: env.taskQueue });
  await other.report(directiveId, 'D1-C1', smallReport('D1-C1', today()), 'Bí thư chi bộ 1.1');
  await env.cascade.report(directiveId, 'D1', smallReport('D1', today(), 38, 40), 'Văn phòng Huyện ủy 1');
  await env.cascade.report(directiveId, 'D2-C2', smallReport('D2-C2', today()), 'Bí thư chi bộ 2.2');

  const merge = { merge: { units: ['D1', 'D2'], into: { id: 'D12', name: 'Huyện ủy 1-2', email: 'd12@qn.test' } } };
  const outcome = await env.cascade.reorganise(plan(merge), 'test:secretariat', [directiveId]);
  expect(outcome.directives[0]).toMatchObject({ committeesEnded: 2, committeesStarted: 1, removed: 2 });

  // D12 holds the four cells with their reports; D1 and D2 have left the directive (their records stay in the audit trail).
  expect(await level(directiveId, 'D12', 'cell')).toMatchObject({ expected: 4, done: 2 });
  expect(await level(directiveId, undefined, 'district')).toMatchObject({ expected: 2, done: 0 });
  expect(await level(directiveId, undefined, 'cell')).toMatchObject({ expected: 6, done: 2 });
  // Only D1 had reported: the merged district owes one report, by the earliest deadline, with summed figures once filed.
  expect(await committee(directiveId, 'D12').query(unitQuery, 'D12')).toMatchObject({ status: 'pending', report: null, parentId: 'QN' });
  expect((await env.cascade.timeline(directiveId, 'D1')).map((e) => e.kind)).toEqual(expect.arrayContaining(['report', 'removed']));
  // D2 has left the directive: a report for it is refused (the unit is no longer in the directive's snapshot).
  await expect(env.cascade.report(directiveId, 'D2', smallReport('D2', today(), 30, 40), 'Văn phòng Huyện ủy 2')).rejects.toMatchObject({ status: 404 });
  await eventually(async () => (await committee(directiveId, 'D1').describe()).status.name === 'COMPLETED', 30_000, 'D1 ended');
  // That process still sends D1-C1's commands to D1, which has ended: the one lookup that finds D12
  // sends the correction there, with nothing read again (that lookup and the journal write).
  const sentBefore = otherPool.statements();
  expect(await other.correct(directiveId, 'D1-C1', smallReport('D1-C1', today(), 20), 'Bí thư chi bộ 1.1')).toMatchObject({ parentId: 'D12', corrections: 1 });
  expect(otherPool.statements() - sentBefore).toBe(2);

  // Reports after the merge reach the new committee.
  await env.cascade.report(directiveId, 'D2-C1', smallReport('D2-C1', today()), 'Bí thư chi bộ 2.1');
  await env.cascade.report(directiveId, 'D12', smallReport('D12', today(), 70, 80), 'Văn phòng Huyện ủy 1-2');
  expect(await level(directiveId, 'D12', 'cell')).toMatchObject({ expected: 4, done: 3 });
  expect(await level(directiveId, undefined, 'district')).toMatchObject({ expected: 2, done: 1 });
  // The province's committee follows D12's rollup (by message, within the rollup interval).
  await eventually(
    async () =>
      (await committee(directiveId, 'QN').query(stateQuery)).children
        .map((c) => c.unitId)
        .sort()
        .join(',') === 'D12,D3',
    30_000,
    'QN follows D12 and D3',
  );
  await recordHistories(env.temporal, 'reorganisation', directiveId, ['TW', 'QN', 'D1', 'D12']);
}, 180_000);

test('the district level is dissolved: every cell goes up to the province with its report, and the district committees end', async () => {
  const directiveId = await launchSmallDirective(env, '97-NQ/TW', today());
  await env.cascade.report(directiveId, 'D3-C2', smallReport('D3-C2', today()), 'Bí thư chi bộ 3.2');
  const outcome = await env.cascade.reorganise(plan({ dissolve: { level: 'district' } }), 'test:secretariat', [directiveId]);
  expect(outcome.directives[0]).toMatchObject({ committeesEnded: 3, removed: 3, handedOver: 9 });
  expect(await level(directiveId, 'QN', 'cell')).toMatchObject({ expected: 6, done: 1 });
  expect(await level(directiveId, undefined, 'district')).toMatchObject({ expected: 0 });
  expect((await env.cascade.listUnits(directiveId, { under: 'QN', level: 'cell' })).units.every((u) => u.parentId === 'QN')).toBe(true);
  expect(await env.cascade.report(directiveId, 'D1-C2', smallReport('D1-C2', today()), 'Bí thư chi bộ 1.2')).toMatchObject({ parentId: 'QN' });
  expect(await level(directiveId, 'QN', 'cell')).toMatchObject({ expected: 6, done: 2 });
}, 150_000);

test('the 2025 shape mid-cascade: communes created under the province take the cells, the district level is dissolved, and the directive gains the commune level', async () => {
  const directiveId = await launchSmallDirective(env, '91-NQ/TW', today());
  await env.cascade.report(directiveId, 'D2-C1', smallReport('D2-C1', today()), 'Bí thư chi bộ 2.1');
  const communes = [1, 2, 3].map((d) => ({
    create: { id: `X${d}`, name: `Đảng bộ xã ${d}`, email: `x${d}@qn.test`, members: 40, essaysExpected: 10, level: 'commune', parent: 'QN' },
  }));
  const moves = [1, 2, 3].flatMap((d) => [1, 2].map((c) => ({ move: { unit: `D${d}-C${c}`, to: `X${d}` } })));
  const to2025 = { ...plan(...communes, ...moves, { dissolve: { level: 'district' } }), levels: LEVELS_2025 };

  const rehearsal = await env.cascade.previewReorganisation(to2025, [directiveId]);
  expect(rehearsal).toMatchObject({ problems: [], levelsAdded: { [directiveId]: ['commune'] } });
  const outcome = await env.cascade.reorganise(to2025, 'test:secretariat', [directiveId]);
  expect(outcome.directives[0]).toMatchObject({ committeesStarted: 3, committeesEnded: 3, removed: 3 });

  expect((await env.cascade.directiveLevels(directiveId)).map((l) => l.name)).toEqual(['central', 'province', 'district', 'commune', 'cell']);
  expect(await level(directiveId, undefined, 'commune')).toMatchObject({ expected: 3, done: 0 });
  expect(await level(directiveId, undefined, 'district')).toMatchObject({ expected: 0 });
  expect(await level(directiveId, 'X2', 'cell')).toMatchObject({ expected: 2, done: 1 });
  // A new commune committee received the directive with the districts' deadline, and reports like any unit.
  const x1 = await committee(directiveId, 'X1').query(unitQuery, 'X1');
  expect(x1).toMatchObject({ level: 'commune', parentId: 'QN', status: 'pending' });
  expect(x1?.deadline).toBe(`${Number(today().slice(0, 4)) + 1}-09-30T16:59:59.999Z`); // the districts' "quý III" of next year
  expect(await env.cascade.report(directiveId, 'X1', smallReport('X1', today(), 35, 40), 'Văn phòng Đảng ủy xã 1')).toMatchObject({ status: 'done-on-time' });
  expect(await level(directiveId, undefined, 'commune')).toMatchObject({ expected: 3, done: 1 });
  // The province's committee follows the communes with the new level in its own rollup.
  await eventually(
    async () => (await committee(directiveId, 'QN').query(stateQuery)).rollup.levels.some((l) => l.level === 'commune' && l.done === 1),
    30_000,
    "QN's rollup counts X1's report",
  );
}, 180_000);

test('a district moves with its cells under a new province: its committee keeps running under new ancestors', async () => {
  const directiveId = await launchSmallDirective(env, '90-NQ/TW', today());
  await env.cascade.report(directiveId, 'D1-C1', smallReport('D1-C1', today()), 'Bí thư chi bộ 1.1');
  const province = { id: 'QN2', name: 'Tỉnh ủy mới', email: 'qn2@qn.test', members: 50, essaysExpected: 50, level: 'province', parent: 'TW' };
  const outcome = await env.cascade.reorganise(plan({ create: province }, { move: { unit: 'D1', to: 'QN2' } }), 'test:secretariat', [directiveId]);
  expect(outcome.directives[0]).toMatchObject({ committeesStarted: 1, reparented: 1, committeesEnded: 0 });

  expect(await level(directiveId, 'QN2', 'cell')).toMatchObject({ expected: 2, done: 1 });
  expect(await level(directiveId, 'QN2', 'district')).toMatchObject({ expected: 1 });
  expect(await level(directiveId, 'QN', 'district')).toMatchObject({ expected: 2 });
  expect(await env.cascade.ancestors(directiveId, 'D1-C1')).toEqual(['D1', 'QN2', 'TW']);
  // The moved committee takes reports as before, and its rollups now go to its new parent.
  expect(await env.cascade.report(directiveId, 'D1-C2', smallReport('D1-C2', today()), 'Bí thư chi bộ 1.2')).toMatchObject({ parentId: 'D1' });
  expect(await level(directiveId, 'QN2', 'cell')).toMatchObject({ expected: 2, done: 2 });
  await eventually(
    async () => (await committee(directiveId, 'QN2').query(stateQuery)).rollup.levels.some((l) => l.level === 'cell' && l.done === 2),
    30_000,
    "QN2's own rollup counts D1's cells",
  );
  expect((await committee(directiveId, 'QN').query(stateQuery)).children.map((c) => c.unitId).sort()).toEqual(['D2', 'D3']);
}, 150_000);

test('plans that would make a cycle, orphan a unit, move a directive root or name an unknown unit are refused naming the entry; nothing changes', async () => {
  const directiveId = await launchSmallDirective(env, '98-NQ/TW', today());
  const before = { org: await env.cascade.organisation(), units: (await env.cascade.listUnits(directiveId)).units };
  const refused = async (operations: unknown[], path: string, rule: string) => {
    await expect(env.cascade.reorganise(plan(...operations), 'test:secretariat', [directiveId])).rejects.toMatchObject({
      status: 400,
      issues: expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining(path), rule })]),
    });
  };
  await refused([{ move: { unit: 'D2', to: 'D2-C1' } }], 'operations[0]', 'cycle');
  await refused([{ move: { unit: 'TW', to: 'QN' } }], 'operations[0]', 'root-moved');
  await refused([{ move: { unit: 'D1-C1', to: 'D2' } }, { move: { unit: 'NOPE', to: 'D2' } }], 'operations[1]', 'unknown-unit');
  const part = (id: string, children: string[]) => ({ id, name: id, email: `${id.toLowerCase()}@qn.test`, members: 10, essaysExpected: 2, children });
  await refused([{ split: { unit: 'D1', into: [part('D1A', ['D1-C1']), part('D1B', [])] } }], 'operations[0]', 'orphan');
  expect(await env.cascade.organisation()).toEqual(before.org);
  expect((await env.cascade.listUnits(directiveId)).units).toEqual(before.units);
  expect(await committee(directiveId, 'D1').query(unitQuery, 'D1-C1')).toMatchObject({ parentId: 'D1' });
}, 150_000);
