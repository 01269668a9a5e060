// Who may do what over HTTP, against a real stack (dev server, PostgreSQL, SMTP sink, worker):
// a forbidden or unauthenticated call answers 401/403 and changes nothing.
import './inject-shim';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { signReportToken } from '../../src/security/report-link';
import { eventually, startCascadeEnv, TEST_BASE_URL, TEST_LINK_SECRET, type CascadeEnv } from '../harness/cascade-env';
import { SMALL_ORG, smallReport, smallSpec } from '../engine/small-org';
import { bearer, linkToken, noticeLink, orgCsv, testAppDeps, tokenFor } from './api-fixtures';

let env: CascadeEnv;
let app: FastifyInstance;
let directiveId: string;
let otherDirectiveId: string;
const today = vnIsoDate(new Date().toISOString());
const year = Number(today.slice(0, 4)) + 1;
const secretariat = tokenFor('secretariat');
const supervisorD1 = tokenFor('supervisor', 'D1');
const unitD2C1 = tokenFor('unit', 'D2-C1');

function specYaml(code: string): string {
  return [
    `code: ${code}`,
    'title: Nghiên cứu, học tập, quán triệt Nghị quyết',
    'issuer: Bộ Chính trị',
    `issuedOn: ${today}`,
    'root: TW',
    'deadlines:',
    `  province: Q2/${year}`,
    `  district: quý III/${year}`,
    `  cell: 30/09/${year}`,
  ].join('\n');
}

/** A unit's state straight from the client: what "nothing changed" is checked against. */
async function unitState(unitId: string, directive = directiveId) {
  const view = await env.cascade.unit(directive, unitId);
  return {
    status: view.status,
    report: view.report,
    deadline: view.deadline,
    extendedTo: view.extendedTo,
    exemptedAt: view.exemptedAt,
    timeline: (await env.cascade.timeline(directive, unitId)).length,
  };
}

/** Waits until the audit log holds `count` entries of a kind (journal writes trail the workflow). */
async function journalled(directive: string, kind: string, count: number, unitId?: string): Promise<void> {
  const sql = 'SELECT count(*)::int AS n FROM audit_log WHERE directive_id = $1 AND kind = $2 AND ($3::text IS NULL OR unit_id = $3)';
  await eventually(
    async () => (await env.db.pool.query<{ n: number }>(sql, [directive, kind, unitId ?? null])).rows[0]?.n === count,
    60_000,
    `${count} ${kind} entries`,
  );
}

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  app = buildApp(testAppDeps(env.cascade));
  const org = await app.inject({
    method: 'POST',
    url: '/api/org',
    headers: { ...bearer(secretariat), 'content-type': 'text/csv' },
    payload: orgCsv(SMALL_ORG),
  });
  expect(org.statusCode).toBe(200);
  const launched = await app.inject({
    method: 'POST',
    url: '/api/directives',
    headers: { ...bearer(secretariat), 'content-type': 'text/yaml' },
    payload: specYaml('11-CT/TW'),
  });
  expect(launched.statusCode).toBe(201);
  directiveId = launched.json().directiveId;
  const other = await app.inject({ method: 'POST', url: '/api/directives', headers: bearer(secretariat), payload: smallSpec('12-CT/TW', today, year) });
  expect(other.statusCode).toBe(201);
  otherDirectiveId = other.json().directiveId;
  // Launch returns once the root workflow starts; the snapshot, notices and their journal entries follow.
  await Promise.all([journalled(directiveId, 'notice', 10), journalled(otherDirectiveId, 'notice', 10)]);
}, 180_000);
afterAll(async () => {
  await app?.close();
  await env?.stop();
});

test('a call without a token is 401 and names the header to send', async () => {
  const res = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/rollup` });
  expect(res.statusCode).toBe(401);
  expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  expect(res.json()).toEqual({ error: 'Unauthorized', message: expect.stringContaining('Authorization: Bearer') });
});

test('tampered and expired access tokens are 401', async () => {
  const [payload, mac] = secretariat.split('.') as [string, string];
  const tampered = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'mallory' })).toString('base64url')}.${mac}`;
  const expired = tokenFor('secretariat', undefined, 60, Date.now() - 3_600_000);
  for (const token of [tampered, expired, 'garbage']) {
    const res = await app.inject({ method: 'GET', url: '/api/directives', headers: bearer(token) });
    expect(res.statusCode).toBe(401);
  }
  const res = await app.inject({ method: 'GET', url: '/api/directives', headers: bearer(expired) });
  expect(res.json().message).toMatch(/expired/);
});

