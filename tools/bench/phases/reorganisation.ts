/**
 * A reorganisation under load: the district level of the running bench directive is dissolved
 * (`dissolve: { level: 'district' }`: ~700 district committees end, their ~54,000 cells go up to
 * their provinces at 55,000 units) through CascadeClient.reorganise, while first reports and
 * corrections to random cells keep arriving at a steady rate through the same client. Measured:
 * the wall time of reorganise; reports lost (calls that failed, or whose unit's projection does
 * not show what the call was told it recorded); emails sent twice (a Message-ID the sink saw
 * before); whether the supervisors' rollups of the root and a few provinces equal a recount of the
 * projection rows and, for the root, what the load sent; and the largest committee history after.
 */
import type { DirectiveReorgOutcome } from '../../../src/app/reorganise-directive';
import type { RollupView } from '../../../src/domain/track/rollup';
import { vnIsoDate } from '../../../src/domain/time/vn-time';
import { projectedFigures, recountProjection, type LevelRecount } from '../../../src/store/projection-recount';
import type { BenchContext } from '../context';
import type { GeneratedOrg } from '../generate-org';
import { summarize, type CallRecord, type LoadSummary } from '../load';
import { createRng } from '../prng';
import { nowMs, round, sleep } from '../stats';
import { measureHistories, type HistoryMeasurement } from './histories';
import { planReports, reconcileFailed, reportBody, sumFigures, type FailedCall, type ReportFigures, type ReportLedger } from './reports';

/** The plan applied: every district-level unit dissolved, its children going up to its parent. */
export const REORG_OPERATIONS = [{ dissolve: { level: 'district' } }] as const;

/** How long the load runs before the reorganisation starts and after it ends, so both edges are covered. */
const EDGE_SECONDS = 2;
/** Document numbers of this phase's reports start here, so no command repeats one of an earlier phase. */
const SEQUENCE_BASE = 700_000;

/** One rollup compared with its recount. */
export interface RollupRecountCheck {
  /** null: the national rollup. */
  unitId: string | null;
  exact: boolean;
  mismatches: string[];
}

/** What the phase measured. */
export interface ReorganisationMeasurement {
  plan: { effectiveAt: string; operations: typeof REORG_OPERATIONS };
  /** Wall time of CascadeClient.reorganise. */
  reorganiseSeconds: number;
  outcome: DirectiveReorgOutcome | null;
  /** Why reorganise failed, or null. */
  error: string | null;
  /** The steady load of reports and corrections around and during the reorganisation. */
  load: LoadSummary & {
    offeredPerSecond: number;
    reports: number;
    corrections: number;
    /** Calls in flight at some moment while reorganise ran. */
    duringReorganisation: number;
  };
  lost: {
    /** Calls that failed at the caller (their requests were then sent again, see reconcileFailed). */
    failedCalls: number;
    /** Failed calls whose report the unit held anyway. */
    failedButRecorded: number;
    /** Failed calls whose outcome could not be read back at all. */
    failedUnknown: number;
    /** Units whose projection does not show the latest figures a call was told it recorded. */
    notShown: number;
    /** failedCalls + notShown: target 0. */
    total: number;
    examples: string[];
  };
  mail: {
    /** Emails the sink received more than once (same Message-ID), over the whole run: target 0. */
    duplicateEmails: number;
    /** Notices beyond the first for a unit, over the whole run. */
    duplicateNotices: number;
    /** Emails that reached the sink during the phase, by kind. */
    sentDuringPhase: Record<string, number>;
  };
  /** Supervisors' rollups against recounts: the root also against the organisation and what the load sent. */
  rollup: { exact: boolean; checks: RollupRecountCheck[]; settledAfterMs: number | null };
  histories: HistoryMeasurement;
}

/** What the caller lends the phase. */
export interface ReorganisationOptions {
  rate: number;
  seed: string;
  conferenceDate: string;
  /** Waits until worker and server are nearly idle. */
  quiet: () => Promise<unknown>;
  /** Meters the CPU of the reorganise call itself. */
  meter: <T>(phase: 'reorganisation', work: () => Promise<T>) => Promise<T>;
  named: { root: string; province: string; district: string };
}

interface LoadCall extends CallRecord {
  unitId: string;
  kind: 'report' | 'correction';
}

