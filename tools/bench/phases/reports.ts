/**
 * Report ingestion through CascadeClient.report: open loop at steady rates, with the latency from
 * each report's acceptance to its appearance in the root's rollup; then capacity, closed loop,
 * with corrections (the same update path) so it is not limited by units left to report.
 *
 * Attribution: the root rollup carries counts, not ids, so the sampler polls the root's done
 * count and the k-th accepted report (by acceptance time) is taken to arrive with the first sample
 * counting k more done units than before the phase. Reports overtaking each other make single
 * latencies approximate; the distribution stays right.
 */
import type { RollupView } from '../../../src/domain/track/rollup';
import type { UnitView } from '../../../src/engine/protocol';
import type { BenchContext } from '../context';
import type { GeneratedOrg } from '../generate-org';
import { closedLoop, openLoop, summarize, type CallRecord, type LoadSummary } from '../load';
import { createRng } from '../prng';
import { inPool, nowMs, percentiles, round, sleep, type Percentiles } from '../stats';
import { rootRollup } from './launch';

/** The figures of a completion report that rollups sum. */
export interface ReportFigures {
  attendees: number;
  members: number;
  essaysSubmitted: number;
  essaysExpected: number;
}

/** One unit's planned report. */
export interface ReportPlan {
  unitId: string;
  level: string;
  figures: ReportFigures;
}

/** Every unit but the root, in a seeded random order, each with plausible figures (a few members absent, a few essays missing). */
export function planReports(org: GeneratedOrg): ReportPlan[] {
  const rng = createRng(`${org.seed}/reports/${org.counts.units}`);
  const plans = org.units
    .filter((u) => u.parentId !== null)
    .map((u) => {
      const members = Number(u.members);
      const essaysExpected = Number(u.essaysExpected);
      return {
        unitId: u.id,
        level: u.level,
        figures: {
          members,
          attendees: members - rng.int(0, Math.floor(members * 0.06)),
          essaysExpected,
          essaysSubmitted: essaysExpected - rng.int(0, Math.floor(essaysExpected * 0.08)),
        },
      };
    });
  return rng.shuffle(plans);
}

/** The report as a unit would submit it. */
export function reportBody(unitId: string, figures: ReportFigures, conferenceDate: string, sequence: number): Record<string, unknown> {
  return {
    conferenceDate,
    documentDate: conferenceDate,
    documentNumber: `${(sequence % 999_999) + 1}-KH/ĐU`,
    ...figures,
    reportedBy: `Văn phòng ${unitId}`,
  };
}

/** What the root's rollup must say once every accepted report has arrived: the latest figures per unit. */
export class ReportLedger {
  private readonly latest = new Map<string, { level: string; figures: ReportFigures }>();

  /** Records an accepted report or correction. */
  set(unitId: string, level: string, figures: ReportFigures): void {
    this.latest.set(unitId, { level, figures });
  }

  /** The latest accepted figures of a unit, or null if it has not reported. */
  figuresOf(unitId: string): ReportFigures | null {
    return this.latest.get(unitId)?.figures ?? null;
  }

  /** Units with an accepted report. */
  reportedUnits(): Array<{ unitId: string; level: string; figures: ReportFigures }> {
    return [...this.latest].map(([unitId, v]) => ({ unitId, ...v }));
  }

  /** Done units per level. */
  doneByLevel(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const { level } of this.latest.values()) out[level] = (out[level] ?? 0) + 1;
    return out;
  }

  /** Σ of each figure over the latest reports. */
  totals(): ReportFigures {
    return sumFigures([...this.latest.values()].map((l) => l.figures));
  }
}

/** Σ of each figure over `all`: what a root rollup must add up to. */
export function sumFigures(all: Iterable<ReportFigures>): ReportFigures {
  const sum: ReportFigures = { attendees: 0, members: 0, essaysSubmitted: 0, essaysExpected: 0 };
  for (const f of all) {
    sum.attendees += f.attendees;
    sum.members += f.members;
    sum.essaysSubmitted += f.essaysSubmitted;
    sum.essaysExpected += f.essaysExpected;
  }
  return sum;
}

