// Progress over time: per level, the units done at each instant from the audit records, beside
// those expected (as the rollup counts them), with each level's deadline; bounded points.
import { rebuildTracks, type AsOfSnapshotUnit, type StateRecord } from '../../src/domain/cascade/as-of-rebuild';
import { CascadeAsOf } from '../../src/domain/cascade/as-of-state';
import { DEFAULT_LEVEL_DEFINITIONS, levelNames } from '../../src/domain/org/levels';
import { MAX_POINTS_PER_LEVEL, progressSeries, type ProgressSeriesInput } from '../../src/domain/report/progress-series';
import type { CompletionReport } from '../../src/domain/track/completion-report';

const UNITS: AsOfSnapshotUnit[] = [
  { unitId: 'TW', name: 'Bộ Chính trị', level: 'central', parentId: null, members: 0, essaysExpected: 0 },
  { unitId: 'QN', name: 'Tỉnh ủy Quảng Ninh', level: 'province', parentId: 'TW', members: 60, essaysExpected: 60 },
  { unitId: 'D1', name: 'Huyện ủy 1', level: 'district', parentId: 'QN', members: 40, essaysExpected: 40 },
  { unitId: 'D2', name: 'Huyện ủy 2', level: 'district', parentId: 'QN', members: 40, essaysExpected: 40 },
  { unitId: 'D1-C1', name: 'Chi bộ 1.1', level: 'cell', parentId: 'D1', members: 20, essaysExpected: 5 },
  { unitId: 'D1-C2', name: 'Chi bộ 1.2', level: 'cell', parentId: 'D1', members: 20, essaysExpected: 5 },
  { unitId: 'D1-C3', name: 'Chi bộ 1.3', level: 'cell', parentId: 'D1', members: 20, essaysExpected: 5 },
  // Moved from D1 to D2 on 10/06 (see RECORDS): the snapshot holds it where it is now.
  { unitId: 'D2-C9', name: 'Chi bộ 9', level: 'cell', parentId: 'D2', members: 20, essaysExpected: 5 },
];

const LAUNCH = '2027-06-01T02:00:00.000Z';
const PROVINCE_DEADLINE = '2027-06-30T16:59:59.999Z';
const DEADLINE = '2027-09-30T16:59:59.999Z';
const TO = '2027-10-15T03:00:00.000Z';

const report: CompletionReport = {
  conferenceDate: '2027-06-05',
  documentDate: '2027-06-05',
  documentNumber: '7-KH/ĐU',
  attendees: 18,
  members: 20,
  essaysSubmitted: 5,
  essaysExpected: 5,
  reportedBy: 'Văn phòng',
};

const rec = (unitId: string, kind: string, occurredAt: string, payload: Record<string, unknown> = {}): StateRecord => ({ unitId, kind, payload, occurredAt });
const received = (unitId: string, deadline = DEADLINE) => rec(unitId, 'received', LAUNCH, { deadline, receivedAt: LAUNCH });
const reported = (unitId: string, at: string) => rec(unitId, 'report', at, { report, status: 'done-on-time' });

const RECORDS: StateRecord[] = [
  received('QN', PROVINCE_DEADLINE),
  ...['D1', 'D2', 'D1-C1', 'D1-C2', 'D1-C3', 'D2-C9'].map((u) => received(u)),
  reported('QN', '2027-06-20T03:00:00.000Z'),
  reported('D1-C1', '2027-07-05T03:00:00.000Z'),
  rec('D1-C1', 'correction', '2027-07-06T03:00:00.000Z', { report: { ...report, attendees: 19 } }),
  rec('D2-C9', 'moved', '2027-07-10T03:00:00.000Z', { from: 'D1', to: 'D2', reorgId: 'r1' }),
  reported('D2-C9', '2027-08-01T03:00:00.000Z'),
  rec('D1-C2', 'exemption', '2027-08-02T03:00:00.000Z', { reason: 'giải thể' }),
  // An extension moves one unit's deadline, not its level's.
  rec('D2', 'extension', '2027-09-01T03:00:00.000Z', { from: DEADLINE, to: '2027-10-31T16:59:59.999Z' }),
  reported('D1', '2027-10-02T03:00:00.000Z'),
];

const input = (over: Partial<ProgressSeriesInput> = {}): ProgressSeriesInput => ({
  directiveId: '01-CT-TW',
  rootId: 'TW',
  scope: { unitId: 'TW', name: 'Bộ Chính trị' },
  levels: DEFAULT_LEVEL_DEFINITIONS,
  units: UNITS,
  records: RECORDS,
  to: TO,
  lang: 'vi',
  ...over,
});

test('each level counts its units done at each instant one finished, from the launch to the end, beside the units expected', () => {
  const series = progressSeries(input());
  expect(series.from).toBe(LAUNCH);
  expect(series.to).toBe(TO);
  expect(series.levels.map((l) => [l.level, l.expected])).toEqual([
    ['province', 1],
    ['district', 2],
    // D1-C2 was exempted: not expected, as in the rollup.
    ['cell', 3],
  ]);
  const cell = series.levels.find((l) => l.level === 'cell');
  expect(cell?.points).toEqual([
    { at: LAUNCH, done: 0 },
    // The correction of 06/07 does not move D1-C1's finish.
    { at: '2027-07-05T03:00:00.000Z', done: 1 },
    { at: '2027-08-01T03:00:00.000Z', done: 2 },
    { at: TO, done: 2 },
  ]);
  expect(series.levels.find((l) => l.level === 'district')?.points).toEqual([
    { at: LAUNCH, done: 0 },
    { at: '2027-10-02T03:00:00.000Z', done: 1 },
    { at: TO, done: 1 },
  ]);
});

