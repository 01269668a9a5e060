// The committee's own (lazy) write of entries handed to a caller is due `lazyJournalMs` after the
// hand-off, even while the committee sleeps towards a later rollup message to its parent. With a
// lazy delay shorter than the rollup interval, the pump used to sleep until the rollup was due
// (here a minute after the launch) and hold the entries back that long.
import { committeeWorkflowId, reportUpdate, stateQuery } from '../../src/engine/protocol';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { launchSmallDirective, smallReport } from '../engine/small-org';

const LAZY_MS = 2_000;
const PARENT_ROLLUP_INTERVAL_MS = 60_000;
let env: CascadeEnv;
let directiveId: string;
const today = vnIsoDate(new Date().toISOString());

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false, limits: { lazyJournalMs: LAZY_MS, parentRollupIntervalMs: PARENT_ROLLUP_INTERVAL_MS } });
  directiveId = await launchSmallDirective(env, '81-CT/TW', today);
}, 120_000);
afterAll(() => env?.stop());

const status = async (unitId: string) =>
  (await env.db.pool.query<{ status: string }>('SELECT status FROM unit_projection WHERE directive_id = $1 AND unit_id = $2', [directiveId, unitId])).rows[0]
    ?.status;

test('entries whose caller wrote nothing reach PostgreSQL about the lazy delay after the report, not at the next rollup message', async () => {
  // Sent straight to the workflow, as by a caller that died before writing its entries.
  const handle = env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, 'D1'));
  // Its units are projected by the launch activity a moment before the committee holds them (and
  // takes their updates); the client waits for that, this raw call must too.
  await eventually(async () => (await handle.query(stateQuery)).loaded, 30_000, 'D1 loaded');
  const sentAt = Date.now();
  await handle.executeUpdate(reportUpdate, { args: [{ unitId: 'D1-C1', report: smallReport('D1-C1', today, 17), actor: 'Bí thư chi bộ' }] });
  expect(await status('D1-C1')).toBe('pending');
  await eventually(async () => (await status('D1-C1')) === 'done-on-time', 45_000, "the committee's own write");
  const waited = Date.now() - sentAt;
  expect(waited).toBeGreaterThanOrEqual(LAZY_MS - 500);
  // Well before the rollup message falls due, a minute after the launch.
  expect(waited).toBeLessThan(LAZY_MS + 15_000);
});
