// The benchmark's arithmetic, without servers: the figures it reports are only as good as these.
import { openLoop, summarizeRounds, type CallRecord } from '../../tools/bench/load';
import { apportion, createRng } from '../../tools/bench/prng';
import { attributeLatencies, CorrectionFeed, ReportLedger } from '../../tools/bench/phases/reports';
import { saturate } from '../../tools/bench/phases/baselines';
import { roundOrder } from '../../tools/bench/phases/capacity';
import type { CpuUse } from '../../tools/bench/memory';
import { reportBudget } from '../../tools/bench/run';
import { linearFit, percentile, percentiles } from '../../tools/bench/stats';

test('apportion gives every part its minimum and sums exactly to the total', () => {
  const rng = createRng('t');
  const weights = Array.from({ length: 705 }, () => rng.lognormal(0.5));
  const parts = apportion(54_231, weights, 1);
  expect(parts.reduce((a, b) => a + b, 0)).toBe(54_231);
  expect(Math.min(...parts)).toBeGreaterThanOrEqual(1);
  expect(() => apportion(3, [1, 1, 1, 1], 1)).toThrow(/at least 1/);
});

test('the same seed gives the same stream, another seed another one', () => {
  const a = createRng('seed');
  const b = createRng('seed');
  const c = createRng('other');
  const xs = Array.from({ length: 5 }, () => a.next());
  expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
  expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
});

test('the k-th accepted report is attributed to the first rollup sample counting k more done units', () => {
  const accepted = [100, 110, 120];
  const samples = [
    { at: 150, done: 0 },
    { at: 200, done: 2 },
    { at: 300, done: 2 },
    { at: 400, done: 3 },
  ];
  expect(attributeLatencies(accepted, samples)).toEqual({ latencies: [100, 90, 280], unattributed: 0 });
  expect(attributeLatencies([100, 110, 120, 130], samples).unattributed).toBe(1);
});

test('steady phases shrink together when the organisation has too few units to report', () => {
  expect(reportBudget([100, 300], 20, 100_000)).toEqual([
    { rate: 100, count: 2_000, seconds: 20 },
    { rate: 300, count: 6_000, seconds: 20 },
  ]);
  const small = reportBudget([100, 300], 20, 4_999);
  expect(small.reduce((s, p) => s + p.count, 0)).toBeLessThanOrEqual(0.9 * 4_999);
  expect(small[0]!.seconds).toBeCloseTo(small[1]!.seconds, 0);
});

test('percentiles are nearest-rank and a line through exact points fits with R² 1', () => {
  const sample = Array.from({ length: 100 }, (_, i) => i + 1);
  expect([percentile(sample, 50), percentile(sample, 95), percentile(sample, 99)]).toEqual([50, 95, 99]);
  expect(percentiles([3, 1, 2])).toMatchObject({ count: 3, p50: 2, max: 3 });
  expect(
    linearFit([
      { x: 1, y: 3 },
      { x: 2, y: 5 },
      { x: 3, y: 7 },
    ]),
  ).toEqual({ intercept: 1, slope: 2, r2: 1 });
});

test('the open loop keeps its schedule and stops offering once it falls too far behind', async () => {
  const paced = await openLoop(Array.from({ length: 20 }), 200, async () => undefined);
  expect(paced.records).toHaveLength(20);
  expect(paced.unsent).toBe(0);
  const span = Math.max(...paced.records.map((r) => r.sentAt)) - Math.min(...paced.records.map((r) => r.sentAt));
  expect(span).toBeGreaterThanOrEqual(80); // 19 intervals of 5 ms

  // A server that never answers: 5 calls may be outstanding, and sending gives up 200 ms behind.
  const stuck = await openLoop(Array.from({ length: 1_000 }), 100, () => new Promise<void>((r) => setTimeout(r, 1_500)), {
    maxInFlight: 5,
    giveUpAfterMs: 200,
  });
  expect(stuck.unsent).toBeGreaterThan(900);
  expect(stuck.records.length).toBe(1_000 - stuck.unsent);
});

