// A committee's secretariat and the administration audit trail on real servers (the shared dev server,
// PostgreSQL, a worker, the app listening): a province's secretariat launches, imports, issues and
// withdraws inside its subtree and is refused outside, naming why, with nothing recorded; each
// administrative action is recorded once with the actor its credential proves (the token's id), the
// CLI's --actor as declared (labelled "not verified"), and no token's value anywhere.
import { declaredActor } from '../../src/domain/audit/admin-actor';
import { startApiServer, type ApiServer } from '../../src/http/server';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { requiredTestEnv } from '../harness/env';
import { SMALL_ORG, smallSpec } from '../engine/small-org';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { runCascade } from '../cli/run-cli';
import { callServer, orgCsv, testAppDeps, tokenFor, TEST_TOKEN_SECRET, type ServerAnswer } from './api-fixtures';

const today = vnIsoDate(new Date().toISOString());
const year = Number(today.slice(0, 4)) + 1;

const secretariat = tokenFor('secretariat');

let env: CascadeEnv;
let server: ApiServer;

const call = (method: string, url: string, token?: string, body?: unknown): Promise<ServerAnswer> => callServer(server.url, method, url, token, body);

/** The id (`jti`) a signed access token carries. */
function tokenIdOf(token: string): string {
  return (JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString('utf8')) as { jti: string }).jti;
}

type Entry = { action: string; target: string; scopeUnit: string | null; details: Record<string, unknown>; actor: Record<string, unknown> };

/** The trail as the central secretariat lists it, oldest first, of one target. */
async function trailOf(target: string): Promise<Entry[]> {
  const answer = await call('GET', '/api/audit?limit=1000', secretariat);
  expect(answer.status).toBe(200);
  return (answer.body.entries as Entry[]).filter((e) => e.target === target).reverse();
}

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  await env.importOrg(SMALL_ORG);
  server = await startApiServer({ ...testAppDeps(env.cascade), port: 0, logger: false });
}, 180_000);
afterAll(async () => {
  await server?.close();
  await env?.stop();
});

test('a token issued and revoked and a link family revoked through the API are each in the trail once, with the id of the token that did it, and no token value', async () => {
  const secretariatId = tokenIdOf(secretariat);
  const issued = await call('POST', '/api/tokens', secretariat, { sub: 'bt-d1', role: 'supervisor', unitId: 'D1' });
  expect(issued.status).toBe(201);
  const id = issued.body.id as string;
  expect((await call('POST', `/api/credentials/${id}/revoke`, secretariat, { reason: 'hết nhiệm kỳ' })).status).toBe(200);
  expect((await call('POST', '/api/units/D1-C1/links/revoke', secretariat, { kind: 'inbox', reason: 'thư chuyển nhầm' })).status).toBe(200);

  const proven = { kind: 'token', credentialId: secretariatId, sub: 'secretariat-all', role: 'secretariat', unitId: null };
  expect(await trailOf(id)).toEqual([
    expect.objectContaining({
      action: 'token-issue',
      scopeUnit: 'D1',
      details: expect.objectContaining({ subject: 'bt-d1', role: 'supervisor' }),
      actor: proven,
    }),
    expect.objectContaining({ action: 'token-revoke', scopeUnit: 'D1', details: expect.objectContaining({ reason: 'hết nhiệm kỳ' }), actor: proven }),
  ]);
  expect(await trailOf('inbox-links:D1-C1')).toEqual([expect.objectContaining({ action: 'links-revoke', scopeUnit: 'D1-C1', actor: proven })]);

  // Filters: by action, by the actor's credential id; nothing secret in the whole listing.
  const byAction = await call('GET', '/api/audit?action=token-revoke', secretariat);
  expect((byAction.body.entries as Entry[]).every((e) => e.action === 'token-revoke')).toBe(true);
  const byActor = await call('GET', `/api/audit?actor=${secretariatId}`, secretariat);
  expect((byActor.body.entries as Entry[]).map((e) => e.target)).toEqual(expect.arrayContaining([id, 'inbox-links:D1-C1']));
  expect(byActor.text).not.toContain(issued.body.token as string);
  expect(byActor.text).not.toContain(secretariat);
});

test('only the secretariat lists the trail; a bad filter is a 400 naming the field', async () => {
  for (const token of [tokenFor('supervisor', 'QN'), tokenFor('inspector', 'TW'), tokenFor('unit', 'D1-C1')]) {
    const refused = await call('GET', '/api/audit', token);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/only the secretariat/);
  }
  const bad = await call('GET', '/api/audit?action=launch-all&limit=0', secretariat);
  expect(bad.status).toBe(400);
  expect(bad.body.message).toMatch(/action must be one of launch, withdraw/);
  expect(bad.body.message).toMatch(/limit must be a whole number between 1 and 1000/);
});

