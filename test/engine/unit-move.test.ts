// A reorganisation's smallest step on a running directive: a reported cell moves from one district
// to another. When the call returns, both districts' rollups (read from PostgreSQL) have changed,
// the cell keeps its report and status under its new parent, its timeline says it moved, and a
// command sent through a client that still remembers the old committee reaches the new one. On
// the dev server, with a directive code used by no other dev-server test file.
import { DirectiveLookups } from '../../src/app/directive-lookups';
import { UnitMoves } from '../../src/app/unit-moves';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { committeeWorkflowId, unitQuery } from '../../src/engine/protocol';
import { startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { recordHistories } from '../harness/record-histories';
import { launchSmallDirective, smallReport } from './small-org';

let env: CascadeEnv;
beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
}, 120_000);
afterAll(() => env?.stop());

const cells = async (directiveId: string, unitId: string) => (await env.cascade.rollup(directiveId, unitId)).levels.find((l) => l.level === 'cell');

test('a reported cell moved between districts counts under its new district when the call returns, with its history', async () => {
  const today = vnIsoDate(new Date().toISOString());
  const directiveId = await launchSmallDirective(env, '94-NQ/TW', today);
  // The client learns D1-C1's committee (D1) by reporting through it.
  await env.cascade.report(directiveId, 'D1-C1', smallReport('D1-C1', today), 'Bí thư chi bộ 1.1');
  expect([await cells(directiveId, 'D1'), await cells(directiveId, 'D2')]).toMatchObject([
    { expected: 2, done: 1 },
    { expected: 2, done: 0 },
  ]);

  const moves = new UnitMoves({ temporal: env.temporal, pool: env.db.pool }, new DirectiveLookups(env.temporal, env.db.pool));
  const moved = await moves.moveLeaf(directiveId, 'D1-C1', 'D2', 'reorg-test-1');
  expect(moved).toMatchObject({ unitId: 'D1-C1', parentId: 'D2', status: 'done-on-time', report: expect.objectContaining({ attendees: 19 }) });
  expect([await cells(directiveId, 'D1'), await cells(directiveId, 'D2')]).toMatchObject([
    { expected: 1, done: 0 },
    { expected: 3, done: 1 },
  ]);
  expect((await env.cascade.rollup(directiveId)).levels.find((l) => l.level === 'cell')).toMatchObject({ expected: 6, done: 1 });
  expect((await env.cascade.listUnits(directiveId, { under: 'D2', level: 'cell' })).units.map((u) => u.unitId).sort()).toEqual(['D1-C1', 'D2-C1', 'D2-C2']);
  expect((await env.cascade.timeline(directiveId, 'D1-C1')).map((e) => e.kind)).toContain('moved');

  // The old committee no longer holds it; the new one does.
  expect(await env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, 'D1')).query(unitQuery, 'D1-C1')).toBeNull();
  expect(await env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, 'D2')).query(unitQuery, 'D1-C1')).toMatchObject({ parentId: 'D2' });

  // The test's client still remembers D1 for D1-C1: its correction is refused there as moved and goes to D2.
  const corrected = await env.cascade.correct(directiveId, 'D1-C1', smallReport('D1-C1', today, 20), 'Bí thư chi bộ 1.1');
  expect(corrected).toMatchObject({ unitId: 'D1-C1', parentId: 'D2', corrections: 1 });
  expect(await cells(directiveId, 'D2')).toMatchObject({ expected: 3, done: 1 });

  // The same move again changes nothing; a leaf cannot take units, nor can a committee be moved (yet).
  expect(await moves.moveLeaf(directiveId, 'D1-C1', 'D2', 'reorg-test-1')).toMatchObject({ unitId: 'D1-C1', parentId: 'D2', corrections: 1 });
  await expect(moves.moveLeaf(directiveId, 'D2-C2', 'D3-C1', 'reorg-test-2')).rejects.toMatchObject({
    status: 400,
    issues: [{ path: 'to', rule: 'not-a-committee' }],
  });
  await expect(moves.moveLeaf(directiveId, 'D3', 'D2', 'reorg-test-2')).rejects.toMatchObject({ status: 400, issues: [{ path: 'unitId', rule: 'has-units' }] });
  expect([await cells(directiveId, 'D1'), await cells(directiveId, 'D2'), await cells(directiveId, 'D3')]).toMatchObject([
    { expected: 1 },
    { expected: 3 },
    { expected: 2 },
  ]);
  await recordHistories(env.temporal, 'unit-move', directiveId, ['TW', 'QN', 'D1', 'D2']);
}, 150_000);
