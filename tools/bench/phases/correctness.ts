/**
 * The benchmark's own correctness: the root rollup must count every unit of the organisation
 * per level, and once reports have settled its done counts and sums must equal those of the
 * reports accepted — exactly. A fast but wrong run is not a result. The rollup checked is the one
 * supervisors read (PostgreSQL). The root committee workflow's own, which committees push up the
 * tree with their deferred journal writes (minutes apart by default), is checked by the scaled-down
 * run in CI (test/bench), where the directive sets short intervals.
 */
import type { RollupView } from '../../../src/domain/track/rollup';
import type { BenchContext } from '../context';
import type { GeneratedOrg } from '../generate-org';
import { nowMs, sleep } from '../stats';
import { rootRollup, rootWorkflowRollup } from './launch';
import type { ReportLedger } from './reports';

/** Outcome of the check. */
export interface RollupCheck {
  exact: boolean;
  /** Human-readable differences (empty when exact). */
  mismatches: string[];
  expected: {
    received: Record<string, number>;
    done: Record<string, number>;
    attendees: number;
    members: number;
    essaysSubmitted: number;
    essaysExpected: number;
  };
  actual: {
    received: Record<string, number>;
    done: Record<string, number>;
    attendees: number;
    members: number;
    essaysSubmitted: number;
    essaysExpected: number;
  } | null;
  /** How long the rollup took to settle after the check began. */
  settledAfterMs: number | null;
}

function compare(
  org: GeneratedOrg,
  ledger: ReportLedger,
  rollup: RollupView | null,
): { mismatches: string[]; expected: RollupCheck['expected']; actual: RollupCheck['actual'] } {
  const received: Record<string, number> = { province: org.counts.provinces, district: org.counts.districts, cell: org.counts.cells };
  const done = ledger.doneByLevel();
  const t = ledger.totals();
  const expected = { received, done, ...t };
  if (!rollup) return { mismatches: ['the root does not answer its rollup query'], expected, actual: null };
  const actual = {
    received: Object.fromEntries(rollup.levels.map((l) => [l.level, l.expected + l.exempted + l.withdrawn])),
    done: Object.fromEntries(rollup.levels.map((l) => [l.level, l.done])),
    attendees: rollup.attendance.attendees,
    members: rollup.attendance.members,
    essaysSubmitted: rollup.essays.submitted,
    essaysExpected: rollup.essays.expected,
  };
  const mismatches: string[] = [];
  for (const level of Object.keys(received)) {
    if ((actual.received[level] ?? 0) !== received[level])
      mismatches.push(`${level}: root counts ${actual.received[level] ?? 0} units, the organisation has ${received[level]}`);
    if ((actual.done[level] ?? 0) !== (done[level] ?? 0))
      mismatches.push(`${level}: root counts ${actual.done[level] ?? 0} done, ${done[level] ?? 0} reports were accepted`);
  }
  for (const key of ['attendees', 'members', 'essaysSubmitted', 'essaysExpected'] as const) {
    if (actual[key] !== t[key]) mismatches.push(`${key}: root sums ${actual[key]}, the accepted reports sum ${t[key]}`);
  }
  return { mismatches, expected, actual };
}

/** Polls `read` until its rollup matches the organisation and the ledger, or `timeoutMs` passes. */
async function settle(org: GeneratedOrg, ledger: ReportLedger, read: () => Promise<RollupView | null>, timeoutMs: number): Promise<RollupCheck> {
  const start = nowMs();
  for (;;) {
    const result = compare(org, ledger, await read());
    if (result.mismatches.length === 0) return { exact: true, ...result, settledAfterMs: Math.round(nowMs() - start) };
    if (nowMs() - start > timeoutMs) return { exact: false, ...result, settledAfterMs: null };
    await sleep(250);
  }
}

/** The national rollup supervisors read must match the organisation and the ledger. */
export function checkRollup(ctx: BenchContext, directiveId: string, org: GeneratedOrg, ledger: ReportLedger, timeoutMs = 60_000): Promise<RollupCheck> {
  return settle(org, ledger, () => rootRollup(ctx, directiveId), timeoutMs);
}

/** The root committee workflow's own rollup must converge to the same figures (with short journal and rollup intervals). */
export function checkWorkflowTreeRollup(
  ctx: BenchContext,
  rootWorkflowId: string,
  org: GeneratedOrg,
  ledger: ReportLedger,
  timeoutMs = 240_000,
): Promise<RollupCheck> {
  return settle(org, ledger, () => rootWorkflowRollup(ctx, rootWorkflowId), timeoutMs);
}