test('a unit token on another unit is 403 and changes nothing', async () => {
  const before = await unitState('D2-C2');
  const report = await app.inject({
    method: 'POST',
    url: `/api/directives/${directiveId}/units/D2-C2/report`,
    headers: bearer(unitD2C1),
    payload: smallReport('D2-C2', today),
  });
  expect(report.statusCode).toBe(403);
  expect(report.json().message).toMatch(/D2-C1.*not for D2-C2/);
  for (const action of ['correct', 'acknowledge']) {
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/directives/${directiveId}/units/D2-C2/${action}`,
          headers: bearer(unitD2C1),
          payload: smallReport('D2-C2', today),
        })
      ).statusCode,
    ).toBe(403);
  }
  expect((await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/units/D2-C2`, headers: bearer(unitD2C1) })).statusCode).toBe(403);
  expect(await unitState('D2-C2')).toEqual(before);
  expect(before).toMatchObject({ status: 'pending', report: null });
});

test('a unit token reads and acknowledges its own unit but no rollup, list or timeline', async () => {
  const own = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/units/D2-C1`, headers: bearer(unitD2C1) });
  expect(own.statusCode).toBe(200);
  expect(own.json()).toMatchObject({ unitId: 'D2-C1', status: 'pending' });
  const ack = await app.inject({ method: 'POST', url: `/api/directives/${directiveId}/units/D2-C1/acknowledge`, headers: bearer(unitD2C1) });
  expect(ack.statusCode).toBe(200);
  expect(ack.json()).toMatchObject({ status: 'acknowledged', acknowledgedAt: expect.any(String) });
  await journalled(directiveId, 'acknowledged', 1, 'D2-C1');
  for (const url of [`rollup`, `units`, `units/D2-C1/timeline`, `committees/D2`, `export.csv`, `report`]) {
    expect((await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/${url}`, headers: bearer(unitD2C1) })).statusCode).toBe(403);
  }
});

test('a supervisor outside the subtree is 403 on every read and write, and nothing changes', async () => {
  const before = await unitState('D2-C1');
  const reads = [
    'rollup?unit=D2',
    'rollup?unit=QN',
    'committees/D2',
    'units?under=D2',
    'units/D2-C1',
    'units/D2-C1/timeline',
    'export.csv?under=D2',
    'report?unit=D2',
  ];
  for (const url of reads) {
    const res = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/${url}`, headers: bearer(supervisorD1) });
    expect([url, res.statusCode]).toEqual([url, 403]);
  }
  const extend = await app.inject({
    method: 'POST',
    url: `/api/directives/${directiveId}/units/D2-C1/extend`,
    headers: bearer(supervisorD1),
    payload: { to: `31/12/${year}` },
  });
  expect(extend.statusCode).toBe(403);
  const exempt = await app.inject({
    method: 'POST',
    url: `/api/directives/${directiveId}/units/D2-C1/exempt`,
    headers: bearer(supervisorD1),
    payload: { reason: 'sáp nhập' },
  });
  expect(exempt.statusCode).toBe(403);
  const report = await app.inject({
    method: 'POST',
    url: `/api/directives/${directiveId}/units/D1-C1/report`,
    headers: bearer(supervisorD1),
    payload: smallReport('D1-C1', today),
  });
  expect(report.statusCode).toBe(403);
  expect(await unitState('D2-C1')).toEqual(before);
});

test('a supervisor reads its own subtree by default and extends units strictly below it only', async () => {
  const rollup = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/rollup`, headers: bearer(supervisorD1) });
  expect(rollup.statusCode).toBe(200);
  expect(
    rollup
      .json()
      .levels.filter((l: { expected: number }) => l.expected > 0)
      .map((l: { level: string; expected: number }) => [l.level, l.expected]),
  ).toEqual([
    ['district', 1],
    ['cell', 2],
  ]);
  const list = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/units`, headers: bearer(supervisorD1) });
  // Its own unit too: the list holds the units its rollup counts.
  expect(
    list
      .json()
      .units.map((u: { unitId: string }) => u.unitId)
      .sort(),
  ).toEqual(['D1', 'D1-C1', 'D1-C2']);
  expect((await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/units/D1-C2/timeline`, headers: bearer(supervisorD1) })).statusCode).toBe(200);

  const own = await app.inject({
    method: 'POST',
    url: `/api/directives/${directiveId}/units/D1/extend`,
    headers: bearer(supervisorD1),
    payload: { to: `31/12/${year}` },
  });
  expect(own.statusCode).toBe(403);
  const below = await app.inject({
    method: 'POST',
    url: `/api/directives/${directiveId}/units/D1-C1/extend`,
    headers: bearer(supervisorD1),
    payload: { to: `31/12/${year}`, reason: 'bão lũ' },
  });
  expect(below.statusCode).toBe(200);
  expect(below.json()).toMatchObject({ unitId: 'D1-C1', status: 'extended', extendedTo: expect.stringContaining(`${year}-12-31`) });
});

