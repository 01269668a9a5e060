/**
 * A benchmark worker as a process of its own (forked by bench/stack.ts), so its memory and CPU
 * are measured apart from the load generator. BENCH_WORKER_ROLE=engine (default) runs the
 * production worker, configured like worker/main.ts from the environment; `baseline` runs the
 * trivial workflows on TEMPORAL_TASK_QUEUE. Talks to its parent over the IPC channel: it sends
 * `ready` or `failed`, and drains on `shutdown`.
 */
import type { Transporter } from 'nodemailer';
import type { Pool } from 'pg';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createMailer } from '../activities/mailer';
import { createPool } from '../db/pool';
import { loadConfig, workerTuning } from '../infra/config';
import { createBaselineWorker, createBenchWorker, type BenchWorker } from './bench-worker';

/** Messages a worker process sends to its parent. */
export type WorkerProcessMessage = { type: 'ready' } | { type: 'failed'; message: string };

function send(message: WorkerProcessMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const role = process.env.BENCH_WORKER_ROLE ?? 'engine';
  if (!config.TEMPORAL_ADDRESS) throw new Error('a benchmark worker needs TEMPORAL_ADDRESS (bench/stack.ts sets it)');
  // The parent decides when to stop (a Ctrl-C reaches it first and it shuts everything down in order).
  Runtime.install({ shutdownSignals: [], logger: new DefaultLogger('WARN') });
  let pool: Pool | null = null;
  let mailer: Transporter | null = null;
  let created: BenchWorker;
  if (role === 'baseline') {
    created = await createBaselineWorker({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE });
  } else {
    if (!config.DATABASE_URL || !config.SMTP_URL || !config.LINK_SIGNING_SECRET) {
      throw new Error('the engine worker needs DATABASE_URL, SMTP_URL and LINK_SIGNING_SECRET (bench/stack.ts sets them)');
    }
    pool = createPool(config.DATABASE_URL);
    // Pooled, as worker/main.ts; BENCH_POOLED_MAIL=0 is an experiment switch back to one connection per email.
    mailer = createMailer(config.SMTP_URL, { pooled: process.env.BENCH_POOLED_MAIL !== '0' });
    created = await createBenchWorker({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, pool, mailer, linkSecret: config.LINK_SIGNING_SECRET, tuning: workerTuning(config) });
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
  send({ type: 'ready' });
  await running;
  mailer?.close();
  await connection.close();
  await pool?.end();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
    console.error(err);
    process.exit(1);
  },
);
