/**
 * A whole cascade stack for one test file: Temporal (time-skipping test server or the shared
 * dev server), a fresh PostgreSQL database with migrations, a real SMTP sink, a worker with the
 * real activities, and the client module the interfaces use.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, Worker, type InjectedSinks } from '@temporalio/worker';
import { simpleParser, type ParsedMail } from 'mailparser';
import { scheduledReorganisationApplier } from '../../src/app/reorganisation';
import { reportRoundOpener } from '../../src/app/report-rounds';
import { CalendarBook } from '../../src/app/calendar-book';
import { createActivities } from '../../src/engine/activities';
import type { DirectiveRuntime } from '../../src/domain/cascade/records';
import { createMailer } from '../../src/mail/mailer';
import { CascadeClient } from '../../src/app/cascade-client';
import { migrate } from '../../src/store/migrate';
import { requireValidOrg, type OrgUnitInput } from '../../src/domain/org/org';
import { timeSkippingEnvOptions } from '../../src/dev/toolchain/temporal-test-server';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../../src/dev/stack/smtp-sink';
import { dataConverterFor } from '../../src/security/payload-codec';
import { bundleWorkflows } from '../../src/engine/worker/create-worker';
import { createTestDatabase, type TestDatabase } from './database';
import type { ActivationLogSinks } from './activation-log-interceptor';
import { requiredTestEnv } from './env';

export const TEST_LINK_SECRET = 'test-link-secret-0123456789abcdef-0123456789';
export const TEST_BASE_URL = 'http://cascade.test';

/**
 * Journal and rollup timing for tests that compare settled states: the committees' deferred
 * writes and rollup messages land within a second, before a quiet window can end.
 */
export const QUICK_JOURNAL_LIMITS = { lazyJournalMs: 500, parentRollupIntervalMs: 200 } as const;

/** Everything a cascade test talks to. */
export interface CascadeEnv {
  cascade: CascadeClient;
  temporal: Client;
  db: TestDatabase;
  sink: SmtpSink;
  /** Null on the dev server (real time). */
  timeSkipping: TestWorkflowEnvironment | null;
  taskQueue: string;
  importOrg(units: OrgUnitInput[]): Promise<void>;
  /** Parsed messages received so far, optionally only those whose subject or text matches. */
  mails(filter?: (mail: ParsedMail) => boolean): Promise<ParsedMail[]>;
  /** Workflow time of the test server (real time on the dev server). */
  now(): Promise<Date>;
  /**
   * Skips workflow time on the time-skipping server, in steps of at most a week: one long
   * unlockTimeSkippingWithSleep call outlives the gRPC keepalive and the server drops it.
   */
  skip(ms: number): Promise<void>;
  /** Skips workflow time until `at` (ISO). */
  skipTo(at: string): Promise<void>;
  stop(): Promise<void>;
}

/** One live activation of a workflow, as the activation-log interceptor saw it. */
export interface LoggedActivation {
  workflowId: string;
  /** Job kinds in the order the SDK ran them, e.g. ['doUpdate', 'doUpdate', 'fireTimer']. */
  jobs: string[];
}

const parsedCache = new WeakMap<ReceivedMail, ParsedMail>();

/**
 * Starts the stack; `timeSkipping: false` runs on the shared dev server from global setup, where
 * workflow ids (`cascade/<directive>/<unit>`) are shared by every test file: each file launches
 * directive codes no other dev-server file uses, or its launch finds the other file's workflow.
 */
