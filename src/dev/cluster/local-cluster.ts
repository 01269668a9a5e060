/**
 * A real Temporal cluster on this machine (`npm run cluster`): Debian's PostgreSQL holding the
 * persistence and visibility databases, made and upgraded by Temporal's own SQL tool, and the
 * frontend, two history processes, matching and the internal worker as five processes of the server
 * built from the module proxy, sharing several history shards. The namespace and the project's search
 * attributes are registered once it answers. Everything lives in one data folder and survives a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { registerSearchAttributes } from '../../engine/search-attribute-registration';
import { postmasterPid, startKeptPostgres, type KeptPostgres } from '../stack/postgres-cluster';
import { lastLines, run, stopProcess } from '../toolchain/child-process';
import { portAccepts, portIsFree } from '../toolchain/free-port';
import { ensureTemporalServer, type TemporalServerTools } from '../toolchain/temporal-server';
import { CLUSTER_DATABASES, clusterPorts, clusterProcesses, processConfigYaml, type ClusterProcess, type ClusterSettings } from './cluster-config';

/** How the cluster is laid out. */
export interface LocalClusterOptions {
  dataDir: string;
  /** The frontend's port; the other processes take the next ones (and +100 for membership). */
  basePort: number;
  postgresPort: number;
  historyShards: number;
  namespace: string;
  log: (line: string) => void;
}

/** A running cluster: its frontend's address, its processes by name, and how to stop or restart one. */
export interface LocalCluster {
  address: string;
  processes: readonly ClusterProcess[];
  /** Stops one process (SIGTERM, then SIGKILL; SIGKILL at once with `kill`), to see the rest carry on. */
  stopProcess(name: string, opts?: { kill?: boolean }): Promise<void>;
  /** Starts a stopped process again with its own configuration. */
  startProcess(name: string): void;
  /** Stops every process, then PostgreSQL; the data stays. */
  stop(): Promise<void>;
  /** The pids of the running server processes and of PostgreSQL's postmaster, for measuring them. */
  pids(): { servers: number[]; postgres: number | null };
}

// Days a closed workflow's history is kept, as Temporal's own default namespace does.
const RETENTION_MS = 3 * 86_400_000;

/** Makes the two databases and brings their schema to this release's latest version (idempotent). */
async function prepareSchema(tools: TemporalServerTools, pg: KeptPostgres, log: (line: string) => void): Promise<void> {
  const base = ['--plugin', 'postgres12', '--ep', '127.0.0.1', '-p', String(pg.port), '-u', 'postgres'];
  for (const [store, database] of Object.entries(CLUSTER_DATABASES)) {
    // Creating and the first setup fail harmlessly once done (--quiet); the update brings any database to the latest version.
    await run(tools.sql, [...base, '--db', database, '--quiet', 'create-database']);
    await run(tools.sql, [...base, '--db', database, '--quiet', 'setup-schema', '-v', '0.0']);
    const versioned = path.join(tools.schemaDir, store === 'default' ? 'temporal' : 'visibility', 'versioned');
    const updated = await run(tools.sql, [...base, '--db', database, 'update-schema', '-d', versioned]);
    if (updated.code !== 0) throw new Error(`the ${database} schema could not be brought up to date:\n${lastLines(updated.stderr, 10)}`);
    log(`schema of ${database} up to date`);
  }
}

/** Waits for the frontend to answer (giving up at once if a process has exited), then registers the namespace (if new) and the project's search attributes. */
async function readyNamespace(address: string, namespace: string, timeoutMs: number, stillRunning: () => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    stillRunning();
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        try {
          await connection.workflowService.describeNamespace({ namespace });
        } catch {
          await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(RETENTION_MS) });
        }
        await registerSearchAttributes(connection, namespace);
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  throw new Error(`the cluster's frontend at ${address} did not become ready: ${last instanceof Error ? last.message : String(last)}`);
}

