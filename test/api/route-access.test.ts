// Every route × every role (test/api/route-access-table.ts) on real servers: the shared dev server,
// PostgreSQL, the SMTP sink, a worker and the app listening on a free port. A role the table lets
// through must not be refused (401/403) and must not break the server (5xx); a role it does not must be
// refused. Bodies are ones the routes refuse (or targets that cannot change), so the table runs
// without changing what the next cell sees. The app's own list of routes is checked against the table,
// so a new route cannot go unlisted, and docs/access.md must be the table as printed.
import fs from 'node:fs';
import path from 'node:path';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { buildApp } from '../../src/http/app';
import { startApiServer, type ApiServer } from '../../src/http/server';
import { inboxLinkFor } from '../../src/security/inbox-link';
import { appMailer } from '../../src/app/sign-in-email';
import { createMailer } from '../../src/mail/mailer';
import type { MailSender } from '../../src/mail/smtp-sender';
import { eventually, startCascadeEnv, TEST_LINK_SECRET, type CascadeEnv } from '../harness/cascade-env';
import { SMALL_ORG, smallSpec } from '../engine/small-org';
import { linkToken, noticeLink, testAppDeps, tokenFor } from './api-fixtures';
import { accessMatrixMarkdown, allows, ROLES, ROUTE_ACCESS, type Role, type RouteAccess } from './route-access-table';

const today = vnIsoDate(new Date().toISOString());
const year = Number(today.slice(0, 4)) + 1;
const DOC = path.join(__dirname, '..', '..', 'docs', 'access.md');

let env: CascadeEnv;
let server: ApiServer;
let sender: MailSender;
const directives: Record<string, string> = {};
let credentials: Record<Role, string | undefined>;

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  await env.importOrg(SMALL_ORG);
  sender = createMailer(env.sink.url);
  server = await startApiServer({ ...testAppDeps(env.cascade), mailer: appMailer(sender, 'Văn phòng Trung ương <vptw@cascade.test>'), port: 0, logger: false });
  directives.national = (await env.cascade.launch(smallSpec('164-CT/TW', today, year))).directiveId;
  directives.provincial = (
    await env.cascade.launch({ ...smallSpec('165-CT/TW', today, year), root: 'QN', deadlines: { district: `Q3/${year}`, cell: `Q3/${year}` } })
  ).directiveId;
  await eventually(
    async () => (await env.cascade.listUnits(directives.national as string)).total === SMALL_ORG.length - 1,
    60_000,
    'the national directive projected',
  );
  await eventually(
    async () => (await env.cascade.listUnits(directives.provincial as string)).total === SMALL_ORG.length - 2,
    60_000,
    'the province’s directive projected',
  );
  credentials = {
    anonymous: undefined,
    unit: tokenFor('unit', 'D1-C1'),
    reportLink: linkToken(await noticeLink(env, directives.national as string, 'D1-C1')),
    inboxLink: linkToken(inboxLinkFor(server.url, 'D1-C1', new Date().toISOString(), TEST_LINK_SECRET, 1)),
    supervisor: tokenFor('supervisor', 'QN'),
    inspector: tokenFor('inspector', 'QN'),
    provinceSecretariat: tokenFor('secretariat', 'QN'),
    centralSecretariat: tokenFor('secretariat'),
  };
}, 180_000);
afterAll(async () => {
  await server?.close();
  await sender?.close();
  await env?.stop();
});

/** The URL of a row for a role: parameters filled in, and the credential where the route takes it. */
function urlFor(row: RouteAccess, role: Role): string {
  const credential = credentials[role];
  const filled = row.route.replace(/:(\w+)/g, (_all, name: string) => {
    if (name === 'token') return encodeURIComponent(credential ?? 'no-credential');
    const value = row.params?.[name] ?? '';
    return encodeURIComponent(directives[value] ?? value);
  });
  const query = new URLSearchParams(row.query ?? '');
  if (isPage(row) && credential) query.set('token', credential);
  const search = query.toString();
  return `${filled}${search ? `?${search}` : ''}`;
}

/** Dashboard and workplace pages sign in with `?token=` (the session cookie's first step). */
function isPage(row: RouteAccess): boolean {
  return row.route.startsWith('/dashboard') || row.route.startsWith('/workplace');
}

async function call(row: RouteAccess, role: Role): Promise<number> {
  const credential = credentials[role];
  const headers: Record<string, string> = {};
  if (credential && row.route.startsWith('/api')) headers.authorization = `Bearer ${credential}`;
  let body: string | undefined;
  const given = row.body ?? (row.method === 'GET' ? 'none' : { json: [] });
  if (given !== 'none') {
    if ('json' in given) [headers['content-type'], body] = ['application/json', JSON.stringify(given.json)];
    else if ('form' in given) [headers['content-type'], body] = ['application/x-www-form-urlencoded', given.form];
    else [headers['content-type'], body] = [given.type, given.text];
  }
  const response = await fetch(`${server.url}${urlFor(row, role)}`, { method: row.method, headers, body, redirect: 'manual' });
  await response.arrayBuffer();
  return response.status;
}

test('every route answers every role as the table says: let through, or refused with 401/403', async () => {
  const wrong: string[] = [];
  for (const row of ROUTE_ACCESS) {
    for (const role of ROLES) {
      const status = await call(row, role);
      const refused = status === 401 || status === 403;
      const name = `${row.method} ${row.route}${row.query ? `?${row.query}` : ''}${row.target ? ` (${row.target})` : ''} as ${role}: ${status}`;
      if (status >= 500) wrong.push(`${name}, a server error`);
      else if (allows(row, role) === refused) wrong.push(`${name}, expected ${allows(row, role) ? 'let through' : 'refused'}`);
    }
  }
  expect(wrong).toEqual([]);
  // The rows changed nothing: both directives still run, every unit still pending.
  for (const id of Object.values(directives)) expect((await env.cascade.directive(id))?.status).toBe('active');
  expect((await env.cascade.listUnits(directives.national as string, { status: 'pending' })).total).toBe(SMALL_ORG.length - 1);
  expect((await env.cascade.organisation()).length).toBe(SMALL_ORG.length);
}, 120_000);

test('the table lists every route the app serves', async () => {
  const app = buildApp(testAppDeps(env.cascade));
  const served = new Set<string>();
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') served.add(`${method} ${r.url}`);
  });
  await app.ready();
  await app.close();
  const listed = new Set(ROUTE_ACCESS.map((r) => `${r.method} ${r.route}`));
  expect([...served].filter((r) => !listed.has(r)).sort()).toEqual([]);
  expect([...listed].filter((r) => !served.has(r)).sort()).toEqual([]);
});

test('docs/access.md is the table as printed (npm run docs:access)', () => {
  expect(fs.readFileSync(DOC, 'utf8')).toBe(accessMatrixMarkdown());
});