/** dd/mm/yyyy of today in Vietnam: a plan takes effect when it is applied. */
function todayVn(): string {
  const [y, m, d] = vnIsoDate(new Date().toISOString()).split('-');
  return `${d}/${m}/${y}`;
}

const sameFigures = (
  a: ReportFigures,
  b: { attendees: number | null; members: number | null; essaysSubmitted: number | null; essaysExpected: number | null },
) => a.attendees === b.attendees && a.members === b.members && a.essaysSubmitted === b.essaysSubmitted && a.essaysExpected === b.essaysExpected;

/**
 * Reports to cells that have none, corrections to cells that have one, at `rate`/s (open loop)
 * until `stop()` says so; never two calls at once for one cell, and a cell whose call failed is
 * left alone until it is read back.
 */
class CellLoad {
  readonly calls: LoadCall[] = [];
  readonly failed: FailedCall[] = [];
  private readonly cells: Array<{ unitId: string; level: string; figures: ReportFigures }>;
  private readonly busy = new Set<string>();
  private readonly rng;
  private sequence = SEQUENCE_BASE;

  constructor(
    private readonly ctx: BenchContext,
    private readonly directiveId: string,
    private readonly conferenceDate: string,
    private readonly ledger: ReportLedger,
    org: GeneratedOrg,
    seed: string,
  ) {
    this.cells = planReports(org).filter((p) => p.level === 'cell');
    this.rng = createRng(`${seed}/reorganisation`);
  }

  async run(rate: number, stopped: () => boolean): Promise<void> {
    const maxInFlight = Math.max(50, rate * 5);
    const pending = new Set<Promise<void>>();
    const start = nowMs();
    let sent = 0;
    while (!stopped()) {
      const due = Math.floor(((nowMs() - start) * rate) / 1_000) + 1;
      while (sent < due && pending.size < maxInFlight) {
        const cell = this.pick();
        if (!cell) break;
        sent += 1;
        const p = this.send(cell).finally(() => pending.delete(p));
        pending.add(p);
      }
      await sleep(Math.max(1, Math.min(50, start + (sent * 1_000) / rate - nowMs())));
    }
    await Promise.all(pending);
  }

  private pick(): { unitId: string; level: string; figures: ReportFigures } | null {
    for (let tries = 0; tries < 50; tries++) {
      const cell = this.cells[this.rng.int(0, this.cells.length - 1)]!;
      if (!this.busy.has(cell.unitId)) return cell;
    }
    return null;
  }

  private async send(cell: { unitId: string; level: string; figures: ReportFigures }): Promise<void> {
    this.busy.add(cell.unitId);
    const held = this.ledger.figuresOf(cell.unitId);
    const kind: LoadCall['kind'] = held ? 'correction' : 'report';
    const figures: ReportFigures = held ? { ...held, attendees: Math.max(0, held.members - this.rng.int(0, Math.floor(held.members * 0.06))) } : cell.figures;
    const body = reportBody(cell.unitId, figures, this.conferenceDate, this.sequence++);
    const actor = `Văn phòng ${cell.unitId}`;
    const call = () =>
      kind === 'report'
        ? this.ctx.cascade.report(this.directiveId, cell.unitId, body, actor)
        : this.ctx.cascade.correct(this.directiveId, cell.unitId, body, actor);
    const record: LoadCall = { index: this.calls.length, unitId: cell.unitId, kind, sentAt: nowMs(), doneAt: 0, ok: false, error: null };
    this.calls.push(record);
    try {
      await call();
      record.ok = true;
      this.ledger.set(cell.unitId, cell.level, figures);
      this.busy.delete(cell.unitId);
    } catch (err) {
      record.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      // Left busy: its outcome is unknown until reconcileFailed reads it back and repeats it.
      this.failed.push({ unitId: cell.unitId, level: cell.level, repeat: call });
    } finally {
      record.doneAt = nowMs();
    }
  }
}

