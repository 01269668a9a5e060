// Rebuilding a directive's tracks as of an instant from its audit records: statuses by the live
// track rules at the instant, rollups and listings of the live shapes, units placed where the
// reorganisations up to the instant put them, and instants a reorganisation makes impossible refused.
import { AsOfUnavailableError, rebuildTracks, type AsOfSnapshotUnit, type StateRecord } from '../../src/domain/cascade/as-of-rebuild';
import { CascadeAsOf } from '../../src/domain/cascade/as-of-state';
import type { CompletionReport } from '../../src/domain/track/completion-report';

const LEVELS = ['central', 'province', 'district', 'cell'];
const UNITS: AsOfSnapshotUnit[] = [
  { unitId: 'TW', name: 'Bộ Chính trị', level: 'central', parentId: null, members: 0, essaysExpected: 0 },
  { unitId: 'QN', name: 'Tỉnh ủy Quảng Ninh', level: 'province', parentId: 'TW', members: 60, essaysExpected: 60 },
  { unitId: 'D1', name: 'Huyện ủy 1', level: 'district', parentId: 'QN', members: 40, essaysExpected: 40 },
  { unitId: 'D2', name: 'Huyện ủy 2', level: 'district', parentId: 'QN', members: 40, essaysExpected: 40 },
  { unitId: 'D1-C1', name: 'Chi bộ 1.1', level: 'cell', parentId: 'D1', members: 20, essaysExpected: 5 },
  { unitId: 'D1-C2', name: 'Chi bộ 1.2', level: 'cell', parentId: 'D1', members: 20, essaysExpected: 5 },
  // Moved from D1 to D2 on 10/06 (see MOVE): the snapshot holds it where it is now.
  { unitId: 'D2-C9', name: 'Chi bộ 9', level: 'cell', parentId: 'D2', members: 20, essaysExpected: 5 },
];

const LAUNCH = '2027-06-01T02:00:00.000Z';
const DEADLINE = '2027-06-30T16:59:59.999Z';
const EXTENDED = '2027-07-31T16:59:59.999Z';

const report = (attendees: number, members = 20): CompletionReport => ({
  conferenceDate: '2027-06-05',
  documentDate: '2027-06-05',
  documentNumber: '7-KH/ĐU',
  attendees,
  members,
  essaysSubmitted: 5,
  essaysExpected: 5,
  reportedBy: 'Văn phòng',
});

const rec = (unitId: string, kind: string, occurredAt: string, payload: Record<string, unknown> = {}): StateRecord => ({ unitId, kind, payload, occurredAt });
const received = (unitId: string) => rec(unitId, 'received', LAUNCH, { deadline: DEADLINE, receivedAt: LAUNCH });
const MOVE = rec('D2-C9', 'moved', '2027-06-10T03:00:00.000Z', { from: 'D1', to: 'D2', reorgId: 'r1' });

const RECORDS: StateRecord[] = [
  ...['QN', 'D1', 'D2', 'D1-C1', 'D1-C2', 'D2-C9'].map(received),
  rec('D1-C1', 'extension', '2027-06-03T03:00:00.000Z', { from: DEADLINE, to: EXTENDED }),
  rec('D1-C1', 'report', '2027-07-05T03:00:00.000Z', { report: report(15), status: 'done-on-time' }),
  rec('D1-C1', 'correction', '2027-07-06T03:00:00.000Z', { report: report(18) }),
  rec('D1', 'acknowledged', '2027-06-02T03:00:00.000Z'),
  MOVE,
  rec('D1-C2', 'exemption', '2027-07-02T03:00:00.000Z', { reason: 'giải thể' }),
  rec('QN', 'report', '2027-06-20T03:00:00.000Z', { report: report(55, 60), status: 'done-on-time' }),
  ...['D1', 'D2', 'D2-C9'].map((u) => rec(u, 'withdrawal', '2027-07-10T03:00:00.000Z', { reason: 'thay thế' })),
];

