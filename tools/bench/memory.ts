/** Resident memory of the processes the benchmark owns, read from /proc (Linux). */
import fs from 'node:fs';

/** Current and peak resident set of one process, in MB; null where /proc cannot tell. */
export interface Rss {
  rssMB: number | null;
  peakMB: number | null;
}

function field(status: string, name: string): number | null {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : null;
}

/** VmRSS and VmHWM (the kernel's high-water mark since the process started) of `pid`. */
export function readRss(pid: number | null): Rss {
  if (pid === null) return { rssMB: null, peakMB: null };
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rssMB: field(status, 'VmRSS'), peakMB: field(status, 'VmHWM') };
  } catch {
    return { rssMB: null, peakMB: null };
  }
}

/** Samples RSS of some processes every `intervalMs`, keeping the highest value seen per process. */
export class RssSampler {
  private readonly peaks = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly pids: Record<string, number | null>) {}

  /** Starts sampling (idempotent). */
  start(intervalMs = 1_000): this {
    this.timer ??= setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    this.sample();
    return this;
  }

  /** Takes one sample now. */
  sample(): void {
    for (const [name, pid] of Object.entries(this.pids)) {
      const { rssMB, peakMB } = readRss(pid);
      const seen = Math.max(rssMB ?? 0, peakMB ?? 0);
      if (seen > (this.peaks.get(name) ?? 0)) this.peaks.set(name, seen);
    }
  }

  /** Highest RSS seen for a process so far (VmHWM included), or null. */
  peak(name: string): number | null {
    this.sample();
    return this.peaks.get(name) ?? null;
  }

  /** Stops sampling. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** utime + stime of a /proc/.../stat line, in seconds (clock ticks, 100 per second on Linux). */
function statCpuSeconds(stat: string): number {
  // Fields after the command name (which may contain spaces) start after the last ')'; utime and
  // stime are fields 14 and 15 of the whole line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; null where unknown. */
export function cpuSeconds(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    return statCpuSeconds(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** Busy and total CPU seconds of the whole machine (all processes, all cores), from /proc/stat. */
export function machineCpuSeconds(): { busy: number; total: number } | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    const total = ticks.reduce((a, b) => a + b, 0);
    return { busy: (total - idle) / 100, total: total / 100 };
  } catch {
    return null;
  }
}

/** CPU seconds spent by each owned process, and by the whole machine, between two readings. */
export interface CpuUse {
  seconds: number;
  byProcess: Record<string, number | null>;
  /** Busy CPU seconds of the whole machine (other users' processes included) and its capacity (cores × seconds). */
  machineBusy: number | null;
  machineCapacity: number | null;
}

/** Two readings of the same processes taken as one (a phase measured in rounds). */
export function addCpu(a: CpuUse, b: CpuUse): CpuUse {
  const sum = (x: number | null | undefined, y: number | null | undefined) =>
    x === null || x === undefined || y === null || y === undefined ? null : Math.round((x + y) * 10) / 10;
  const byProcess: Record<string, number | null> = {};
  for (const k of new Set([...Object.keys(a.byProcess), ...Object.keys(b.byProcess)])) byProcess[k] = sum(a.byProcess[k], b.byProcess[k]);
  return {
    seconds: sum(a.seconds, b.seconds) ?? 0,
    byProcess,
    machineBusy: sum(a.machineBusy, b.machineBusy),
    machineCapacity: sum(a.machineCapacity, b.machineCapacity),
  };
}

/** Starts a CPU reading over `pids`; call the returned function to close it. */
export function cpuMeter(pids: Record<string, number | null>): () => CpuUse {
  const start = Date.now();
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
  const machineBefore = machineCpuSeconds();
  return () => {
    const byProcess: Record<string, number | null> = {};
    for (const [k, pid] of Object.entries(pids)) {
      const a = before[k] ?? null;
      const b = cpuSeconds(pid);
      byProcess[k] = a === null || b === null ? null : Math.round((b - a) * 10) / 10;
    }
    const machineAfter = machineCpuSeconds();
    return {
      seconds: Math.round((Date.now() - start) / 100) / 10,
      byProcess,
      machineBusy: machineBefore && machineAfter ? Math.round((machineAfter.busy - machineBefore.busy) * 10) / 10 : null,
      machineCapacity: machineBefore && machineAfter ? Math.round((machineAfter.total - machineBefore.total) * 10) / 10 : null,
    };
  };
}
