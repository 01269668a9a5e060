// The administration audit trail on real servers (the shared dev server, PostgreSQL, a worker, the app
// listening): each administrative action is recorded once with the actor its credential proves (the
// token's id), the CLI's --actor as declared (labelled "not verified"), and no token's value anywhere.
import { declaredActor } from '../../src/domain/audit/admin-actor';
import { startApiServer, type ApiServer } from '../../src/http/server';
import { startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { requiredTestEnv } from '../harness/env';
import { SMALL_ORG } from '../engine/small-org';
import { runCascade } from '../cli/run-cli';
import { callServer, testAppDeps, tokenFor, type ServerAnswer } from './api-fixtures';

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
    { secret: 'test-access-token-secret-0123456789abcdef-0123', ttlSeconds: 3600, actor: declaredActor('seed') },
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