export async function startCascadeEnv(opts: {
  timeSkipping: boolean;
  limits?: DirectiveRuntime['limits'];
  payloadEncryptionKey?: string;
  /** 0: no workflow stays cached, so every workflow task replays the whole history first. */
  maxCachedWorkflows?: number;
  /** When given, every live (not replaying) activation's jobs are appended here. */
  activationLog?: LoggedActivation[];
}): Promise<CascadeEnv> {
  const dataConverter = dataConverterFor(opts.payloadEncryptionKey);
  const taskQueue = `cascade-${randomUUID()}`;
  const db = await createTestDatabase();
  await migrate(db.pool);
  const sink = await startSmtpSink();
  let timeSkipping: TestWorkflowEnvironment | null = null;
  let temporal: Client;
  let nativeConnection: NativeConnection;
  let connection: Connection | null = null;
  if (opts.timeSkipping) {
    timeSkipping = await TestWorkflowEnvironment.createTimeSkipping(timeSkippingEnvOptions(requiredTestEnv('TEST_TIME_SKIPPING_SERVER')));
    // A plain client, not the environment's time-skipping one: its result() unlocks and relocks
    // time skipping, which left the Java test server refusing later sleeps. Tests move time
    // explicitly with skip()/skipTo() instead.
    temporal = new Client({ connection: timeSkipping.connection, dataConverter });
    nativeConnection = timeSkipping.nativeConnection;
  } else {
    const address = requiredTestEnv('TEST_TEMPORAL_ADDRESS');
    connection = await Connection.connect({ address });
    temporal = new Client({ connection, dataConverter });
    nativeConnection = await NativeConnection.connect({ address });
  }
  const mailer = createMailer(sink.url);
  const log = opts.activationLog;
  const sinks: InjectedSinks<ActivationLogSinks> | undefined = log && {
    activationLog: { record: { fn: (_info, workflowId, replaying, jobs) => void (replaying || log.push({ workflowId, jobs })) } },
  };
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowBundle: await bundleWorkflows({
      dataConverter,
      ...(log ? { workflowInterceptorModules: [require.resolve('./activation-log-interceptor')] } : {}),
    }),
    ...(sinks ? { sinks } : {}),
    dataConverter,
    ...(opts.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: opts.maxCachedWorkflows } : {}),
    activities: createActivities({
      pool: db.pool,
      mailer,
      mailFrom: 'Văn phòng Trung ương <vptw@cascade.test>',
      publicBaseUrl: TEST_BASE_URL,
      linkSecret: TEST_LINK_SECRET,
      applyReorganisation: scheduledReorganisationApplier(db.pool, taskQueue),
      openRound: reportRoundOpener(db.pool, taskQueue, new CalendarBook(), {
        searchAttributes: !opts.timeSkipping,
        limits: opts.limits,
        payloadEncryptionKey: opts.payloadEncryptionKey,
      }),
    }),
  });
  const running = worker.run();
  // The time-skipping test server cannot register custom search attributes.
  const cascade = new CascadeClient({
    temporal,
    pool: db.pool,
    taskQueue,
    searchAttributes: !opts.timeSkipping,
    limits: opts.limits,
    payloadEncryptionKey: opts.payloadEncryptionKey,
  });

  const now = async () => (timeSkipping ? new Date(Number(await timeSkipping.currentTimeMs())) : new Date());
  const skip = async (ms: number) => {
    if (!timeSkipping) throw new Error('skip() needs the time-skipping server');
    const step = 7 * 24 * 3_600_000;
    for (let left = ms; left > 0; left -= step) await timeSkipping.sleep(Math.min(step, left));
  };
  return {
    cascade,
    temporal,
    db,
    sink,
    timeSkipping,
    taskQueue,
    async importOrg(units) {
      await cascade.importOrganisation(requireValidOrg(units));
    },
    async mails(filter) {
      const parsed: ParsedMail[] = [];
      for (const raw of [...sink.messages]) {
        let mail = parsedCache.get(raw);
        if (!mail) {
          mail = await simpleParser(raw.raw);
          parsedCache.set(raw, mail);
        }
        if (!filter || filter(mail)) parsed.push(mail);
      }
      return parsed;
    },
    now,
    skip,
    async skipTo(at) {
      const ms = Date.parse(at) - (await now()).getTime();
      if (ms > 0) await skip(ms);
    },
    async stop() {
      worker.shutdown();
      await running;
      await mailer.close();
      await sink.stop();
      await db.drop();
      if (timeSkipping) await timeSkipping.teardown();
      else {
        await nativeConnection.close();
        await connection?.close();
      }
    },
  };
}

/** Polls `probe` (real time) until it returns a value, or fails after timeoutMs. */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
