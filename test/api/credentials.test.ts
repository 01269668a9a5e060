// Revocable credentials on real servers (the shared dev server, PostgreSQL, the SMTP sink, a worker,
// the app listening): tokens issued through the API are listed and revoked, and a revoked one fails
// on the API and on a dashboard page through its cookie; a unit's report links and inbox links are
// revoked as families, each without the other; another process's revocation reaches a server within
// its cache bound (an injected clock); only the secretariat lists and revokes; the CLI does the same.
import crypto from 'node:crypto';
import { declaredActor } from '../../src/domain/audit/admin-actor';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { startApiServer, type ApiServer } from '../../src/http/server';
import { eventually, startCascadeEnv, TEST_BASE_URL, type CascadeEnv } from '../harness/cascade-env';
import { requiredTestEnv } from '../harness/env';
import { messageKey, SMALL_ORG, smallSpec } from '../engine/small-org';
import { runCascade } from '../cli/run-cli';
import { callServer, linkToken, noticeLink, testAppDeps, tokenFor, TEST_TOKEN_SECRET, type ServerAnswer, laggingServer } from './api-fixtures';

const today = vnIsoDate(new Date().toISOString());
const year = Number(today.slice(0, 4)) + 1;
const secretariat = tokenFor('secretariat');

let env: CascadeEnv;
let server: ApiServer;
let first: string; // 46-CT/TW
let second: string; // 47-CT/TW

const call = (method: string, url: string, token?: string, body?: unknown, base = server.url): Promise<ServerAnswer> =>
  callServer(base, method, url, token, body);

/** A page of the server under test, through a link from an email. */
async function page(link: string, cookie?: string): Promise<{ status: number; text: string; setCookie: string | null }> {
  const response = await fetch(link.replace(TEST_BASE_URL, server.url), { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  return { status: response.status, text: await response.text(), setCookie: response.headers.get('set-cookie') };
}

async function inboxLink(directiveId: string, unitId: string): Promise<string> {
  const mail = await eventually(
    async () => (await env.mails((m) => messageKey(m.messageId)?.directive === directiveId && messageKey(m.messageId)?.unit === unitId))[0],
    60_000,
    `an email to ${unitId} in ${directiveId}`,
  );
  const link = /https?:\/\/\S+\/inbox\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(mail.text ?? '')?.[0];
  if (!link) throw new Error(`no inbox link in the email to ${unitId}`);
  return link;
}

async function issue(sub: string, role: 'supervisor' | 'unit' | 'secretariat', unitId?: string): Promise<{ id: string; token: string }> {
  const issued = await call('POST', '/api/tokens', secretariat, { sub, role, ...(unitId ? { unitId } : {}) });
  expect(issued.status).toBe(201);
  return { id: issued.body.id as string, token: issued.body.token as string };
}

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  await env.importOrg(SMALL_ORG);
  server = await startApiServer({ ...testAppDeps(env.cascade), port: 0, logger: false });
  first = (await env.cascade.launch(smallSpec('46-CT/TW', today, year))).directiveId;
  second = (await env.cascade.launch(smallSpec('47-CT/TW', today, year))).directiveId;
  for (const id of [first, second]) {
    await eventually(async () => (await env.cascade.listUnits(id)).total === SMALL_ORG.length - 1, 60_000, `every unit of ${id} projected`);
  }
}, 180_000);
afterAll(async () => {
  await server?.close();
  await env?.stop();
});