test('a level’s last point and expected count are the rollup’s at the same instant, whole directive and subtree', () => {
  const state = new CascadeAsOf(rebuildTracks('01-CT-TW', 'TW', UNITS, RECORDS, TO), levelNames(DEFAULT_LEVEL_DEFINITIONS), UNITS);
  for (const unitId of ['TW', 'D1', 'D2']) {
    const series = progressSeries(input({ scope: { unitId, name: unitId } }));
    const rolled = state.rollup(unitId)?.levels.filter((l) => l.expected > 0) ?? [];
    expect(series.levels.map((l) => [l.level, l.expected, l.points[l.points.length - 1]?.done])).toEqual(rolled.map((l) => [l.level, l.expected, l.done]));
  }
});

test('a subtree counts the units under it where they stand at the end: a unit moved in counts there from its first report', () => {
  const series = progressSeries(input({ scope: { unitId: 'D2', name: 'Huyện ủy 2' } }));
  expect(series.scope).toEqual({ unitId: 'D2', name: 'Huyện ủy 2' });
  expect(series.levels.map((l) => [l.level, l.expected, l.points.map((p) => p.done)])).toEqual([
    ['district', 1, [0, 0]],
    ['cell', 1, [0, 1, 1]],
  ]);
});

test('each drawn level’s deadline is the one the directive set for it, whatever a unit’s extension; labels in the language asked', () => {
  expect(progressSeries(input()).deadlines).toEqual([
    { level: 'province', label: 'Cấp tỉnh', at: PROVINCE_DEADLINE },
    { level: 'district', label: 'Cấp huyện và tương đương', at: DEADLINE },
    { level: 'cell', label: 'Chi bộ, đảng bộ cơ sở', at: DEADLINE },
  ]);
  const en = progressSeries(input({ lang: 'en' }));
  expect(en.levels.map((l) => l.label)).toEqual(['Province level', 'District level', 'Party cells, grassroots']);
  expect(en.deadlines.map((d) => d.label)).toEqual(en.levels.map((l) => l.label));
});

test('before any unit received the directive there is nothing to draw, and records after the end are not counted', () => {
  expect(progressSeries(input({ to: '2027-05-01T00:00:00.000Z' }))).toMatchObject({ from: '2027-05-01T00:00:00.000Z', levels: [], deadlines: [] });
  const early = progressSeries(input({ to: '2027-07-20T00:00:00.000Z' }));
  expect(early.levels.find((l) => l.level === 'cell')?.points.map((p) => p.done)).toEqual([0, 1, 1]);
  // D1-C2 was not exempted yet on 20/07: still expected then.
  expect(early.levels.find((l) => l.level === 'cell')?.expected).toBe(4);
});

test('after a withdrawal the open units are not expected, the finished ones keep counting, as the rollup counts them', () => {
  const withdrawn = [...RECORDS, ...['D1-C3', 'D2', 'D2-C9'].map((u) => rec(u, 'withdrawal', '2027-10-10T03:00:00.000Z', { reason: 'thay thế' }))];
  const series = progressSeries(input({ records: withdrawn }));
  // D1-C3 and D2 were open: withdrawn, not expected; D2-C9 had finished: still done.
  expect(series.levels.map((l) => [l.level, l.expected, l.points[l.points.length - 1]?.done])).toEqual([
    ['province', 1, 1],
    ['district', 1, 1],
    ['cell', 2, 2],
  ]);
  const state = new CascadeAsOf(rebuildTracks('01-CT-TW', 'TW', UNITS, withdrawn, TO), levelNames(DEFAULT_LEVEL_DEFINITIONS), UNITS);
  expect(
    state
      .rollup()
      ?.levels.filter((l) => l.expected > 0)
      .map((l) => [l.level, l.expected, l.done]),
  ).toEqual(series.levels.map((l) => [l.level, l.expected, l.points[l.points.length - 1]?.done]));
});

test('a level with more finishes than points allowed is drawn per Vietnam day, each point exact at its instant', () => {
  const cells: AsOfSnapshotUnit[] = Array.from({ length: 1000 }, (_, i) => ({
    unitId: `C${i}`,
    name: `Chi bộ ${i}`,
    level: 'cell',
    parentId: 'QN',
    members: 10,
    essaysExpected: 1,
  }));
  // Two finishes an hour for 500 hours: 1,000 distinct instants over 21 Vietnam days.
  const hour = 60 * 60 * 1000;
  const finishes = cells.map((c, i) => reported(c.unitId, new Date(Date.parse(LAUNCH) + hour + i * 30 * 60 * 1000).toISOString()));
  const series = progressSeries(
    input({ units: [...UNITS.slice(0, 2), ...cells], records: [received('QN'), ...cells.map((c) => received(c.unitId)), ...finishes] }),
  );
  const points = series.levels.find((l) => l.level === 'cell')?.points ?? [];
  expect(points.length).toBeLessThanOrEqual(MAX_POINTS_PER_LEVEL);
  // The launch, one point per Vietnam day with a finish (launch day 09:00 to day 21), the end.
  expect(points.length).toBe(1 + 22 + 1);
  const exact = (at: string) => finishes.filter((r) => r.occurredAt <= at).length;
  for (const p of points) expect(p.done).toBe(exact(p.at));
  expect(points[points.length - 1]?.done).toBe(1000);
  // Each day's point is its last finish: 23:30 Vietnam time, 16:30 UTC.
  expect(points[1]?.at).toBe('2027-06-01T16:30:00.000Z');
});

test('a scope outside the directive is refused, naming the unit', () => {
  expect(() => progressSeries(input({ scope: { unitId: 'XX', name: 'X' } }))).toThrow(/unit XX is not in directive 01-CT-TW/);
});
