/**
 * A benchmark worker as a process of its own (forked by tools/bench/stack.ts), so its memory and CPU
 * are measured apart from the load generator. BENCH_WORKER_ROLE=engine (default) runs the
 * production worker, configured like src/engine/worker/main.ts from the environment; `baseline` runs the
 * trivial workflows on TEMPORAL_TASK_QUEUE. Talks to its parent over the IPC channel: it sends
 * `ready` or `failed`, and drains on `shutdown`.
 */
import type { Pool } from 'pg';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createMailer } from '../../src/mail/mailer';
import type { MailSender } from '../../src/mail/smtp-sender';
import { createPool } from '../../src/store/pool';
import { loadConfig, workerTuning } from '../../src/config/config';
import { createBaselineWorker, createBenchWorker, type BenchWorker } from './bench-worker';

/** Messages a worker process sends to its parent. */
export type WorkerProcessMessage = { type: 'ready' } | { type: 'failed'; message: string };

function send(message: WorkerProcessMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const role = process.env.BENCH_WORKER_ROLE ?? 'engine';
  if (!config.TEMPORAL_ADDRESS) throw new Error('a benchmark worker needs TEMPORAL_ADDRESS (tools/bench/stack.ts sets it)');
  // The parent decides when to stop (a Ctrl-C reaches it first and it shuts everything down in order).
  Runtime.install({ shutdownSignals: [], logger: new DefaultLogger('WARN') });
  let pool: Pool | null = null;
  let mailer: MailSender | null = null;
  let created: BenchWorker;
  if (role === 'baseline') {
    created = await createBaselineWorker({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      heapGrowthPercent: workerTuning(config).heapGrowthPercent,
    });
  } else {
    if (!config.DATABASE_URL || !config.SMTP_URL || !config.LINK_SIGNING_SECRET) {
      throw new Error('the engine worker needs DATABASE_URL, SMTP_URL and LINK_SIGNING_SECRET (tools/bench/stack.ts sets them)');
    }
    pool = createPool(config.DATABASE_URL);
    // Pooled, as src/engine/worker/main.ts; BENCH_POOLED_MAIL=0 is an experiment switch back to one connection per email.
    mailer = createMailer(config.SMTP_URL, { pooled: process.env.BENCH_POOLED_MAIL !== '0' });
    created = await createBenchWorker({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      pool,
      mailer,
      linkSecret: config.LINK_SIGNING_SECRET,
      tuning: workerTuning(config),
    });
  }
  const { worker, connection } = created;
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'shutdown') worker.shutdown();
  });
  // The parent going away (killed, crashed) must not leave a worker polling forever.
  process.on('disconnect', () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  });
  const running = worker.run();
  const memoryLog = startMemoryLog();
  send({ type: 'ready' });
  await running;
  memoryLog?.stop();
  await mailer?.close();
  await connection.close();
  await pool?.end();
}

/**
 * BENCH_WORKER_MEMORY_LOG_MS: logs the main thread's heap beside the process RSS at that interval
 * (to worker.log; BENCH_KEEP_RUN_DIR=1 keeps it), to tell the main thread's share of the peak from
 * the workflow thread's and native memory.
 */
function startMemoryLog(): { stop(): void } | null {
  const everyMs = Number(process.env.BENCH_WORKER_MEMORY_LOG_MS ?? 0);
  if (!(everyMs > 0)) return null;
  const mb = (bytes: number) => Math.round(bytes / 1_048_576);
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    console.log(
      `memory ${new Date().toISOString()} rss=${mb(m.rss)} mainHeapUsed=${mb(m.heapUsed)} mainHeapTotal=${mb(m.heapTotal)} external=${mb(m.external)} arrayBuffers=${mb(m.arrayBuffers)} MB`,
    );
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
    console.error(err);
    process.exit(1);
  },
);
