/**
 * Capacity: first reports and corrections through CascadeClient against bare no-op updates, all
 * three closed loop at the same concurrency, in rounds on the same stack whose order rotates
 * (bare, reports, corrections; then reports, corrections, bare; then corrections, bare, reports;
 * and so on), so each side runs first, second and third equally often. Measured one after the
 * other, the rates had the machine's drift between them (background timers, the server's own
 * upkeep, other users): national runs of the same code gave corrections ÷ bare updates of 0.78 and
 * 0.94, a swing larger than any change being measured. Rotating puts the drift on every side alike,
 * and the rounds are kept in the results, so their spread shows how far one round could be trusted.
 *
 * First reports and corrections are measured apart: a first report changes a unit's status,
 * cancels its reminders and moves its committee's counts, once per unit; a correction only
 * replaces figures. Either alone would say little about the other.
 */
import type { BenchContext } from '../context';
import { summarizeRounds, type CallRecord, type LoadSummary } from '../load';
import { round } from '../stats';
import { sendBareUpdates, type EchoPool } from './baselines';
import {
  CorrectionFeed,
  FirstReportFeed,
  reconcileFailed,
  sendFromFeed,
  type FailedCall,
  type ReportLedger,
  type ReportPlan,
  type SaturatedReports,
} from './reports';

/** The three sides of a round. */
export type CapacitySide = 'bare' | 'reports' | 'corrections';

const ROTATION: readonly CapacitySide[] = ['bare', 'reports', 'corrections'];

/** Round r's order (1-based): the rotation shifted by r - 1. */
export function roundOrder(r: number): CapacitySide[] {
  return ROTATION.map((_, i) => ROTATION[(r - 1 + i) % ROTATION.length]!);
}

/** One round: the rate of each side, in the order they ran. */
export interface CapacityRound {
  round: number;
  order: CapacitySide[];
  barePerSecond: number;
  reportsPerSecond: number;
  correctionsPerSecond: number;
}

/** Every side over all rounds; a side's seconds are the sum of its rounds' spans. */
export interface CapacityMeasurement {
  rounds: CapacityRound[];
  secondsPerRound: number;
  concurrency: number;
  bare: { concurrency: number } & LoadSummary;
  reports: SaturatedReports;
  corrections: SaturatedReports;
}

/** How each side's CPU is metered: run.ts adds each round to the phase's total. */
export type Meter = <T>(phase: 'bareSaturation' | 'firstReportsSaturation' | 'reportsSaturation', work: () => Promise<T>) => Promise<T>;

const METERED: Record<CapacitySide, Parameters<Meter>[0]> = {
  bare: 'bareSaturation',
  reports: 'firstReportsSaturation',
  // The name older results files use for corrections.
  corrections: 'reportsSaturation',
};

/**
 * Runs `rounds` rotating rounds of `secondsPerRound` per side; `between` runs before every side (a
 * settle). `unreported` are the units left to send first reports for, in order.
 */
export async function measureCapacity(
  ctx: BenchContext,
  echo: EchoPool,
  target: { directiveId: string; conferenceDate: string },
  ledger: ReportLedger,
  unreported: readonly ReportPlan[],
  opts: { rounds: number; secondsPerRound: number; concurrency: number; seed: string; between?: () => Promise<unknown>; meter?: Meter },
): Promise<CapacityMeasurement> {
  if (!Number.isInteger(opts.rounds) || opts.rounds < 1) throw new RangeError(`rounds must be a positive integer, not ${opts.rounds}`);
  const meter: Meter = opts.meter ?? ((_phase, work) => work());
  const corrections = new CorrectionFeed(target, ledger, opts.seed);
  const firstReports = new FirstReportFeed(target, unreported, ledger);
  const failedReports: FailedCall[] = [];
  const failedCorrections: FailedCall[] = [];
  const records: Record<CapacitySide, CallRecord[][]> = { bare: [], reports: [], corrections: [] };
  const rounds: CapacityRound[] = [];
  const run = { concurrency: opts.concurrency, seconds: opts.secondsPerRound };
  const send: Record<CapacitySide, () => Promise<CallRecord[]>> = {
    bare: () => sendBareUpdates(echo, run),
    reports: () => sendFromFeed(ctx, firstReports, failedReports, run),
    corrections: () => sendFromFeed(ctx, corrections, failedCorrections, run),
  };
  for (let r = 1; r <= opts.rounds; r++) {
    const order = roundOrder(r);
    const rates = { bare: 0, reports: 0, corrections: 0 };
    for (const side of order) {
      await opts.between?.();
      const sideRecords = await meter(METERED[side], send[side]);
      records[side].push(sideRecords);
      rates[side] = summarizeRounds([sideRecords]).acceptedPerSecond;
    }
    rounds.push({ round: r, order, barePerSecond: rates.bare, reportsPerSecond: rates.reports, correctionsPerSecond: rates.corrections });
    ctx.log(
      `capacity round ${r}/${opts.rounds}: bare updates ${rates.bare}/s, first reports ${rates.reports}/s (${round(rates.reports / rates.bare, 2)}), ` +
        `corrections ${rates.corrections}/s (${round(rates.corrections / rates.bare, 2)})${firstReports.exhausted() ? '; no unit left to report first' : ''}`,
    );
  }
  // A failed call may have been applied: its repeat answers the figures the unit holds.
  const reconciledReports = await reconcileFailed(ctx, target.directiveId, failedReports, ledger);
  const reconciledCorrections = await reconcileFailed(ctx, target.directiveId, failedCorrections, ledger);
  const saturated = (kind: SaturatedReports['kind'], side: CapacitySide, reconciled: { landed: number; unknown: number }): SaturatedReports => ({
    concurrency: opts.concurrency,
    kind,
    failedButRecorded: reconciled.landed,
    failedUnknown: reconciled.unknown,
    ...summarizeRounds(records[side]),
  });
  return {
    rounds,
    secondsPerRound: opts.secondsPerRound,
    concurrency: opts.concurrency,
    bare: { concurrency: opts.concurrency, ...summarizeRounds(records.bare) },
    reports: saturated('first-report', 'reports', reconciledReports),
    corrections: saturated('correction', 'corrections', reconciledCorrections),
  };
}
