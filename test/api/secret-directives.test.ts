// Secret directives on real servers (the shared dev server, PostgreSQL, the SMTP sink, a worker, the
// app listening): a launch without PAYLOAD_ENCRYPTION_KEY is refused (client, API and CLI) with
// nothing recorded; with it, the directive runs under an opaque id, so the real `temporal workflow
// list` shows neither its code, its title nor its units' names, and its history holds only
// ciphertext; it is absent from the lists of those it does not reach and of inspectors not named,
// its routes and pages are a 404 for them; a named reader and the units it reaches read it (its
// report form and inbox too); every read, refused ones too, is in the log the central secretariat
// lists (API and CLI).
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CascadeClient } from '../../src/app/cascade-client';
import { DirectiveSpecError } from '../../src/domain/directive/directive';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { cachedCliPath } from '../../src/dev/toolchain/temporal-cli';
import { startApiServer, type ApiServer } from '../../src/http/server';
import type { SecretReadEntry } from '../../src/store/secret-reads';
import { eventually, startCascadeEnv, TEST_BASE_URL, TEST_LINK_SECRET, type CascadeEnv } from '../harness/cascade-env';
import { requiredTestEnv } from '../harness/env';
import { SMALL_ORG, smallSpec } from '../engine/small-org';
import { runCascade } from '../cli/run-cli';
import { callServer, noticeLink, testAppDeps, tokenFor, type ServerAnswer } from './api-fixtures';
import { inboxLinkFor } from '../../src/security/inbox-link';

const run = promisify(execFile);
const today = vnIsoDate(new Date().toISOString());
const year = Number(today.slice(0, 4)) + 1;
const KEY = crypto.randomBytes(32).toString('base64');
const CODE = '93-CT/TW';
const TITLE = 'Về công tác bảo vệ bí mật nhà nước khu vực biên giới';
// The directive goes from D1 to its two cells; the rest of the organisation is outside it.
const REACHED_NAMES = ['Huyện ủy 1', 'Chi bộ 1.1', 'Chi bộ 1.2'];
const secretSpec = {
  code: CODE,
  title: TITLE,
  issuer: 'Huyện ủy 1',
  issuedOn: today,
  root: 'D1',
  deadlines: { cell: `30/09/${year}` },
  secret: true,
  readers: [{ role: 'secretariat' }, { role: 'inspector', unit: 'D1' }],
};

const secretariat = tokenFor('secretariat');
const tokens = {
  supervisorD1: tokenFor('supervisor', 'D1'),
  supervisorD2: tokenFor('supervisor', 'D2'),
  supervisorQN: tokenFor('supervisor', 'QN'),
  inspectorD1: tokenFor('inspector', 'D1'),
  inspectorQN: tokenFor('inspector', 'QN'),
  cell: tokenFor('unit', 'D1-C1'),
};

let env: CascadeEnv;
let server: ApiServer;
let secret: string;
let plain: string;

const call = (method: string, url: string, token?: string, body?: unknown): Promise<ServerAnswer> => callServer(server.url, method, url, token, body);
const listed = async (token: string) =>
  ((await call('GET', '/api/directives', token)).body.directives as Array<{ id: string; title: string }>).map((d) => d.id);

/** The `temporal` binary the dev server of the tests runs from (its origin is "<how> <path>"). */
function temporalBinary(): string {
  const origin = requiredTestEnv('TEST_TEMPORAL_ORIGIN');
  const at = origin.indexOf(' /');
  return at >= 0 ? origin.slice(at + 1) : cachedCliPath();
}

async function temporal(...args: string[]): Promise<string> {
  const { stdout } = await run(temporalBinary(), [...args, '--address', requiredTestEnv('TEST_TEMPORAL_ADDRESS')], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false, payloadEncryptionKey: KEY });
  await env.importOrg(SMALL_ORG);
  server = await startApiServer({ ...testAppDeps(env.cascade), port: 0, logger: false });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await env?.stop();
});

