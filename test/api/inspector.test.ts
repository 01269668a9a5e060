// The inspector role on real servers (the shared dev server, PostgreSQL, the SMTP sink, a worker, the
// app listening): an inspector of QN, issued through the API, reads what a supervisor of QN reads and
// nothing outside; every write route of the API (checked against the OpenAPI document, so a new one
// cannot be missed) is a 403 saying inspectors only read, and nothing changes; its requests appear in
// the access log in the order it made them, which only the secretariat lists (API and CLI).
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { startApiServer, type ApiServer } from '../../src/http/server';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { requiredTestEnv } from '../harness/env';
import { SMALL_ORG, smallReport, smallSpec } from '../engine/small-org';
import { runCascade } from '../cli/run-cli';
import { callServer, testAppDeps, tokenFor, type ServerAnswer } from './api-fixtures';
import type { AccessLogEntry } from '../../src/store/access-log';

const today = vnIsoDate(new Date().toISOString());
const year = Number(today.slice(0, 4)) + 1;
const secretariat = tokenFor('secretariat');
const INSPECTOR = 'ubkt-qn-inspector-test';

let env: CascadeEnv;
let server: ApiServer;
let first: string; // 48-CT/TW
let second: string; // 49-CT/TW
let inspector: { id: string; token: string };

const call = (method: string, url: string, token?: string, body?: unknown): Promise<ServerAnswer> => callServer(server.url, method, url, token, body);

type LogEntry = Omit<AccessLogEntry, 'id' | 'at'>;

async function accessLog(query = `?sub=${INSPECTOR}&limit=1000`): Promise<LogEntry[]> {
  const listed = await call('GET', `/api/access-log${query}`, secretariat);
  expect(listed.status).toBe(200);
  return listed.body.entries as LogEntry[];
}

/** What a write must leave as it was: the directives, a unit's view, the directory's audit trail, the tokens issued. */
async function state(): Promise<unknown[]> {
  return Promise.all([
    call('GET', '/api/directives', secretariat).then((a) => a.body),
    call('GET', `/api/directives/${encodeURIComponent(first)}/units/D1-C1`, secretariat).then((a) => a.body),
    call('GET', '/api/org/history?limit=1000', secretariat).then((a) => (a.body.entries as unknown[]).length),
    call('GET', '/api/credentials', secretariat).then((a) => a.body),
  ]);
}

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  await env.importOrg(SMALL_ORG);
  server = await startApiServer({ ...testAppDeps(env.cascade), port: 0, logger: false });
  first = (await env.cascade.launch(smallSpec('48-CT/TW', today, year))).directiveId;
  second = (await env.cascade.launch(smallSpec('49-CT/TW', today, year))).directiveId;
  for (const id of [first, second]) {
    await eventually(async () => (await env.cascade.listUnits(id)).total === SMALL_ORG.length - 1, 60_000, `every unit of ${id} projected`);
  }
  const issued = await call('POST', '/api/tokens', secretariat, { sub: INSPECTOR, role: 'inspector', unitId: 'QN' });
  expect(issued.status).toBe(201);
  inspector = { id: issued.body.id as string, token: issued.body.token as string };
}, 180_000);
afterAll(async () => {
  await server?.close();
  await env?.stop();
});

