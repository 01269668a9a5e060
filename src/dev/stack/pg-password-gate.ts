/**
 * Password authentication in front of PGlite's socket server. PGlite is a single-user backend: it
 * answers any startup message with AuthenticationOk, whatever the user and password, and
 * pglite-socket passes the message straight to it. So this gate speaks the first exchange of
 * the PostgreSQL protocol itself: it answers SSL/GSS requests with 'N', reads the startup message,
 * runs SCRAM-SHA-256 (what PostgreSQL uses by default; `pg` and `psql` speak it, and the password
 * never crosses the socket), and only then hands the socket to the server with the startup message
 * put back, so PGlite's own answer (AuthenticationOk, parameters, ReadyForQuery) is what the client
 * reads next. A wrong user or password gets PostgreSQL's FATAL 28P01 and the socket is closed.
 */
import crypto from 'node:crypto';
import type { Socket } from 'node:net';

const PROTOCOL_3 = 196608;
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const SCRAM_ITERATIONS = 4096;
/** A client that has not finished authenticating by then is cut off. */
const AUTH_TIMEOUT_MS = 10_000;

/** What the gate checks: the one user and its password. */
export interface PasswordGate {
  user: string;
  password: string;
}

/** Why a connection was refused; sent to the client as an ErrorResponse. */
class AuthRefused extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** A message of the regular protocol (type byte, int32 length, body). */
function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function authentication(kind: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const code = Buffer.alloc(4);
  code.writeInt32BE(kind, 0);
  return message('R', Buffer.concat([code, data]));
}

function errorResponse(err: AuthRefused): Buffer {
  const field = (key: string, value: string) => Buffer.concat([Buffer.from(key, 'latin1'), Buffer.from(value, 'utf8'), Buffer.from([0])]);
  return message('E', Buffer.concat([field('S', 'FATAL'), field('V', 'FATAL'), field('C', err.code), field('M', err.message), Buffer.from([0])]));
}

/** Key/value pairs of a startup message body (after length and protocol). */
function startupParameters(body: Buffer): Map<string, string> {
  const parts = body.toString('utf8').split('\0');
  const params = new Map<string, string>();
  for (let i = 0; i + 1 < parts.length && parts[i] !== ''; i += 2) params.set(parts[i] as string, parts[i + 1] as string);
  return params;
}

/** Reads whole messages from a socket during authentication, keeping any bytes that arrive after. */
class Reader {
  private buffer = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  private failure: Error | null = null;
  private readonly onData = (chunk: Buffer) => {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.wake?.();
  };
  private readonly onEnd = () => this.fail(new Error('the client closed the connection'));
  private readonly onError = (err: Error) => this.fail(err);

  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
  }

  fail(err: Error): void {
    this.failure = err;
    this.wake?.();
  }

  private async bytes(n: number): Promise<Buffer> {
    while (this.buffer.length < n) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }

  /** A startup-phase message (int32 length first, no type byte): the whole message. */
  async untyped(): Promise<Buffer> {
    const length = (await this.bytes(4)).readInt32BE(0);
    if (length < 8 || length > 10_000) throw new AuthRefused(`invalid startup packet length ${length}`, '08P01');
    const rest = await this.bytes(length - 4);
    const whole = Buffer.alloc(length);
    whole.writeInt32BE(length, 0);
    rest.copy(whole, 4);
    return whole;
  }

  /** A regular message of `type`: its body. */
  async typed(type: string): Promise<Buffer> {
    const head = await this.bytes(5);
    const length = head.readInt32BE(1);
    if (String.fromCharCode(head[0] as number) !== type || length < 4 || length > 10_000)
      throw new AuthRefused(`expected a password message during authentication`, '08P01');
    return this.bytes(length - 4);
  }

  /** Stops reading and returns the unread bytes to the socket, `before` first, for whoever reads it next. */
  release(before: Buffer): void {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('error', this.onError);
    this.socket.pause();
    this.socket.unshift(Buffer.concat([before, this.buffer]));
  }
}

const hmac = (key: Buffer, text: string) => crypto.createHmac('sha256', key).update(text).digest();
const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest();

