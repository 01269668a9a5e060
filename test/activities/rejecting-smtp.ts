/** A real SMTP server for tests that refuses chosen recipients with a chosen reply (550 for good, 451 for now). */
import { SMTPServer } from 'smtp-server';

/** A running refusing server. */
export interface RejectingSmtp {
  url: string;
  /** Recipients of the messages it accepted. */
  accepted: string[][];
  stop(): Promise<void>;
}

/** Starts a server on loopback; RCPT TO for an address in `reject` gets that reply code, everything else is accepted. */
export async function startRejectingSmtp(reject: Record<string, number>): Promise<RejectingSmtp> {
  const accepted: string[][] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = reject[address.address.toLowerCase()];
      if (code === undefined) return callback();
      const error = Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code });
      return callback(error);
    },
    onData(stream, session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        accepted.push(session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      if (address === null || typeof address === 'string') reject(new Error('no TCP address'));
      else resolve(address.port);
    });
  });
  return { url: `smtp://127.0.0.1:${port}`, accepted, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