/** Done units in a rollup, all levels. */
export function doneIn(rollup: RollupView): number {
  return rollup.levels.reduce((sum, l) => sum + l.done, 0);
}

/** One steady-rate phase. */
export interface SteadyReportPhase extends LoadSummary {
  offeredPerSecond: number;
  /** Rate at which reports actually went out (lower than offered only if the in-flight cap was hit). */
  sentPerSecond: number;
  /** Acceptance → counted in the root rollup. */
  rollupLatencyMs: Percentiles;
  /** Accepted reports the root had not counted when the sampler gave up. */
  unattributed: number;
  /** Root rollup samples taken. */
  samples: number;
  /** Reports not sent because sending fell 10 s behind schedule with 5 s worth outstanding (see openLoop). */
  unsent: number;
  /** Calls that failed (timeout, aborted update) but whose report the unit holds anyway: an outcome the caller could not know. */
  failedButRecorded: number;
  /** Failed calls whose outcome could not be read back either. */
  failedUnknown: number;
}

/**
 * After a failed call the outcome is unknown (an update RPC that timed out may still have been
 * applied). Reads each such unit back through the client and records what it actually holds, so
 * the rollup check compares the root with the units. A committee still digesting a backlog may not
 * answer at once: each read is retried for up to a minute, then counted as unknown.
 */
export async function reconcileFailed(
  ctx: BenchContext,
  directiveId: string,
  failed: ReadonlyArray<FailedCall>,
  ledger: ReportLedger,
): Promise<{ landed: number; unknown: number }> {
  let landed = 0;
  let unknown = 0;
  await inPool(failed, 8, async ({ unitId, level, repeat }) => {
    for (let attempt = 1; ; attempt++) {
      try {
        // Whether the engine applied the call although the caller heard nothing back.
        if ((await ctx.cascade.unit(directiveId, unitId)).report) landed += 1;
        // Then what the error tells every caller to do: send the same request again. A repeat is
        // recognised (same update id) and answers the first outcome, and the caller writes that
        // outcome's journal entries, which the timed-out call never got to write.
        const view = await repeat();
        if (view.report) {
          const { attendees, members, essaysSubmitted, essaysExpected } = view.report;
          ledger.set(unitId, level, { attendees, members, essaysSubmitted, essaysExpected });
        }
        return;
      } catch {
        if (attempt >= 12) {
          unknown += 1;
          return;
        }
        await sleep(5_000);
      }
    }
  });
  return { landed, unknown };
}

/** A call that failed at the caller, and how to send exactly the same request again. */
export interface FailedCall {
  unitId: string;
  level: string;
  repeat: () => Promise<UnitView>;
}

/** Acceptance time of the k-th report → first sample counting k more done → latency. */
export function attributeLatencies(
  acceptedAt: readonly number[],
  samples: ReadonlyArray<{ at: number; done: number }>,
): { latencies: number[]; unattributed: number } {
  const accepted = [...acceptedAt].sort((a, b) => a - b);
  const latencies: number[] = [];
  let s = 0;
  let seen = 0;
  for (let k = 0; k < accepted.length; k++) {
    while (s < samples.length && seen < k + 1) {
      seen = Math.max(seen, samples[s]!.done);
      if (seen < k + 1) s++;
    }
    if (s >= samples.length) return { latencies, unattributed: accepted.length - k };
    latencies.push(Math.max(0, samples[s]!.at - accepted[k]!));
  }
  return { latencies, unattributed: 0 };
}

