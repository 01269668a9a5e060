// The pooled sender of finished messages (src/mail/smtp-sender.ts) against real SMTP servers on loopback.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { isPermanentRejection } from '../../src/mail/mail-headers';
import { createMailer } from '../../src/mail/mailer';
import { createSmtpSender, type MailSender } from '../../src/mail/smtp-sender';
import { startScriptedSmtp, type ScriptedSmtp } from './scripted-smtp';

const FROM = 'no-reply@cascade.test';
const message = (id: string, body = 'Kính gửi: báo cáo trước hạn.\r\n') =>
  `Message-ID: <${id}@cascade.test>\r\nSubject: ${id}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`;

async function until(done: () => Promise<boolean> | boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('createSmtpSender', () => {
  let server: ScriptedSmtp;
  let sender: MailSender;
  beforeEach(async () => {
    server = await startScriptedSmtp({ 'gone@cascade.test': 550, 'busy@cascade.test': 451, 'drop@cascade.test': 'drop' });
  });
  afterEach(async () => {
    await sender?.close();
    await server.stop();
  });

  test('messages arrive byte for byte, dot-stuffed lines included', async () => {
    sender = createSmtpSender(server.url);
    // A line that is only a dot would end the DATA of an unstuffed message; lines starting with dots must keep them.
    const body = '.\r\n.leading dot\r\n..two dots\r\nmid.dle\r\n' + 'x'.repeat(998) + '\r\n' + 'dòng tiếng Việt\r\n'.repeat(20_000) + '.\r\n';
    const raw = Buffer.from(message('intact', body), 'utf8');
    await sender.send({ from: FROM, to: ['thanhuy@halong.test'] }, raw);
    await sender.send({ from: FROM, to: ['thanhuy@halong.test'] }, message('as-string', body));
    expect(server.received).toHaveLength(2);
    expect(server.received[0]?.to).toEqual(['thanhuy@halong.test']);
    expect(server.received[0]?.raw.equals(raw)).toBe(true);
    expect(server.received[1]?.raw.toString('utf8')).toBe(message('as-string', body));
  });

  test('connections are opened lazily, reused, and replaced after maxMessagesPerConnection', async () => {
    sender = createSmtpSender(server.url, { maxConnections: 4, maxMessagesPerConnection: 50 });
    expect(server.connections()).toBe(0);
    await Promise.all(Array.from({ length: 200 }, (_, i) => sender.send({ from: FROM, to: [`cb${i}@cascade.test`] }, message(`m${i}`))));
    expect(server.received).toHaveLength(200);
    expect(new Set(server.received.flatMap((m) => m.to)).size).toBe(200);
    // 4 at a time, each retired after 50 messages: 4 connections, maybe a replacement or two.
    expect(server.connections()).toBeGreaterThanOrEqual(4);
    expect(server.connections()).toBeLessThanOrEqual(8);
    const before = server.connections();
    for (let i = 0; i < 20; i++) await sender.send({ from: FROM, to: ['one@cascade.test'] }, message(`seq${i}`));
    expect(server.connections() - before).toBeLessThanOrEqual(1);
  });

  test('a 550 surfaces with its responseCode as a permanent rejection; the connection is reset and reused', async () => {
    // One slot, so the next message waits for the RSET instead of opening a second connection.
    sender = createSmtpSender(server.url, { maxConnections: 1 });
    await sender.send({ from: FROM, to: ['a@cascade.test'] }, message('before'));
    const error = await sender.send({ from: FROM, to: ['gone@cascade.test'] }, message('refused')).catch((e: unknown) => e);
    expect(error).toMatchObject({ responseCode: 550, command: 'RCPT TO' });
    expect(isPermanentRejection(error)).toBe(true);
    await sender.send({ from: FROM, to: ['b@cascade.test'] }, message('after'));
    expect(server.received.map((m) => m.to)).toEqual([['a@cascade.test'], ['b@cascade.test']]);
    expect(server.connections()).toBe(1);
  });

  test('a 451 surfaces with its responseCode and is not a permanent rejection', async () => {
    sender = createSmtpSender(server.url);
    const error = await sender.send({ from: FROM, to: ['busy@cascade.test'] }, message('later')).catch((e: unknown) => e);
    expect(error).toMatchObject({ responseCode: 451 });
    expect(String(error)).toMatch(/451/);
    expect(isPermanentRejection(error)).toBe(false);
    await sender.send({ from: FROM, to: ['c@cascade.test'] }, message('next'));
    expect(server.received).toHaveLength(1);
  });

  test('a connection dropped mid-message rejects that message; the next one goes out on a new connection', async () => {
    sender = createSmtpSender(server.url, { maxConnections: 1 });
    await sender.send({ from: FROM, to: ['a@cascade.test'] }, message('first'));
    const dropped = sender.send({ from: FROM, to: ['drop@cascade.test'] }, message('dropped', 'body\r\n'.repeat(1000)));
    // Queued behind the dropped one on the only connection slot.
    const next = sender.send({ from: FROM, to: ['d@cascade.test'] }, message('next'));
    const error = await dropped.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(isPermanentRejection(error)).toBe(false);
    expect((error as { code?: string }).code).toMatch(/^(ECONNECTION|ESOCKET)$/);
    await next;
    expect(server.received.map((m) => m.to)).toEqual([['a@cascade.test'], ['d@cascade.test']]);
    expect(server.connections()).toBe(2);
  });

  test('close() ends every connection and refuses later messages', async () => {
    sender = createSmtpSender(server.url, { maxConnections: 3 });
    await Promise.all(Array.from({ length: 30 }, (_, i) => sender.send({ from: FROM, to: [`e${i}@cascade.test`] }, message(`c${i}`))));
    expect(await server.openConnections()).toBeGreaterThan(0);
    await sender.close();
    await until(async () => (await server.openConnections()) === 0, 'the server to see every connection closed', 2_000);
    await expect(sender.send({ from: FROM, to: ['late@cascade.test'] }, message('late'))).rejects.toThrow(/closed/);
    expect(server.received).toHaveLength(30);
  });

  test('close() lets a message under way finish', async () => {
    sender = createSmtpSender(server.url);
    const sending = sender.send({ from: FROM, to: ['f@cascade.test'] }, message('in-flight'));
    await sender.close();
    await expect(sending).resolves.toBeUndefined();
    expect(await server.openConnections()).toBe(0);
  });

  test('a server that cannot be reached rejects with a transient error', async () => {
    await server.stop();
    sender = createSmtpSender(server.url);
    const error = await sender.send({ from: FROM, to: ['g@cascade.test'] }, message('nowhere')).catch((e: unknown) => e);
    // Node's own error (another realm than jest's Error): ECONNREFUSED under nodemailer's ESOCKET.
    expect(error).toMatchObject({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' });
    expect(isPermanentRejection(error)).toBe(false);
    server = await startScriptedSmtp({});
  });

  test('createMailer without pooling opens a connection per message and leaves none open', async () => {
    sender = createMailer(server.url);
    for (let i = 0; i < 3; i++) await sender.send({ from: FROM, to: [`h${i}@cascade.test`] }, message(`np${i}`));
    expect(server.connections()).toBe(3);
    await until(async () => (await server.openConnections()) === 0, 'the per-message connections to close');
  });
});

describe('createSmtpSender with STARTTLS and AUTH from the URL', () => {
  test('logs in with the URL credentials over STARTTLS', async () => {
    const server = await startScriptedSmtp({}, { user: 'văn phòng', pass: 'p@ss:w/rd' });
    const sender = createSmtpSender(server.url);
    try {
      await sender.send({ from: FROM, to: ['tls@cascade.test'] }, message('tls'));
      expect(server.received).toEqual([expect.objectContaining({ to: ['tls@cascade.test'], user: 'văn phòng' })]);
      const wrong = createSmtpSender(server.url.replace(/:[^:@/]+@/, ':wrong@'));
      await expect(wrong.send({ from: FROM, to: ['tls@cascade.test'] }, message('wrong'))).rejects.toMatchObject({ code: 'EAUTH' });
      await wrong.close();
    } finally {
      await sender.close();
      await server.stop();
    }
  });
});

describe('an idle sender does not keep the process alive', () => {
  const child = path.join(__dirname, 'smtp-sender-idle-child.ts');
  const tsx = path.join(__dirname, '../../node_modules/tsx/dist/cli.mjs');
  const run = (url: string) =>
    new Promise<{ ms: number; stdout: string }>((resolve, reject) => {
      const started = Date.now();
      execFile(process.execPath, [tsx, child, url], { timeout: 20_000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve({ ms: Date.now() - started, stdout }),
      );
    });

  test.each([
    ['plain', undefined],
    ['STARTTLS', { user: 'u', pass: 'p' }],
  ])(
    '%s: the process exits after its message, well before the idle timeout',
    async (_name, auth) => {
      const server = await startScriptedSmtp({}, auth);
      try {
        const { ms, stdout } = await run(server.url);
        expect(stdout).toBe('sent\n');
        expect(server.received).toHaveLength(1);
        // The idle timeout is 30 s; startup of tsx takes a second or two.
        expect(ms).toBeLessThan(15_000);
      } finally {
        await server.stop();
      }
    },
    30_000,
  );
});
