// The HTTP API against a real stack: health, the OpenAPI document, 400s that name the field and
// the rule, paging, export, the results report, conflicts, and what never leaks (stacks, tokens).
import './inject-shim';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../../src/http/app';
import type { CascadeClient } from '../../src/app/cascade-client';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { SMALL_ORG, smallReport, smallSpec } from '../engine/small-org';
import { bearer, linkToken, noticeLink, testAppDeps, tokenFor } from './api-fixtures';

let env: CascadeEnv;
let app: FastifyInstance;
let directiveId: string;
const today = vnIsoDate(new Date().toISOString());
const year = Number(today.slice(0, 4)) + 1;
const secretariat = bearer(tokenFor('secretariat'));
const unitD1C1 = bearer(tokenFor('unit', 'D1-C1'));
const built: FastifyInstance[] = [];

function appWith(overrides: Partial<AppDeps> = {}): FastifyInstance {
  const made = buildApp({ ...testAppDeps(env.cascade), ...overrides });
  built.push(made);
  return made;
}

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  app = appWith();
  const org = await app.inject({ method: 'POST', url: '/api/org', headers: secretariat, payload: SMALL_ORG });
  expect(org.json()).toEqual({ imported: 11, levels: ['central', 'province', 'district', 'cell'] });
  const launched = await app.inject({ method: 'POST', url: '/api/directives', headers: secretariat, payload: smallSpec('21-CT/TW', today, year) });
  directiveId = launched.json().directiveId;
  await noticeLink(env, directiveId, 'D3-C2');
}, 180_000);
afterAll(async () => {
  for (const a of built) await a.close();
  await env?.stop();
});

test('healthz answers 200 when ready, 503 when not or when the probe fails', async () => {
  expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
  const notReady = await appWith({ ready: async () => false }).inject({ method: 'GET', url: '/healthz' });
  expect([notReady.statusCode, notReady.json()]).toEqual([503, { status: 'unavailable' }]);
  const failing = await appWith({ ready: async () => Promise.reject(new Error('no worker')) }).inject({ method: 'GET', url: '/healthz' });
  expect(failing.statusCode).toBe(503);
});

test('the OpenAPI document is served from the route schemas', async () => {
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  const doc = res.json();
  expect(doc.openapi).toBe('3.1.0');
  const report = doc.paths['/api/directives/{id}/units/{unitId}/report'].post;
  expect(Object.keys(report.requestBody.content['application/json'].schema.properties)).toEqual(
    expect.arrayContaining(['conferenceDate', 'attendees', 'members', 'essaysSubmitted', 'essaysExpected', 'documentNumber', 'documentDate', 'reportedBy']),
  );
  expect(report.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['id', 'unitId']);
  const list = doc.paths['/api/directives/{id}/units'].get;
  expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['status', 'level', 'under', 'limit', 'offset']));
  expect(Object.keys(doc.paths).some((p) => p.startsWith('/dashboard') || p.startsWith('/report'))).toBe(false);
});

test('a bad report is 400 naming the field and the rule, and nothing is recorded', async () => {
  const url = `/api/directives/${directiveId}/units/D1-C1/report`;
  const schema = await app.inject({
    method: 'POST',
    url,
    headers: unitD1C1,
    payload: { ...smallReport('D1-C1', today), attendees: -1, documentNumber: 'KH 7' },
  });
  expect(schema.statusCode).toBe(400);
  expect(schema.json()).toMatchObject({ error: 'InvalidInput' });
  expect(schema.json().issues).toEqual([
    { path: 'attendees', rule: 'schema', message: 'attendees must be a whole number ≥ 0, got -1' },
    { path: 'documentNumber', rule: 'document-number', message: expect.stringContaining('documentNumber "KH 7" is not a document number') },
  ]);
  const rules = await app.inject({ method: 'POST', url, headers: unitD1C1, payload: smallReport('D1-C1', today, 25, 20) });
  expect(rules.statusCode).toBe(400);
  expect(rules.json().issues).toEqual([{ path: 'attendees', rule: 'attendees-exceed-members', message: 'attendees (25) exceeds members (20) for unit D1-C1' }]);
  const missing = await app.inject({ method: 'POST', url, headers: unitD1C1, payload: { attendees: 3 } });
  expect(missing.json().issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['conferenceDate', 'members', 'reportedBy']));
  expect((await env.cascade.unit(directiveId, 'D1-C1')).report).toBeNull();
});

