/**
 * The real SMTP sink (src/dev/stack/smtp-sink.ts) on a fixed loopback port that a test can stop and start
 * again: while it is stopped, connections are refused, as with a mail server that is down. The
 * messages of every incarnation are kept together, so duplicates across an outage are counted.
 */
import { freePort } from '../../src/dev/toolchain/free-port';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../../src/dev/stack/smtp-sink';

/** A stoppable sink. */
export interface RestartableSink {
  url: string;
  /** Everything received, across restarts. */
  messages(): ReceivedMail[];
  running(): boolean;
  /** Stops listening at once; connections still open get 421 (try later) until they close. */
  stop(): void;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Stops for good; resolves once every connection of every incarnation has closed. */
  dispose(): Promise<void>;
}

/** Starts the sink on a free port it keeps for its whole life. */
export async function startRestartableSink(): Promise<RestartableSink> {
  const port = await freePort();
  const incarnations: SmtpSink[] = [await startSmtpSink({ port })];
  const closing: Promise<void>[] = [];
  let current: SmtpSink | null = incarnations[0]!;
  const stop = () => {
    if (!current) return;
    // smtp-server unbinds the port at once but waits (up to 30 s) for open connections, such
    // as a pooled mailer's idle ones; restarting does not need to wait for them.
    closing.push(current.stop());
    current = null;
  };
  return {
    url: current.url,
    messages: () => incarnations.flatMap((sink) => sink.messages),
    running: () => current !== null,
    stop,
    async start() {
      if (current) return;
      current = await startSmtpSink({ port });
      incarnations.push(current);
    },
    async dispose() {
      stop();
      await Promise.all(closing);
    },
  };
}
