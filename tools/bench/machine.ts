/** The machine a run was measured on, for the results file: figures mean little without it. */
import { execFileSync } from 'node:child_process';
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