const asOf = (at: string, records = RECORDS, units = UNITS) => new CascadeAsOf(rebuildTracks('01-CT-TW', 'TW', units, records, at), LEVELS, units);
const statusOf = (state: CascadeAsOf, unitId: string) => state.unit(unitId)?.status ?? null;
const level = (state: CascadeAsOf, name: string, unitId?: string) => state.rollup(unitId)?.levels.find((l) => l.level === name);
const all = { limit: 1000, offset: 0 };

test('before the launch no unit had received the directive: nothing counted, nothing listed, no status', () => {
  const state = asOf('2027-05-31T00:00:00.000Z');
  expect(state.units(all)).toEqual({ total: 0, units: [] });
  expect(state.rollup()?.levels.map((l) => l.expected + l.exempted + l.withdrawn)).toEqual([0, 0, 0, 0]);
  expect(statusOf(state, 'QN')).toBeNull();
});

test('a record counts from its own instant on, not before', () => {
  expect(statusOf(asOf('2027-06-02T02:59:59.999Z'), 'D1')).toBe('pending');
  expect(statusOf(asOf('2027-06-02T03:00:00.000Z'), 'D1')).toBe('acknowledged');
});

test('a unit is overdue from the instant after its deadline, as trackStatus says, without any record', () => {
  expect(statusOf(asOf(DEADLINE), 'D2')).toBe('pending');
  expect(statusOf(asOf('2027-06-30T17:00:00.000Z'), 'D2')).toBe('overdue');
  expect(
    asOf('2027-06-30T17:00:00.000Z')
      .units({ ...all, statuses: ['overdue'] })
      .units.map((u) => u.unitId),
  ).toEqual(['D1', 'D1-C2', 'D2', 'D2-C9']);
});

test('a correction after an extension keeps the first report’s instant and the extended deadline, with the corrected figures', () => {
  expect(statusOf(asOf('2027-07-01T00:00:00.000Z'), 'D1-C1')).toBe('extended');
  const reported = asOf('2027-07-05T12:00:00.000Z');
  expect(statusOf(reported, 'D1-C1')).toBe('done-on-time');
  expect(reported.rollup('D1')?.attendance).toMatchObject({ attendees: 15, members: 20 });
  const corrected = asOf('2027-07-06T12:00:00.000Z');
  expect(corrected.unit('D1-C1')?.track).toMatchObject({ completedAt: '2027-07-05T03:00:00.000Z', extendedTo: EXTENDED, corrections: 1 });
  expect(corrected.units({ ...all, under: 'D1', level: 'cell' }).units.find((u) => u.unitId === 'D1-C1')).toMatchObject({ deadline: EXTENDED, attendees: 18 });
});

test('an overdue unit exempted leaves the overdue count and counts as exempted', () => {
  expect(level(asOf('2027-07-01T00:00:00.000Z'), 'cell', 'D1')).toMatchObject({ overdue: 1, exempted: 0 });
  expect(statusOf(asOf('2027-07-02T03:00:00.000Z'), 'D1-C2')).toBe('exempted');
  expect(level(asOf('2027-07-02T03:00:00.000Z'), 'cell', 'D1')).toMatchObject({ expected: 1, overdue: 0, exempted: 1 });
});

test('the withdrawal stops the open units only; the directive is withdrawn from its instant', () => {
  const before = asOf('2027-07-09T00:00:00.000Z');
  expect(before.withdrawnAt).toBeNull();
  const after = asOf('2027-07-11T00:00:00.000Z');
  expect(after.withdrawnAt).toBe('2027-07-10T03:00:00.000Z');
  expect(['QN', 'D1', 'D2', 'D1-C1', 'D1-C2', 'D2-C9'].map((u) => statusOf(after, u))).toEqual([
    'done-on-time',
    'withdrawn',
    'withdrawn',
    'done-on-time',
    'exempted',
    'withdrawn',
  ]);
  expect(level(after, 'district')).toMatchObject({ expected: 0, withdrawn: 2 });
});

