// `cascade status --as-of` as an operator runs it: the directive as it stood at an instant (an ISO
// instant, a Vietnamese date, or a Vietnamese date and time), with the live status's shape (withdrawn
// or not as it was then), and a value that is no instant is a usage error naming --as-of (exit 2).
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { requiredTestEnv } from '../harness/env';
import { SMALL_ORG, smallReport, smallSpec } from '../engine/small-org';
import { runCascade, type CliRun } from './run-cli';

let env: CascadeEnv;
let cliEnv: Record<string, string>;
let directiveId: string;
let between: string;
const today = vnIsoDate(new Date().toISOString());
/** A VN calendar day as people write it, `days` after today. */
const viDay = (days: number) =>
  vnIsoDate(new Date(Date.now() + days * 86_400_000).toISOString())
    .split('-')
    .reverse()
    .join('/');

const cascade = (...args: string[]): Promise<CliRun> => runCascade(args, cliEnv);
const json = (run: CliRun) => {
  if (run.code !== 0) throw new Error(`cascade exited ${run.code}:\n${run.stderr}`);
  return JSON.parse(run.stdout);
};
const cells = (view: { levels: Array<{ level: string; done: number; expected: number }> }) => view.levels.find((l) => l.level === 'cell');

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  cliEnv = { TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'), TEMPORAL_TASK_QUEUE: env.taskQueue, DATABASE_URL: env.db.url, USER: 'cli-test' };
  await env.importOrg(SMALL_ORG);
  ({ directiveId } = await env.cascade.launch(smallSpec('173-CT/TW', today, Number(today.slice(0, 4)) + 1)));
  await eventually(async () => (await env.cascade.listUnits(directiveId)).total === SMALL_ORG.length - 1, 150_000, 'every unit projected');
  await env.cascade.report(directiveId, 'D1-C1', smallReport('D1-C1', today, 18), 'Bí thư chi bộ 1.1');
  between = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 20));
  await env.cascade.report(directiveId, 'D1-C2', smallReport('D1-C2', today, 16), 'Bí thư chi bộ 1.2');
  await env.cascade.withdraw(directiveId, 'test:secretariat', 'Thay bằng chỉ thị khác');
}, 240_000);
afterAll(async () => env?.stop());

test('status --as-of answers as the directive stood then: an ISO instant between two reports counts the first only', async () => {
  const [then, later, live] = await Promise.all([
    cascade('status', directiveId, '--as-of', between, '--unit', 'D1', '--json'),
    cascade('status', directiveId, '--as-of', `${viDay(1)} 08:00`, '--unit', 'D1', '--json'),
    cascade('status', directiveId, '--unit', 'D1', '--json'),
  ]);
  const view = json(then);
  expect(view).toMatchObject({ asOf: between, rebuilt: true, scope: { unitId: 'D1', name: 'Huyện ủy 1', level: 'district', status: 'pending' } });
  // Withdrawn since, but not then.
  expect([view.directive.status, view.withdrawnAt]).toEqual(['active', null]);
  expect(cells(view)).toMatchObject({ done: 1, expected: 2 });
  expect(view.attendance).toEqual({ attendees: 18, members: 20, rate: 90 });
  expect(view.units.map((u: { unitId: string; status: string }) => [u.unitId, u.status])).toEqual([
    ['D1-C1', 'done-on-time'],
    ['D1-C2', 'pending'],
  ]);
  // Tomorrow at 08:00 (Vietnam time) holds both reports, as the live status does.
  const liveView = json(live);
  expect(cells(json(later))).toEqual(cells(liveView));
  expect([json(later).directive.status, json(later).scope.status, liveView.directive.status, liveView.scope.status]).toEqual([
    'withdrawn',
    'withdrawn',
    'withdrawn',
    'withdrawn',
  ]);
  expect(cells(liveView)).toMatchObject({ done: 2, expected: 2 });
});

test('status --as-of a day before the launch shows nothing received, in words', async () => {
  const run = await cascade('status', directiveId, '--as-of', viDay(-1), '--unit', 'D1');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('rebuilt from the audit trail');
  expect(run.stdout).toContain('D1 had not received the directive by then.');
  expect(run.stdout).not.toContain('D1-C1');
});

test('a value of --as-of that is no instant is a usage error naming --as-of', async () => {
  const [impossible, words] = await Promise.all([
    cascade('status', directiveId, '--as-of', '31/02/2027 17:00'),
    cascade('status', directiveId, '--as-of', 'last tuesday'),
  ]);
  expect([impossible.code, impossible.stderr]).toEqual([2, expect.stringContaining('--as-of: "31/02/2027 17:00" is not a valid date')]);
  expect([words.code, words.stderr]).toEqual([2, expect.stringContaining('--as-of:')]);
  expect(words.stdout).toBe('');
});
