import { CalendarBook, type CalendarBookOptions } from '../app/calendar-book';
import os from 'node:os';
/**
 * The connection every command shares: the environment parsed once, a PostgreSQL pool and a
 * Temporal client opened on first use, the CascadeClient over them, and who is acting.
 */
import { Client, Connection } from '@temporalio/client';
import type { Pool } from 'pg';
import { CascadeClient } from '../app/cascade-client';
import { createPool } from '../store/pool';
import { loadConfig, type Config } from '../config/config';
import { embeddedPostgresUrl } from '../dev/stack/embedded-postgres-url';
import { storedEmbeddedSecret } from '../dev/stack/embedded-secret';
import { explainConnectionError, temporalConnectionOptions, type TemporalConnectionOptions } from '../config/temporal-connection';
import { dataConverterFor } from '../security/payload-codec';
import { BadInputError, ServerUnreachableError } from './errors';
import type { Output } from './output';

/** How long to wait for Temporal before saying it is unreachable. */
const CONNECT_TIMEOUT_MS = 5_000;
/** Default of CASCADE_TIMEOUT_SECONDS: how long a command may wait on Temporal (an update waits for a worker). */
const DEFAULT_TIMEOUT_SECONDS = 60;

/** Where the CLI connects: the environment with the defaults of `npm start`'s embedded stack. */
export interface CliConnection {
  /** Address plus TLS/mTLS/API key, as the workers connect (src/config/temporal-connection). */
  temporal: TemporalConnectionOptions;
  namespace: string;
  taskQueue: string;
  databaseUrl: string;
  /** Same key as the workers when Temporal payloads are encrypted. */
  payloadEncryptionKey?: string;
  /** Where the calendar's override files are and which weekdays are worked (CALENDAR_DIR, WORKING_WEEKDAYS). */
  calendar: CalendarBookOptions;
}

/** Reads the connection from the environment once (via src/config/config); a bad variable is bad input (exit 2). */
export function connectionFromEnv(env: NodeJS.ProcessEnv): CliConnection & { timeoutMs: number } {
  let config: Config;
  let temporal: TemporalConnectionOptions;
  try {
    config = loadConfig(env);
    // Unset means the dev server that `npm start` runs on this machine.
    temporal = temporalConnectionOptions(config);
  } catch (err) {
    throw new BadInputError(err instanceof Error ? err.message : String(err));
  }
  const timeoutText = env.CASCADE_TIMEOUT_SECONDS?.trim() || String(DEFAULT_TIMEOUT_SECONDS);
  const timeoutSeconds = Number(timeoutText);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
    throw new BadInputError(`Invalid environment:\n  CASCADE_TIMEOUT_SECONDS: must be a number of seconds > 0, got "${timeoutText}"`);
  return {
    timeoutMs: timeoutSeconds * 1000,
    // Unset means the dev server and embedded PostgreSQL that `npm start` runs on this machine.
    temporal,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    // The embedded server asks for the password `npm start` keeps in its data folder.
    databaseUrl: config.DATABASE_URL ?? embeddedPostgresUrl(config.EMBEDDED_PG_PORT, storedEmbeddedSecret(config.dataDir, 'postgres-password')),
    payloadEncryptionKey: config.PAYLOAD_ENCRYPTION_KEY,
    calendar: { dir: config.CALENDAR_DIR, workingWeekdays: config.WORKING_WEEKDAYS },
  };
}

/** What a command runs with. */
export interface CliContext {
  output: Output;
  env: NodeJS.ProcessEnv;
  /** The connection settings; parsing them throws BadInputError for a bad variable. */
  connection(): CliConnection;
  /** The client; `temporal: false` for commands that only read PostgreSQL (no Temporal connection is made). */
  client(opts: { temporal: boolean }): Promise<CascadeClient>;
  /** The working calendars, as CALENDAR_DIR and WORKING_WEEKDAYS say (no server is contacted). */
  calendars(): CalendarBook;
  /** Who is acting: `--actor`, else $USER, else the login name; BadInputError when none is known. */
  actor(flagValue: string | undefined): string;
  /** Rejects once a command has waited on Temporal longer than CASCADE_TIMEOUT_SECONDS; race it with the command. */
  readonly timedOut: Promise<never>;
  /** Closes whatever was opened. */
  close(): Promise<void>;
}

/** A context that opens connections lazily, so `--help` and bad arguments never touch a server. */
export function createContext(output: Output, env: NodeJS.ProcessEnv): CliContext {
  let settings: ReturnType<typeof connectionFromEnv> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let expire: (err: Error) => void = () => undefined;
  const timedOut = new Promise<never>((_, reject) => (expire = reject));
  // Nothing may be left rejected without a handler when no command races it.
  timedOut.catch(() => undefined);
  let pool: Pool | null = null;
  let connection: Connection | null = null;
  let connected = false;
  const connectionSettings = () => (settings ??= connectionFromEnv(env));

  return {
    output,
    env,
    connection: connectionSettings,
    async client({ temporal }) {
      const conn = connectionSettings();
      pool ??= createPool(conn.databaseUrl, 4);
      if (temporal && !connected) {
        const lazy = connection;
        connection = await connectTemporal(conn.temporal);
        connected = true;
        const seconds = conn.timeoutMs / 1000;
        timer = setTimeout(
          () =>
            expire(
              new ServerUnreachableError(
                `no answer from Temporal at ${conn.temporal.address} within ${seconds}s: is a cascade worker running (\`npm start\` or \`npm run worker\`)? Raise CASCADE_TIMEOUT_SECONDS for slow servers`,
              ),
            ),
          conn.timeoutMs,
        );
        await lazy?.close();
      }
      // A lazy connection is never dialled by commands that only read PostgreSQL.
      connection ??= Connection.lazy(conn.temporal);
      return new CascadeClient({
        temporal: new Client({ connection, namespace: conn.namespace, dataConverter: dataConverterFor(conn.payloadEncryptionKey) }),
        pool,
        taskQueue: conn.taskQueue,
        calendars: new CalendarBook(conn.calendar),
        payloadEncryptionKey: conn.payloadEncryptionKey,
      });
    },
    calendars() {
      return new CalendarBook(this.connection().calendar);
    },
    actor(flagValue) {
      const actor = flagValue?.trim() || env.USER?.trim() || loginName();
      if (!actor) throw new BadInputError('no actor: pass --actor NAME (the person or office acting), or set USER');
      return actor;
    },
    timedOut,
    async close() {
      clearTimeout(timer);
      await Promise.allSettled([pool?.end(), connection?.close()]);
    },
  };
}

async function connectTemporal(options: TemporalConnectionOptions): Promise<Connection> {
  try {
    return await Connection.connect({ ...options, connectTimeout: CONNECT_TIMEOUT_MS });
  } catch (err) {
    // With TLS settings in play the cause is usually one of them; without, the stack is simply not running.
    if (options.tls) throw new ServerUnreachableError(explainConnectionError(err, options).message);
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ServerUnreachableError(`cannot reach Temporal at ${options.address} (${why}); start the stack with \`npm start\` or set TEMPORAL_ADDRESS`);
  }
}

/** The operating system's name for the current user (cron and containers often leave USER unset). */
function loginName(): string | undefined {
  try {
    return os.userInfo().username.trim() || undefined;
  } catch {
    return undefined;
  }
}