test('a token issued through the API is listed with its issuer; once revoked it is a 401 naming "revoked" on the API and on the dashboard through its cookie', async () => {
  const { id, token } = await issue('bt-d1-revoked', 'supervisor', 'D1');
  expect((await call('GET', '/api/directives', token)).status).toBe(200);
  const signIn = await page(`${server.url}/dashboard?token=${token}`);
  expect(signIn.status).toBe(200);
  const cookie = (signIn.setCookie ?? '').split(';')[0] as string;
  expect((await page(`${server.url}/dashboard`, cookie)).status).toBe(200);

  const listed = (await call('GET', '/api/credentials', secretariat)).body.tokens as Array<Record<string, unknown>>;
  expect(listed.find((t) => t.id === id)).toMatchObject({
    subject: 'bt-d1-revoked',
    role: 'supervisor',
    unitId: 'D1',
    issuedBy: 'api:secretariat-all',
    status: 'active',
  });

  const revoked = await call('POST', `/api/credentials/${id}/revoke`, secretariat, { reason: 'máy tính bị mất' });
  expect(revoked.status).toBe(200);
  expect(revoked.body).toMatchObject({ id, revokedBy: 'api:secretariat-all', reason: 'máy tính bị mất' });

  const refused = await call('GET', '/api/directives', token);
  expect(refused.status).toBe(401);
  expect(refused.body.message).toMatch(/^this access token was revoked on \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
  const dashboard = await page(`${server.url}/dashboard`, cookie);
  expect(dashboard.status).toBe(401);
  expect(dashboard.text).toContain('đã bị thu hồi');
  expect((await page(`${server.url}/dashboard?token=${token}`)).status).toBe(401);

  // Revoking twice is refused, saying when and by whom; the first revocation stands.
  const again = await call('POST', `/api/credentials/${id}/revoke`, secretariat, { reason: 'lần hai' });
  expect(again.status).toBe(409);
  expect(again.body.message).toMatch(new RegExp(`^access token ${id} was already revoked at .* by api:secretariat-all \\(máy tính bị mất\\)`));
  const after = (await call('GET', '/api/credentials', secretariat)).body.tokens as Array<Record<string, unknown>>;
  expect(after.find((t) => t.id === id)).toMatchObject({ status: 'revoked', reason: 'máy tính bị mất' });

  // Issue and revocation are in the audit trail with their actors.
  const trail = (await env.cascade.organisationHistory('D1', 50)).filter((e) => (e.after as { id?: string } | null)?.id === id);
  expect(trail.map((e) => [e.action, e.actor])).toEqual([
    ['token-revoke', 'api:secretariat-all'],
    ['token-issue', 'api:secretariat-all'],
  ]);
});

test('another process’s revocation reaches a server within its cache bound of 5 s (an injected clock), not before the copy ages out', async () => {
  const { server: other, clock } = await laggingServer(env);
  try {
    const { token, record } = await env.cascade.issueAccessToken(
      { sub: 'cell-token', role: 'unit', unitId: 'D2-C1' },
      { secret: TEST_TOKEN_SECRET, ttlSeconds: 3600, actor: declaredActor('test') },
    );
    const read = () => call('GET', `/api/directives/${first}/units/D2-C1`, token, undefined, other.url);
    expect((await read()).status).toBe(200);
    // Revoked through another client (as `cascade revoke` does): this server's copy is fresh and still lets it in.
    await env.cascade.revokeAccessToken(record.id, 'rò rỉ', declaredActor('test'));
    clock.now += 4_999;
    expect((await read()).status).toBe(200);
    clock.now += 1;
    const refused = await read();
    expect(refused.status).toBe(401);
    expect(refused.body.message).toMatch(/revoked/);
  } finally {
    await other.close();
  }
});

test('revoking a unit’s report links of one directive refuses its emailed report link (form and API) and keeps its inbox link and its other directive’s link; the inbox brings a fresh link that works', async () => {
  const reportLink = await noticeLink(env, first, 'D1-C1');
  const otherReport = await noticeLink(env, second, 'D1-C1');
  const inbox = await inboxLink(first, 'D1-C1');
  expect((await page(reportLink)).status).toBe(200);

  const revoked = await call('POST', '/api/units/D1-C1/links/revoke', secretariat, { kind: 'report', directiveId: first, reason: 'thư chuyển nhầm địa chỉ' });
  expect(revoked.status).toBe(200);
  expect(revoked.body).toMatchObject({ kind: 'report', unitId: 'D1-C1', directiveId: first, revokedBy: 'api:secretariat-all' });

  const form = await page(reportLink);
  expect(form.status).toBe(401);
  expect(form.text).toContain('Liên kết báo cáo này đã bị thu hồi');
  const api = await call('GET', `/api/directives/${first}/units/D1-C1`, linkToken(reportLink));
  expect(api.status).toBe(401);
  expect(api.body.message).toMatch(/^this report link was revoked/);
  expect((await page(otherReport)).status).toBe(200);

  const inboxPage = await page(inbox);
  expect(inboxPage.status).toBe(200);
  // The inbox mints report links afresh: minted after the revocation, they work.
  const lines = (await call('GET', '/api/units/D1-C1/inbox', tokenFor('unit', 'D1-C1'))).body.directives as Array<{
    directiveId: string;
    own: { reportLink: string | null };
  }>;
  const fresh = lines.find((d) => d.directiveId === first)?.own.reportLink;
  expect(fresh).toMatch(new RegExp(`^${TEST_BASE_URL}/report/`));
  expect((await page(fresh as string)).status).toBe(200);
});

test('revoking a unit’s inbox links refuses its inbox link and keeps its report link; report links of every directive go at once without a directive', async () => {
  const inbox = await inboxLink(first, 'D2-C2');
  const reportLink = await noticeLink(env, first, 'D2-C2');
  expect((await page(inbox)).status).toBe(200);
  expect((await call('POST', '/api/units/D2-C2/links/revoke', secretariat, { kind: 'inbox', reason: 'rò rỉ' })).status).toBe(200);
  const refused = await page(inbox);
  expect(refused.status).toBe(401);
  expect(refused.text).toContain('Liên kết hộp thư công việc này đã bị thu hồi');
  expect((await call('GET', '/api/units/D2-C2/inbox', linkToken(inbox))).status).toBe(401);
  expect((await page(reportLink)).status).toBe(200);

  const links = [await noticeLink(env, first, 'D3-C1'), await noticeLink(env, second, 'D3-C1')];
  for (const link of links) expect((await page(link)).status).toBe(200);
  expect((await call('POST', '/api/units/D3-C1/links/revoke', secretariat, { kind: 'report', reason: 'đổi bí thư' })).status).toBe(200);
  for (const link of links) expect((await page(link)).status).toBe(401);

  const families = (await call('GET', '/api/credentials', secretariat)).body.linkFamilies as Array<Record<string, unknown>>;
  expect(families.filter((f) => f.unitId === 'D2-C2' || f.unitId === 'D3-C1').map((f) => [f.kind, f.unitId, f.directiveId, f.reason])).toEqual([
    ['report', 'D3-C1', null, 'đổi bí thư'],
    ['inbox', 'D2-C2', null, 'rò rỉ'],
  ]);
});

test('only the secretariat lists and revokes; bad input names the field and records nothing; a token without an id is refused', async () => {
  const { id } = await issue('bt-d2', 'supervisor', 'D2');
  const reportLink = await noticeLink(env, first, 'D1-C2');
  for (const token of [tokenFor('supervisor', 'QN'), tokenFor('unit', 'D1-C2'), linkToken(reportLink)]) {
    expect((await call('GET', '/api/credentials', token)).status).toBe(403);
    expect((await call('POST', `/api/credentials/${id}/revoke`, token, { reason: 'x' })).status).toBe(403);
    expect((await call('POST', '/api/units/D1-C2/links/revoke', token, { kind: 'report', reason: 'x' })).status).toBe(403);
  }
  expect((await call('GET', '/api/credentials')).status).toBe(401);

  const noReason = await call('POST', `/api/credentials/${id}/revoke`, secretariat, {});
  expect(noReason.status).toBe(400);
  expect(noReason.body.message).toMatch(/reason is required/);
  const inboxOfDirective = await call('POST', '/api/units/D1-C2/links/revoke', secretariat, { kind: 'inbox', directiveId: first, reason: 'x' });
  expect(inboxOfDirective.status).toBe(400);
  expect(inboxOfDirective.body.message).toMatch(/directiveId/);
  expect((await call('POST', '/api/units/D1-C2/links/revoke', secretariat, { kind: 'mail', reason: 'x' })).body.message).toMatch(
    /kind must be "report" or "inbox"/,
  );
  expect((await call('POST', '/api/units/NOPE/links/revoke', secretariat, { kind: 'inbox', reason: 'x' })).status).toBe(404);
  expect((await call('POST', `/api/credentials/${crypto.randomUUID()}/revoke`, secretariat, { reason: 'x' })).status).toBe(404);
  const listing = (await call('GET', '/api/credentials', secretariat)).body as {
    tokens: Array<Record<string, unknown>>;
    linkFamilies: Array<Record<string, unknown>>;
  };
  expect(listing.tokens.find((t) => t.id === id)?.status).toBe('active');
  expect(listing.linkFamilies.some((f) => f.unitId === 'D1-C2' || f.unitId === 'NOPE')).toBe(false);
  expect((await page(reportLink)).status).toBe(200);

  // Signed with the right key but without an id (as tokens were before): in no list, so refused.
  const payload = Buffer.from(JSON.stringify({ sub: 'old', role: 'secretariat', exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
  const mac = crypto.createHmac('sha256', TEST_TOKEN_SECRET).update('directive-cascade/access-token/v1.').update(payload).digest('base64url');
  const old = await call('GET', '/api/directives', `${payload}.${mac}`);
  expect(old.status).toBe(401);
  expect(old.body.message).toMatch(/issued before tokens could be listed and revoked/);
});

test('cascade credentials, revoke and revoke-links do the same from the command line, audited with the CLI actor', async () => {
  const cliEnv = { TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'), TEMPORAL_TASK_QUEUE: env.taskQueue, DATABASE_URL: env.db.url, USER: 'cli-test' };
  const { id } = await issue('bt-d3', 'supervisor', 'D3');
  const listed = await runCascade(['credentials', '--json'], cliEnv);
  expect(listed.code).toBe(0);
  expect((JSON.parse(listed.stdout) as { tokens: Array<{ id: string; status: string }> }).tokens.find((t) => t.id === id)?.status).toBe('active');
  const text = await runCascade(['credentials'], cliEnv);
  expect(text.stdout).toMatch(new RegExp(`${id}\\s+bt-d3\\s+supervisor\\s+D3`));

  const revoked = await runCascade(['revoke', id, '--reason', 'hết nhiệm kỳ'], cliEnv);
  expect(revoked.stdout).toContain(`Revoked access token ${id} (bt-d3, supervisor of D3)`);
  expect(revoked.code).toBe(0);
  const twice = await runCascade(['revoke', id, '--reason', 'lần hai'], cliEnv);
  expect(twice.code).toBe(1);
  expect(twice.stderr).toMatch(/already revoked at .* by cli:cli-test \(hết nhiệm kỳ\)/);
  const after = (await call('GET', '/api/credentials', secretariat)).body.tokens as Array<Record<string, unknown>>;
  expect(after.find((t) => t.id === id)).toMatchObject({ status: 'revoked', revokedBy: 'cli:cli-test', reason: 'hết nhiệm kỳ' });

  const missingReason = await runCascade(['revoke-links', 'D3-C2', '--kind', 'report'], cliEnv);
  expect(missingReason.code).toBe(2);
  expect(missingReason.stderr).toContain('--reason is required');
  const links = await runCascade(['revoke-links', 'D3-C2', '--kind', 'report', '--directive', second, '--reason', 'thư chuyển nhầm'], cliEnv);
  expect(links.code).toBe(0);
  expect(links.stdout).toContain(`Revoked the report links in ${second} of D3-C2 minted until `);
  const trail = await env.cascade.organisationHistory('D3-C2', 10);
  expect(trail[0]).toMatchObject({ action: 'links-revoke', actor: 'cli:cli-test', after: { directiveId: second, reason: 'thư chuyển nhầm' } });
});