/** Sends `plans` as first reports at `rate`/s (open loop) and measures acceptance and propagation to the root. */
export async function runSteadyReports(
  ctx: BenchContext,
  target: { directiveId: string; rootWorkflowId: string; conferenceDate: string },
  plans: readonly ReportPlan[],
  rate: number,
  ledger: ReportLedger,
  opts: { sampleEveryMs?: number; drainTimeoutMs?: number } = {},
): Promise<SteadyReportPhase> {
  const before = await rootRollup(ctx, target.directiveId);
  if (!before) throw new Error(`the rollup of ${target.directiveId} cannot be read`);
  const done0 = doneIn(before);
  const samples: Array<{ at: number; done: number }> = [];
  // The k-th report's request: sent again unchanged if its call fails (see reconcileFailed).
  const sendReport = (plan: ReportPlan, k: number) =>
    ctx.cascade.report(target.directiveId, plan.unitId, reportBody(plan.unitId, plan.figures, target.conferenceDate, k), `Văn phòng ${plan.unitId}`);
  let accepted = Number.POSITIVE_INFINITY;
  let sendingFinishedAt: number | null = null;
  const drainTimeoutMs = opts.drainTimeoutMs ?? 60_000;
  const sampler = (async () => {
    for (;;) {
      const rollup = await rootRollup(ctx, target.directiveId);
      if (rollup) samples.push({ at: nowMs(), done: doneIn(rollup) - done0 });
      const last = samples[samples.length - 1]?.done ?? 0;
      if (sendingFinishedAt !== null && (last >= accepted || nowMs() - sendingFinishedAt > drainTimeoutMs)) return;
      await sleep(opts.sampleEveryMs ?? 100);
    }
  })();

  const { records, unsent }: { records: CallRecord[]; unsent: number } = await openLoop(
    plans,
    rate,
    async (plan, i) => {
      await sendReport(plan, i);
      ledger.set(plan.unitId, plan.level, plan.figures);
    },
    { onProgress: (sent, finished) => ctx.log(`reports at ${rate}/s: ${sent} sent, ${finished} answered`) },
  );
  const ok = records.filter((r) => r.ok);
  accepted = ok.length;
  sendingFinishedAt = nowMs();
  await sampler;

  const { latencies, unattributed } = attributeLatencies(
    ok.map((r) => r.doneAt),
    samples,
  );
  const failed = records
    .filter((r) => !r.ok)
    .map((r) => {
      const plan = plans[r.index]!;
      return { unitId: plan.unitId, level: plan.level, repeat: () => sendReport(plan, r.index) };
    });
  const reconciled = await reconcileFailed(ctx, target.directiveId, failed, ledger);
  const sentSpan = (Math.max(...records.map((r) => r.sentAt)) - Math.min(...records.map((r) => r.sentAt))) / 1_000;
  return {
    offeredPerSecond: rate,
    sentPerSecond: sentSpan > 0 ? round((records.length - 1) / sentSpan, 1) : 0,
    ...summarize(records),
    rollupLatencyMs: percentiles(latencies),
    unattributed,
    samples: samples.length,
    unsent,
    failedButRecorded: reconciled.landed,
    failedUnknown: reconciled.unknown,
  };
}

/**
 * The corrections a capacity measurement sends: reported units in turn, never two at once for one
 * unit, and every command new. A command identical to an earlier one (same unit, figures and
 * document number) gets the same update id, and Temporal answers it from its record of the first
 * without running the workflow at all: rounds that repeated earlier rounds' commands would measure
 * that shortcut, not the report path. So the cursor and the sequence carry on across rounds.
 *
 * The units go round in a seeded random order, not the order their reports were accepted in: a
 * busy committee accepts several reports in one workflow task, so in acceptance order the units of
 * one committee sit together, and corrections sent in that order would share workflow tasks, which
 * the bare updates they are compared with never do (docs/decisions.md, 4 December 2026).
 */
export class CorrectionFeed implements ReportFeed<{ unitId: string; level: string; figures: ReportFigures }> {
  private readonly units: Array<{ unitId: string; level: string; figures: ReportFigures }>;
  private readonly rng: ReturnType<typeof createRng>;
  private readonly busy = new Set<string>();
  private cursor = 0;
  private sequence = 0;

  constructor(
    private readonly target: { directiveId: string; conferenceDate: string },
    private readonly ledger: ReportLedger,
    seed: string,
  ) {
    this.rng = createRng(`${seed}/corrections`);
    this.units = this.rng.shuffle(ledger.reportedUnits());
    if (this.units.length === 0) throw new Error('no unit has reported yet, so there is nothing to correct; run a steady phase first');
  }

