/** A real SMTP server for the email tests: counts connections, refuses (550 for good, 451 for now) or drops chosen recipients, optionally STARTTLS + AUTH. */
import type { Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** What the server does with a recipient: refuse RCPT TO with a reply code, or cut the connection in the middle of the message. */
export type Script = Record<string, number | 'drop'>;

/** A running scripted server. */
export interface ScriptedSmtp {
  port: number;
  url: string;
  /** Messages received whole: recipients and the bytes after dot-unstuffing. */
  received: { to: string[]; raw: Buffer; user: string | undefined }[];
  /** Connections accepted so far. */
  connections(): number;
  /** Connections open right now, as the server's socket sees them. */
  openConnections(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the server on loopback; with `auth`, it offers STARTTLS (smtp-server's own test certificate) and takes only that user. */
export async function startScriptedSmtp(script: Script, auth?: { user: string; pass: string }): Promise<ScriptedSmtp> {
  const received: ScriptedSmtp['received'] = [];
  const sockets = new Map<number, Socket>();
  let connections = 0;
  const server = new SMTPServer({
    ...(auth ? { authMethods: ['PLAIN', 'LOGIN'] } : { authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'] }),
    logger: false,
    size: 10 * 1024 * 1024,
    onAuth(credentials, _session, callback) {
      if (auth && credentials.username === auth.user && credentials.password === auth.pass) return callback(null, { user: credentials.username });
      return callback(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const action = script[address.address.toLowerCase()];
      if (typeof action !== 'number') return callback();
      return callback(Object.assign(new Error(action >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: action }));
    },
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address);
      if (to.some((address) => script[address.toLowerCase()] === 'drop')) {
        // The first chunk of the body has arrived: the peer vanishes, as a relay that crashes mid-message.
        stream.once('data', () => sockets.get(session.remotePort)?.destroy());
        stream.on('data', () => undefined);
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ to, raw: Buffer.concat(chunks), user: typeof session.user === 'string' ? session.user : undefined });
        callback();
      });
    },
  });
  // A cut connection is reported as the server's 'error'; here it is expected.
  server.on('error', () => undefined);
  server.server.on('connection', (socket: Socket) => {
    connections += 1;
    const port = socket.remotePort ?? 0;
    sockets.set(port, socket);
    socket.once('close', () => sockets.delete(port));
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      if (address === null || typeof address === 'string') reject(new Error('no TCP address'));
      else resolve(address.port);
    });
  });
  const userinfo = auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@` : '';
  return {
    port,
    // The test certificate is self-signed; the client must still upgrade (requireTLS).
    url: auth ? `smtp://${userinfo}127.0.0.1:${port}?requireTLS=true&tls.rejectUnauthorized=false` : `smtp://127.0.0.1:${port}`,
    received,
    connections: () => connections,
    openConnections: () => new Promise((resolve, reject) => server.server.getConnections((error, count) => (error ? reject(error) : resolve(count)))),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