function compareRecount(unitId: string | null, rollup: RollupView | null, recount: readonly LevelRecount[]): RollupRecountCheck {
  if (!rollup) return { unitId, exact: false, mismatches: [`${unitId ?? 'root'}: the rollup cannot be read`] };
  const mismatches: string[] = [];
  const where = unitId ?? 'root';
  const byLevel = new Map(recount.map((r) => [r.level, r]));
  for (const level of new Set([...rollup.levels.map((l) => l.level), ...byLevel.keys()])) {
    const l = rollup.levels.find((x) => x.level === level);
    const r = byLevel.get(level);
    const received = l ? l.expected + l.exempted + l.withdrawn : 0;
    if (received !== (r?.units ?? 0)) mismatches.push(`${where} ${level}: rollup counts ${received} units, the projection has ${r?.units ?? 0}`);
    if ((l?.done ?? 0) !== (r?.done ?? 0)) mismatches.push(`${where} ${level}: rollup counts ${l?.done ?? 0} done, the projection ${r?.done ?? 0}`);
  }
  mismatches.push(...figureMismatches(where, rollup, sumFigures(recount), 'the projection'));
  return { unitId, exact: mismatches.length === 0, mismatches };
}

/** The root after the dissolution against the organisation and the load: provinces and cells, no districts, the ledger's latest reports of them. */
function compareWithLedger(org: GeneratedOrg, ledger: ReportLedger, rollup: RollupView | null): RollupRecountCheck {
  if (!rollup) return { unitId: null, exact: false, mismatches: ['root: the rollup cannot be read'] };
  const mismatches: string[] = [];
  const kept = ledger.reportedUnits().filter((u) => u.level !== 'district');
  const received: Record<string, number> = { province: org.counts.provinces, district: 0, cell: org.counts.cells };
  for (const [level, units] of Object.entries(received)) {
    const l = rollup.levels.find((x) => x.level === level);
    const got = l ? l.expected + l.exempted + l.withdrawn : 0;
    if (got !== units) mismatches.push(`root ${level}: rollup counts ${got} units, the organisation has ${units} after the dissolution`);
    const done = kept.filter((u) => u.level === level).length;
    if ((l?.done ?? 0) !== done) mismatches.push(`root ${level}: rollup counts ${l?.done ?? 0} done, ${done} reports were accepted`);
  }
  mismatches.push(...figureMismatches('root', rollup, sumFigures(kept.map((u) => u.figures)), 'the accepted reports'));
  return { unitId: null, exact: mismatches.length === 0, mismatches };
}

/** Where a rollup's attendance and essay sums differ from `sums` (what `source` adds up to). */
function figureMismatches(where: string, rollup: RollupView, sums: ReturnType<typeof sumFigures>, source: string): string[] {
  const actual = {
    attendees: rollup.attendance.attendees,
    members: rollup.attendance.members,
    essaysSubmitted: rollup.essays.submitted,
    essaysExpected: rollup.essays.expected,
  };
  return (['attendees', 'members', 'essaysSubmitted', 'essaysExpected'] as const)
    .filter((key) => actual[key] !== sums[key])
    .map((key) => `${where} ${key}: rollup sums ${actual[key]}, ${source} ${sums[key]}`);
}

/** The largest province and two more drawn by the seed: whose rollups are recounted. */
function provincesToCheck(org: GeneratedOrg, seed: string): string[] {
  const provinces = org.units.filter((u) => u.level === 'province' && u.id !== org.largestProvince.id).map((u) => u.id);
  return [org.largestProvince.id, ...createRng(`${seed}/reorganisation/provinces`).shuffle(provinces).slice(0, 2)];
}

/** Units whose projection does not show the ledger's latest figures, after up to `timeoutMs` of polling. */
async function unitsNotShown(ctx: BenchContext, directiveId: string, ledger: ReportLedger, unitIds: readonly string[], timeoutMs: number): Promise<string[]> {
  const start = nowMs();
  for (;;) {
    const rows = new Map((await projectedFigures(ctx.pool, directiveId, unitIds)).map((r) => [r.unitId, r]));
    const missing = unitIds.filter((id) => {
      const want = ledger.figuresOf(id);
      const row = rows.get(id);
      return !want || !row || !(row.status === 'done-on-time' || row.status === 'done-late') || !sameFigures(want, row);
    });
    if (missing.length === 0 || nowMs() - start > timeoutMs) return missing;
    await sleep(1_000);
  }
}

