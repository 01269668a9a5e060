import fs from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

/** One message as the SMTP server received it. */
export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  receivedAt: string;
  /** The .eml file it was written to, when the sink keeps a mail folder. */
  file: string | null;
}

/** A real SMTP server on loopback that keeps what it receives. */
export interface SmtpSink {
  port: number;
  url: string;
  messages: ReceivedMail[];
  /** Connections that failed mid-message (a sender killed while it sent, say); their messages were not kept. */
  connectionErrors: Error[];
  /** Resolves with the first received message matching `predicate`, waiting up to timeoutMs. */
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  stop(): Promise<void>;
}

/**
 * Makes `mailDir` readable by its owner only (0700), and every .eml already in it (0600): the
 * messages hold live report links, which let whoever opens them report for a unit. Files written
 * before this rule (world-readable) are fixed here, at start.
 */
function keepPrivate(mailDir: string): void {
  fs.mkdirSync(mailDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(mailDir, 0o700);
  for (const entry of fs.readdirSync(mailDir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.eml')) fs.chmodSync(path.join(mailDir, entry.name), 0o600);
  }
}

/**
 * Starts an SMTP server on 127.0.0.1 (no TLS, no auth: loopback only) that stores every message
 * in memory and, with `mailDir`, as `.eml` files a person can open in any mail reader (mode 0600 in a
 * 0700 folder: only their owner may read them).
 */
export async function startSmtpSink(opts: { port?: number; mailDir?: string } = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const connectionErrors: Error[] = [];
  const waiters = new Set<() => void>();
  if (opts.mailDir) keepPrivate(opts.mailDir);
  let sequence = 0;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const receivedAt = new Date().toISOString();
        let file: string | null = null;
        if (opts.mailDir) {
          sequence += 1;
          file = path.join(opts.mailDir, `${receivedAt.replace(/[:.]/g, '-')}-${process.pid}-${sequence}.eml`);
          fs.writeFileSync(file, raw, { mode: 0o600 });
        }
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        messages.push({ envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) }, raw, receivedAt, file });
        for (const wake of [...waiters]) wake();
        callback();
      });
    },
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      const address = server.server.address();
      if (address === null || typeof address === 'string') reject(new Error('SMTP sink has no TCP address'));
      else resolve(address.port);
    });
  });

  // smtp-server re-emits a socket error that cuts a mail transaction short (ECONNRESET when the
  // sending worker is SIGKILLed mid-message) as the server's 'error' event; unheard, it would
  // crash the process that hosts the sink. A real mail server drops that message and goes on.
  server.on('error', (err: Error) => connectionErrors.push(err));

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    connectionErrors,
    waitFor(predicate, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = messages.find(predicate);
          if (!found) return false;
          cleanup();
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching message arrived within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        const wake = () => void check();
        waiters.add(wake);
        check();
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
