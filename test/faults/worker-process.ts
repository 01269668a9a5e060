/**
 * Runs the production worker (src/engine/worker/main.ts via worker-child.ts) in a child process that a test
 * can kill with SIGKILL mid-flight (no drain, no goodbye, as with a crashed machine) and start
 * again with the same environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stopProcess } from '../../src/dev/toolchain/child-process';

/** What the child needs: src/engine/worker/main.ts reads its whole configuration from these. */
export interface WorkerEnv {
  TEMPORAL_ADDRESS: string;
  TEMPORAL_TASK_QUEUE: string;
  DATABASE_URL: string;
  SMTP_URL: string;
  LINK_SIGNING_SECRET: string;
  PUBLIC_BASE_URL?: string;
  WORKER_METRICS_BIND_ADDRESS?: string;
  WORKER_LIVENESS_FILE?: string;
}

/** A worker process that can be killed and started again. */
export interface WorkerProcess {
  pid(): number | null;
  /** Starts the process; resolves once src/engine/worker/main.ts says it polls (bundling takes a while on a busy machine). */
  start(): Promise<void>;
  /** SIGKILL: the process dies at once, in-flight activities and workflow tasks with it. */
  kill(): Promise<void>;
  /** Graceful stop (SIGTERM: the worker drains), for cleanup. */
  stop(): Promise<void>;
}

const READY_LINE = 'worker polling';
const READY_TIMEOUT_MS = 240_000;

/** A worker process for `env`, its output appended to `logFile`; call start(). */
export function workerProcess(env: WorkerEnv, logFile: string): WorkerProcess {
  let child: ChildProcess | null = null;
  const root = path.resolve(__dirname, '..', '..');
  return {
    pid: () => child?.pid ?? null,
    async start() {
      if (child) throw new Error('the worker process is already running');
      const log = fs.createWriteStream(logFile, { flags: 'a' });
      // PAYLOAD_ENCRYPTION_KEY is dropped: the test's client speaks plain payloads.
      const { PAYLOAD_ENCRYPTION_KEY: _key, ...inherited } = process.env;
      const started = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'worker-child.ts')], {
        cwd: root,
        env: { ...inherited, ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      child = started;
      // A SIGKILLed child can leave its stdio sockets reset (ECONNRESET); unheard, that error
      // would fail the test process instead of the child.
      for (const stream of [started.stdin, started.stdout, started.stderr]) stream?.on('error', () => undefined);
      started.stderr?.pipe(log);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the worker process did not start polling within ${READY_TIMEOUT_MS / 1000} s; see ${logFile}`)),
          READY_TIMEOUT_MS,
        );
        let seen = '';
        started.stdout?.on('data', (chunk: Buffer) => {
          log.write(chunk);
          seen = (seen + chunk.toString()).slice(-1_000);
          if (seen.includes(READY_LINE)) {
            clearTimeout(timer);
            resolve();
          }
        });
        started.once('exit', (code, signal) => {
          clearTimeout(timer);
          reject(new Error(`the worker process exited (${signal ?? code}) before it polled; see ${logFile}`));
        });
      });
    },
    async kill() {
      const dying = child;
      child = null;
      if (!dying || dying.exitCode !== null || dying.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => dying.once('exit', () => resolve()));
      dying.kill('SIGKILL');
      await exited;
    },
    async stop() {
      const stopping = child;
      child = null;
      if (stopping) await stopProcess(stopping, 30_000);
    },
  };
}
