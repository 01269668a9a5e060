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

/**
 * The processes one figure stands for: one pid, or several (the cluster's five servers), each with
 * its children when `tree` (PostgreSQL's postmaster and its backends).
 */
export interface ProcessGroup {
  pids: number[];
  tree: boolean;
}

/** Named groups, e.g. { worker: { pids: [123], tree: false }, postgres: { pids: [456], tree: true } }. */
export type ProcessGroups = Record<string, ProcessGroup>;

/** A group of the given pids (nulls, unknown pids, dropped). */
export function processGroup(pids: ReadonlyArray<number | null | undefined>, tree = false): ProcessGroup {
  return { pids: pids.filter((p): p is number => typeof p === 'number'), tree };
}

/** Samples RSS of some process groups every `intervalMs`, keeping the highest value seen per group. */
export class RssSampler {
  private readonly peaks = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly groups: ProcessGroups) {}

  /** Starts sampling (idempotent). */
  start(intervalMs = 1_000): this {
    this.timer ??= setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    this.sample();
    return this;
  }

  /**
   * Takes one sample now. A one-process group counts its kernel high-water mark too (VmHWM); a
   * group of several counts the sum of their current RSS, since their peaks need not coincide.
   */
  sample(): void {
    for (const [name, group] of Object.entries(this.groups)) {
      if (group.pids.length === 0) continue;
      const readings = group.pids.map(readRss);
      const seen =
        readings.length === 1
          ? Math.max(readings[0]!.rssMB ?? 0, readings[0]!.peakMB ?? 0)
          : Math.round(readings.reduce((sum, r) => sum + (r.rssMB ?? 0), 0) * 10) / 10;
      if (seen > (this.peaks.get(name) ?? 0)) this.peaks.set(name, seen);
    }
  }

  /** Highest RSS seen for a group so far, or null. */
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

/** One process of /proc: its parent, its own CPU seconds and those of its children it has waited for. */
interface ProcStat {
  ppid: number;
  own: number;
  reapedChildren: number;
}

/** Fields of a /proc/<pid>/stat line (clock ticks, 100 per second on Linux). */
function parseStat(stat: string): ProcStat {
  // Fields after the command name (which may contain spaces) start after the last ')': ppid is
  // field 4 of the whole line, utime/stime 14-15, cutime/cstime 16-17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    ppid: Number(fields[1]),
    own: (Number(fields[11]) + Number(fields[12])) / 100,
    reapedChildren: (Number(fields[13]) + Number(fields[14])) / 100,
  };
}

function readStat(pid: number): ProcStat | null {
  try {
    return parseStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** Every live process's stat, for the groups that count their children. */
function processTable(): Map<number, ProcStat> {
  const table = new Map<number, ProcStat>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) table.set(Number(entry), stat);
  }
  return table;
}

/**
 * CPU seconds (user + system) a group has used so far; null when none of its processes can be read.
 * A tree group counts each process, its live descendants and the children they have reaped (a
 * PostgreSQL backend that exited is counted in its postmaster's cutime).
 */
export function groupCpuSeconds(group: ProcessGroup, table: Map<number, ProcStat> | null = group.tree ? processTable() : null): number | null {
  let total = 0;
  let seen = false;
  const add = (pid: number, depth: number) => {
    const stat = table?.get(pid) ?? readStat(pid);
    if (!stat) return;
    seen = true;
    total += stat.own + (group.tree ? stat.reapedChildren : 0);
    if (!group.tree || !table || depth > 8) return;
    for (const [child, s] of table) if (s.ppid === pid) add(child, depth + 1);
  };
  for (const pid of group.pids) add(pid, 0);
  return seen ? Math.round(total * 100) / 100 : null;
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

/** CPU seconds of every group now (one scan of /proc for all the tree groups). */
function readGroups(groups: ProcessGroups): Record<string, number | null> {
  const table = Object.values(groups).some((g) => g.tree) ? processTable() : null;
  return Object.fromEntries(Object.entries(groups).map(([k, g]) => [k, groupCpuSeconds(g, g.tree ? table : null)]));
}

/** Starts a CPU reading over `groups`; call the returned function to close it. */
export function cpuMeter(groups: ProcessGroups): () => CpuUse {
  const start = Date.now();
  const before = readGroups(groups);
  const machineBefore = machineCpuSeconds();
  return () => {
    const after = readGroups(groups);
    const byProcess: Record<string, number | null> = {};
    for (const k of Object.keys(groups)) {
      const a = before[k] ?? null;
      const b = after[k] ?? null;
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
