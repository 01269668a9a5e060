import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run, runOrThrow } from '../toolchain/child-process';
import { freePort } from '../toolchain/free-port';

/** A PostgreSQL server this process started, and how to remove it. */
export interface ThrowawayPostgres {
  url: string;
  port: number;
  dataDir: string;
  /** Stops the server and deletes its data. */
  stop(): Promise<void>;
  /**
   * Stops the server but keeps its data (`pg_ctl stop -m fast`: clients are disconnected, committed
   * work is on disk), so `startServer()` brings the same database back on the same port. For
   * fault-injection tests of a database outage.
   */
  stopServer(): Promise<void>;
  /** Starts a server stopped by `stopServer()` again, on the same port and data folder. */
  startServer(): Promise<void>;
}

/** Finds the PostgreSQL server binaries (initdb, pg_ctl): PG_BIN_DIR, else Debian's newest. */
export function findPostgresBinDir(): string {
  const candidates: string[] = [];
  if (process.env.PG_BIN_DIR) candidates.push(process.env.PG_BIN_DIR);
  const debianRoot = '/usr/lib/postgresql';
  if (fs.existsSync(debianRoot)) {
    const versions = fs
      .readdirSync(debianRoot)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debianRoot, v, 'bin')));
  }
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl')));
  if (!found) {
    throw new Error(
      'No PostgreSQL server binaries found (initdb, pg_ctl). Install them with `apt-get install postgresql`, ' +
        'set PG_BIN_DIR to their folder, or set DATABASE_URL to an existing server.',
    );
  }
  return found;
}

// initdb refuses to run as root; as root we run the server as Debian's `postgres` user.
function asServerUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return ['runuser', ['-u', 'postgres', '--', command, ...args]];
}

async function initCluster(bin: string, dataDir: string, extra: string[]): Promise<void> {
  await runOrThrow(...asServerUser(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', ...extra]));
}

function serverOptionsFor(port: number, dataDir: string, settings: string[]): string {
  return [`-p ${port}`, `-k ${dataDir}`, "-c listen_addresses='127.0.0.1'", ...settings].join(' ');
}

/** A PostgreSQL server kept in a folder of its own across runs (the local Temporal cluster's). */
/** The postmaster's pid from the first line of postmaster.pid in its data folder, or null when it is not running. */
export function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export interface KeptPostgres {
  url: string;
  port: number;
  /** Stops the server (fast: clients disconnected, committed work on disk); the data stays. */
  stop(): Promise<void>;
}

/**
 * Starts the cluster in `dataDir` on loopback `port`, creating it first when the folder holds none.
 * Durable (the defaults): what it holds outlives the run. Trust authentication on loopback only.
 */
export async function startKeptPostgres(opts: { dataDir: string; port: number; log?: (line: string) => void }): Promise<KeptPostgres> {
  const bin = findPostgresBinDir();
  const { dataDir, port } = opts;
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (process.getuid?.() === 0) await runOrThrow('chown', ['-R', 'postgres:postgres', dataDir]);
    await initCluster(bin, dataDir, []);
    opts.log?.(`created a PostgreSQL cluster in ${dataDir}`);
  }
  const pgCtl = path.join(bin, 'pg_ctl');
  const options = serverOptionsFor(port, dataDir, ['-c max_connections=300']);
  await runOrThrow(...asServerUser(pgCtl, ['-D', dataDir, '-o', options, '-l', path.join(dataDir, 'server.log'), '-w', '-t', '60', 'start']));
  opts.log?.(`PostgreSQL (${bin}) on 127.0.0.1:${port}, data in ${dataDir}`);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      await run(...asServerUser(pgCtl, ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']));
    },
  };
}

/**
 * Creates a cluster in a temp folder (initdb) and starts it on a free loopback port (pg_ctl).
 * Durability settings are off: the cluster lives for one test run and is deleted after.
 */
export async function startThrowawayPostgres(opts: { log?: (line: string) => void } = {}): Promise<ThrowawayPostgres> {
  const bin = findPostgresBinDir();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-pg-'));
  if (process.getuid?.() === 0) await runOrThrow('chown', ['-R', 'postgres:postgres', dataDir]);
  const port = await freePort();
  await initCluster(bin, dataDir, ['--no-sync']);
  const serverOptions = serverOptionsFor(port, dataDir, ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=200']);
  const pgCtl = path.join(bin, 'pg_ctl');
  const startServer = async () => {
    await runOrThrow(...asServerUser(pgCtl, ['-D', dataDir, '-o', serverOptions, '-l', path.join(dataDir, 'server.log'), '-w', '-t', '60', 'start']));
  };
  await startServer();
  opts.log?.(`PostgreSQL (${bin}) on 127.0.0.1:${port}, data in ${dataDir}`);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    async stop() {
      await run(...asServerUser(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    // Fast, not immediate: with synchronous_commit=off an immediate stop may drop the last
    // committed transactions, a loss of this throwaway configuration, not of the application.
    async stopServer() {
      await runOrThrow(...asServerUser(pgCtl, ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']));
    },
    startServer,
  };
}