/** Runs the phase; see the file comment. */
export async function runReorganisation(
  ctx: BenchContext,
  directiveId: string,
  org: GeneratedOrg,
  ledger: ReportLedger,
  opts: ReorganisationOptions,
): Promise<ReorganisationMeasurement> {
  const plan = { effectiveAt: todayVn(), operations: REORG_OPERATIONS };
  const mailBefore = ctx.mail.snapshot();
  const load = new CellLoad(ctx, directiveId, opts.conferenceDate, ledger, org, opts.seed);
  let stopAt = Number.POSITIVE_INFINITY;
  const loading = load.run(opts.rate, () => nowMs() >= stopAt);
  await sleep(EDGE_SECONDS * 1_000);

  ctx.log(`reorganisation: dissolving the district level (${org.counts.districts} committees) under ${opts.rate} reports/s`);
  const from = nowMs();
  let to = from;
  let outcome: DirectiveReorgOutcome | null = null;
  let error: string | null = null;
  try {
    const applied = await opts.meter('reorganisation', () => ctx.cascade.reorganise(plan, 'bench:secretariat', [directiveId]));
    outcome = applied.directives.find((d) => d.directiveId === directiveId) ?? null;
  } catch (err) {
    // Kept with the figures, which then say what a failed reorganisation left behind.
    error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    ctx.log(`REORGANISATION FAILED: ${error}`);
  } finally {
    to = nowMs();
    stopAt = to + EDGE_SECONDS * 1_000;
    await loading;
  }
  const reorganiseSeconds = round((to - from) / 1_000, 2);
  ctx.log(`reorganisation: applied in ${reorganiseSeconds} s (${JSON.stringify(outcome)}); ${load.calls.length} calls sent around it`);

  const reconciled = await reconcileFailed(ctx, directiveId, load.failed, ledger);
  await opts.quiet();
  const touched = [
    ...new Set(
      load.calls
        .filter((c) => c.ok)
        .map((c) => c.unitId)
        .concat(load.failed.map((f) => f.unitId)),
    ),
  ];
  const notShown = await unitsNotShown(ctx, directiveId, ledger, touched, 30_000);
  const failedCalls = load.failed.length;

  // Rollups against recounts, polled until they agree (a projection row written just now may still be on its way) or a minute passes.
  const provinces = provincesToCheck(org, opts.seed);
  const checkStart = nowMs();
  let checks: RollupRecountCheck[] = [];
  let settledAfterMs: number | null = null;
  for (;;) {
    const root = await ctx.cascade.rollup(directiveId).catch(() => null);
    checks = [compareRecount(null, root, await recountProjection(ctx.pool, directiveId, null)), compareWithLedger(org, ledger, root)];
    for (const p of provinces) {
      const rollup = await ctx.cascade.rollup(directiveId, p).catch(() => null);
      checks.push(compareRecount(p, rollup, await recountProjection(ctx.pool, directiveId, p)));
    }
    if (checks.every((c) => c.exact)) {
      settledAfterMs = Math.round(nowMs() - checkStart);
      break;
    }
    if (nowMs() - checkStart > 60_000) break;
    await sleep(1_000);
  }

  const mailAfter = ctx.mail.snapshot();
  const histories = await measureHistories(ctx, directiveId, opts.named);
  const summary = summarize(load.calls);
  return {
    plan,
    reorganiseSeconds,
    outcome,
    error,
    load: {
      offeredPerSecond: opts.rate,
      ...summary,
      reports: load.calls.filter((c) => c.kind === 'report').length,
      corrections: load.calls.filter((c) => c.kind === 'correction').length,
      duringReorganisation: load.calls.filter((c) => c.sentAt <= to && c.doneAt >= from).length,
    },
    lost: {
      failedCalls,
      failedButRecorded: reconciled.landed,
      failedUnknown: reconciled.unknown,
      notShown: notShown.length,
      total: failedCalls + notShown.length,
      examples: [...summary.errors, ...notShown.slice(0, 5).map((id) => `${id}: the projection does not show its latest accepted report`)],
    },
    mail: {
      duplicateEmails: mailAfter.duplicateMessages,
      duplicateNotices: mailAfter.duplicateNotices,
      sentDuringPhase: Object.fromEntries(Object.entries(mailAfter.byKind).map(([k, n]) => [k, n - mailBefore.byKind[k as keyof typeof mailBefore.byKind]])),
    },
    rollup: { exact: checks.every((c) => c.exact), checks, settledAfterMs },
    histories,
  };
}