/** Resolves once something listens on the port; gives up as soon as `stillRunning` throws. */
async function untilListening(port: number, timeoutMs: number, stillRunning: () => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    stillRunning();
    if (await portAccepts(port)) return;
    if (Date.now() > deadline) throw new Error(`nothing listened on 127.0.0.1:${port} within ${timeoutMs / 1_000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// How long the five processes get to form their ring and answer: membership may take a few 30 s
// join rounds on a loaded machine (ringpop retries a bootstrap that runs out of time).
const READY_TIMEOUT_MS = 240_000;

/** The last `lines` lines of a process's log (each cut to 300 characters: they carry stack traces), headed by its file name; '' if it is empty or missing. */
function logTail(file: string, lines: number): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trimEnd();
  } catch {
    return '';
  }
  if (text === '') return '';
  const tail = lastLines(text, lines)
    .split('\n')
    .map((l) => l.slice(0, 300));
  return [`--- ${path.basename(file)} (last ${lines} lines)`, ...tail].join('\n');
}

/** Builds what is missing, starts PostgreSQL and the five processes, and waits until the namespace is ready. */
export async function startLocalCluster(opts: LocalClusterOptions): Promise<LocalCluster> {
  const processes = clusterProcesses(opts.basePort);
  // Every taken port is named at once, so one attempt tells the user all they must free.
  const taken: string[] = [];
  for (const { process, role, port } of clusterPorts(processes)) if (!(await portIsFree(port))) taken.push(`${port} (${process}'s ${role} port)`);
  if (taken.length === 1) throw new Error(`port ${taken[0]} is in use: stop what holds it or choose another base port`);
  if (taken.length > 1) throw new Error(`ports ${taken.join(', ')} are in use: stop what holds them or choose another base port`);
  const tools = await ensureTemporalServer(opts.log);
  const configDir = path.join(opts.dataDir, 'config');
  const logDir = path.join(opts.dataDir, 'logs');
  fs.mkdirSync(configDir, { recursive: true });
  fs.mkdirSync(logDir, { recursive: true });
  const pg = await startKeptPostgres({ dataDir: path.join(opts.dataDir, 'postgres'), port: opts.postgresPort, log: opts.log });
  const children = new Map<string, ChildProcess>();
  const address = `127.0.0.1:${opts.basePort}`;
  const settings: ClusterSettings = {
    postgres: { host: '127.0.0.1', port: pg.port, user: 'postgres', password: '' },
    historyShards: opts.historyShards,
    frontendAddress: address,
    dynamicConfigPath: path.join(configDir, 'dynamic.yaml'),
    logLevel: 'warn',
  };
  const startProcess = (name: string): void => {
    const p = processes.find((q) => q.name === name);
    if (!p) throw new Error(`no cluster process is named ${name}; they are ${processes.map((q) => q.name).join(', ')}`);
    const out = fs.openSync(path.join(logDir, `${p.name}.log`), 'a');
    const child = spawn(tools.server, ['--root', opts.dataDir, '--config', 'config', '--env', p.name, '--allow-no-auth', 'start', '--service', p.service], {
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    children.set(p.name, child);
  };
  const stopAll = async (): Promise<void> => {
    await Promise.all([...children.values()].map((c) => stopProcess(c)));
    children.clear();
    await pg.stop();
  };
  try {
    await prepareSchema(tools, pg, opts.log);
    // IDs of up to 255 characters (the cascade's workflow ids hold a directive and a unit id).
    fs.writeFileSync(settings.dynamicConfigPath, 'limit.maxIDLength:\n  - value: 255\n    constraints: {}\n');
    for (const p of processes) fs.writeFileSync(path.join(configDir, `${p.name}.yaml`), processConfigYaml(p, processes, settings));
    const stillRunning = () => {
      const exited = [...children.entries()].filter(([, c]) => c.exitCode !== null || c.signalCode !== null);
      if (exited.length > 0) throw new Error(`${exited.map(([name, c]) => `${name} exited (${c.exitCode ?? c.signalCode})`).join(', ')}`);
    };
    const startedAt = Date.now();
    // The first process alone until it listens: on a fresh database every process writes the
    // cluster's metadata as it starts, and of several starting at once all but one stopped with
    // "SaveClusterMetadata encountered version mismatch". A process opens its port only after that write.
    const [first, ...rest] = processes as [ClusterProcess, ...ClusterProcess[]];
    startProcess(first.name);
    await untilListening(first.grpcPort, READY_TIMEOUT_MS, stillRunning);
    for (const p of rest) startProcess(p.name);
    opts.log(`started ${processes.map((p) => `${p.name} (:${p.grpcPort})`).join(', ')}; logs in ${logDir}`);
    await readyNamespace(address, opts.namespace, READY_TIMEOUT_MS - (Date.now() - startedAt), stillRunning);
    opts.log(`namespace ${opts.namespace} ready after ${((Date.now() - startedAt) / 1_000).toFixed(1)} s`);
  } catch (err) {
    const states = [...children.entries()].map(
      ([name, c]) => `${name}: ${c.exitCode === null && c.signalCode === null ? 'running' : `exited (${c.exitCode ?? c.signalCode})`}`,
    );
    await stopAll();
    // The processes' own words, so a start that failed on another machine (CI) can be read from its output alone.
    const tails = processes.map((p) => logTail(path.join(logDir, `${p.name}.log`), 5)).filter((t) => t !== '');
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error([`the cluster did not start: ${reason}`, `processes: ${states.join('; ')}`, ...tails].join('\n'));
  }
  return {
    address,
    processes,
    async stopProcess(name, { kill = false } = {}) {
      const child = children.get(name);
      if (child && kill && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGKILL');
        await exited;
      } else if (child) await stopProcess(child);
      children.delete(name);
    },
    startProcess,
    stop: stopAll,
    pids: () => ({
      servers: [...children.values()].map((c) => c.pid).filter((pid): pid is number => pid !== undefined),
      postgres: postmasterPid(path.join(opts.dataDir, 'postgres')),
    }),
  };
}
