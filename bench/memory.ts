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
