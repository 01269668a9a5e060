/**
 * Sends finished messages (mime-message.ts) over a few kept-open SMTP connections, using
 * nodemailer's own SMTPConnection for the protocol (greeting, EHLO, STARTTLS, AUTH, dot-stuffing,
 * error replies).
 *
 * Why not nodemailer's pooled transport: its sendMail runs every message through Mail plugins, a
 * MailComposer and a MimeNode, address parsing, random ids and several streams, about 0.25-0.5 ms
 * of main-thread CPU per message at a national launch, although the message is already finished.
 * Here the bytes go straight to SMTPConnection.send (tools/bench/experiments/smtp-sender-cost.ts).
 */
import type { Socket } from 'node:net';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { parseConnectionUrl } from 'nodemailer/lib/shared';

/** Sends finished messages; rejections carry SMTPConnection's fields (code, command, responseCode). */
export interface MailSender {
  /** Resolves once the server accepted the message; rejects with the server's or the connection's error. */
  send(envelope: { from: string; to: string[] }, raw: Buffer | string): Promise<void>;
  /** Refuses new messages, lets those under way finish, then closes every connection. */
  close(): Promise<void>;
}

/** Options of createSmtpSender. */
export interface SmtpSenderOptions {
  /** Connections open at once, at most (default 8, sendEmails' concurrency). */
  maxConnections?: number;
  /** Messages per connection before it is replaced (default 100, as nodemailer's pool): some relays throttle long sessions. */
  maxMessagesPerConnection?: number;
  /**
   * An idle connection is closed after this long (default 30 s): below smtp-server's and most
   * relays' own idle timeouts, so we are the side that hangs up and a message is never handed to a
   * connection the server has just dropped.
   */
  idleTimeoutMs?: number;
}

/** How long a server gets to answer QUIT before the socket is closed anyway. */
const QUIT_TIMEOUT_MS = 5_000;

type Envelope = { from: string; to: string[] };
type Job = { envelope: Envelope; raw: Buffer | string; resolve: () => void; reject: (error: unknown) => void };

/** An error shaped like SMTPConnection's, so callers classify it the same way (transient). */
function connectionError(message: string): Error {
  return Object.assign(new Error(message), { code: 'ECONNECTION', command: 'API' });
}

/** The replies to which nodemailer's pool answers with RSET and keeps the connection: the server refused this message, the session is fine. */
function refusedMessageOnly(error: unknown): boolean {
  const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
  return (code === 'EENVELOPE' || code === 'EMESSAGE') && responseCode !== 421;
}

/** One SMTP connection and what the sender needs to know about it. */
class PooledConnection {
  readonly smtp: SMTPConnection;
  /** Resolves once greeted (and logged in); rejects if the connection fails before. */
  readonly ready: Promise<void>;
  messages = 0;
  /** True once the connection errored, closed or was retired; it takes no more messages. */
  dead = false;
  idleTimer: NodeJS.Timeout | null = null;
  private readonly ended: Promise<void>;

  constructor(options: SMTPConnection.Options, auth: SMTPConnection.AuthenticationType | undefined, onEnd: (conn: PooledConnection) => void) {
    this.smtp = new SMTPConnection(options);
    let settle: ((error?: unknown) => void) | null = null;
    this.ready = new Promise<void>((resolve, reject) => {
      settle = (error) => {
        settle = null;
        if (error === undefined) resolve();
        else reject(error);
      };
    });
    // An error event always comes with a close; a send in flight gets the same error through its callback.
    this.smtp.on('error', (error: unknown) => {
      this.dead = true;
      settle?.(error);
    });
    this.ended = new Promise((resolve) =>
      this.smtp.once('end', () => {
        this.dead = true;
        settle?.(connectionError('SMTP connection closed before it was ready'));
        onEnd(this);
        resolve();
      }),
    );
    this.smtp.connect((error) => {
      if (error) return settle?.(error);
      // As nodemailer's transports: log in only when the server offers AUTH (after STARTTLS, which SMTPConnection does itself).
      if (!auth || !this.smtp.allowsAuth) return settle?.();
      this.smtp.login(auth, (loginError) => {
        if (loginError) {
          settle?.(loginError);
          this.smtp.close();
        } else settle?.();
      });
    });
  }

  /** The live socket (the TLS one after STARTTLS), or null. */
  private socket(): Socket | null {
    const socket = this.smtp._socket;
    return socket && !socket.destroyed ? socket : null;
  }

  /** Lets an idle connection not keep the process alive; a busy one does. */
  hold(busy: boolean): void {
    const socket = this.socket();
    if (busy) socket?.ref();
    else socket?.unref();
  }

  send(envelope: Envelope, raw: Buffer | string): Promise<void> {
    this.messages += 1;
    // SIZE lets a server refuse an oversized message before it is sent, when it advertises the extension.
    const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
    return new Promise((resolve, reject) =>
      this.smtp.send({ from: envelope.from, to: envelope.to, size }, raw, (error) => (error ? reject(error) : resolve())),
    );
  }

  /** RSET after a refused message, so the next MAIL FROM starts a clean transaction. */
  reset(): Promise<void> {
    return new Promise((resolve, reject) => this.smtp.reset((error) => (error ? reject(error) : resolve())));
  }

  /** Says QUIT (the server closes) when `polite`, else closes at once; resolves when the socket is gone. */
  end(polite: boolean): Promise<void> {
    this.dead = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const socket = this.socket();
    const closed = socket ? new Promise<void>((resolve) => socket.once('close', () => resolve())) : Promise.resolve();
    this.hold(false);
    if (polite && socket) {
      this.smtp.quit();
      // A server that never answers QUIT: SMTPConnection would wait for its socket timeout (10 minutes).
      const timer = setTimeout(() => this.smtp.close(), QUIT_TIMEOUT_MS);
      timer.unref();
      void this.ended.then(() => clearTimeout(timer));
    } else this.smtp.close();
    return Promise.all([closed, this.ended]).then(() => undefined);
  }
}

