// The CLI's filters as an operator runs them: `cascade status` lists the units that pass --q,
// --status, --level and --under (accents optional), `cascade directives` and `cascade org list`
// search and filter, and a bad value is a usage error naming the option.
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { requiredTestEnv } from '../harness/env';
import { SMALL_ORG, smallSpec } from '../engine/small-org';
import { runCascade, type CliRun } from './run-cli';

let env: CascadeEnv;
let cliEnv: Record<string, string>;
let directiveId: string;
const today = vnIsoDate(new Date().toISOString());

const cascade = (...args: string[]): Promise<CliRun> => runCascade(args, cliEnv);
const expectOk = (run: CliRun): CliRun => {
  if (run.code !== 0) throw new Error(`cascade exited ${run.code}:\n${run.stderr}`);
  return run;
};

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  cliEnv = { TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'), TEMPORAL_TASK_QUEUE: env.taskQueue, DATABASE_URL: env.db.url, USER: 'cli-test' };
  await env.importOrg(SMALL_ORG);
  ({ directiveId } = await env.cascade.launch(smallSpec('172-CT/TW', today, Number(today.slice(0, 4)) + 1)));
  await eventually(async () => (await env.cascade.listUnits(directiveId)).total === SMALL_ORG.length - 1, 150_000, 'every unit projected');
}, 240_000);
afterAll(async () => env?.stop());

test('status --q --status --level --under lists the matching units; --json carries them as matches', async () => {
  const [text, json] = await Promise.all([
    cascade('status', directiveId, '--under', 'D2', '--q', 'CHI BO', '--status', 'pending,overdue', '--level', 'cell', '--depth', '0'),
    cascade('status', directiveId, '--q', 'huyen uy 3', '--json'),
  ]);
  const out = expectOk(text).stdout;
  expect(out).toContain('Matching units (2):');
  const rows = out.slice(out.indexOf('Matching units')).split('\n').slice(1);
  expect(rows.filter((r) => /^D\d-C\d /.test(r)).map((r) => r.split(/\s+/)[0])).toEqual(['D2-C1', 'D2-C2']);
  expect(JSON.parse(expectOk(json).stdout).matches).toEqual([
    expect.objectContaining({ unitId: 'D3', name: 'Huyện ủy 3', level: 'district', status: 'pending' }),
  ]);
});

test('directives --q --status and org list --q --level --under filter their lists', async () => {
  const [found, none, org] = await Promise.all([
    cascade('directives', '--q', 'quan triet nghi quyet', '--status', 'active', '--json'),
    cascade('directives', '--status', 'withdrawn', '--json'),
    cascade('org', 'list', '--q', 'chi bo', '--under', 'D1', '--json'),
  ]);
  expect(JSON.parse(expectOk(found).stdout).map((d: { id: string }) => d.id)).toEqual([directiveId]);
  expect(JSON.parse(expectOk(none).stdout)).toEqual([]);
  expect(JSON.parse(expectOk(org).stdout)).toEqual({
    total: 2,
    units: [expect.objectContaining({ id: 'D1-C1', name: 'Chi bộ 1.1' }), expect.objectContaining({ id: 'D1-C2', name: 'Chi bộ 1.2' })],
  });
});

test('a bad filter value is a usage error naming the option', async () => {
  const [status, directives, level] = await Promise.all([
    cascade('status', directiveId, '--status', 'late'),
    cascade('directives', '--status', 'done'),
    cascade('org', 'list', '--level', 'commune'),
  ]);
  expect([status.code, status.stderr]).toEqual([2, expect.stringContaining('--status must list statuses among pending,')]);
  expect([directives.code, directives.stderr]).toEqual([2, expect.stringContaining('--status must be one of active, withdrawn, got "done"')]);
  expect([level.code, level.stderr]).toEqual([
    2,
    expect.stringContaining('level "commune" is not a level of the directory; use one of central, province, district, cell'),
  ]);
});