test('a report is recorded, a different second one is 409, the same one again answers as the first, a correction replaces it', async () => {
  const url = `/api/directives/${directiveId}/units/D1-C2`;
  const first = await app.inject({
    method: 'POST',
    url: `${url}/report`,
    headers: bearer(tokenFor('unit', 'D1-C2')),
    payload: smallReport('D1-C2', today, 18),
  });
  expect(first.json()).toMatchObject({ status: 'done-on-time', report: { attendees: 18 } });
  const again = await app.inject({
    method: 'POST',
    url: `${url}/report`,
    headers: bearer(tokenFor('unit', 'D1-C2')),
    payload: smallReport('D1-C2', today, 19),
  });
  expect([again.statusCode, again.json().error]).toEqual([409, 'already-reported']);
  // The same report sent again (a retry after a timeout, a double click) answers as the first did, recorded once.
  const repeat = await app.inject({
    method: 'POST',
    url: `${url}/report`,
    headers: bearer(tokenFor('unit', 'D1-C2')),
    payload: smallReport('D1-C2', today, 18),
  });
  expect([repeat.statusCode, repeat.json()]).toEqual([first.statusCode, first.json()]);
  const reportsLogged = async () =>
    (await env.db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE directive_id = $1 AND unit_id = 'D1-C2' AND kind = 'report'`, [directiveId]))
      .rows[0].n as number;
  await eventually(async () => (await reportsLogged()) > 0, 30_000, 'the report in the audit log');
  expect(await reportsLogged()).toBe(1);
  const corrected = await app.inject({
    method: 'POST',
    url: `${url}/correct`,
    headers: bearer(tokenFor('unit', 'D1-C2')),
    payload: smallReport('D1-C2', today, 19),
  });
  expect(corrected.json()).toMatchObject({ corrections: 1, report: { attendees: 19 } });
});

test('bad paths, queries and specs are 400 naming the field; unknown directives 404', async () => {
  const limit = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/units?limit=0`, headers: secretariat });
  expect([limit.statusCode, limit.json().issues[0].path]).toEqual([400, 'limit']);
  const status = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/units?status=late`, headers: secretariat });
  expect(status.json().issues[0]).toMatchObject({ path: 'status[0]', message: expect.stringContaining('status "late" is not one of') });
  const unit = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/units/bad%20id`, headers: secretariat });
  expect([unit.statusCode, unit.json().issues[0].path]).toEqual([400, 'unitId']);
  const spec = await app.inject({
    method: 'POST',
    url: '/api/directives',
    headers: { ...secretariat, 'content-type': 'text/yaml' },
    payload: `code: 22-CT/TW\ntitle: T\nissuer: BCT\nissuedOn: 31/02/2026\nroot: TW\ndeadlines:\n  district: Q3/${year}`,
  });
  expect(spec.statusCode).toBe(400);
  expect(spec.json().issues.map((i: { path: string; rule: string }) => [i.path, i.rule])).toEqual(expect.arrayContaining([['issuedOn', 'date']]));
  const org = await app.inject({
    method: 'POST',
    url: '/api/org',
    headers: { ...secretariat, 'content-type': 'text/csv' },
    payload: 'id,name,level,parentId,email,members,essaysExpected\nTW,Bộ Chính trị,central,,vptw@x.vn,0,0\nQN,Tỉnh ủy,province,XX,qn@x.vn,10,10',
  });
  expect(org.statusCode).toBe(400);
  expect(org.json().issues).toEqual([expect.objectContaining({ row: 2, unitId: 'QN', path: 'parentId', rule: 'unknown-parent' })]);
  const missing = await app.inject({ method: 'GET', url: '/api/directives/99-CT-TW-1999/rollup', headers: secretariat });
  expect([missing.statusCode, missing.json().error]).toEqual([404, 'NotFound']);
});

