import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTE_TYPES } from '../../engine/search-attributes';
import { stopProcess } from '../toolchain/child-process';
import { freePort, waitForPort } from '../toolchain/free-port';
import { noTemporalMessage, resolveTemporal } from '../toolchain/temporal-cli';
import { loadConfig } from '../../config/config';
import { registerSearchAttributes } from '../../engine/search-attribute-registration';
import { temporalConnectionOptions } from '../../config/temporal-connection';

/** A Temporal server the process can talk to, and how to let go of it. */
export interface RunningTemporal {
  address: string;
  namespace: string;
  /** Temporal Web UI, when this process started a dev server with the UI on. */
  uiUrl: string | null;
  /** PID of the server process when this process owns it (for memory readings). */
  pid: number | null;
  /** Where the server came from (for the startup banner and test logs). */
  origin: string;
  stop(): Promise<void>;
}

/** Options for a dev server this process starts. */
export interface DevServerOptions {
  /** SQLite file; the same file on the next start resumes the same state. Omit for in-memory. */
  dbFile?: string;
  port?: number;
  /** Web UI port; `null` runs headless. */
  uiPort?: number | null;
  namespace?: string;
  /** File the server's own log is appended to. */
  logFile?: string;
  log?: (line: string) => void;
}

// WAL lets readers (queries, visibility) proceed while the single history shard writes;
// synchronous=NORMAL is safe with WAL (a power cut may lose the last commits, never corrupt).
const SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal', 'busy_timeout=10000'];

/** Command-line arguments of `temporal server start-dev` for these options. */
export function devServerArgs(opts: Required<Pick<DevServerOptions, 'port' | 'namespace'>> & DevServerOptions): string[] {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--namespace', opts.namespace, '--log-level', 'warn'];
  if (opts.dbFile) {
    args.push('--db-filename', opts.dbFile);
    for (const pragma of SQLITE_PRAGMAS) args.push('--sqlite-pragma', pragma);
  }
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTE_TYPES)) args.push('--search-attribute', `${name}=${type}`);
  if (opts.uiPort == null) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort));
  return args;
}

/**
 * Connects to TEMPORAL_ADDRESS, or starts a dev server from the best binary available
 * (see resolveTemporal), with the project's search attributes registered.
 */
export async function startTemporal(opts: DevServerOptions = {}): Promise<RunningTemporal> {
  const log = opts.log ?? (() => undefined);
  const namespace = opts.namespace ?? process.env.TEMPORAL_NAMESPACE ?? 'default';
  const source = await resolveTemporal({ log });
  if (source.kind === 'address') {
    // An existing cluster may need TLS, mTLS or an API key (TEMPORAL_TLS_*), like every other connection to it.
    const connection = await Connection.connect(temporalConnectionOptions(loadConfig(process.env), source.address));
    try {
      await registerSearchAttributes(connection, namespace);
    } finally {
      await connection.close();
    }
    return { address: source.address, namespace, uiUrl: null, pid: null, origin: 'TEMPORAL_ADDRESS', stop: async () => undefined };
  }
  const port = opts.port ?? (await freePort());
  const uiPort = opts.uiPort === undefined ? null : opts.uiPort;
  if (source.kind === 'sdk-download') return startWithSdkDownload({ ...opts, port, uiPort, namespace });

  if (opts.dbFile) fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });
  const out = opts.logFile ? fs.openSync(opts.logFile, 'a') : 'ignore';
  const child = spawn(source.path, devServerArgs({ ...opts, port, uiPort, namespace }), { stdio: ['ignore', out, out] });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`temporal server start-dev exited early with code ${code}${opts.logFile ? `; see ${opts.logFile}` : ''}`))),
  );
  exited.catch(() => undefined);
  const address = `127.0.0.1:${port}`;
  await Promise.race([waitUntilServing(address, namespace), exited]);
  log(`Temporal dev server (${source.origin}: ${source.path}) on ${address}`);
  return {
    address,
    namespace,
    uiUrl: uiPort == null ? null : `http://127.0.0.1:${uiPort}`,
    pid: child.pid ?? null,
    origin: `${source.origin} ${source.path}`,
    stop: () => stopProcess(child, 15_000),
  };
}

async function startWithSdkDownload(opts: DevServerOptions & { port: number; uiPort: number | null; namespace: string }): Promise<RunningTemporal> {
  let env: TestWorkflowEnvironment;
  try {
    env = await TestWorkflowEnvironment.createLocal({
      server: {
        ip: '127.0.0.1',
        port: opts.port,
        namespace: opts.namespace,
        dbFilename: opts.dbFile,
        ui: opts.uiPort != null,
        uiPort: opts.uiPort ?? undefined,
        extraArgs: [
          ...(opts.dbFile ? SQLITE_PRAGMAS.flatMap((p) => ['--sqlite-pragma', p]) : []),
          ...Object.entries(SEARCH_ATTRIBUTE_TYPES).flatMap(([n, t]) => ['--search-attribute', `${n}=${t}`]),
        ],
      },
    });
  } catch (err) {
    throw new Error(noTemporalMessage([`the SDK could not download the Temporal CLI: ${(err as Error).message}`]));
  }
  return {
    address: `127.0.0.1:${opts.port}`,
    namespace: opts.namespace,
    uiUrl: opts.uiPort == null ? null : `http://127.0.0.1:${opts.uiPort}`,
    pid: null,
    origin: 'sdk-download',
    stop: () => env.teardown(),
  };
}

/** Waits until the frontend answers for the namespace (the port opens a little before that). */
async function waitUntilServing(address: string, namespace: string, timeoutMs = 90_000): Promise<void> {
  const [host, port] = address.split(':');
  await waitForPort(Number(port), host, timeoutMs);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Temporal at ${address} did not serve namespace ${namespace}: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
