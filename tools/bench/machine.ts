/** The machine a run was measured on, for the results file: figures mean little without it. */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import os from 'node:os';

/** See the file comment. */
export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGB: number;
  os: string;
  arch: string;
  node: string;
  hostname: string;
  /** 1, 5 and 15 minute load averages when the run started and ended (the machine may be shared). */
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[] | null;
  /** How fast this machine was when the run started (absent from older files); see calibrate(). */
  calibration?: Calibration;
}

/**
 * Two fixed measures taken before a run, so runs of different days compare: the same code ran a
 * 20,000-unit launch in 29 s on 2 December and 51 s on 3 December on "the same" VM. One core's
 * speed (SHA-256 over 64 MB in 1 MB pieces) and loopback TCP round trips of one small message (what
 * every call between the benchmark's processes pays).
 */
export interface Calibration {
  sha256MBPerSecond: number;
  loopbackRoundTripsPerSecond: number;
}

/** Measures the Calibration (about two seconds). */
export async function calibrate(): Promise<Calibration> {
  const piece = crypto.randomBytes(1024 * 1024);
  let start = performance.now();
  for (let i = 0; i < 64; i++) crypto.createHash('sha256').update(piece).digest();
  const sha256MBPerSecond = Math.round(64 / ((performance.now() - start) / 1_000));
  const server = net.createServer((socket) => socket.on('data', (d) => socket.write(d)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect(port, '127.0.0.1');
  client.setNoDelay(true);
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  const trips = 20_000;
  start = performance.now();
  await new Promise<void>((resolve) => {
    let left = trips;
    client.on('data', () => {
      if (--left === 0) resolve();
      else client.write('x');
    });
    client.write('x');
  });
  const loopbackRoundTripsPerSecond = Math.round(trips / ((performance.now() - start) / 1_000));
  client.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { sha256MBPerSecond, loopbackRoundTripsPerSecond };
}

/** Describes this machine now. */
export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    arch: os.arch(),
    node: process.version,
    hostname: os.hostname(),
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    loadAverageAtEnd: null,
  };
}

/** Current load averages, rounded. */
export function loadAverage(): number[] {
  return os.loadavg().map((l) => Math.round(l * 100) / 100);
}

/** The commit the code was measured at ("<sha>+dirty" with local changes), or null outside git. */
export function gitCommit(cwd: string): string | null {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${sha}+dirty` : sha;
  } catch {
    return null;
  }
}
