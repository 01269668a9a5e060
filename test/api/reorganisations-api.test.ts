// POST /api/reorganisations on a real stack (dev server; a directive code no other dev-server test
// file uses): only the secretariat may rehearse or apply a plan; a bad plan is refused naming the
// entry and nothing changes; a dry run writes nothing; applied, the directory and the running
// directive follow it at once, audited with the caller's token subject; the same plan again is
// answered as resumed and changes nothing.
import './inject-shim';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { launchSmallDirective, smallReport } from '../engine/small-org';
import { bearer, testAppDeps, tokenFor } from './api-fixtures';

let env: CascadeEnv;
let app: FastifyInstance;
let directiveId: string;
const secretariat = bearer(tokenFor('secretariat'));
const today = vnIsoDate(new Date().toISOString());
const plan = { effectiveAt: today, operations: [{ move: { unit: 'D1-C1', to: 'D3' } }] };
const post = (payload: unknown, headers = secretariat) => app.inject({ method: 'POST', url: '/api/reorganisations', headers, payload: payload as object });
const cells = async (unitId: string) => (await env.cascade.rollup(directiveId, unitId)).levels.find((l) => l.level === 'cell');

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  app = buildApp(testAppDeps(env.cascade));
  directiveId = await launchSmallDirective(env, '99-NQ/TW', today);
  await env.cascade.report(directiveId, 'D1-C1', smallReport('D1-C1', today), 'Bí thư chi bộ 1.1');
}, 180_000);
afterAll(async () => {
  await app?.close();
  await env?.stop();
});

test('only the secretariat reorganises; a bad plan names its entry; a dry run writes nothing', async () => {
  for (const headers of [bearer(tokenFor('supervisor', 'QN')), bearer(tokenFor('unit', 'D1-C1')), {}]) {
    expect((await post({ plan }, headers)).statusCode).toBeGreaterThanOrEqual(401);
    expect((await post({ plan }, headers)).statusCode).toBeLessThanOrEqual(403);
  }
  const bad = await post({ plan: { effectiveAt: today, operations: [{ move: { unit: 'D1-C1', to: 'D9' } }] } });
  expect(bad.statusCode).toBe(400);
  expect(bad.json().issues).toEqual([expect.objectContaining({ path: 'operations[0].move', rule: 'unknown-unit' })]);
  expect((await post({ plan, dryRun: 'yes' })).json().issues).toEqual([expect.objectContaining({ path: 'dryRun' })]);

  const rehearsal = await post({ plan, dryRun: true, directives: [directiveId] });
  expect(rehearsal.statusCode).toBe(200);
  expect(rehearsal.json()).toMatchObject({
    problems: [],
    directives: [{ directiveId, moved: [{ unitId: 'D1-C1', from: 'D1', to: 'D3', reported: true }] }],
    mergeRule: expect.stringContaining('merged unit'),
  });
  expect([await cells('D1'), await cells('D3')]).toMatchObject([
    { expected: 2, done: 1 },
    { expected: 2, done: 0 },
  ]);
  expect((await env.cascade.organisation()).find((u) => u.id === 'D1-C1')?.parentId).toBe('D1');
});

test('a plan effective later is scheduled (202) and can be cancelled before its instant; the directory waits', async () => {
  const later = await post({ plan: { ...plan, effectiveAt: '01/01/2099' }, directives: [directiveId] });
  expect(later.statusCode).toBe(202);
  const cancelled = await app.inject({ method: 'POST', url: `/api/reorganisations/${later.json().reorganisationId}/cancel`, headers: secretariat });
  expect([cancelled.statusCode, cancelled.json()]).toEqual([200, { cancelled: later.json().reorganisationId }]);
  const badId = await app.inject({ method: 'POST', url: '/api/reorganisations/x/cancel', headers: secretariat });
  expect(badId.statusCode).toBe(400);
  expect((await env.cascade.organisation()).find((u) => u.id === 'D1-C1')?.parentId).toBe('D1');
});

test('applied, the directory and the running directive follow the plan when the call returns, audited with the caller', async () => {
  const applied = await post({ plan, directives: [directiveId] });
  expect(applied.statusCode).toBe(201);
  expect(applied.json()).toMatchObject({ resumed: false, directives: [{ directiveId, handedOver: 1, unitsTaken: 1 }] });
  expect([await cells('D1'), await cells('D3')]).toMatchObject([
    { expected: 1, done: 0 },
    { expected: 3, done: 1 },
  ]);
  expect((await env.cascade.organisationHistory('D1-C1'))[0]).toMatchObject({ actor: 'api:secretariat-all', action: 'update' });

  const again = await post({ plan, directives: [directiveId] });
  expect(again.statusCode).toBe(200);
  const listed = await app.inject({ method: 'GET', url: '/api/reorganisations', headers: secretariat });
  expect(listed.json().reorganisations).toEqual([
    expect.objectContaining({ id: applied.json().reorganisationId, status: 'finished', actor: 'api:secretariat-all' }),
    expect.objectContaining({ status: 'cancelled' }),
  ]);
  const cancel = await app.inject({ method: 'POST', url: `/api/reorganisations/${applied.json().reorganisationId}/cancel`, headers: secretariat });
  expect(cancel.statusCode).toBe(409);
  const supervisorList = await app.inject({ method: 'GET', url: '/api/reorganisations', headers: bearer(tokenFor('supervisor', 'QN')) });
  expect(supervisorList.statusCode).toBe(403);
  expect(again.json()).toMatchObject({ resumed: true, reorganisationId: applied.json().reorganisationId });
  expect(await cells('D3')).toMatchObject({ expected: 3, done: 1 });
});