test('the CLI’s actor is recorded as declared and shown as not verified, by the API and by cascade audit', async () => {
  const cliEnv = { TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'), TEMPORAL_TASK_QUEUE: env.taskQueue, DATABASE_URL: env.db.url, USER: 'cli-test' };
  const { record } = await env.cascade.issueAccessToken(
    { sub: 'bt-d2', role: 'supervisor', unitId: 'D2' },
    { secret: TEST_TOKEN_SECRET, ttlSeconds: 3600, actor: declaredActor('seed') },
  );
  const revoked = await runCascade(['revoke', record.id, '--reason', 'rời cơ quan', '--actor', 'Văn phòng Tỉnh ủy'], cliEnv);
  expect(revoked.code).toBe(0);
  const declared = { kind: 'declared', sub: 'Văn phòng Tỉnh ủy', role: null, unitId: null };
  const [issue, revoke] = await trailOf(record.id);
  expect(revoke).toMatchObject({ action: 'token-revoke', actor: declared, actorDescription: { vi: 'Văn phòng Tỉnh ủy — khai báo qua CLI (không xác thực)' } });
  expect(issue).toMatchObject({ action: 'token-issue', actor: { kind: 'declared', sub: 'seed' } });

  const listed = await runCascade(['audit', '--action', 'token-revoke'], cliEnv);
  expect(listed.code).toBe(0);
  expect(listed.stdout).toMatch(new RegExp(`token-revoke\\s+${record.id}\\s+Văn phòng Tỉnh ủy — khai báo qua CLI \\(không xác thực\\)`));
  const json = await runCascade(['audit', '--actor', 'Văn phòng Tỉnh ủy', '--json'], cliEnv);
  expect((JSON.parse(json.stdout) as Entry[]).map((e) => [e.action, e.target])).toEqual([['token-revoke', record.id]]);
});

/** A spec of the small organisation rooted at the province QN (its districts and cells). */
function provinceSpec(code: string): Record<string, unknown> {
  return { ...smallSpec(code, today, year), root: 'QN', deadlines: { district: `quý III/${year}`, cell: `30/09/${year}` } };
}

async function importCsv(token: string, query: string, units: Parameters<typeof orgCsv>[0]): Promise<ServerAnswer> {
  const response = await fetch(`${server.url}/api/org${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: orgCsv(units),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as ServerAnswer['body'], text };
}

test('a province’s secretariat launches, imports, issues and withdraws inside its subtree, is refused outside naming why with nothing recorded, and each action is in the trail once with its token id', async () => {
  const issued = await call('POST', '/api/tokens', secretariat, { sub: 'vp-qn', role: 'secretariat', unitId: 'QN' });
  expect(issued.status).toBe(201);
  const qn = issued.body.token as string;
  const qnId = issued.body.id as string;
  const national = await call('POST', '/api/directives', secretariat, smallSpec('90-CT/TW', today, year));
  expect(national.status).toBe(201);
  const nationalId = national.body.directiveId as string;

  // Launch: under itself 201; the national root 403 naming why, and nothing is recorded.
  const own = await call('POST', '/api/directives', qn, provinceSpec('91-CT/TU'));
  expect(own.status).toBe(201);
  const ownId = own.body.directiveId as string;
  const outside = await call('POST', '/api/directives', qn, smallSpec('92-CT/TU', today, year));
  expect(outside.status).toBe(403);
  expect(outside.body.message).toBe(
    'the secretariat of QN may launch directives only for QN and the units under it; TW is outside (the central secretariat may)',
  );
  const listed = ((await call('GET', '/api/directives', secretariat)).body.directives as Array<{ id: string; code: string }>).map((d) => d.code);
  expect(listed).toEqual(expect.arrayContaining(['90-CT/TW', '91-CT/TU']));
  expect(listed).not.toContain('92-CT/TU');
  expect((await call('POST', '/api/directives/preview', qn, smallSpec('92-CT/TU', today, year))).status).toBe(403);

  // The directory: under its subtree yes; under TW or the whole directory no.
  const cell = { id: 'D3-C3', name: 'Chi bộ 3.3', level: 'cell', parentId: 'D3', email: 'd3c3@qn.test', members: 12, essaysExpected: 3 };
  expect((await importCsv(qn, '?under=D3&mode=merge', [cell])).status).toBe(200);
  const outsideImport = await importCsv(qn, '?under=TW&mode=merge', [{ ...cell, id: 'QB', parentId: 'TW', level: 'province' }]);
  expect(outsideImport.status).toBe(403);
  expect(outsideImport.body.message).toMatch(/^the secretariat of QN may import the organisation under only for QN and the units under it; TW is outside/);
  const whole = await importCsv(qn, '', SMALL_ORG);
  expect(whole.status).toBe(403);
  expect(whole.body.message).toMatch(/^only the central secretariat may import the whole directory/);
  expect((await call('PATCH', '/api/org/units/QN', qn, { members: 61 })).status).toBe(403);
  expect((await call('PATCH', '/api/org/units/D3-C3', qn, { parentId: 'TW' })).status).toBe(403);
  expect((await env.cascade.organisation('QB')).length).toBe(0);

  // Tokens: for its subtree yes; a central secretariat's or one above it never.
  const d1 = await call('POST', '/api/tokens', qn, { sub: 'bt-d1', role: 'supervisor', unitId: 'D1' });
  expect(d1.status).toBe(201);
  const central = await call('POST', '/api/tokens', qn, { sub: 'vptw-2', role: 'secretariat' });
  expect(central.status).toBe(403);
  expect(central.body.message).toBe(
    'only the central secretariat may issue a central secretariat token (one without a unitId); the secretariat of QN manages only QN and the units under it',
  );
  expect((await call('POST', '/api/tokens', qn, { sub: 'bt-tw', role: 'supervisor', unitId: 'TW' })).status).toBe(403);
  const centralToken = await call('POST', '/api/tokens', secretariat, { sub: 'vptw-3', role: 'secretariat' });
  const revokeCentral = await call('POST', `/api/credentials/${centralToken.body.id as string}/revoke`, qn, { reason: 'thử' });
  expect(revokeCentral.status).toBe(403);
  expect(revokeCentral.body.message).toMatch(/^only the central secretariat may revoke a central secretariat token/);
  const seen = (await call('GET', '/api/credentials', qn)).body.tokens as Array<{ id: string; unitId: string | null }>;
  expect(seen.map((t) => t.id)).toContain(d1.body.id);
  expect(seen.every((t) => t.unitId !== null && ['QN', 'D1', 'D2', 'D3'].includes(t.unitId.slice(0, 2)))).toBe(true);

  // Withdrawing: the national directive no; its own yes, once committees run.
  const refusedWithdraw = await call('POST', `/api/directives/${nationalId}/withdraw`, qn, { reason: 'thử' });
  expect(refusedWithdraw.status).toBe(403);
  expect(refusedWithdraw.body.message).toBe(
    `the secretariat of QN may withdraw only directives rooted at QN or under it; directive ${nationalId} is not (the central secretariat may)`,
  );
  // Once its committees have taken the units on (the snapshot is written whole, so any count is all of them).
  await eventually(async () => (await env.cascade.listUnits(ownId)).total > 0, 120_000, `the units of ${ownId} projected`);
  expect((await call('POST', `/api/directives/${ownId}/withdraw`, qn, { reason: 'Ban hành nhầm' })).status).toBe(200);
  // Its directive list: the national one (it takes part) and its own.
  const itsList = ((await call('GET', '/api/directives', qn)).body.directives as Array<{ id: string }>).map((d) => d.id);
  expect(itsList).toEqual(expect.arrayContaining([nationalId, ownId]));

  // The trail: each action once, proven by the province's token id; the refusals left nothing.
  const proven = { kind: 'token', credentialId: qnId, sub: 'vp-qn', role: 'secretariat', unitId: 'QN' };
  expect(await trailOf(ownId)).toEqual([
    expect.objectContaining({ action: 'launch', scopeUnit: 'QN', actor: proven, details: expect.objectContaining({ started: true, root: 'QN' }) }),
    expect.objectContaining({ action: 'withdraw', scopeUnit: 'QN', actor: proven, details: expect.objectContaining({ reason: 'Ban hành nhầm' }) }),
  ]);
  expect(await trailOf('D3')).toEqual([
    expect.objectContaining({ action: 'org-import', actor: proven, details: expect.objectContaining({ mode: 'merge', added: 1 }) }),
  ]);
  expect(await trailOf(d1.body.id as string)).toEqual([expect.objectContaining({ action: 'token-issue', actor: proven })]);
  expect(await trailOf(nationalId)).toEqual([
    expect.objectContaining({ action: 'launch', actor: expect.objectContaining({ kind: 'token', credentialId: tokenIdOf(secretariat) }) }),
  ]);
  const all = await call('GET', '/api/audit?limit=1000', secretariat);
  expect(
    (all.body.entries as Entry[])
      .filter((e) => e.actor.credentialId === qnId && e.action !== 'token-issue')
      .map((e) => e.action)
      .sort(),
  ).toEqual(['launch', 'org-import', 'withdraw'].sort());
  for (const secret of [qn, secretariat, d1.body.token as string]) expect(all.text).not.toContain(secret);

  // The province's secretariat reads the trail of its subtree only.
  const its = (await call('GET', '/api/audit?limit=1000', qn)).body.entries as Entry[];
  expect(its.map((e) => e.target)).toEqual(expect.arrayContaining([ownId, 'D3', d1.body.id]));
  expect(its.map((e) => e.target)).not.toContain(nationalId);
  expect(its.map((e) => e.target)).not.toContain(centralToken.body.id);
});

test('cascade token issues a committee secretariat’s token, recorded as declared, that works as that committee’s', async () => {
  const cliEnv = {
    TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'),
    TEMPORAL_TASK_QUEUE: env.taskQueue,
    DATABASE_URL: env.db.url,
    USER: 'cli-test',
    API_TOKEN_SECRET: TEST_TOKEN_SECRET,
  };
  const run = await runCascade(['token', '--sub', 'VP Huyện ủy 2', '--role', 'secretariat', '--unit', 'D2', '--json'], cliEnv);
  expect(run.code).toBe(0);
  const { id, token } = JSON.parse(run.stdout) as { id: string; token: string };
  expect(await trailOf(id)).toEqual([
    expect.objectContaining({ action: 'token-issue', scopeUnit: 'D2', actor: { kind: 'declared', sub: 'cli-test', role: null, unitId: null } }),
  ]);
  const refused = await call('POST', '/api/tokens', token, { sub: 'x', role: 'unit', unitId: 'D1-C1' });
  expect(refused.status).toBe(403);
  expect(refused.body.message).toBe(
    'the secretariat of D2 may issue tokens only for D2 and the units under it; D1-C1 is outside (the central secretariat may)',
  );
  expect((await call('POST', '/api/tokens', token, { sub: 'x', role: 'unit', unitId: 'D2-C1' })).status).toBe(201);

  const missing = await runCascade(['token', '--sub', 'x', '--role', 'supervisor'], cliEnv);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('--unit is required for a supervisor token');
});

test('a province’s secretariat reorganises only inside its subtree, carried only into directives it names and owns; the central one decides the rest', async () => {
  const qn = (await call('POST', '/api/tokens', secretariat, { sub: 'vp-qn-reorg', role: 'secretariat', unitId: 'QN' })).body;
  const token = qn.token as string;
  const national = (await call('GET', '/api/directives', secretariat)).body.directives as Array<{ id: string; code: string }>;
  const nationalId = (national.find((d) => d.code === '90-CT/TW') ?? national[0])?.id as string;
  const rename = { effectiveAt: today, operations: [{ rename: { unit: 'D2-C1', name: 'Chi bộ 2.1 (mới)' } }] };
  const post = (body: unknown) => call('POST', '/api/reorganisations', token, body);

  const everywhere = await post({ plan: rename, dryRun: true });
  expect(everywhere.status).toBe(403);
  expect(everywhere.body.message).toMatch(/^only the central secretariat may reorganise every running directive/);
  const intoNational = await post({ plan: rename, directives: [nationalId], dryRun: true });
  expect(intoNational.status).toBe(403);
  expect(intoNational.body.message).toMatch(/^the secretariat of QN may reorganise only directives rooted at QN or under it/);
  const out = await post({ plan: { effectiveAt: today, operations: [{ move: { unit: 'D2', to: 'TW' } }] }, directives: [] });
  expect(out.status).toBe(403);
  expect(out.body.message).toMatch(/^the secretariat of QN may move or create units under only for QN and the units under it; TW is outside/);
  const itself = await post({ plan: { effectiveAt: today, operations: [{ rename: { unit: 'QN', name: 'Tỉnh ủy' } }] }, directives: [] });
  expect(itself.status).toBe(403);
  const level = await post({ plan: { effectiveAt: today, operations: [{ dissolve: { level: 'district' } }] }, directives: [] });
  expect(level.status).toBe(403);
  expect(level.body.message).toMatch(/^only the central secretariat may dissolve the level district/);
  expect((await env.cascade.organisation('D2-C1'))[0]?.name).toBe('Chi bộ 2.1');

  const applied = await post({ plan: rename, directives: [] });
  expect(applied.status).toBe(201);
  expect((await env.cascade.organisation('D2-C1'))[0]?.name).toBe('Chi bộ 2.1 (mới)');
  const id = applied.body.reorganisationId as string;
  const proven = { kind: 'token', credentialId: qn.id, sub: 'vp-qn-reorg', role: 'secretariat', unitId: 'QN' };
  expect(await trailOf(id)).toEqual([expect.objectContaining({ action: 'reorganise', scopeUnit: 'QN', actor: proven })]);
  expect(((await call('GET', '/api/audit?action=reorganise', token)).body.entries as Entry[]).map((e) => e.target)).toContain(id);
});