  /** Corrections go round the reported units for ever. */
  exhausted(): boolean {
    return false;
  }

  /** The next unit without a correction in flight, or null if every unit has one. */
  next(): { unitId: string; level: string; figures: ReportFigures } | null {
    for (let tries = 0; tries < this.units.length; tries++) {
      const unit = this.units[this.cursor++ % this.units.length]!;
      if (!this.busy.has(unit.unitId)) {
        this.busy.add(unit.unitId);
        return unit;
      }
    }
    return null;
  }

  /** Sends one correction to `unit` (from next()) with new attendance, and records it in the ledger once accepted. */
  async send(ctx: BenchContext, unit: { unitId: string; level: string; figures: ReportFigures }, failed: FailedCall[]): Promise<void> {
    const figures: ReportFigures = { ...unit.figures, attendees: Math.max(0, unit.figures.members - this.rng.int(0, Math.floor(unit.figures.members * 0.06))) };
    const body = reportBody(unit.unitId, figures, this.target.conferenceDate, this.sequence++);
    const send = () => ctx.cascade.correct(this.target.directiveId, unit.unitId, body, `Văn phòng ${unit.unitId}`);
    try {
      await send();
      unit.figures = figures;
      this.ledger.set(unit.unitId, unit.level, figures);
    } catch (err) {
      failed.push({ unitId: unit.unitId, level: unit.level, repeat: send });
      throw err;
    } finally {
      this.busy.delete(unit.unitId);
    }
  }
}

/**
 * The first reports a capacity measurement sends: units that have not reported, each once, in the
 * benchmark's order (district committees last, so the overdue list keeps rows). A first report
 * changes the unit's status, cancels its reminders and moves its committee's counts: the path a
 * unit takes once per directive, unlike a correction.
 */
export class FirstReportFeed implements ReportFeed<ReportPlan> {
  private cursor = 0;
  private sequence = 0;

  constructor(
    private readonly target: { directiveId: string; conferenceDate: string },
    private readonly plans: readonly ReportPlan[],
    private readonly ledger: ReportLedger,
  ) {}

  /** True once every unit has been sent. */
  exhausted(): boolean {
    return this.cursor >= this.plans.length;
  }

  /** The next unit to report, or null when every unit has been sent. */
  next(): ReportPlan | null {
    return this.cursor < this.plans.length ? this.plans[this.cursor++]! : null;
  }

  /** Sends the unit's report, and records it in the ledger once accepted. */
  async send(ctx: BenchContext, plan: ReportPlan, failed: FailedCall[]): Promise<void> {
    const body = reportBody(plan.unitId, plan.figures, this.target.conferenceDate, 500_000 + this.sequence++);
    const send = () => ctx.cascade.report(this.target.directiveId, plan.unitId, body, `Văn phòng ${plan.unitId}`);
    try {
      await send();
      this.ledger.set(plan.unitId, plan.level, plan.figures);
    } catch (err) {
      failed.push({ unitId: plan.unitId, level: plan.level, repeat: send });
      throw err;
    }
  }
}

/** Where a closed loop of reports takes its next unit: first reports (each unit once) or corrections (round and round). */
export interface ReportFeed<T> {
  next(): T | null;
  send(ctx: BenchContext, item: T, failed: FailedCall[]): Promise<void>;
  /** True once no unit will ever come again. */
  exhausted(): boolean;
}

/** `concurrency` callers send from `feed` for `seconds` (or until it runs out); failed calls are added to `failed`. */
export function sendFromFeed<T>(
  ctx: BenchContext,
  feed: ReportFeed<T>,
  failed: FailedCall[],
  opts: { concurrency: number; seconds: number },
): Promise<CallRecord[]> {
  return closedLoop(
    opts.concurrency,
    opts.seconds,
    () => feed.next(),
    (item) => feed.send(ctx, item, failed),
    () => feed.exhausted(),
  );
}

/** What first reports or corrections at saturation achieved, failed calls read back. */
export type SaturatedReports = { concurrency: number; kind: 'first-report' | 'correction'; failedButRecorded: number; failedUnknown: number } & LoadSummary;
