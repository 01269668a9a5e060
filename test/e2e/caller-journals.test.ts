// A unit's update hands its audit record and projection row to the
// caller, which writes them before answering; the committee writes the same entries again later.
// On the dev server (real time) with a short lazy delay: a report through CascadeClient is in
// PostgreSQL when the call returns; a report whose caller died before writing (the update sent
// straight to the workflow) reaches PostgreSQL from the committee itself, once, after the delay;
// and the committees' own rollups still converge up the tree.
import { reportUpdate, rollupQuery, committeeWorkflowId } from '../../src/engine/protocol';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { launchSmallDirective, smallReport } from '../engine/small-org';

const LAZY_MS = 4_000;
let env: CascadeEnv;
let directiveId: string;
const today = vnIsoDate(new Date().toISOString());

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false, limits: { lazyJournalMs: LAZY_MS, parentRollupIntervalMs: 1_000 } });
  directiveId = await launchSmallDirective(env, '18-CT/TW', today);
}, 120_000);
afterAll(() => env?.stop());

const projection = async (unitId: string) =>
  (
    await env.db.pool.query<{ status: string; attendees: number | null }>(
      'SELECT status, attendees FROM unit_projection WHERE directive_id = $1 AND unit_id = $2',
      [directiveId, unitId],
    )
  ).rows[0];
/** The unit's audit records of what happened to it (emails are audited too, by their own activity). */
const auditKinds = async (unitId: string) =>
  (
    await env.db.pool.query<{ kind: string }>(
      `SELECT kind FROM audit_log WHERE directive_id = $1 AND unit_id = $2 AND kind NOT IN ('notice', 'reminder', 'escalation') ORDER BY id`,
      [directiveId, unitId],
    )
  ).rows.map((r) => r.kind);

test('a report through the client is in the projection, the audit log and the rollup when the call returns', async () => {
  await env.cascade.report(directiveId, 'D1-C1', smallReport('D1-C1', today, 17), 'Bí thư chi bộ');
  expect(await projection('D1-C1')).toEqual({ status: 'done-on-time', attendees: 17 });
  expect(await auditKinds('D1-C1')).toEqual(['received', 'report']);
  const rollup = await env.cascade.rollup(directiveId);
  expect(rollup.levels.find((l) => l.level === 'cell')?.done).toBe(1);
  expect(rollup.attendance).toMatchObject({ attendees: 17, members: 20 });
});

test('a report whose caller wrote nothing reaches PostgreSQL from its committee after the lazy delay, once', async () => {
  const handle = env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, 'D2'));
  const sentAt = Date.now();
  const result = await handle.executeUpdate(reportUpdate, { args: [{ unitId: 'D2-C1', report: smallReport('D2-C1', today, 15), actor: 'Bí thư chi bộ' }] });
  // What the client would have written: exactly this update's entries.
  expect(result.journal?.audit.map((a) => [a.unitId, a.kind])).toEqual([['D2-C1', 'report']]);
  expect(result.journal?.projections.map((p) => [p.unitId, p.status, p.attendees])).toEqual([['D2-C1', 'done-on-time', 15]]);
  expect(await projection('D2-C1')).toEqual({ status: 'pending', attendees: null });

  await eventually(async () => (await projection('D2-C1'))?.status === 'done-on-time', 30_000, "the committee's own write");
  expect(Date.now() - sentAt).toBeGreaterThanOrEqual(LAZY_MS - 500);
  expect(await auditKinds('D2-C1')).toEqual(['received', 'report']);
});

test("the committee's later write of entries the client already wrote adds no audit row and keeps the newest projection", async () => {
  await env.cascade.report(directiveId, 'D3-C2', smallReport('D3-C2', today, 12), 'Bí thư chi bộ');
  await env.cascade.correct(directiveId, 'D3-C2', smallReport('D3-C2', today, 14), 'Bí thư chi bộ');
  // Past the lazy delay the committee has written both entries again; the correction stays.
  await new Promise((r) => setTimeout(r, LAZY_MS + 3_000));
  expect(await auditKinds('D3-C2')).toEqual(['received', 'report', 'correction']);
  expect(await projection('D3-C2')).toEqual({ status: 'done-on-time', attendees: 14 });
});

test("the committees' own rollups still reach the root workflow", async () => {
  const root = env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, 'TW'));
  const rollup = await eventually(
    async () => {
      const r = await root.query(rollupQuery);
      return r.levels.find((l) => l.level === 'cell')?.done === 3 && r;
    },
    60_000,
    'the root workflow to count three cells done',
  );
  expect(rollup.attendance).toMatchObject({ attendees: 17 + 15 + 14, members: 60 });
});