test('only the secretariat imports, launches, withdraws and issues tokens', async () => {
  for (const token of [supervisorD1, unitD2C1]) {
    expect(
      (await app.inject({ method: 'POST', url: '/api/org', headers: { ...bearer(token), 'content-type': 'text/csv' }, payload: orgCsv(SMALL_ORG) })).statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: 'POST', url: '/api/directives', headers: { ...bearer(token), 'content-type': 'text/yaml' }, payload: specYaml('13-CT/TW') }))
        .statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: 'POST', url: `/api/directives/${directiveId}/withdraw`, headers: bearer(token), payload: { reason: 'x' } })).statusCode,
    ).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/tokens', headers: bearer(token), payload: { sub: 'x', role: 'secretariat' } })).statusCode).toBe(403);
  }
  expect((await env.cascade.directives()).map((d) => d.status)).toEqual(['active', 'active']);
  const issued = await app.inject({
    method: 'POST',
    url: '/api/tokens',
    headers: bearer(secretariat),
    payload: { sub: 'bt-d2', role: 'supervisor', unitId: 'D2', ttlDays: 7 },
  });
  expect(issued.statusCode).toBe(201);
  expect(issued.json().dashboardUrl).toBe(`${TEST_BASE_URL}/dashboard?token=${issued.json().token}`);
  const asD2 = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/units/D2-C2`, headers: bearer(issued.json().token) });
  expect(asD2.statusCode).toBe(200);
});

test('the secretariat reads every subtree and directive', async () => {
  for (const url of ['rollup', 'rollup?unit=D3', 'committees/QN', 'units?under=D2', 'units/D3-C2', 'units/D3-C2/timeline', 'export.csv', 'report?lang=en']) {
    const res = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/${url}`, headers: bearer(secretariat) });
    expect([url, res.statusCode]).toEqual([url, 200]);
  }
  const all = await app.inject({ method: 'GET', url: '/api/directives', headers: bearer(secretariat) });
  expect(
    all
      .json()
      .directives.map((d: { id: string }) => d.id)
      .sort(),
  ).toEqual([directiveId, otherDirectiveId].sort());
});

test('the report link from a real email authorises exactly its unit in its directive', async () => {
  const link = await noticeLink(env, directiveId, 'D3-C1');
  expect(link.startsWith(`${TEST_BASE_URL}/report/`)).toBe(true);
  const token = linkToken(link);
  const beforeOther = await unitState('D3-C2');
  expect(
    (
      await app.inject({
        method: 'POST',
        url: `/api/directives/${directiveId}/units/D3-C2/report`,
        headers: bearer(token),
        payload: smallReport('D3-C2', today),
      })
    ).statusCode,
  ).toBe(403);
  const wrongDirective = await app.inject({
    method: 'POST',
    url: `/api/directives/${otherDirectiveId}/units/D3-C1/report`,
    headers: bearer(token),
    payload: smallReport('D3-C1', today),
  });
  expect(wrongDirective.statusCode).toBe(403);
  expect(wrongDirective.json().message).toMatch(new RegExp(`for directive ${directiveId}, not ${otherDirectiveId}`));
  expect((await unitState('D3-C1', otherDirectiveId)).report).toBeNull();
  expect((await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/rollup`, headers: bearer(token) })).statusCode).toBe(403);

  const ok = await app.inject({
    method: 'POST',
    url: `/api/directives/${directiveId}/units/D3-C1/report`,
    headers: bearer(token),
    payload: smallReport('D3-C1', today, 17),
  });
  expect(ok.statusCode).toBe(200);
  expect(ok.json()).toMatchObject({ unitId: 'D3-C1', status: 'done-on-time', report: { attendees: 17 } });
  expect(await unitState('D3-C2')).toEqual(beforeOther);
});

test('a tampered or expired report link is 401 and nothing changes', async () => {
  const token = linkToken(await noticeLink(env, directiveId, 'D3-C2'));
  const [payload, mac] = token.split('.') as [string, string];
  const edited = JSON.parse(Buffer.from(payload, 'base64url').toString());
  const tampered = `${Buffer.from(JSON.stringify({ ...edited, u: 'D3-C1' })).toString('base64url')}.${mac}`;
  const expired = signReportToken({ directiveId, unitId: 'D3-C2', expiresAt: new Date(Date.now() - 60_000).toISOString() }, TEST_LINK_SECRET);
  const before = await unitState('D3-C2');
  for (const bad of [tampered, expired]) {
    const res = await app.inject({
      method: 'POST',
      url: `/api/directives/${directiveId}/units/D3-C2/report`,
      headers: bearer(bad),
      payload: smallReport('D3-C2', today),
    });
    expect(res.statusCode).toBe(401);
    const page = await app.inject({ method: 'GET', url: `/report/${bad}` });
    expect(page.statusCode).toBe(401);
    expect(page.headers['content-type']).toMatch(/text\/html/);
  }
  expect(await unitState('D3-C2')).toEqual(before);
});

test('directive listings show units only the directives that reach them', async () => {
  const asUnit = await app.inject({ method: 'GET', url: '/api/directives', headers: bearer(tokenFor('unit', 'NOT-IN-ORG')) });
  expect(asUnit.json()).toEqual({ directives: [] });
  const asD1 = await app.inject({ method: 'GET', url: '/api/directives', headers: bearer(supervisorD1) });
  expect(asD1.json().directives).toHaveLength(2);
});