test('a moved unit counts under its former parent before the move and under its new one after it', () => {
  const before = asOf('2027-06-09T00:00:00.000Z');
  expect(before.ancestors('D2-C9')).toEqual(['D1', 'QN', 'TW']);
  expect([level(before, 'cell', 'D1')?.expected, level(before, 'cell', 'D2')?.expected]).toEqual([3, 0]);
  expect(before.units({ ...all, under: 'D1', level: 'cell' }).units.map((u) => [u.unitId, u.parentId])).toContainEqual(['D2-C9', 'D1']);
  expect(before.children('D1').map((c) => c.unitId)).toEqual(['D1-C1', 'D1-C2', 'D2-C9']);
  const after = asOf('2027-06-11T00:00:00.000Z');
  expect([level(after, 'cell', 'D1')?.expected, level(after, 'cell', 'D2')?.expected]).toEqual([2, 1]);
});

test('the rollup is the live shape: every level in order, with rates, a first finisher and the overdue count', () => {
  const rollup = asOf('2027-07-06T12:00:00.000Z').rollup();
  expect(rollup?.levels.map((l) => l.level)).toEqual(LEVELS);
  expect(rollup?.firstFinisher).toEqual({ unitId: 'QN', name: 'Tỉnh ủy Quảng Ninh', at: '2027-06-20T03:00:00.000Z' });
  expect(rollup?.overdueCount).toBe(3);
  expect(rollup?.attendance).toEqual({ attendees: 73, members: 80, rate: 91.25 });
  expect(asOf(LAUNCH).rollup('NOPE')).toBeUndefined();
});

test('the listing filters by search (accents aside), level, status and member mismatch, and pages by deadline then id', () => {
  const state = asOf('2027-07-06T12:00:00.000Z');
  expect(state.units({ ...all, search: 'chi bo 1' }).units.map((u) => u.unitId)).toEqual(['D1-C2', 'D1-C1']);
  expect(state.units({ ...all, membersMismatch: true }).total).toBe(0);
  expect(state.units({ limit: 2, offset: 1 })).toMatchObject({ total: 6, units: [{ unitId: 'D1-C2' }, { unitId: 'D2' }] });
});

test('an instant before a unit was removed, renamed or merged is refused naming when; after a removal the unit is simply gone', () => {
  const removed = rec('D2-C9', 'removed', '2027-06-15T03:00:00.000Z', { reason: 'dissolved', into: null });
  expect(() => asOf('2027-06-14T00:00:00.000Z', [...RECORDS, removed])).toThrow(AsOfUnavailableError);
  expect(() => asOf('2027-06-14T00:00:00.000Z', [...RECORDS, removed])).toThrow(/reorganised on 15\/06\/2027 10:00/);
  const gone = UNITS.filter((u) => u.unitId !== 'D2-C9');
  expect(statusOf(asOf('2027-06-16T00:00:00.000Z', [...RECORDS, removed], gone), 'D2-C9')).toBeNull();
  expect(() => asOf('2027-07-20T00:00:00.000Z', [...RECORDS, rec('D2', 'merged', '2027-06-15T03:00:00.000Z', { from: ['D1'] })])).toThrow(/merged or split/);
  const renamed = rec('D2', 'renamed', '2027-06-15T03:00:00.000Z', { name: 'Đảng ủy 2' });
  expect(() => asOf('2027-06-14T00:00:00.000Z', [...RECORDS, renamed])).toThrow(/reorganised on 15\/06\/2027 10:00 \(Vietnam time\) \(unit D2 renamed\)/);
  // At or after the rename the snapshot's name is the one then.
  expect(statusOf(asOf('2027-06-16T00:00:00.000Z', [...RECORDS, renamed]), 'D2')).toBe('pending');
});
