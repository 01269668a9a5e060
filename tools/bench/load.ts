/**
 * Load drivers. Open loop: calls start on a fixed schedule whether or not earlier ones have
 * returned, so a slow server shows up as latency and backlog instead of quietly lowering the
 * offered rate. Closed loop: a fixed number of callers, each starting its next call when the last
 * returns, which measures capacity.
 */
import { nowMs, percentiles, round, sleep, type Percentiles } from './stats';

/** One call as the load generator saw it (performance.now() milliseconds). */
export interface CallRecord {
  index: number;
  sentAt: number;
  doneAt: number;
  ok: boolean;
  error: string | null;
}

/** What a run of calls achieved. */
export interface LoadSummary {
  calls: number;
  accepted: number;
  failed: number;
  /** First few distinct error messages. */
  errors: string[];
  seconds: number;
  /** Accepted calls per second, from the first call sent to the last one answered. */
  acceptedPerSecond: number;
  /** Round trip of each accepted call. */
  callMs: Percentiles;
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

function track(records: CallRecord[], index: number, work: () => Promise<void>): Promise<void> {
  const record: CallRecord = { index, sentAt: nowMs(), doneAt: 0, ok: false, error: null };
  records.push(record);
  return work().then(
    () => {
      record.ok = true;
      record.doneAt = nowMs();
    },
    (err: unknown) => {
      record.error = errorText(err);
      record.doneAt = nowMs();
    },
  );
}

/** An open-loop run: its calls, and whether it gave up offering load because the server fell too far behind. */
export interface OpenLoopRun {
  records: CallRecord[];
  /** Items never sent because the backlog guard stopped the run. */
  unsent: number;
}

/**
 * Calls `call` for each item, item i at start + i/rate seconds. At most `maxInFlight` calls are
 * outstanding (default: 5 s worth at the rate); while the cap holds, sending falls behind
 * schedule, and once it is `giveUpAfterMs` behind the rest is not sent: past that point the run
 * only measures a collapse, and on a shared machine that can take many minutes to unwind.
 */
export async function openLoop<T>(
  items: readonly T[],
  ratePerSecond: number,
  call: (item: T, index: number) => Promise<void>,
  opts: { maxInFlight?: number; giveUpAfterMs?: number; onProgress?: (sent: number, done: number) => void; progressEveryMs?: number } = {},
): Promise<OpenLoopRun> {
  const maxInFlight = opts.maxInFlight ?? Math.max(50, Math.ceil(ratePerSecond * 5));
  const giveUpAfterMs = opts.giveUpAfterMs ?? 10_000;
  const records: CallRecord[] = [];
  const pending = new Set<Promise<void>>();
  const start = nowMs();
  let lastProgress = start;
  let sent = 0;
  while (sent < items.length) {
    const due = Math.min(items.length, Math.floor(((nowMs() - start) * ratePerSecond) / 1_000) + 1);
    // How late the next call is against its schedule (only the in-flight cap makes it late).
    if (nowMs() - (start + (sent * 1_000) / ratePerSecond) > giveUpAfterMs) break;
    while (sent < due && pending.size < maxInFlight) {
      const index = sent++;
      const p = track(records, index, () => call(items[index] as T, index)).finally(() => pending.delete(p));
      pending.add(p);
    }
    if (opts.onProgress && nowMs() - lastProgress >= (opts.progressEveryMs ?? 5_000)) {
      lastProgress = nowMs();
      opts.onProgress(sent, records.filter((r) => r.doneAt > 0).length);
    }
    const nextAt = start + (sent * 1_000) / ratePerSecond;
    await sleep(Math.max(1, Math.min(50, nextAt - nowMs())));
  }
  // Draining a backlog can take minutes when the server cannot keep up: keep saying so.
  while (pending.size > 0) {
    let timer: NodeJS.Timeout | undefined;
    const tick = new Promise<void>((resolve) => (timer = setTimeout(resolve, opts.progressEveryMs ?? 5_000)));
    await Promise.race([Promise.all(pending), tick]);
    clearTimeout(timer);
    if (pending.size > 0) opts.onProgress?.(sent, records.filter((r) => r.doneAt > 0).length);
  }
  return { records, unsent: items.length - sent };
}

/**
 * Runs `concurrency` callers for `seconds`; each asks `next()` for its next item (null: none
 * free right now, try again shortly, or none left when `exhausted()` says so) and calls `call` with it.
 */
export async function closedLoop<T>(
  concurrency: number,
  seconds: number,
  next: () => T | null,
  call: (item: T) => Promise<void>,
  exhausted: () => boolean = () => false,
): Promise<CallRecord[]> {
  const records: CallRecord[] = [];
  const stopAt = nowMs() + seconds * 1_000;
  let index = 0;
  const lane = async (): Promise<void> => {
    while (nowMs() < stopAt) {
      const item = next();
      if (item === null) {
        if (exhausted()) return;
        await sleep(2);
        continue;
      }
      await track(records, index++, () => call(item));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return records;
}

/** Rates and round trips of a finished run of calls. */
export function summarize(records: readonly CallRecord[]): LoadSummary {
  return summarizeRounds([records]);
}

/** Seconds from the first call sent to the last one answered. */
function span(records: readonly CallRecord[]): number {
  if (records.length === 0) return 0;
  return (Math.max(...records.map((r) => r.doneAt)) - Math.min(...records.map((r) => r.sentAt))) / 1_000;
}

/**
 * Rates and round trips of several runs of calls taken as one: the seconds are the sum of each
 * run's own span, so the pauses between runs (while something else was measured) do not count.
 */
export function summarizeRounds(rounds: ReadonlyArray<readonly CallRecord[]>): LoadSummary {
  const records = rounds.flat();
  const ok = records.filter((r) => r.ok);
  const seconds = rounds.reduce((sum, r) => sum + span(r), 0);
  const errors = [...new Set(records.filter((r) => r.error !== null).map((r) => r.error as string))].slice(0, 5);
  return {
    calls: records.length,
    accepted: ok.length,
    failed: records.length - ok.length,
    errors,
    seconds: round(seconds, 2),
    acceptedPerSecond: seconds > 0 ? round(ok.length / seconds, 1) : 0,
    callMs: percentiles(ok.map((r) => r.doneAt - r.sentAt)),
  };
}