/** A job queue that does not shift an array: a launch may queue thousands of messages. */
class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
    return item;
  }
  drain(): T[] {
    const rest = this.items.slice(this.head) as T[];
    this.items = [];
    this.head = 0;
    return rest;
  }
}

class SmtpSender implements MailSender {
  private readonly queue = new Fifo<Job>();
  /** Connected and waiting for a message; the last one in is used first, so surplus ones go idle and close. */
  private readonly idle: PooledConnection[] = [];
  /** Every connection not yet ended, busy, idle or still connecting. */
  private readonly live = new Set<PooledConnection>();
  /** Messages under way (each on its connection), awaited by close(). */
  private readonly busy = new Set<Promise<void>>();
  /** Connections on their way out until their socket is closed, awaited by close(). */
  private readonly leaving = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly options: SMTPConnection.Options,
    private readonly auth: SMTPConnection.AuthenticationType | undefined,
    private readonly maxConnections: number,
    private readonly maxMessages: number,
    private readonly idleTimeoutMs: number,
  ) {}

  send(envelope: Envelope, raw: Buffer | string): Promise<void> {
    if (this.closed) return Promise.reject(connectionError('the SMTP sender is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ envelope, raw, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.drain()) job.reject(connectionError('the SMTP sender was closed before this message was sent'));
    // Busy connections finish their message; release() then ends them (closed is set).
    for (const conn of this.idle.splice(0)) this.retire(conn, false);
    while (this.busy.size > 0 || this.leaving.size > 0) await Promise.all([...this.busy, ...this.leaving]);
  }

  /** Hands queued messages to idle connections, opening new ones up to the limit. */
  private pump(): void {
    while (this.queue.length > 0) {
      let conn = this.idle.pop();
      if (conn === undefined) {
        if (this.live.size >= this.maxConnections) return;
        conn = new PooledConnection(this.options, this.auth, (ended) => this.forget(ended));
        this.live.add(conn);
      } else conn.hold(true);
      const delivery = this.deliver(conn, this.queue.shift() as Job);
      this.busy.add(delivery);
      void delivery.finally(() => this.busy.delete(delivery));
    }
  }

  private async deliver(conn: PooledConnection, job: Job): Promise<void> {
    let keep = true;
    try {
      await conn.ready;
      await conn.send(job.envelope, job.raw);
      job.resolve();
    } catch (error) {
      job.reject(error);
      // A refused recipient or message leaves a usable session once it is reset; anything else ends the connection.
      keep =
        !conn.dead &&
        refusedMessageOnly(error) &&
        (await conn.reset().then(
          () => true,
          () => false,
        ));
    }
    this.release(conn, keep);
    this.pump();
  }

  private release(conn: PooledConnection, keep: boolean): void {
    if (conn.dead || !keep || this.closed) return this.retire(conn, false);
    if (conn.messages >= this.maxMessages) return this.retire(conn, true);
    conn.hold(false);
    // One timer per connection, restarted at each release; it fires harmlessly while the connection is busy.
    if (conn.idleTimer) conn.idleTimer.refresh();
    else {
      conn.idleTimer = setTimeout(() => {
        const at = this.idle.indexOf(conn);
        if (at < 0) return;
        this.idle.splice(at, 1);
        this.retire(conn, true);
      }, this.idleTimeoutMs);
      conn.idleTimer.unref();
    }
    this.idle.push(conn);
  }

  /** Ends a connection and frees its slot at once, so the next message can open a new one. */
  private retire(conn: PooledConnection, polite: boolean): void {
    this.live.delete(conn);
    const gone = conn.end(polite && !conn.dead);
    this.leaving.add(gone);
    void gone.finally(() => this.leaving.delete(gone));
  }

  /** A connection ended on its own (server hung up, socket error, idle timeout of the server). */
  private forget(conn: PooledConnection): void {
    if (conn.idleTimer) clearTimeout(conn.idleTimer);
    this.live.delete(conn);
    const at = this.idle.indexOf(conn);
    if (at >= 0) this.idle.splice(at, 1);
    // Its slot is free: queued messages may open a new connection.
    if (!this.closed) this.pump();
  }
}

/**
 * A sender for SMTP_URL-style URLs: smtp://user:pass@host:port (STARTTLS when the server offers
 * it, as SMTPConnection does), smtps:// for TLS from the start; query options such as
 * `?tls.rejectUnauthorized=false` or `?requireTLS=true` are read as nodemailer reads them.
 */
export function createSmtpSender(smtpUrl: string, opts: SmtpSenderOptions = {}): MailSender {
  const { auth, service, direct, ...rest } = parseConnectionUrl(smtpUrl);
  if (service !== undefined || direct !== undefined)
    throw new Error(`SMTP URL options "service" and "direct" are not supported: ${smtpUrl.replace(/\/\/[^@/]*@/, '//…@')}`);
  const maxConnections = opts.maxConnections ?? 8;
  const maxMessages = opts.maxMessagesPerConnection ?? 100;
  if (!(maxConnections >= 1) || !(maxMessages >= 1))
    throw new RangeError(`maxConnections and maxMessagesPerConnection must be ≥ 1, got ${maxConnections} and ${maxMessages}`);
  const loginAuth = auth && (auth.user || auth.pass) ? { user: auth.user, credentials: { user: auth.user, pass: auth.pass } } : undefined;
  return new SmtpSender({ ...(rest as SMTPConnection.Options), logger: false }, loginAuth, maxConnections, maxMessages, opts.idleTimeoutMs ?? 30_000);
}