test('an inspector of QN reads its subtree in every directive (status, timeline, export, report, inbox, pages), is refused outside it, and each read is logged in order', async () => {
  const d = encodeURIComponent(first);
  const reads: Array<[string, number]> = [
    ['/api/directives', 200],
    [`/api/directives/${d}/rollup`, 200],
    [`/api/directives/${encodeURIComponent(second)}/rollup?unit=D2`, 200],
    [`/api/directives/${d}/committees/D1`, 200],
    [`/api/directives/${d}/units?under=D1`, 200],
    [`/api/directives/${d}/units/D1-C1`, 200],
    [`/api/directives/${d}/units/D1-C1/timeline`, 200],
    [`/api/directives/${d}/export.csv`, 200],
    [`/api/directives/${d}/report?format=markdown&lang=vi`, 200],
    ['/api/units/D2-C1/inbox', 200],
    ['/api/org/export?format=json', 200],
    // Outside QN: the issuing root, its inbox and its part of the directory.
    [`/api/directives/${d}/rollup?unit=TW`, 403],
    [`/api/directives/${d}/units?under=TW`, 403],
    [`/api/directives/${d}/export.csv?under=TW`, 403],
    ['/api/units/TW/inbox', 403],
    ['/api/org/export?under=TW', 403],
    // Secretariat-only reads stay so.
    ['/api/credentials', 403],
    ['/api/org/history', 403],
    ['/api/access-log', 403],
  ];
  // D1-C1's notice enters its timeline when its email has gone: wait for it, so the inspector's and
  // the secretariat's reads of that timeline below see the same entries.
  const timelineKinds = async () =>
    ((await call('GET', `/api/directives/${d}/units/D1-C1/timeline`, secretariat)).body.entries as Array<{ kind: string }>).map((e) => e.kind);
  await eventually(async () => (await timelineKinds()).includes('notice'), 30_000, "D1-C1's notice in its timeline");
  const before = (await accessLog()).length;
  for (const [url, status] of reads) {
    const answer = await call('GET', url, inspector.token);
    expect([url, answer.status]).toEqual([url, status]);
  }
  const listed = await call('GET', '/api/directives', inspector.token);
  expect((listed.body.directives as Array<{ id: string }>).map((x) => x.id)).toEqual(expect.arrayContaining([first, second]));
  expect((await call('GET', `/api/directives/${d}/units/D1-C1/timeline`, inspector.token)).body.entries).toEqual(
    (await call('GET', `/api/directives/${d}/units/D1-C1/timeline`, secretariat)).body.entries,
  );
  const csv = await call('GET', `/api/directives/${d}/export.csv`, inspector.token);
  expect(csv.text).toContain('D3-C2');
  const page = await fetch(`${server.url}/dashboard?token=${inspector.token}`, { redirect: 'manual' });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain(`${INSPECTOR} · QN`);

  const expected = [
    ...reads.map(([url, status]) => ({ method: 'GET', path: url.split('?')[0], status })),
    { method: 'GET', path: '/api/directives', status: 200 },
    { method: 'GET', path: `/api/directives/${d}/units/D1-C1/timeline`, status: 200 },
    { method: 'GET', path: `/api/directives/${d}/export.csv`, status: 200 },
    { method: 'GET', path: '/dashboard', status: 200 },
  ].map((e) => ({ ...e, path: decodeURIComponent(e.path as string) }));
  const logged = await eventually(
    async () => {
      const entries = (await accessLog()).slice(before);
      return entries.length === expected.length ? entries : undefined;
    },
    10_000,
    'every request of the inspector in the access log',
  );
  expect(logged.map((e) => ({ method: e.method, path: decodeURIComponent(e.path), status: e.status }))).toEqual(expected);
  expect(logged.every((e) => e.subject === INSPECTOR && e.tokenId === inspector.id && e.unitId === 'QN')).toBe(true);
  const timeline = logged.find((e) => e.route === '/api/directives/:id/units/:unitId/timeline');
  expect(timeline).toMatchObject({ directiveId: first, targetUnit: 'D1-C1' });
  expect(logged.find((e) => e.route === '/api/units/:id/inbox')).toMatchObject({ directiveId: null, targetUnit: 'D2-C1' });
  expect(logged.find((e) => e.route === '/api/directives')).toMatchObject({ directiveId: null, targetUnit: null });
}, 60_000);

