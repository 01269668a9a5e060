/**
 * Capacity: corrections through CascadeClient against bare no-op updates, both closed loop at the
 * same concurrency, in alternating rounds on the same stack (bare then corrections, then
 * corrections then bare, and so on: ABBA). Measured one after the other, the two rates had the
 * machine's drift between them (background timers, the server's own upkeep, other users):
 * national runs of the same code gave corrections ÷ bare updates of 0.78 and 0.94, a swing larger
 * than any change being measured. Alternating puts the drift on both sides alike, and the rounds
 * are kept in the results, so their spread shows how far one round could be trusted.
 */
import type { BenchContext } from '../context';
import { summarizeRounds, type CallRecord, type LoadSummary } from '../load';
import { round } from '../stats';
import { sendBareUpdates, type EchoPool } from './baselines';
import { CorrectionFeed, reconcileFailed, sendCorrections, type FailedCall, type ReportLedger, type SaturatedReports } from './reports';

/** One round: the rate of each side, in the order they ran. */
export interface CapacityRound {
  round: number;
  order: ['bare', 'corrections'] | ['corrections', 'bare'];
  barePerSecond: number;
  correctionsPerSecond: number;
}

/** Both sides over all rounds; a side's seconds are the sum of its rounds' spans. */
export interface CapacityMeasurement {
  rounds: CapacityRound[];
  secondsPerRound: number;
  bare: { concurrency: number } & LoadSummary;
  corrections: SaturatedReports;
}

/** How each side's CPU is metered: run.ts adds each round to the phase's total. */
export type Meter = <T>(phase: 'bareSaturation' | 'reportsSaturation', work: () => Promise<T>) => Promise<T>;

/** Runs `rounds` alternating rounds of `secondsPerRound` per side; `between` runs before every side (a settle). */
export async function measureCapacity(
  ctx: BenchContext,
  echo: EchoPool,
  target: { directiveId: string; conferenceDate: string },
  ledger: ReportLedger,
  opts: { rounds: number; secondsPerRound: number; concurrency: number; seed: string; between?: () => Promise<unknown>; meter?: Meter },
): Promise<CapacityMeasurement> {
  if (!Number.isInteger(opts.rounds) || opts.rounds < 1) throw new RangeError(`rounds must be a positive integer, not ${opts.rounds}`);
  const meter: Meter = opts.meter ?? ((_phase, work) => work());
  const feed = new CorrectionFeed(target, ledger, opts.seed);
  const failed: FailedCall[] = [];
  const bareRounds: CallRecord[][] = [];
  const correctionRounds: CallRecord[][] = [];
  const rounds: CapacityRound[] = [];
  const run = { concurrency: opts.concurrency, seconds: opts.secondsPerRound };
  for (let r = 1; r <= opts.rounds; r++) {
    const order: CapacityRound['order'] = r % 2 === 1 ? ['bare', 'corrections'] : ['corrections', 'bare'];
    const rates: Record<string, number> = {};
    for (const side of order) {
      await opts.between?.();
      const records =
        side === 'bare'
          ? await meter('bareSaturation', () => sendBareUpdates(echo, run))
          : await meter('reportsSaturation', () => sendCorrections(ctx, feed, failed, run));
      (side === 'bare' ? bareRounds : correctionRounds).push(records);
      rates[side] = summarizeRounds([records]).acceptedPerSecond;
    }
    rounds.push({ round: r, order, barePerSecond: rates.bare!, correctionsPerSecond: rates.corrections! });
    ctx.log(
      `capacity round ${r}/${opts.rounds}: bare updates ${rates.bare}/s, corrections ${rates.corrections}/s (ratio ${round(rates.corrections! / rates.bare!, 2)})`,
    );
  }
  // A failed correction may have been applied: its repeat answers the figures the unit holds.
  const reconciled = await reconcileFailed(ctx, target.directiveId, failed, ledger);
  return {
    rounds,
    secondsPerRound: opts.secondsPerRound,
    bare: { concurrency: opts.concurrency, ...summarizeRounds(bareRounds) },
    corrections: {
      concurrency: opts.concurrency,
      kind: 'correction',
      failedButRecorded: reconciled.landed,
      failedUnknown: reconciled.unknown,
      ...summarizeRounds(correctionRounds),
    },
  };
}