test('units are listed by status, level and subtree, with paging', async () => {
  const page = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/units?limit=4&offset=0`, headers: secretariat });
  expect(page.json()).toMatchObject({ total: 10, limit: 4, offset: 0 });
  expect(page.json().units).toHaveLength(4);
  const rest = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/units?limit=4&offset=8`, headers: secretariat });
  expect(rest.json().units).toHaveLength(2);
  const done = await eventually(
    async () => {
      const body = (
        await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/units?status=done-on-time,done-late&level=cell&under=D1`, headers: secretariat })
      ).json();
      return body.total === 1 ? (body as { units: Array<{ unitId: string; attendees: number }> }) : null;
    },
    30_000,
    'D1-C2 projected as done',
  );
  expect(done.units.map((u) => [u.unitId, u.attendees])).toEqual([['D1-C2', 19]]);
});

test('the CSV export and the results report come from live state', async () => {
  const csv = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/export.csv?under=D1`, headers: secretariat });
  expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(csv.headers['content-disposition']).toBe(`attachment; filename="${directiveId}-D1-units.csv"`);
  // The header, D1 itself and its two cells: `under` takes the subtree its rollup counts.
  expect(csv.body.split('\n').filter(Boolean)).toHaveLength(4);
  const md = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/report?unit=D1`, headers: secretariat });
  expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
  expect(md.body).toContain('# Báo cáo kết quả thực hiện Chỉ thị số 21-CT/TW');
  expect(md.body).toContain('1/2 chi bộ, đảng bộ cơ sở');
  expect(md.body).toContain('đạt tỷ lệ 95%'); // 19/20 members
  const html = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/report?format=html&lang=en`, headers: secretariat });
  expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(html.body).toContain('Results report on Directive 21-CT/TW');
});

test('extend and exempt by a supervisor, then a withdrawal refuses every later command with 409', async () => {
  const qn = bearer(tokenFor('supervisor', 'QN'));
  const base = `/api/directives/${directiveId}/units`;
  const badDate = await app.inject({ method: 'POST', url: `${base}/D2-C1/extend`, headers: qn, payload: { to: 'next week' } });
  expect(badDate.statusCode).toBe(400);
  const extended = await app.inject({ method: 'POST', url: `${base}/D2-C1/extend`, headers: qn, payload: { to: `31/12/${year}`, reason: 'bão' } });
  expect(extended.json()).toMatchObject({ status: 'extended' });
  const exempt = await app.inject({ method: 'POST', url: `${base}/D3/exempt`, headers: qn, payload: {} });
  expect(exempt.json().issues).toEqual([{ path: 'reason', rule: 'schema', message: 'reason is required' }]);
  expect((await app.inject({ method: 'POST', url: `${base}/D3/exempt`, headers: qn, payload: { reason: 'giải thể' } })).json()).toMatchObject({
    status: 'exempted',
  });

  const withdrawn = await app.inject({
    method: 'POST',
    url: `/api/directives/${directiveId}/withdraw`,
    headers: secretariat,
    payload: { reason: 'ban hành nhầm' },
  });
  expect(withdrawn.json()).toEqual({ withdrawnAt: expect.any(String) });
  // The withdrawal travels down the committees as signals: wait until it reached D1's.
  await eventually(async () => (await env.cascade.unit(directiveId, 'D1-C1').catch(() => null))?.status !== 'pending', 30_000, 'the withdrawal to reach D1');
  const late = await app.inject({ method: 'POST', url: `${base}/D1-C1/report`, headers: unitD1C1, payload: smallReport('D1-C1', today) });
  expect(late.statusCode).toBe(409);
  expect(late.json().message).toMatch(/withdrawn/);
});

test('an unexpected failure is a generic 500 without the message or a stack', async () => {
  const broken = new Proxy(env.cascade, {
    get: (target, prop, receiver) =>
      prop === 'directives'
        ? async () => Promise.reject(new Error('pg: password authentication failed for user "cascade"'))
        : Reflect.get(target, prop, receiver),
  }) as CascadeClient;
  const res = await appWith({ cascade: broken }).inject({ method: 'GET', url: '/api/directives', headers: secretariat });
  expect(res.statusCode).toBe(500);
  expect(res.json()).toEqual({ error: 'InternalError', message: expect.stringMatching(/^something went wrong on our side; it was logged as request /) });
  expect(res.body).not.toMatch(/password|at .*\.ts/);
});

test('logs never contain tokens: report-link paths and ?token= are redacted', async () => {
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  const logged = appWith({ logger: { level: 'info', stream } });
  const link = linkToken(await noticeLink(env, directiveId, 'D2-C2'));
  const access = tokenFor('supervisor', 'QN');
  await logged.inject({ method: 'GET', url: `/report/${link}` });
  await logged.inject({ method: 'GET', url: `/dashboard?token=${access}` });
  await logged.inject({ method: 'GET', url: `/report/${link}/nowhere/else` });
  await logged.inject({ method: 'GET', url: '/api/directives', headers: bearer(access) });
  await new Promise((r) => setImmediate(r));
  expect(lines.join('\n')).toContain('/report/[redacted]');
  expect(lines.join('\n')).toContain('token=[redacted]');
  for (const secret of [link, access, link.split('.')[1] as string, access.split('.')[1] as string]) expect(lines.join('\n')).not.toContain(secret);
});