test("rounds taken as one count each round's own span, not the pauses between them", () => {
  const call = (index: number, sentAt: number, doneAt: number, ok = true): CallRecord => ({ index, sentAt, doneAt, ok, error: ok ? null : 'Error: refused' });
  // Two rounds of one second each, 60 s apart: 3 + 2 accepted, one failed.
  const first = [call(0, 0, 400), call(1, 100, 1_000), call(2, 500, 900)];
  const second = [call(3, 60_000, 60_500), call(4, 60_200, 61_000), call(5, 60_300, 60_800, false)];
  const s = summarizeRounds([first, second]);
  expect(s).toMatchObject({ calls: 6, accepted: 5, failed: 1, errors: ['Error: refused'], seconds: 2, acceptedPerSecond: 2.5 });
  expect(s.callMs.count).toBe(5);
  expect(summarizeRounds([first]).acceptedPerSecond).toBe(3);
});

test('a saturation curve doubles the callers until two doublings in a row raise throughput by less than 5%, and keeps every step', async () => {
  // 16 is a noisy dip: one flat step does not end the curve; 128 and 256 add less than 5% to 64's rate.
  const rates: Record<number, number> = { 4: 100, 8: 180, 16: 170, 32: 248, 64: 300, 128: 310, 256: 305, 512: 400 };
  const cpu: CpuUse = { seconds: 1, byProcess: {}, machineBusy: 1, machineCapacity: 2 };
  const s = await saturate(async (c) => ({ perSecond: rates[c]!, callMs: percentiles([1]), cpu }), { start: 4, max: 512 });
  expect(s.curve.map((p) => [p.concurrency, p.perSecond])).toEqual([
    [4, 100],
    [8, 180],
    [16, 170],
    [32, 248],
    [64, 300],
    [128, 310],
    [256, 305],
  ]);
  expect(s.best.concurrency).toBe(128);
  // A ladder that keeps rising stops at its top.
  const rising = await saturate(async (c) => ({ perSecond: c * 10, callMs: percentiles([1]), cpu }), { start: 1, max: 8 });
  expect(rising.curve.map((p) => p.concurrency)).toEqual([1, 2, 4, 8]);
  expect(rising.best.concurrency).toBe(8);
});

test('capacity rounds rotate, so each side runs first, second and third equally often', () => {
  const orders = [1, 2, 3, 4].map(roundOrder);
  expect(orders).toEqual([
    ['bare', 'reports', 'corrections'],
    ['reports', 'corrections', 'bare'],
    ['corrections', 'bare', 'reports'],
    ['bare', 'reports', 'corrections'],
  ]);
  for (const side of ['bare', 'reports', 'corrections'])
    expect(
      orders
        .slice(0, 3)
        .map((o) => o.indexOf(side as never))
        .sort(),
    ).toEqual([0, 1, 2]);
});

test('corrections go round every reported unit once per turn, not in the order the reports were accepted', () => {
  // Accepted committee by committee, as a busy committee accepts several reports in one workflow task.
  const ledger = new ReportLedger();
  const figures = { members: 10, attendees: 10, essaysExpected: 2, essaysSubmitted: 2 };
  for (let c = 0; c < 20; c++) for (let u = 0; u < 10; u++) ledger.set(`C${c}-U${u}`, 'cell', figures);
  const feed = new CorrectionFeed({ directiveId: 'd', conferenceDate: '2026-12-04' }, ledger, 'seed');
  const turn = Array.from({ length: 200 }, () => feed.next()!.unitId);
  expect(new Set(turn).size).toBe(200);
  const committee = (unitId: string) => unitId.split('-')[0];
  const sameAsPrevious = turn.filter((id, i) => i > 0 && committee(id) === committee(turn[i - 1]!)).length;
  // In acceptance order 180 of 199 neighbours share a committee; at random about 199 / 20.
  expect(sameAsPrevious).toBeLessThan(30);
});
