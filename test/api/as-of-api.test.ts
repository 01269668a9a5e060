// `?asOf=` on the rollup and unit-list routes, over the API on a real stack: the answer as the
// directive stood at the instant (ISO or as Vietnamese write it), a bad value a 400 naming asOf with
// nothing read, and the live routes' access rules unchanged (a supervisor outside its subtree: 403);
// and the dashboard's date control, the committee page as of an instant.
import './inject-shim';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { formatVnNumericDateTime } from '../../src/domain/time/time';
import { statusLabel } from '../../src/http/pages/i18n';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { SMALL_ORG, smallReport, smallSpec } from '../engine/small-org';
import { bearer, testAppDeps, tokenFor } from './api-fixtures';

let env: CascadeEnv;
let app: FastifyInstance;
let directiveId: string;
let between: string;
const today = vnIsoDate(new Date().toISOString());
const yesterday = vnIsoDate(new Date(Date.now() - 86_400_000).toISOString())
  .split('-')
  .reverse()
  .join('/');
const tomorrow = vnIsoDate(new Date(Date.now() + 86_400_000).toISOString())
  .split('-')
  .reverse()
  .join('/');
const secretariat = bearer(tokenFor('secretariat'));
const supervisorD1 = bearer(tokenFor('supervisor', 'D1'));

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  app = buildApp(testAppDeps(env.cascade));
  await env.importOrg(SMALL_ORG);
  ({ directiveId } = await env.cascade.launch(smallSpec('174-CT/TW', today, Number(today.slice(0, 4)) + 1)));
  await eventually(async () => (await env.cascade.listUnits(directiveId)).total === SMALL_ORG.length - 1, 150_000, 'every unit projected');
  await env.cascade.report(directiveId, 'D1-C1', smallReport('D1-C1', today, 18), 'Bí thư chi bộ 1.1');
  between = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 20));
  await env.cascade.report(directiveId, 'D2-C1', smallReport('D2-C1', today, 16), 'Bí thư chi bộ 2.1');
  await env.cascade.withdraw(directiveId, 'test:secretariat', 'Thay bằng chỉ thị khác');
  // The withdrawal reaches the committees down the tree after the call answers; the live rollup
  // is compared with the rebuilt one once it has (nothing left pending).
  await eventually(async () => (await env.cascade.rollup(directiveId)).levels.every((l) => l.pending === 0), 60_000, 'withdrawal reached every committee');
}, 240_000);
afterAll(async () => {
  await app?.close();
  await env?.stop();
});

async function get(url: string, headers = secretariat) {
  const res = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}${url}`, headers });
  return { status: res.statusCode, body: res.json() };
}
const cellsDone = (body: { levels: Array<{ level: string; done: number }> }) => body.levels.find((l) => l.level === 'cell')?.done;

test('rollup and units answer as the directive stood at asOf; a Vietnamese date and time after both reports equals the live answer', async () => {
  const [then, live, later] = await Promise.all([
    get(`/rollup?asOf=${encodeURIComponent(between)}`),
    get('/rollup'),
    get(`/rollup?asOf=${encodeURIComponent(`${tomorrow} 08:00`)}`),
  ]);
  expect([then.status, cellsDone(then.body), then.body.attendance]).toEqual([200, 1, { attendees: 18, members: 20, rate: 90 }]);
  expect(cellsDone(live.body)).toBe(2);
  expect(later).toEqual(live);
  const done = await get(`/units?status=done-on-time&asOf=${encodeURIComponent(between)}`);
  expect(done).toMatchObject({ status: 200, body: { total: 1, units: [{ unitId: 'D1-C1', status: 'done-on-time', attendees: 18 }], limit: 50, offset: 0 } });
  const csv = await app.inject({
    method: 'GET',
    url: `/api/directives/${directiveId}/export.csv?status=done-on-time&asOf=${encodeURIComponent(between)}`,
    headers: secretariat,
  });
  expect(csv.body).toContain('D1-C1');
  expect(csv.body).not.toContain('D2-C1');
});

test('a bad asOf is a 400 naming asOf', async () => {
  for (const bad of ['31/02/2027 17:00', 'hôm qua', '2027-13-01T00:00:00Z']) {
    for (const route of ['/rollup', '/units']) {
      const res = await get(`${route}?asOf=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('asOf');
    }
  }
});

test('a supervisor reads its own subtree as of an instant, and another subtree is 403 as it is live', async () => {
  const own = await get(`/rollup?asOf=${encodeURIComponent(between)}`, supervisorD1);
  expect([own.status, cellsDone(own.body)]).toEqual([200, 1]);
  const units = await get(`/units?asOf=${encodeURIComponent(between)}`, supervisorD1);
  expect(units.body.units.map((u: { unitId: string }) => u.unitId).sort()).toEqual(['D1', 'D1-C1', 'D1-C2']);
  expect((await get(`/rollup?unit=D2&asOf=${encodeURIComponent(between)}`, supervisorD1)).status).toBe(403);
  expect((await get(`/units?under=D2&asOf=${encodeURIComponent(between)}`, supervisorD1)).status).toBe(403);
});

describe('the dashboard’s date control', () => {
  const page = async (url: string) => {
    const res = await app.inject({ method: 'GET', url: `/dashboard/${directiveId}${url}&token=${tokenFor('secretariat')}` });
    return { status: res.statusCode, body: res.body };
  };
  const row = (body: string, unitId: string) => {
    const at = body.indexOf(`<tr data-unit="${unitId}">`);
    return at < 0 ? null : body.slice(at, body.indexOf('</tr>', at));
  };

  test('a committee page as of an instant shows the state then, keeps the instant in its form and does not poll', async () => {
    const then = await page(`?unit=D2&asOf=${encodeURIComponent(between)}`);
    expect(then.status).toBe(200);
    expect(row(then.body, 'D2-C1')).toContain(statusLabel('pending', 'vi'));
    expect(then.body).toContain('id="as-of-status"');
    // Withdrawn since, but not then.
    expect(then.body).toContain('· Đang triển khai</p>');
    expect(then.body).toContain(`name="asOf" type="text" maxlength="100" value="${formatVnNumericDateTime(between)}"`);
    expect(then.body).not.toContain('live.js');
    // The filter form keeps the instant: its matches are those of then.
    expect(then.body).toContain(`<input type="hidden" name="asOf" value="${between}">`);
    const filtered = await page(`?unit=D2&status=done-on-time&asOf=${encodeURIComponent(between)}`);
    expect(filtered.body).toContain('Đơn vị phù hợp (0)');
    const live = await page('?unit=D2&lang=en');
    expect(row(live.body, 'D2-C1')).toContain(statusLabel('done-on-time', 'en'));
    expect(live.body).toContain('live.js');
    expect(live.body).toContain('· Withdrawn</p>');
    expect(live.body).not.toContain('id="as-of-status"');
  });

  test('before the launch the page names its unit and lists nothing; a bad instant is a 400 naming asOf', async () => {
    const before = await page(`?unit=D2&asOf=${encodeURIComponent(yesterday)}`);
    expect(before.status).toBe(200);
    expect(before.body).toContain('<h1>Huyện ủy 2</h1>');
    expect(row(before.body, 'D2-C1')).toBeNull();
    const bad = await page(`?unit=D2&asOf=${encodeURIComponent('32/01/2027')}`);
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('asOf');
  });
});
