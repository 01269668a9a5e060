/**
 * The servers one benchmark run needs, started fresh so runs do not see each other: Temporal (the
 * embedded dev server on a new SQLite file, the local cluster of `npm run cluster` on a new data
 * folder, or TEMPORAL_ADDRESS), PostgreSQL (a fresh database on DATABASE_URL, else a throwaway
 * cluster), the loopback SMTP sink, and the worker in a child process of its own.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { loadConfig, workerTuning, type WorkerTuning } from '../../src/config/config';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { CascadeClient } from '../../src/app/cascade-client';
import { migrate } from '../../src/store/migrate';
import { createPool } from '../../src/store/pool';
import { stopProcess } from '../../src/dev/toolchain/child-process';
import { startTemporal, type RunningTemporal } from '../../src/dev/stack/dev-server';
import { postmasterPid, startThrowawayPostgres } from '../../src/dev/stack/postgres-cluster';
import { startLocalCluster } from '../../src/dev/cluster/local-cluster';
import { startSmtpSink, type SmtpSink } from '../../src/dev/stack/smtp-sink';
import type { BenchContext } from './context';
import { MailCounter } from './mail-counter';
import { processGroup, type ProcessGroups } from './memory';
import { baselineTaskQueue } from './bench-worker';
import type { WorkerProcessMessage } from './worker-process';

/** Which Temporal a run measures: the embedded dev server (SQLite, one history shard) or the local cluster on PostgreSQL. */
export type BenchServer = 'dev-server' | 'cluster';

/** Where each server of the run came from, for the results file. */
export interface StackInfo {
  server: BenchServer;
  temporal: string;
  temporalAddress: string;
  temporalPid: number | null;
  postgres: string;
  postgresVersion: string;
  smtp: string;
  worker: string;
  /** The worker limits set through the environment (WORKER_*, with their defaults); absent: the SDK's. */
  workerTuning: WorkerTuning;
  workerPid: number | null;
  baselineWorkerPid: number | null;
}

/** A running stack; `stop` undoes everything it started. */
export interface BenchStack {
  ctx: BenchContext;
  sink: SmtpSink;
  /**
   * The processes measured: worker, baselineWorker, server (Temporal: one dev server or the
   * cluster's five), temporalPostgres (the cluster's), postgres (the project's, when this run
   * started it) and bench (this process: the load and the SMTP sink).
   */
  processes: ProcessGroups;
  info: StackInfo;
  stop(): Promise<void>;
}

const WORKER_READY_TIMEOUT_MS = 180_000;

/** Stacks still running, so an interrupted benchmark can stop them (a throwaway PostgreSQL would outlive it). */
const running = new Set<() => Promise<void>>();

/** Stops every stack this process started and has not stopped yet. */
export async function stopAllStacks(): Promise<void> {
  await Promise.all([...running].map((stop) => stop()));
}

