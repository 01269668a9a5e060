// `cascade digest opt-out/opt-in UNIT` and `cascade digest opt-outs`, run as the real bin against PostgreSQL.
import { insertOrg, migratedDatabase } from '../activities/fixtures';
import type { TestDatabase } from '../harness/database';
import { hasStackTrace, runCascade } from './run-cli';

jest.setTimeout(120_000);

let db: TestDatabase;
let cliEnv: Record<string, string>;

beforeAll(async () => {
  db = await migratedDatabase();
  await insertOrg(db.pool, [
    ['QN', 'Tỉnh ủy Quảng Ninh', 'province', null, 'tu@qn.test'],
    ['QN-HL', 'Thành ủy Hạ Long', 'district', 'QN', 'hl@qn.test'],
  ]);
  cliEnv = { DATABASE_URL: db.url, USER: 'cli-test' };
});
afterAll(async () => {
  await db?.drop();
});

test('a unit is opted out and back in from the CLI, and the secretariat’s list says who and since when', async () => {
  const out = await runCascade(['digest', 'opt-out', 'QN-HL'], cliEnv);
  expect([out.code, out.stderr]).toEqual([0, '']);
  expect(out.stdout).toMatch(/^QN-HL gets no weekly digest \(opted out \d{2}:\d{2} ngày \d{1,2}\/\d{1,2}\/\d{4}\)\.$/m);
  const list = await runCascade(['digest', 'opt-outs', '--json'], cliEnv);
  expect(JSON.parse(list.stdout)).toEqual({ optOuts: [{ unitId: 'QN-HL', name: 'Thành ủy Hạ Long', optedOutAt: expect.any(String), actor: 'cli:cli-test' }] });
  const back = await runCascade(['digest', 'opt-in', 'QN-HL', '--json'], cliEnv);
  expect(JSON.parse(back.stdout)).toEqual({ unitId: 'QN-HL', optedOut: false, optedOutAt: null });
  expect((await runCascade(['digest', 'opt-outs'], cliEnv)).stdout.trim()).toBe('No unit opted out of the weekly digest.');
});

test('a unit not in the directory is refused by name, with nothing recorded', async () => {
  const run = await runCascade(['digest', 'opt-out', 'NOPE'], cliEnv);
  expect(run.code).not.toBe(0);
  expect(run.stderr).toContain('unit NOPE is not in the organisation directory');
  expect(hasStackTrace(run.stderr)).toBe(false);
  expect((await db.pool.query('SELECT count(*)::int AS n FROM digest_opt_outs')).rows[0].n).toBe(0);
});
