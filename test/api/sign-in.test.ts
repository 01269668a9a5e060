// People who sign in by email, on real servers (the shared dev server, PostgreSQL, the SMTP sink,
// the app listening): the secretariat invites a person, the emailed link shows a confirm button
// and works once, an unknown address gets the same answer and no email, the limits count per
// address; the session's cookie reads the API and the dashboard, is revoked by sign-out, by the
// secretariat (within the cache bound on another server), or with its person; cookie writes need
// the page's CSRF token.
import { appMailer } from '../../src/app/sign-in-email';
import { csrfTokenFor } from '../../src/http/auth/csrf';
import { principalFromCookie } from '../../src/http/auth/principal';
import { startApiServer, type ApiServer } from '../../src/http/server';
import { createMailer } from '../../src/mail/mailer';
import type { MailSender } from '../../src/mail/smtp-sender';
import { sealSessionToken } from '../../src/security/session-token';
import { eventually, startCascadeEnv, TEST_BASE_URL, type CascadeEnv } from '../harness/cascade-env';
import { SMALL_ORG } from '../engine/small-org';
import { runCascade } from '../cli/run-cli';
import { requiredTestEnv } from '../harness/env';
import { callServer, testAppDeps, tokenFor, TEST_TOKEN_SECRET, type ServerAnswer, laggingServer } from './api-fixtures';

const secretariat = tokenFor('secretariat');

let env: CascadeEnv;
let sender: MailSender;
let server: ApiServer;

const LINK = /https?:\/\/\S+\/sign-in\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;

/** A request with the browser's cookie (and a CSRF header when given), redirects not followed. */
async function browser(
  method: string,
  url: string,
  opts: { cookie?: string; csrf?: string; form?: Record<string, string>; json?: unknown; base?: string } = {},
): Promise<ServerAnswer & { setCookie: string | null; location: string | null }> {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.csrf) headers['x-csrf-token'] = opts.csrf;
  let body: string | undefined;
  if (opts.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(opts.form).toString();
  } else if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  const response = await fetch(`${opts.base ?? server.url}${url}`, { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // a page
  }
  return { status: response.status, body: parsed, text, setCookie: response.headers.get('set-cookie'), location: response.headers.get('location') };
}

/** The sign-in links emailed to `address` so far, oldest first, pointed at the server under test. */
async function linksTo(address: string): Promise<string[]> {
  const mails = await env.mails((m) => (m.to && !Array.isArray(m.to) ? m.to.value : []).some((a) => a.address === address));
  return mails.map((m) => (LINK.exec(m.text ?? '')?.[0] ?? '').replace(TEST_BASE_URL, server.url));
}

/** Waits for the `n`th sign-in link to `address`. */
async function nthLink(address: string, n: number): Promise<string> {
  const links = await eventually(
    async () => {
      const all = await linksTo(address);
      return all.length >= n ? all : null;
    },
    30_000,
    `sign-in email ${n} to ${address}`,
  );
  return links[n - 1] as string;
}

async function addPerson(email: string, name: string, role: string, unitId?: string, invite = true): Promise<{ id: string; invited: boolean }> {
  const added = await callServer(server.url, 'POST', '/api/people', secretariat, { email, name, role, ...(unitId ? { unitId } : {}), invite });
  expect(added.status).toBe(201);
  return { id: (added.body.person as { id: string }).id, invited: added.body.invited as boolean };
}

/** Signs in through an emailed link: the confirm page, then its POST; the session cookie (`name=value`). */
async function signInWith(link: string): Promise<string> {
  const path = link.replace(server.url, '');
  expect((await browser('GET', path)).status).toBe(200);
  const signedIn = await browser('POST', path);
  expect(signedIn.status).toBe(303);
  return (signedIn.setCookie ?? '').split(';')[0] as string;
}

/** Asks for a link at /sign-in and signs in with it. */
async function signIn(email: string): Promise<string> {
  const before = (await linksTo(email)).length;
  expect((await browser('POST', '/sign-in', { form: { email } })).status).toBe(200);
  return signInWith(await nthLink(email, before + 1));
}

