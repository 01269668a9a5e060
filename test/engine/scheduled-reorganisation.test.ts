// A reorganisation plan whose effective instant is ahead, on the time-skipping server: it is checked
// and scheduled without changing anything, then applied by its workflow at that instant (the
// directory and the running directive follow); a scheduled plan that no longer fits the directory
// at its instant fails for good, recorded with why, and changes nothing.
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { launchSmallDirective, smallReport } from './small-org';

let env: CascadeEnv;
beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: true });
}, 120_000);
afterAll(() => env?.stop());

const DAY = 86_400_000;
/** A Vietnamese date `days` from now, as a plan writes it (dd/mm/yyyy). */
const inDays = async (days: number) => {
  const [y, m, d] = vnIsoDate(new Date((await env.now()).getTime() + days * DAY).toISOString()).split('-');
  return `${d}/${m}/${y}`;
};
const parentOf = async (id: string) => (await env.cascade.organisation()).find((u) => u.id === id)?.parentId;

test('a plan effective in ten days is scheduled, applied at its instant, and a stale one fails there without changing anything', async () => {
  const today = vnIsoDate((await env.now()).toISOString());
  const directiveId = await launchSmallDirective(env, '05-CT/TW', today);
  await env.cascade.report(directiveId, 'D1-C1', smallReport('D1-C1', today), 'Bí thư chi bộ 1.1');

  const move = { effectiveAt: await inDays(10), operations: [{ move: { unit: 'D1-C1', to: 'D2' } }] };
  const stale = { effectiveAt: await inDays(10), operations: [{ move: { unit: 'D3-C1', to: 'D2' } }] };
  const scheduled = await env.cascade.reorganise(move, 'test:secretariat');
  expect(scheduled).toMatchObject({ scheduled: true, directives: [] });
  const doomed = await env.cascade.reorganise(stale, 'test:secretariat');
  expect(await parentOf('D1-C1')).toBe('D1');
  // Before the instant the directory loses D3-C1, so the second plan no longer fits.
  await env.cascade.removeOrganisationUnit('D3-C1', 'test:secretariat');

  await env.skip(11 * DAY);
  await eventually(
    async () => (await env.cascade.reorganisationList()).every((r) => r.status === 'finished' || r.status === 'failed'),
    60_000,
    'both plans reached their instant',
  );
  const list = await env.cascade.reorganisationList();
  expect(list.find((r) => r.id === scheduled.reorganisationId)).toMatchObject({ status: 'finished', directiveIds: [directiveId] });
  expect(list.find((r) => r.id === doomed.reorganisationId)).toMatchObject({ status: 'failed', error: expect.stringContaining('D3-C1') });
  expect(await parentOf('D1-C1')).toBe('D2');
  expect((await env.cascade.rollup(directiveId, 'D2')).levels.find((l) => l.level === 'cell')).toMatchObject({ expected: 3, done: 1 });
}, 240_000);
