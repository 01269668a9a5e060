// What `npm start` keeps locally stays local: the embedded PostgreSQL asks for the password kept in
// the data folder, and the mail sink's .eml files (they hold live report links) are its owner's only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { connectionFromEnv } from '../../src/cli/context';
import { describeError } from '../../src/cli/errors';
import { createMailer } from '../../src/mail/mailer';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/dev/stack/embedded-postgres';
import { embeddedSecret } from '../../src/dev/stack/embedded-secret';
import { startSmtpSink } from '../../src/dev/stack/smtp-sink';

const mode = (file: string) => fs.statSync(file).mode & 0o777;
const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-local-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Connects with `url` and runs one query; the error (code and message) when refused. */
async function tryConnect(url: string): Promise<{ ok: true; user: string } | { ok: false; code: string | undefined; message: string }> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ user: string }>('SELECT current_user AS user');
    return { ok: true, user: rows[0]?.user ?? '' };
  } catch (err) {
    return { ok: false, code: (err as { code?: string }).code, message: (err as Error).message };
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('the embedded PostgreSQL asks for its password', () => {
  let dataDir: string;
  let embedded: EmbeddedPostgres;
  let password: string;
  beforeAll(async () => {
    dataDir = tempDir();
    password = embeddedSecret(dataDir, 'postgres-password', undefined);
    embedded = await startEmbeddedPostgres({ port: 0, password });
  });
  afterAll(() => embedded.stop());

  test('the password is generated once into the data folder, readable by its owner only', () => {
    const file = path.join(dataDir, 'postgres-password');
    expect(mode(file)).toBe(0o600);
    expect(password.length).toBeGreaterThanOrEqual(32);
    expect(embeddedSecret(dataDir, 'postgres-password', undefined)).toBe(password);
  });

  test('with the password it answers; without it, with a wrong one or as another user it refuses (28P01)', async () => {
    expect(embedded.url).toBe(`postgres://postgres:${password}@127.0.0.1:${embedded.port}/postgres`);
    expect(await tryConnect(embedded.url)).toEqual({ ok: true, user: 'postgres' });
    const base = `127.0.0.1:${embedded.port}/postgres`;
    expect(await tryConnect(`postgres://postgres:wrong@${base}`)).toEqual({
      ok: false,
      code: '28P01',
      message: 'password authentication failed for user "postgres"',
    });
    expect(await tryConnect(`postgres://intruder:${password}@${base}`)).toEqual({
      ok: false,
      code: '28P01',
      message: 'password authentication failed for user "intruder"',
    });
    const none = await tryConnect(`postgres://postgres@${base}`);
    expect(none.ok).toBe(false);
    // The CLI explains a refusal and where the password comes from.
    expect(describeError(Object.assign(new Error(none.ok ? '' : none.message), { code: none.ok ? undefined : none.code }))).toMatch(
      /refused the connection: .*DATA_DIR\/postgres-password/,
    );
  });

  test('the CLI connects with the password from DATA_DIR when DATABASE_URL is unset', async () => {
    const connection = connectionFromEnv({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(embedded.port) });
    expect(connection.databaseUrl).toBe(embedded.url);
    expect(await tryConnect(connection.databaseUrl)).toEqual({ ok: true, user: 'postgres' });
    expect(connectionFromEnv({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://u:p@db.example.org:5432/x' }).databaseUrl).toBe(
      'postgres://u:p@db.example.org:5432/x',
    );
  });
});

test('a secret file left readable by others is made owner-only when npm start reads it', () => {
  const dataDir = tempDir();
  fs.writeFileSync(path.join(dataDir, 'link-signing-secret'), 'x'.repeat(40), { mode: 0o644 });
  fs.chmodSync(path.join(dataDir, 'link-signing-secret'), 0o644);
  expect(embeddedSecret(dataDir, 'link-signing-secret', undefined)).toBe('x'.repeat(40));
  expect(mode(path.join(dataDir, 'link-signing-secret'))).toBe(0o600);
});

test('the mail sink keeps .eml files for their owner only (0600 in a 0700 folder), old files included', async () => {
  const mailDir = path.join(tempDir(), 'mail');
  fs.mkdirSync(mailDir, { mode: 0o755 });
  fs.chmodSync(mailDir, 0o755);
  const old = path.join(mailDir, 'written-before.eml');
  fs.writeFileSync(old, 'Subject: old\r\n\r\nhttp://127.0.0.1:3000/report/abc.def\r\n');
  fs.chmodSync(old, 0o644);
  const sink = await startSmtpSink({ mailDir });
  const mailer = createMailer(sink.url);
  try {
    expect([mode(mailDir), mode(old)]).toEqual([0o700, 0o600]);
    await mailer.send(
      { from: 'no-reply@cascade.test', to: ['unit@cascade.test'] },
      Buffer.from('Subject: new\r\n\r\nhttp://127.0.0.1:3000/report/ghi.jkl\r\n'),
    );
    const received = await sink.waitFor(() => true);
    expect(received.file).not.toBeNull();
    expect(mode(received.file as string)).toBe(0o600);
  } finally {
    await mailer.close();
    await sink.stop();
  }
});
