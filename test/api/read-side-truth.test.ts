// The read side tells the truth (issue 13, items 11 and 14), on a real stack in real time:
// the overdue count and the overdue list of a subtree hold the same units, the scoped unit itself
// included, in the API, the CLI and the dashboard; and a unit that reports a member count other than
// the directory's is counted as reported but flagged to supervisors, with both counts, everywhere.
import './inject-shim';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { requiredTestEnv } from '../harness/env';
import { runCascade } from '../cli/run-cli';
import { SMALL_ORG, smallReport, smallSpec } from '../engine/small-org';
import { bearer, testAppDeps, tokenFor } from './api-fixtures';

let env: CascadeEnv;
let app: FastifyInstance;
let directiveId: string;
let cliEnv: Record<string, string>;
const today = vnIsoDate(new Date().toISOString());
const year = Number(today.slice(0, 4)) + 1;
const secretariat = bearer(tokenFor('secretariat'));
const supervisorD1 = bearer(tokenFor('supervisor', 'D1'));

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  app = buildApp(testAppDeps(env.cascade));
  cliEnv = { TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'), TEMPORAL_TASK_QUEUE: env.taskQueue, DATABASE_URL: env.db.url, USER: 'cli-test' };
  await env.importOrg(SMALL_ORG);
  // Districts and cells are due three seconds after receipt: D1 and both its cells fall overdue.
  const spec = { ...smallSpec('74-CT/TW', today, year), deadlines: { province: `Q4/${year}`, district: 'PT3S', cell: 'PT3S' } };
  directiveId = (await env.cascade.launch(spec)).directiveId;
  const overdueIds = async () => (await env.cascade.listUnits(directiveId, { status: 'overdue', limit: 1000 })).units.map((u) => u.unitId);
  await eventually(async () => (await overdueIds()).filter((id) => id === 'D1' || id.startsWith('D1-')).length === 3, 60_000, 'D1 and its cells overdue');
  // D1-C1 reports late that 2 of its 2 members attended; the directory says it has 20 members.
  await env.cascade.report(directiveId, 'D1-C1', smallReport('D1-C1', today, 2, 2), 'Chi bộ 1.1');
  await eventually(async () => (await env.cascade.rollup(directiveId, 'D1')).overdueCount === 2, 30_000, 'the rollup of D1 to count 2 overdue');
}, 180_000);
afterAll(async () => {
  await app?.close();
  await env?.stop();
});

const get = async (url: string, headers = secretariat) => {
  const res = await app.inject({ method: 'GET', url, headers });
  expect([url, res.statusCode]).toEqual([url, 200]);
  return res;
};

describe('item 11: the overdue count and the overdue list of a subtree agree, the scoped unit included', () => {
  test('the API lists the overdue units the rollup counts (D1 itself and D1-C2)', async () => {
    const rollup = (await get(`/api/directives/${directiveId}/rollup?unit=D1`)).json();
    const list = (await get(`/api/directives/${directiveId}/units?under=D1&status=overdue`)).json();
    expect(rollup.overdueCount).toBe(2);
    expect([list.total, list.units.map((u: { unitId: string }) => u.unitId).sort()]).toEqual([2, ['D1', 'D1-C2']]);
    // A supervisor of D1 without `under` reads the same subtree.
    expect((await get(`/api/directives/${directiveId}/units?status=overdue`, supervisorD1)).json().total).toBe(2);
  });

  test('`cascade status --unit D1 --overdue` prints as many overdue units as its count', async () => {
    const run = await runCascade(['status', directiveId, '--unit', 'D1', '--overdue'], cliEnv);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(/^Overdue: +2$/m);
    expect(run.stdout).toContain('Overdue units (2):');
    expect(run.stdout).toMatch(/^D1 +Huyện ủy 1 /m);
    expect(run.stdout).toMatch(/^D1-C2 +Chi bộ 1\.2 /m);
  });

  test('the dashboard page of D1 lists D1 among its overdue units, as many as its tile counts', async () => {
    const page = (await get(`/dashboard/${directiveId}?unit=D1&token=${tokenFor('secretariat')}`, {})).body;
    const list = /<ul id="overdue-list">([\s\S]*?)<\/ul>/.exec(page)?.[1] ?? '';
    expect([...list.matchAll(/<span class="muted">([^<]+)<\/span> —/g)].map((m) => m[1]).sort()).toEqual(['D1', 'D1-C2']);
  });
});