/** Starts the stack under `workDir` (the SQLite file, logs); throws after stopping whatever had started. */
export async function startBenchStack(opts: { workDir: string; log: (line: string) => void; tag: string; server: BenchServer }): Promise<BenchStack> {
  const { log } = opts;
  const stops: Array<() => Promise<void>> = [];
  let stopping: Promise<void> | null = null;
  const stopAll = () => {
    stopping ??= (async () => {
      for (const stop of stops.reverse()) await stop().catch((err: unknown) => log(`while stopping: ${(err as Error).message}`));
      running.delete(stopAll);
    })();
    return stopping;
  };
  running.add(stopAll);
  try {
    fs.mkdirSync(opts.workDir, { recursive: true });
    const temporal = await startBenchTemporal(opts.server, opts.workDir, log);
    stops.push(() => temporal.stop());

    const db = await startDatabase(log);
    stops.push(db.stop);
    const pool = createPool(db.url);
    stops.push(() => pool.end());
    await migrate(pool);
    const { rows } = await pool.query<{ server_version: string }>('SHOW server_version');

    const sink = await startSmtpSink();
    stops.push(() => sink.stop());
    const mail = new MailCounter(sink).start();
    stops.push(async () => mail.stop());

    const taskQueue = `bench-${opts.tag}`;
    const namespace = temporal.namespace;
    const worker = await startWorkerProcess({
      env: {
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_NAMESPACE: namespace,
        TEMPORAL_TASK_QUEUE: taskQueue,
        DATABASE_URL: db.url,
        SMTP_URL: sink.url,
        LINK_SIGNING_SECRET: crypto.randomBytes(36).toString('base64'),
      },
      logFile: path.join(opts.workDir, 'worker.log'),
    });
    stops.push(worker.stop);
    const baseline = await startWorkerProcess({
      env: {
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_NAMESPACE: namespace,
        TEMPORAL_TASK_QUEUE: baselineTaskQueue(taskQueue),
        BENCH_WORKER_ROLE: 'baseline',
      },
      logFile: path.join(opts.workDir, 'baseline-worker.log'),
    });
    stops.push(baseline.stop);

    const connection = await Connection.connect({ address: temporal.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace });
    const cascade = new CascadeClient({ temporal: client, pool, taskQueue });
    const ctx: BenchContext = { temporal: client, cascade, pool, taskQueue, baselineTaskQueue: baselineTaskQueue(taskQueue), mail, log };
    return {
      ctx,
      sink,
      processes: {
        worker: processGroup([worker.pid]),
        baselineWorker: processGroup([baseline.pid]),
        server: processGroup(temporal.pids()),
        ...(opts.server === 'cluster' ? { temporalPostgres: processGroup([temporal.postgresPid()], true) } : {}),
        postgres: processGroup([db.pid()], true),
        bench: processGroup([process.pid]),
      },
      info: {
        server: opts.server,
        temporal: temporal.description,
        temporalAddress: temporal.address,
        temporalPid: temporal.pids()[0] ?? null,
        postgres: `${db.origin}, PostgreSQL ${rows[0]?.server_version ?? '?'}`,
        postgresVersion: rows[0]?.server_version ?? '?',
        smtp: `loopback SMTP sink (src/dev/stack/smtp-sink.ts) on ${sink.url}`,
        worker: `child process (tools/bench/worker-process.ts) with the production bundle and options, ${process.env.BENCH_POOLED_MAIL === '0' ? 'one-connection-per-email' : 'pooled'} SMTP; baselines in a second child on their own task queue`,
        workerTuning: workerTuning(loadConfig()),
        workerPid: worker.pid,
        baselineWorkerPid: baseline.pid,
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** A fresh database: on DATABASE_URL's server if set (dropped at stop), else a throwaway cluster. */
async function startDatabase(log: (line: string) => void): Promise<{ url: string; origin: string; pid: () => number | null; stop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const pg = await startThrowawayPostgres({ log });
    return {
      url: pg.url,
      origin: 'throwaway cluster (src/dev/stack/postgres-cluster.ts: fsync off)',
      pid: () => postmasterPid(pg.dataDir),
      stop: () => pg.stop(),
    };
  }
  const name = `bench_${crypto.randomBytes(5).toString('hex')}`;
  const admin = createPool(base, 1);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    origin: `fresh database ${name} on DATABASE_URL`,
    // Another machine's or another owner's server: not measured.
    pid: () => null,
    async stop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** The Temporal of one run, as the stack needs it. */
interface BenchTemporal {
  address: string;
  namespace: string;
  description: string;
  pids(): number[];
  postgresPid(): number | null;
  stop(): Promise<void>;
}

/** The cluster's frontend port in a benchmark (the other processes take the next ones): away from npm run cluster's 7233 and the tests' ports. */
const BENCH_CLUSTER_PORT = 29_233;
const BENCH_CLUSTER_POSTGRES_PORT = 29_532;

/** The dev server on a fresh SQLite file (or TEMPORAL_ADDRESS), or the local cluster on a fresh data folder under `workDir`. */
async function startBenchTemporal(server: BenchServer, workDir: string, log: (line: string) => void): Promise<BenchTemporal> {
  if (server === 'cluster') {
    const dataDir = path.join(workDir, 'cluster');
    fs.mkdirSync(dataDir, { recursive: true });
    // The cluster's PostgreSQL runs as the postgres user, which must reach its folder.
    fs.chmodSync(workDir, 0o755);
    fs.chmodSync(dataDir, 0o755);
    const historyShards = 8;
    const cluster = await startLocalCluster({
      dataDir,
      basePort: BENCH_CLUSTER_PORT,
      postgresPort: BENCH_CLUSTER_POSTGRES_PORT,
      historyShards,
      namespace: 'default',
      log,
    });
    return {
      address: cluster.address,
      namespace: 'default',
      description: `local cluster (src/dev/cluster: ${cluster.processes.map((p) => p.name).join(', ')}; ${historyShards} history shards; persistence and visibility on PostgreSQL) on a fresh data folder`,
      pids: () => cluster.pids().servers,
      postgresPid: () => cluster.pids().postgres,
      stop: () => cluster.stop(),
    };
  }
  const temporal: RunningTemporal = await startTemporal({
    dbFile: path.join(workDir, 'temporal.sqlite'),
    uiPort: null,
    logFile: path.join(workDir, 'temporal.log'),
    log,
  });
  return {
    address: temporal.address,
    namespace: temporal.namespace,
    description:
      temporal.origin === 'TEMPORAL_ADDRESS' ? 'existing server (TEMPORAL_ADDRESS)' : `embedded dev server (${temporal.origin}) on a fresh SQLite file`,
    pids: () => (temporal.pid === null ? [] : [temporal.pid]),
    postgresPid: () => null,
    stop: () => temporal.stop(),
  };
}

/** Forks tools/bench/worker-process.ts under tsx and waits for its `ready`. */
async function startWorkerProcess(opts: { env: Record<string, string>; logFile: string }): Promise<{ pid: number | null; stop: () => Promise<void> }> {
  const out = fs.openSync(opts.logFile, 'a');
  const child: ChildProcess = fork(path.join(__dirname, 'worker-process.ts'), [], {
    cwd: path.resolve(__dirname, '..', '..'),
    // tsx's loader, so the child runs TypeScript like its parent; nothing else is inherited.
    // BENCH_CPU_PROFILE_DIR=dir writes a V8 CPU profile of each worker there when it exits
    // (NODE_OPTIONS may not carry --cpu-prof). BENCH_WORKER_NODE_FLAGS: more flags for the workers
    // alone (an experiment switch, e.g. --trace-gc, whose lines go to the worker's log).
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_CPU_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROFILE_DIR] : []),
      ...(process.env.BENCH_WORKER_NODE_FLAGS ?? '').split(' ').filter(Boolean),
    ],
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', out, out, 'ipc'],
  });
  fs.closeSync(out);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the worker process did not start within ${WORKER_READY_TIMEOUT_MS / 1_000} s; see ${opts.logFile}`)),
      WORKER_READY_TIMEOUT_MS,
    );
    child.on('message', (message: WorkerProcessMessage) => {
      clearTimeout(timer);
      if (message.type === 'ready') resolve();
      else reject(new Error(`the worker process failed: ${message.message}; see ${opts.logFile}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the worker process exited with code ${code} before it was ready; see ${opts.logFile}`));
    });
  });
  return {
    pid: child.pid ?? null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'shutdown' });
      // Draining waits for in-flight activities; after that, stopProcess escalates to SIGTERM/SIGKILL.
      const drained = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 30_000))]);
      if (!drained) await stopProcess(child, 5_000);
    },
  };
}