test('a secret directive is refused where no payload key is set (client, API, CLI), naming the setting, and nothing is recorded', async () => {
  const keyless = new CascadeClient({ temporal: env.temporal, pool: env.db.pool, taskQueue: env.taskQueue });
  const refused = await keyless.launch(secretSpec).catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(DirectiveSpecError);
  expect((refused as DirectiveSpecError).issues).toEqual([expect.objectContaining({ path: 'secret', rule: 'needs-payload-key' })]);
  expect((refused as Error).message).toContain('PAYLOAD_ENCRYPTION_KEY');

  const keylessServer = await startApiServer({ ...testAppDeps(keyless), port: 0, logger: false });
  try {
    const answer = await callServer(keylessServer.url, 'POST', '/api/directives', secretariat, secretSpec);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain('secret: a secret directive is launched only where PAYLOAD_ENCRYPTION_KEY is set');
  } finally {
    await keylessServer.close();
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-spec-'));
  const file = path.join(dir, 'secret.json');
  fs.writeFileSync(file, JSON.stringify(secretSpec));
  const cli = await runCascade(['launch', file], {
    TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'),
    TEMPORAL_TASK_QUEUE: env.taskQueue,
    DATABASE_URL: env.db.url,
    USER: 'cli-test',
  });
  expect(cli.code).toBe(2);
  expect(cli.stderr).toContain('PAYLOAD_ENCRYPTION_KEY');

  expect(await env.cascade.directives()).toEqual([]);
  expect((await env.db.pool.query('SELECT count(*)::int AS n FROM directive_units')).rows[0].n).toBe(0);
}, 60_000);

test('with the key it runs under an opaque id: `temporal workflow list` shows neither code, title nor unit names, its history only ciphertext, and a relaunch finds it', async () => {
  const launched = await env.cascade.launch(secretSpec);
  secret = launched.directiveId;
  expect(secret).toMatch(/^m-[0-9a-f]{20}$/);
  expect(launched.workflowId).toBe(`cascade/${secret}/D1`);
  plain = (await env.cascade.launch(smallSpec('938-CT/TW', today, year))).directiveId;
  await eventually(async () => (await env.cascade.listUnits(secret)).total === 2, 60_000, 'the secret directive’s cells projected');
  await eventually(async () => (await env.cascade.listUnits(plain)).total === SMALL_ORG.length - 1, 60_000, 'the plain directive projected');
  const again = await env.cascade.launch(secretSpec);
  expect([again.directiveId, again.started]).toEqual([secret, false]);

  const rootWorkflow = `cascade/${secret}/D1`;
  const [table, json, history] = await eventually(
    async () => {
      const text = await temporal('workflow', 'list', '--limit', '1000');
      return text.includes(rootWorkflow) && text.includes(`cascade/${plain}/`)
        ? Promise.all([
            text,
            temporal('workflow', 'list', '--limit', '1000', '--output', 'json'),
            temporal('workflow', 'show', '--workflow-id', rootWorkflow, '--output', 'json'),
          ])
        : undefined;
    },
    30_000,
    'both directives in the workflow list',
  );
  // The plain directive's id is its code's slug, as before: the list is not blind to ids.
  expect(table).toContain(`cascade/${plain}/`);
  expect(json).toContain(secret);
  // The CLI prints payloads and metadata in base64: search them decoded as well.
  const decoded = (text: string) =>
    [text, ...[...text.matchAll(/"([A-Za-z0-9+/]{8,}={0,2})"/g)].map((m) => Buffer.from(m[1] ?? '', 'base64').toString('utf8'))].join('\n');
  for (const output of [table, json, history].map(decoded)) {
    for (const leak of [CODE, '93-CT-TW', TITLE, 'bí mật', ...REACHED_NAMES]) expect(output).not.toContain(leak);
  }
  expect(decoded(history)).toContain('binary/encrypted');
  // The administration trail, which every secretariat of the subtree lists, names it by its opaque id alone.
  const trail = await env.cascade.adminAudit({ action: 'launch' });
  expect(trail.map((e) => e.target)).toContain(secret);
  for (const leak of [CODE, '93-CT-TW', TITLE]) expect(JSON.stringify(trail)).not.toContain(leak);
}, 120_000);

test('others do not see it (lists, routes and pages 404); its units, its supervisor and the named readers do; every read is logged for the central secretariat', async () => {
  const s = encodeURIComponent(secret);
  // Hidden: a supervisor elsewhere and one above its root, and an inspector over it who is not named.
  for (const token of [tokens.supervisorD2, tokens.supervisorQN, tokens.inspectorQN]) {
    const ids = await listed(token);
    expect(ids).not.toContain(secret);
    for (const url of [
      `/api/directives/${s}/rollup`,
      `/api/directives/${s}/units/D1-C1`,
      `/api/directives/${s}/units/D1-C1/timeline`,
      `/api/directives/${s}/units/D1-C1/attachments`,
      `/api/directives/${s}/units/D1-C1/attachments/1`,
      `/api/directives/${s}/rounds`,
      // As of an instant too: the same routes, the same rules.
      `/api/directives/${s}/rollup?asOf=2030-01-01T00:00:00Z`,
      `/api/directives/${s}/units?asOf=01/01/2030`,
    ]) {
      const answer = await call('GET', url, token);
      expect([url, answer.status, answer.body.message]).toEqual([url, 404, `directive ${secret} has not been launched`]);
    }
    const list = await fetch(`${server.url}/dashboard?token=${token}`);
    expect(list.status).toBe(200);
    expect(await list.text()).not.toContain(TITLE);
    const page = await fetch(`${server.url}/dashboard/${s}?token=${token}`);
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain(TITLE);
  }
  // The plain directive is still listed for the supervisor of D2: the lists are not simply empty.
  expect(await listed(tokens.supervisorD2)).toContain(plain);
  // An unknown id answers the same as the hidden one.
  expect((await call('GET', '/api/directives/m-00000000000000000000/rollup', tokens.supervisorD2)).status).toBe(404);

  // Seen: the reached committee's supervisor, a reached cell (its own unit), the named inspector, the central secretariat.
  for (const token of [tokens.supervisorD1, tokens.inspectorD1, secretariat]) {
    expect(await listed(token)).toContain(secret);
    expect((await call('GET', `/api/directives/${s}/rollup`, token)).status).toBe(200);
    expect((await call('GET', `/api/directives/${s}/rollup?asOf=2030-01-01T00:00:00Z`, token)).status).toBe(200);
  }
  expect(await listed(tokens.cell)).toContain(secret);
  expect((await call('GET', `/api/directives/${s}/units/D1-C1`, tokens.cell)).body).toMatchObject({ unitId: 'D1-C1' });
  expect((await call('GET', `/api/directives/${s}/units/D1-C2`, tokens.cell)).status).toBe(403);
  expect((await call('GET', `/api/directives/${s}/units/D1-C1/attachments`, tokens.cell)).body).toEqual({ attachments: [] });
  const page = await fetch(`${server.url}/dashboard?token=${tokens.inspectorD1}`);
  expect(await page.text()).toContain(TITLE);
  // The inbox of a reached cell read by a supervisor above the root leaves the secret directive out.
  const inbox = await call('GET', '/api/units/D1-C1/inbox', tokens.supervisorQN);
  expect(inbox.status).toBe(200);
  expect((inbox.body.directives as Array<{ directiveId: string }>).map((d) => d.directiveId)).toEqual([plain]);

  // The reached cell's own pages, opened with the links of its emails: the report form and its inbox.
  const form = await fetch((await noticeLink(env, secret, 'D1-C1')).replace(TEST_BASE_URL, server.url));
  expect([form.status, (await form.text()).includes(TITLE)]).toEqual([200, true]);
  const inboxLink = inboxLinkFor(server.url, 'D1-C1', new Date().toISOString(), TEST_LINK_SECRET, 1);
  const inboxPage = await fetch(inboxLink);
  expect([inboxPage.status, (await inboxPage.text()).includes(TITLE)]).toEqual([200, true]);

  type Read = Pick<SecretReadEntry, 'subject' | 'role' | 'route' | 'targetUnit' | 'status'>;
  const reads = await eventually(
    async () => {
      const answer = await call('GET', `/api/secret-reads?directive=${s}&limit=1000`, secretariat);
      const entries = answer.body.entries as SecretReadEntry[];
      return entries.some((e) => e.route === '/inbox/:token') ? entries : undefined;
    },
    10_000,
    'the reads in the log',
  );
  const seen = (e: Read) => [e.subject, e.route, e.targetUnit, e.status];
  expect(reads.every((e) => e.directiveId === secret)).toBe(true);
  expect(reads.map(seen)).toEqual(
    expect.arrayContaining([
      ['supervisor-D2', '/api/directives/:id/rollup', null, 404],
      ['supervisor-QN', '/api/directives/:id/units/:unitId', 'D1-C1', 404],
      ['inspector-QN', '/dashboard/:directiveId', null, 404],
      ['supervisor-D1', '/api/directives', null, 200],
      ['inspector-D1', '/api/directives/:id/rollup', null, 200],
      ['unit-D1-C1', '/api/directives/:id/units/:unitId', 'D1-C1', 200],
      ['unit-D1-C1', '/api/directives/:id/units/:unitId', 'D1-C2', 403],
      ['unit-D1-C1', '/api/directives/:id/units/:unitId/attachments', 'D1-C1', 200],
      ['supervisor-D2', '/api/directives/:id/units/:unitId/attachments/:attachmentId', 'D1-C1', 404],
      ['secretariat-all', '/api/directives', null, 200],
      ['inspector-D1', '/dashboard', null, 200],
      ['report link of D1-C1', '/report/:token', null, 200],
      ['inbox link of D1-C1', '/inbox/:token', null, 200],
    ]),
  );
  // Nobody's list that left it out is counted as a read of it.
  expect(reads.filter((e) => e.route === '/api/directives' && e.subject === 'supervisor-D2')).toEqual([]);
  // The plain directive's reads are not logged.
  const all = (await call('GET', '/api/secret-reads?limit=1000', secretariat)).body.entries as SecretReadEntry[];
  expect(new Set(all.map((e) => e.directiveId))).toEqual(new Set([secret]));
  // Only the central secretariat lists them.
  expect((await call('GET', '/api/secret-reads', tokens.supervisorD1)).status).toBe(403);

  // A reorganisation's rehearsal reaches it (it runs), named by its opaque id alone.
  const plan = { effectiveAt: today, operations: [{ move: { unit: 'D1-C1', to: 'D3' } }] };
  const rehearsal = await call('POST', '/api/reorganisations', secretariat, { plan, dryRun: true, directives: [secret, plain] });
  expect(rehearsal.status).toBe(200);
  // Newest launch first.
  expect(rehearsal.body.directives).toEqual([
    expect.objectContaining({ directiveId: plain, code: '938-CT/TW' }),
    expect.objectContaining({ directiveId: secret, code: secret, title: '(mật / secret)' }),
  ]);
  for (const leak of [CODE, TITLE]) expect(rehearsal.text).not.toContain(leak);

  const cli = await runCascade(['secret-reads', '--directive', secret, '--sub', 'supervisor-D2', '--json'], {
    TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'),
    TEMPORAL_TASK_QUEUE: env.taskQueue,
    DATABASE_URL: env.db.url,
    USER: 'cli-test',
  });
  expect(cli.code).toBe(0);
  expect(JSON.parse(cli.stdout)).toEqual(reads.filter((e) => e.subject === 'supervisor-D2'));
}, 120_000);