describe('item 14: a reported member count other than the directory’s is flagged to supervisors, not refused', () => {
  test('the unit is counted as reported (2/2 = 100%) and its view carries the directory’s 20 beside it', async () => {
    const unit = (await get(`/api/directives/${directiveId}/units/D1-C1`, supervisorD1)).json();
    expect([unit.status, unit.report.members, unit.directoryMembers, unit.membersMismatch]).toEqual(['done-late', 2, 20, true]);
    const other = (await get(`/api/directives/${directiveId}/units/D1-C2`, supervisorD1)).json();
    expect([other.directoryMembers, other.membersMismatch]).toEqual([20, false]);
  });

  test('GET units?membersMismatch=true lists the mismatched units of the caller’s subtree with both counts', async () => {
    const mismatched = (await get(`/api/directives/${directiveId}/units?membersMismatch=true`, supervisorD1)).json();
    expect(mismatched.units.map((u: { unitId: string; members: number; directoryMembers: number }) => [u.unitId, u.members, u.directoryMembers])).toEqual([
      ['D1-C1', 2, 20],
    ]);
    const matching = (await get(`/api/directives/${directiveId}/units?membersMismatch=false&under=D1`)).json();
    expect(matching.units.map((u: { unitId: string }) => u.unitId).sort()).toEqual(['D1', 'D1-C2']);
    expect((await get(`/api/directives/${directiveId}/units?membersMismatch=true&under=D2`)).json().total).toBe(0);
    const bad = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/units?membersMismatch=yes`, headers: secretariat });
    expect([bad.statusCode, bad.body]).toEqual([400, expect.stringContaining('membersMismatch must be \\"true\\" or \\"false\\"')]);
    const csv = (await get(`/api/directives/${directiveId}/export.csv?under=D1&membersMismatch=true`)).body.replace(/^\uFEFF/, '').split('\r\n');
    expect(csv[0]).toContain(',members,directoryMembers,');
    expect(csv[1]).toMatch(/^D1-C1,.*,2,2,20,/);
  });

  test('`cascade status` flags the unit in the tree, counts the mismatches and lists them with --members-mismatch', async () => {
    const run = await runCascade(['status', directiveId, '--unit', 'D1', '--members-mismatch'], cliEnv);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain('D1-C1 Chi bộ 1.1 [cell] done-late · attendance 2/2 (100%) · reported 2 members, directory 20');
    expect(run.stdout).toMatch(/^Members: +1 unit reported a member count other than the directory's$/m);
    expect(run.stdout).toMatch(/^D1-C1 +Chi bộ 1\.1 +cell +2 +20$/m);
    const root = await runCascade(['status', directiveId], cliEnv);
    expect(root.stdout).toContain("Members:    1 unit reported a member count other than the directory's (list them with --members-mismatch)");
  });

  test('the dashboard shows the mismatch list on the committee page and the directory’s count on the unit page', async () => {
    const token = tokenFor('supervisor', 'D1');
    const committee = (await get(`/dashboard/${directiveId}?token=${token}`, {})).body;
    const list = /<ul id="members-mismatch-list">([\s\S]*?)<\/ul>/.exec(committee)?.[1] ?? '';
    expect(list).toContain('Chi bộ 1.1</a> <span class="muted">D1-C1</span> — báo cáo 2, số đảng viên theo danh bạ 20');
    expect(committee).toContain('Đơn vị báo cáo số đảng viên khác danh bạ (1)');
    const unit = (await get(`/dashboard/${directiveId}/units/D1-C1?token=${token}`, {})).body;
    expect(unit).toMatch(/data-fact="directoryMembers"><dt>Số đảng viên theo danh bạ<\/dt><dd class="js-value">20 \(báo cáo 2\)<\/dd>/);
    const en = (await get(`/dashboard/${directiveId}/units/D1-C1?lang=en&token=${token}`, {})).body;
    expect(en).toContain('<dt>Members in the directory</dt><dd class="js-value">20 (reported 2)</dd>');
  });
});