function csrfOf(cookie: string): string {
  return csrfTokenFor(principalFromCookie(cookie.slice(cookie.indexOf('=') + 1), TEST_TOKEN_SECRET), TEST_TOKEN_SECRET) as string;
}

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  await env.importOrg(SMALL_ORG);
  sender = createMailer(env.sink.url);
  server = await startApiServer({
    ...testAppDeps(env.cascade, { RATE_LIMIT_SIGN_IN_EMAIL: 3, RATE_LIMIT_SIGN_IN_IP: 1000, RATE_LIMIT_WINDOW_SECONDS: 600 }),
    mailer: appMailer(sender, 'Văn phòng Trung ương <vptw@cascade.test>'),
    port: 0,
    logger: false,
  });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await sender?.close();
  await env?.stop();
});

test('an invited person’s emailed link shows a confirm button (opening it uses nothing up), signs in once with an HttpOnly, SameSite=Strict cookie, and is refused the second time', async () => {
  const { invited } = await addPerson('Bt.D1@QN.test', 'Nguyễn Văn An', 'supervisor', 'D1');
  expect(invited).toBe(true);
  const link = await nthLink('bt.d1@qn.test', 1);
  const [mail] = await env.mails((m) => (m.text ?? '').includes(link.replace(server.url, TEST_BASE_URL)));
  expect(mail?.subject).toBe('Liên kết đăng nhập / Sign-in link');
  expect(mail?.text).toContain('Kính gửi Nguyễn Văn An');
  expect(mail?.text).toContain('The link works once');

  const path = link.replace(server.url, '');
  for (let i = 0; i < 2; i++) {
    const confirm = await browser('GET', path);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('id="confirm-sign-in"');
  }
  const signedIn = await browser('POST', path);
  expect(signedIn.status).toBe(303);
  expect(signedIn.location).toBe('/dashboard');
  expect(signedIn.setCookie).toMatch(/^cascade_session=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
  const cookie = (signedIn.setCookie ?? '').split(';')[0] as string;

  const home = await browser('GET', '/dashboard', { cookie });
  expect(home.status).toBe(200);
  const own = await browser('GET', '/api/sessions', { cookie });
  expect(own.status).toBe(200);
  expect(JSON.parse(own.text)).toEqual([expect.objectContaining({ subject: 'bt.d1@qn.test', role: 'supervisor', unitId: 'D1', status: 'active' })]);
  // Last seen is written after the answers (at most once a minute), for the listing.
  await eventually(async () => (await env.cascade.sessions(null)).find((x) => x.subject === 'bt.d1@qn.test')?.lastSeenAt, 10_000, 'the session last seen');

  for (const method of ['GET', 'POST']) {
    const again = await browser(method, path);
    expect(again.status).toBe(401);
    expect(again.text).toContain('Liên kết này đã được dùng');
    expect(again.setCookie).toBeNull();
  }
});

test('an unknown or disabled address gets the same answer as a known one and no email; the fourth request for one address in a window is a 429', async () => {
  const { id } = await addPerson('gone@qn.test', 'Người đã nghỉ', 'inspector', 'QN', false);
  expect((await callServer(server.url, 'POST', `/api/people/${id}/disable`, secretariat)).status).toBe(200);
  await addPerson('known@qn.test', 'Trần Thị Bình', 'supervisor', 'D2', false);

  const answers = await Promise.all(
    ['known@qn.test', 'nobody@qn.test', 'gone@qn.test'].map((email) => browser('POST', '/sign-in?lang=en', { form: { email } })),
  );
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
  const texts = answers.map((a, i) => a.text.replace(['known@qn.test', 'nobody@qn.test', 'gone@qn.test'][i] as string, 'ADDRESS'));
  expect(texts[1]).toBe(texts[0]);
  expect(texts[2]).toBe(texts[0]);
  expect(texts[0]).toContain('If ADDRESS is a registered address, a sign-in link has just been sent to it');

  // The known address's email arrived, so the others' would have by now.
  await nthLink('known@qn.test', 1);
  expect(await linksTo('nobody@qn.test')).toEqual([]);
  expect(await linksTo('gone@qn.test')).toEqual([]);

  // Counted per address, known or not: two more for nobody@ pass, the fourth is refused.
  expect((await browser('POST', '/sign-in', { form: { email: 'nobody@qn.test' } })).status).toBe(200);
  expect((await browser('POST', '/sign-in', { form: { email: 'NOBODY@qn.test' } })).status).toBe(200);
  const limited = await browser('POST', '/sign-in', { form: { email: 'nobody@qn.test' } });
  expect(limited.status).toBe(429);
  expect(limited.text).toContain('Quá nhiều yêu cầu đăng nhập cho địa chỉ email này');

  const bad = await browser('POST', '/sign-in', { form: { email: 'not an address' } });
  expect(bad.status).toBe(400);
  expect(bad.text).toContain('“not an address” không phải là một địa chỉ email');
  expect(bad.text).toContain('value="not an address"');
});

test('an expired link and a tampered link are refused with a page saying so, and sign nobody in', async () => {
  await addPerson('late@qn.test', 'Lê Văn Chậm', 'supervisor', 'D3', false);
  const expired = await env.cascade.requestSignIn('late@qn.test', { secret: TEST_TOKEN_SECRET, ttlMinutes: -1, baseUrl: server.url });
  const path = (expired?.link ?? '').replace(server.url, '');
  for (const method of ['GET', 'POST']) {
    const refused = await browser(method, path);
    expect(refused.status).toBe(401);
    expect(refused.text).toContain('Liên kết này đã hết hạn');
    expect(refused.setCookie).toBeNull();
  }
  // The signature's last three characters replaced by an ending no signature has (its last character
  // carries 4 bits, so it is never z); "AAA" was once the signature's own ending (1 link in 65,536).
  const tampered = await browser('POST', `${path.slice(0, -3)}xyz`);
  expect(tampered.status).toBe(401);
  expect(tampered.text).toContain('không do hệ thống cấp hoặc đã bị sửa');
  expect((await env.cascade.sessions(null)).filter((s) => s.subject === 'late@qn.test')).toEqual([]);
});

test('people are validated field by field and nothing is recorded; an email is taken once', async () => {
  const before = (await callServer(server.url, 'GET', '/api/people', secretariat)).text;
  const bad = await callServer(server.url, 'POST', '/api/people', secretariat, { email: 'a@b', name: 'x'.repeat(201), role: 'inspector' });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toContain('email: email "a@b" is not an email address');
  expect(bad.body.message).toContain('name: name is longer than 200 characters');
  expect(bad.body.message).toContain('unitId: unitId is required for supervisors and inspectors');
  const unknownUnit = await callServer(server.url, 'POST', '/api/people', secretariat, {
    email: 'x@qn.test',
    name: 'X',
    role: 'supervisor',
    unitId: 'NOWHERE',
  });
  expect(unknownUnit.status).toBe(400);
  expect(unknownUnit.body.message).toContain('unitId NOWHERE is not in the organisation directory');
  const nul = await callServer(server.url, 'POST', '/api/people', secretariat, { email: 'y@qn.test', name: 'Y\u0000', role: 'secretariat' });
  expect(nul.status).toBe(400);
  expect((await callServer(server.url, 'GET', '/api/people', secretariat)).text).toBe(before);

  await addPerson('twice@qn.test', 'Hai Lần', 'secretariat', undefined, false);
  const again = await callServer(server.url, 'POST', '/api/people', secretariat, {
    email: 'TWICE@qn.test',
    name: 'Hai Lần',
    role: 'secretariat',
    invite: false,
  });
  expect(again.status).toBe(409);
  expect(again.body.message).toContain('a person with the email twice@qn.test exists already');
  // Only the secretariat adds people.
  expect(
    (await callServer(server.url, 'POST', '/api/people', tokenFor('supervisor', 'QN'), { email: 'z@qn.test', name: 'Z', role: 'secretariat' })).status,
  ).toBe(403);
});

test('a cookie write without the page’s CSRF token, or with a wrong one, is a 403 and changes nothing; with it, it goes through', async () => {
  await addPerson('vp@qn.test', 'Phạm Văn Phòng', 'secretariat', undefined, false);
  const cookie = await signIn('vp@qn.test');
  const csrf = csrfOf(cookie);
  const people = (await callServer(server.url, 'GET', '/api/people', secretariat)).text;
  const person = { email: 'csrf@qn.test', name: 'Qua Trang', role: 'supervisor', unitId: 'D1', invite: false };
  for (const header of [undefined, 'wrong', csrf.slice(0, -1) + (csrf.endsWith('A') ? 'B' : 'A')]) {
    const refused = await browser('POST', '/api/people', { cookie, json: person, ...(header ? { csrf: header } : {}) });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('needs the x-csrf-token header of its page');
  }
  expect((await callServer(server.url, 'GET', '/api/people', secretariat)).text).toBe(people);
  // Reads need no token; the page embeds the right one.
  const page = await browser('GET', '/dashboard/credentials', { cookie });
  expect(page.status).toBe(200);
  expect(page.text).toContain(`<meta name="csrf-token" content="${csrf}">`);
  expect(page.text).toContain('Đăng nhập: Phạm Văn Phòng (Văn phòng)');
  const added = await browser('POST', '/api/people', { cookie, csrf, json: person });
  expect(added.status).toBe(201);
  expect(added.body.person).toMatchObject({ email: 'csrf@qn.test', addedBy: 'api:vp@qn.test' });
});

test('sign-out revokes the session at once and clears the cookie; without its CSRF token it is refused and the session stands', async () => {
  await addPerson('out@qn.test', 'Đỗ Văn Ra', 'inspector', 'D2', false);
  const cookie = await signIn('out@qn.test');
  const refused = await browser('POST', '/sign-out', { cookie, form: { _csrf: 'nope' } });
  expect(refused.status).toBe(403);
  expect((await browser('GET', '/api/directives', { cookie })).status).toBe(200);

  const out = await browser('POST', '/sign-out', { cookie, form: { _csrf: csrfOf(cookie) } });
  expect(out.status).toBe(303);
  expect(out.location).toBe('/sign-in?signedOut=1');
  expect(out.setCookie).toMatch(/^cascade_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0$/);
  const after = await browser('GET', '/api/directives', { cookie });
  expect(after.status).toBe(401);
  expect(after.body.message).toMatch(/^this session was revoked on \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
  expect((await browser('GET', '/dashboard', { cookie })).status).toBe(401);
  const listed = (await env.cascade.sessions(null)).find((s) => s.subject === 'out@qn.test');
  expect(listed).toMatchObject({ status: 'revoked', reason: 'signed out', revokedBy: 'api:out@qn.test' });
});

test('a session revoked by the secretariat (another process) fails on a server within its cache bound of 5 s, not before; disabling a person ends their sessions', async () => {
  const { server: other, clock } = await laggingServer(env);
  try {
    const { id: personId } = await addPerson('kept@qn.test', 'Vũ Thị Giữ', 'supervisor', 'D1', false);
    const cookie = await signIn('kept@qn.test');
    const read = () => browser('GET', '/api/directives', { cookie, base: other.url });
    expect((await read()).status).toBe(200);
    const session = (await env.cascade.sessions(personId))[0];
    // The secretariat lists every session and revokes this one through the API.
    const all = await callServer(server.url, 'GET', '/api/sessions', secretariat);
    expect((all.body as unknown as Array<{ id: string }>).map((s) => s.id)).toContain(session?.id);
    const revoked = await callServer(server.url, 'POST', `/api/sessions/${session?.id}/revoke`, secretariat, { reason: 'máy bị mất' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ revokedBy: 'api:secretariat-all', reason: 'máy bị mất' });
    clock.now += 4_999;
    expect((await read()).status).toBe(200);
    clock.now += 1;
    expect((await read()).status).toBe(401);
    expect((await callServer(server.url, 'POST', `/api/sessions/${session?.id}/revoke`, secretariat, { reason: 'lần hai' })).status).toBe(409);

    const second = await signIn('kept@qn.test');
    expect((await browser('GET', '/api/directives', { cookie: second })).status).toBe(200);
    const disabled = await callServer(server.url, 'POST', `/api/people/${personId}/disable`, secretariat);
    expect(disabled.body).toMatchObject({ sessionsRevoked: 1 });
    expect((await browser('GET', '/api/directives', { cookie: second })).status).toBe(401);

    // The administration trail: who invited, who signed in (proven by the emailed link), who revoked and disabled.
    const trail = (await env.cascade.adminAudit({ actor: 'kept@qn.test' }))
      .concat(await env.cascade.adminAudit({ action: 'person-invite' }), await env.cascade.adminAudit({ action: 'person-disable' }))
      .filter((e) => e.target === personId || (e.details as { personId?: string }).personId === personId || e.target === session?.id);
    expect(trail.filter((e) => e.action === 'session-issue').map((e) => [e.actor.kind, e.actor.sub])).toEqual([
      ['link', 'kept@qn.test'],
      ['link', 'kept@qn.test'],
    ]);
    expect(trail.find((e) => e.action === 'person-invite')?.actor).toMatchObject({ kind: 'token', sub: 'secretariat-all' });
    expect(trail.find((e) => e.action === 'person-disable')).toMatchObject({ actor: { kind: 'token' }, scopeUnit: 'D1' });
    expect((await env.cascade.adminAudit({ action: 'session-revoke' })).find((e) => e.target === session?.id)).toMatchObject({
      actor: { kind: 'token', sub: 'secretariat-all' },
      details: { reason: 'máy bị mất' },
    });
  } finally {
    await other.close();
  }
});

test('a person revokes only their own sessions; another’s id is a 404 and nothing changes', async () => {
  await addPerson('own@qn.test', 'Chủ Phiên', 'supervisor', 'D2', false);
  await addPerson('other@qn.test', 'Người Khác', 'supervisor', 'D3', false);
  const mine = await signIn('own@qn.test');
  const theirs = await signIn('other@qn.test');
  const theirId = (JSON.parse((await browser('GET', '/api/sessions', { cookie: theirs })).text) as Array<{ id: string }>)[0]?.id as string;
  const refused = await browser('POST', `/api/sessions/${theirId}/revoke`, { cookie: mine, csrf: csrfOf(mine), json: {} });
  expect(refused.status).toBe(404);
  expect((await browser('GET', '/api/directives', { cookie: theirs })).status).toBe(200);
  const myId = (JSON.parse((await browser('GET', '/api/sessions', { cookie: mine })).text) as Array<{ id: string }>)[0]?.id as string;
  expect((await browser('POST', `/api/sessions/${myId}/revoke`, { cookie: mine, csrf: csrfOf(mine), json: {} })).status).toBe(200);
  expect((await browser('GET', '/api/directives', { cookie: mine })).status).toBe(401);
});

test('a province’s secretariat lists, invites, disables and revokes only the people and sessions of its subtree', async () => {
  const province = tokenFor('secretariat', 'QN');
  const central = await addPerson('vp.tw@cascade.test', 'Văn Phòng', 'secretariat', undefined, false);
  const inside = await addPerson('sup.d1@qn.test', 'Giám Sát', 'supervisor', 'D1', false);
  const listed = await callServer(server.url, 'GET', '/api/people', province);
  expect(listed.status).toBe(200);
  const emails = (JSON.parse(listed.text) as Array<{ email: string }>).map((p) => p.email);
  expect(emails).toContain('sup.d1@qn.test');
  expect(emails).not.toContain('vp.tw@cascade.test');

  const before = (await callServer(server.url, 'GET', '/api/people', secretariat)).text;
  for (const person of [
    { email: 'x1@qn.test', name: 'Ngoài', role: 'secretariat', invite: false },
    { email: 'x2@qn.test', name: 'Ngoài', role: 'supervisor', unitId: 'TW', invite: false },
  ]) {
    const refused = await callServer(server.url, 'POST', '/api/people', province, person);
    expect([person.email, refused.status]).toEqual([person.email, 403]);
  }
  expect((await callServer(server.url, 'GET', '/api/people', secretariat)).text).toBe(before);
  const added = await callServer(server.url, 'POST', '/api/people', province, {
    email: 'ins.d2@qn.test',
    name: 'Kiểm Tra',
    role: 'inspector',
    unitId: 'D2',
    invite: false,
  });
  expect(added.status).toBe(201);

  const centralSession = await signIn('vp.tw@cascade.test');
  await signIn('sup.d1@qn.test');
  const sessions = JSON.parse((await callServer(server.url, 'GET', '/api/sessions', province)).text) as Array<{ id: string; subject: string }>;
  expect(sessions.map((x) => x.subject)).toContain('sup.d1@qn.test');
  expect(sessions.map((x) => x.subject)).not.toContain('vp.tw@cascade.test');
  const all = JSON.parse((await callServer(server.url, 'GET', '/api/sessions', secretariat)).text) as Array<{ id: string; subject: string }>;
  const centralId = all.find((x) => x.subject === 'vp.tw@cascade.test')?.id as string;
  const insideId = all.find((x) => x.subject === 'sup.d1@qn.test')?.id as string;
  expect((await callServer(server.url, 'POST', `/api/sessions/${centralId}/revoke`, province, {})).status).toBe(403);
  expect((await browser('GET', '/api/directives', { cookie: centralSession })).status).toBe(200);
  expect((await callServer(server.url, 'POST', `/api/people/${central.id}/disable`, province)).status).toBe(403);
  expect((await callServer(server.url, 'POST', `/api/sessions/${insideId}/revoke`, province, {})).status).toBe(200);
  expect((await callServer(server.url, 'POST', `/api/people/${inside.id}/disable`, province)).status).toBe(200);
});

test('cascade people add, list and disable, sessions and revoke-session do the same from the command line', async () => {
  const cliEnv = { TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'), TEMPORAL_TASK_QUEUE: env.taskQueue, DATABASE_URL: env.db.url, USER: 'cli-test' };
  const added = await runCascade(['people', 'add', 'CLI.Person@qn.test', '--name', 'Ngô Văn Dòng', '--role', 'supervisor', '--unit', 'D3'], cliEnv);
  expect(added.code).toBe(0);
  expect(added.stdout).toContain('Added Ngô Văn Dòng <cli.person@qn.test> (supervisor of D3)');
  const bad = await runCascade(['people', 'add', 'no-at-sign', '--name', 'X', '--role', 'inspector'], cliEnv);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('email "no-at-sign" is not an email address');
  expect(bad.stderr).toContain('unitId is required for supervisors and inspectors');

  await signIn('cli.person@qn.test');
  const people = JSON.parse((await runCascade(['people', 'list', '--json'], cliEnv)).stdout) as Array<{ id: string; email: string; addedBy: string }>;
  const person = people.find((p) => p.email === 'cli.person@qn.test');
  expect(person?.addedBy).toBe('cli:cli-test');
  const sessions = await runCascade(['sessions'], cliEnv);
  expect(sessions.stdout).toMatch(/cli\.person@qn\.test\s+supervisor\s+D3\s+.*active/);
  const sessionId = (JSON.parse((await runCascade(['sessions', '--json'], cliEnv)).stdout) as Array<{ id: string; subject: string }>).find(
    (x) => x.subject === 'cli.person@qn.test',
  )?.id as string;
  const revoked = await runCascade(['revoke-session', sessionId, '--reason', 'thử dòng lệnh'], cliEnv);
  expect(revoked.code).toBe(0);
  expect(revoked.stdout).toContain(`Revoked session ${sessionId} of cli.person@qn.test`);
  expect((await runCascade(['revoke-session', sessionId], cliEnv)).code).toBe(1);
  const disabled = await runCascade(['people', 'disable', person?.id as string], cliEnv);
  expect(disabled.stdout).toContain('Disabled Ngô Văn Dòng <cli.person@qn.test>; 0 session(s) revoked.');
  expect((await runCascade(['people', 'list'], cliEnv)).stdout).toMatch(/cli\.person@qn\.test .*disabled .* by cli:cli-test/);
  expect((await env.cascade.sessions(null)).find((x) => x.id === sessionId)).toMatchObject({ status: 'revoked', revokedBy: 'cli:cli-test' });
});

test('a session cookie past its end is refused, saying to sign in again', () => {
  const value = sealSessionToken(
    { sid: 'session-0001', personId: 'p1', sub: 'a@qn.test', name: 'A', role: 'supervisor', unitId: 'D1', exp: 2_000_000 },
    TEST_TOKEN_SECRET,
  );
  expect(principalFromCookie(value, TEST_TOKEN_SECRET, 1_999_999_999)).toMatchObject({ kind: 'supervisor', sessionId: 'session-0001' });
  expect(() => principalFromCookie(value, TEST_TOKEN_SECRET, 2_000_000_000)).toThrow('your session has ended; sign in again at /sign-in');
});