/** SCRAM-SHA-256 (RFC 7677, as PostgreSQL runs it: the user name travels in the startup message). */
async function scram(reader: Reader, socket: Socket, password: string, user: string): Promise<void> {
  socket.write(authentication(10, Buffer.from('SCRAM-SHA-256\0\0', 'latin1')));
  const initial = await reader.typed('p');
  const nul = initial.indexOf(0);
  if (nul < 0 || initial.subarray(0, nul).toString('latin1') !== 'SCRAM-SHA-256')
    throw new AuthRefused('SCRAM-SHA-256 is the only authentication method offered', '28000');
  const clientFirst = initial.subarray(nul + 5).toString('utf8');
  const match = /^[ny],,(n=[^,]*,r=([^,]+))$/.exec(clientFirst);
  if (!match) throw new AuthRefused('malformed SCRAM client-first message', '08P01');
  const clientFirstBare = match[1] as string;
  const nonce = `${match[2]}${crypto.randomBytes(18).toString('base64')}`;
  const salt = crypto.randomBytes(16);
  const serverFirst = `r=${nonce},s=${salt.toString('base64')},i=${SCRAM_ITERATIONS}`;
  socket.write(authentication(11, Buffer.from(serverFirst, 'utf8')));

  const clientFinal = (await reader.typed('p')).toString('utf8');
  const final = /^(c=[^,]*,r=([^,]+)),p=([A-Za-z0-9+/=]+)$/.exec(clientFinal);
  if (!final || final[2] !== nonce) throw new AuthRefused('malformed SCRAM client-final message', '08P01');
  const salted = crypto.pbkdf2Sync(password.normalize('NFKC'), salt, SCRAM_ITERATIONS, 32, 'sha256');
  const clientKey = hmac(salted, 'Client Key');
  const authMessage = `${clientFirstBare},${serverFirst},${final[1]}`;
  const signature = hmac(sha256(clientKey), authMessage);
  const proof = Buffer.from(final[3] as string, 'base64');
  // ClientProof XOR ClientSignature must be the ClientKey the password gives, compared in constant time.
  if (proof.length !== 32 || !crypto.timingSafeEqual(Buffer.from(proof.map((b, i) => b ^ (signature[i] as number))), clientKey)) {
    throw new AuthRefused(`password authentication failed for user "${user}"`, '28P01');
  }
  socket.write(authentication(12, Buffer.from(`v=${hmac(hmac(salted, 'Server Key'), authMessage).toString('base64')}`, 'utf8')));
}

/**
 * Authenticates one connection. Resolves true once the client proved the password (the socket is
 * then paused, with the startup message unread, for the server to take over); false when it was
 * refused or went away (the socket is then closed).
 */
export async function authenticate(socket: Socket, gate: PasswordGate): Promise<boolean> {
  const reader = new Reader(socket);
  const timer = setTimeout(() => reader.fail(new AuthRefused('authentication timed out', '08006')), AUTH_TIMEOUT_MS);
  try {
    for (;;) {
      const packet = await reader.untyped();
      const code = packet.readInt32BE(4);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        socket.write('N'); // loopback only: no TLS, and the client goes on in plaintext
        continue;
      }
      if (code === CANCEL_REQUEST) throw new AuthRefused('cancel requests are not supported', '0A000');
      if (code !== PROTOCOL_3) throw new AuthRefused(`unsupported frontend protocol ${code >>> 16}.${code & 0xffff}`, '0A000');
      const user = startupParameters(packet.subarray(8)).get('user') ?? '';
      // The password is checked even for an unknown user, so a wrong user is told no more than a wrong password.
      await scram(reader, socket, gate.password, user);
      if (user !== gate.user) throw new AuthRefused(`password authentication failed for user "${user}"`, '28P01');
      reader.release(packet);
      return true;
    }
  } catch (err) {
    if (err instanceof AuthRefused && socket.writable) socket.end(errorResponse(err));
    else socket.destroy();
    return false;
  } finally {
    clearTimeout(timer);
  }
}