test('every write route of the API is a 403 for an inspector, saying inspectors only read, and nothing changes', async () => {
  // Method, route as the OpenAPI document names it, its path parameters, a body the route would accept.
  const unit = { id: first, unitId: 'D1-C1' };
  const writes: Array<[string, string, Record<string, string>, unknown]> = [
    ['POST', '/api/org', {}, SMALL_ORG],
    ['POST', '/api/org/units', {}, { id: 'D4', name: 'Huyện ủy 4', level: 'district', parentId: 'QN', email: 'd4@qn.test', members: 10, essaysExpected: 10 }],
    ['PATCH', '/api/org/units/{id}', { id: 'D1' }, { name: 'Huyện ủy Một' }],
    ['DELETE', '/api/org/units/{id}', { id: 'D3-C2' }, undefined],
    ['POST', '/api/tokens', {}, { sub: 'self-issued', role: 'secretariat' }],
    ['POST', '/api/credentials/{id}/revoke', { id: inspector.id }, { reason: 'tự thu hồi' }],
    ['POST', '/api/units/{id}/links/revoke', { id: 'D1-C1' }, { kind: 'report', reason: 'thử' }],
    ['POST', '/api/people', {}, { email: 'tu.moi@qn.test', name: 'Tự Mời', role: 'secretariat' }],
    ['POST', '/api/people/{id}/disable', { id: 'no-such-person' }, undefined],
    ['POST', '/api/sessions/{id}/revoke', { id: 'session-0001' }, {}],
    ['POST', '/api/directives', {}, smallSpec('50-CT/TW', today, year)],
    ['POST', '/api/directives/preview', {}, smallSpec('50-CT/TW', today, year)],
    ['POST', '/api/directives/{id}/withdraw', { id: second }, { reason: 'thử thu hồi' }],
    ['POST', '/api/reorganisations', {}, { plan: { effectiveAt: `${year}-01-01`, operations: [] }, dryRun: false }],
    ['POST', '/api/reorganisations/{id}/cancel', { id: 'reorg-0123456789abcdef0123' }, {}],
    ['POST', '/api/calendar/apply', {}, { dryRun: false }],
    ['POST', '/api/directives/{id}/units/{unitId}/extend', unit, { to: `31/12/${year}`, reason: 'gia hạn' }],
    ['POST', '/api/directives/{id}/units/{unitId}/exempt', unit, { reason: 'miễn' }],
    ['POST', '/api/directives/{id}/units/{unitId}/report', unit, smallReport('D1-C1', today)],
    ['POST', '/api/directives/{id}/units/{unitId}/correct', unit, smallReport('D1-C1', today)],
    ['POST', '/api/directives/{id}/units/{unitId}/acknowledge', unit, {}],
    // Refused before any body is read, so the JSON body stands in for the multipart file an upload sends.
    ['POST', '/api/directives/{id}/units/{unitId}/attachments', unit, {}],
    ['POST', '/api/units/{id}/digest', { id: 'QN' }, { optOut: true }],
  ];
  // The table is every write the API documents: a write route added later fails here until it is listed.
  const doc = (await call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  const documented = Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/'))
    .flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((m) => m !== 'get' && m !== 'head')
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
  expect(new Set(writes.map(([method, route]) => `${method} ${route}`))).toEqual(new Set(documented));
  expect(documented).toHaveLength(writes.length);
  const fill = (route: string, params: Record<string, string>) => route.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(params[name] as string));

  const before = await state();
  for (const [method, route, params, body] of writes) {
    const path = fill(route, params);
    const answer = await call(method, path, inspector.token, body);
    expect([method, path, answer.status]).toEqual([method, path, 403]);
    expect(answer.body.message).toContain('inspectors only read');
  }
  expect(await state()).toEqual(before);
  const logged = await eventually(
    async () => {
      const entries = (await accessLog()).filter((e) => e.method !== 'GET');
      return entries.length >= writes.length ? entries.slice(-writes.length) : undefined;
    },
    10_000,
    'the refused writes in the access log',
  );
  expect(logged.map((e) => [e.method, e.status])).toEqual(writes.map(([method]) => [method, 403]));
}, 60_000);

test('only the secretariat lists the access log (API and CLI), filtered by subject, newest last, with bad filters named', async () => {
  for (const token of [tokenFor('supervisor', 'QN'), tokenFor('unit', 'D1-C1'), tokenFor('inspector', 'QN'), inspector.token]) {
    const refused = await call('GET', '/api/access-log', token);
    expect(refused.status).toBe(403);
  }
  const other = tokenFor('inspector', 'D1');
  expect((await call('GET', `/api/directives/${encodeURIComponent(first)}/units/D2-C1`, other)).status).toBe(403);
  const otherLog = await eventually(
    async () => {
      const entries = await accessLog('?sub=inspector-D1');
      return entries.length > 0 ? entries : undefined;
    },
    10_000,
    'the other inspector in the log',
  );
  expect(otherLog.map((e) => [e.unitId, e.targetUnit, e.status])).toEqual([['D1', 'D2-C1', 403]]);
  const all = await accessLog('?limit=1000');
  expect(new Set(all.map((e) => e.subject))).toEqual(new Set([INSPECTOR, 'inspector-QN', 'inspector-D1']));
  const lastTwo = await accessLog(`?sub=${INSPECTOR}&limit=2`);
  expect(lastTwo).toEqual((await accessLog()).slice(-2));

  const badLimit = await call('GET', '/api/access-log?limit=0', secretariat);
  expect(badLimit.status).toBe(400);
  expect(badLimit.body.message).toContain('limit must be a whole number between 1 and 1000');

  const cliEnv = { TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'), TEMPORAL_TASK_QUEUE: env.taskQueue, DATABASE_URL: env.db.url, USER: 'cli-test' };
  const json = await runCascade(['access-log', '--sub', 'inspector-D1', '--json'], cliEnv);
  expect(json.code).toBe(0);
  expect(JSON.parse(json.stdout)).toEqual(otherLog);
  const text = await runCascade(['access-log', '--sub', 'inspector-D1'], cliEnv);
  expect(text.stdout).toMatch(
    new RegExp(`inspector-D1\\s+D1\\s+GET /api/directives/${first.replace(/[/.]/g, '\\$&')}/units/D2-C1\\s+${first.replace(/[/.]/g, '\\$&')}\\s+D2-C1\\s+403`),
  );
  expect((await runCascade(['access-log', '--sub', 'nobody'], cliEnv)).stdout).toContain('Inspector nobody has made no request.');
}, 60_000);
