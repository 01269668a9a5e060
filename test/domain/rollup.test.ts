import { type Rollup, type UnitProgress, emptyRollup, formatViFraction, formatViRate, mergeRollups, rollupView, unitRollup } from '../../src/domain';

const LEVELS = ['central', 'province', 'district', 'cell'] as const;

function done(unitId: string, level: string, at: string, report?: UnitProgress['report']): Rollup {
  return unitRollup(LEVELS, { unitId, name: `Đảng bộ ${unitId}`, level, status: 'done-on-time', doneAt: at, report });
}

function levelOf(rollup: Rollup, level: string) {
  const counts = rollupView(rollup).levels.find((l) => l.level === level);
  if (!counts) throw new Error(`no counts for ${level}`);
  return counts;
}

describe('rollup arithmetic', () => {
  test('20/20 district committees and 695/695 cells are summed from child rollups, as in Quảng Ninh 2021', () => {
    const districts: Rollup[] = [];
    for (let d = 0; d < 20; d++) {
      // 695 = 15 districts × 35 cells + 5 districts × 34 cells
      const cells = Array.from({ length: d < 15 ? 35 : 34 }, (_, c) => done(`QN-D${d}-C${c}`, 'cell', '2021-05-10T03:00:00Z'));
      districts.push(mergeRollups(LEVELS, done(`QN-D${d}`, 'district', '2021-04-20T03:00:00Z'), ...cells));
    }
    const province = mergeRollups(LEVELS, ...districts);
    expect(levelOf(province, 'district')).toMatchObject({ done: 20, expected: 20, doneRate: 100 });
    expect(levelOf(province, 'cell')).toMatchObject({ done: 695, expected: 695, doneRate: 100 });
    expect(formatViFraction(levelOf(province, 'cell').done, levelOf(province, 'cell').expected)).toBe('695/695');
  });

  test('attendance is Σattendees/Σmembers (97,58%), not the average of unit percentages (97,7%)', () => {
    const big = done('QN-HL', 'district', '2021-04-10T03:00:00Z', { attendees: 7800, members: 8000, essaysSubmitted: 0, essaysExpected: 0 }); // 97.5%
    const small = done('QN-CP', 'district', '2021-04-11T03:00:00Z', { attendees: 1958, members: 2000, essaysSubmitted: 0, essaysExpected: 0 }); // 97.9%
    const view = rollupView(mergeRollups(LEVELS, big, small));
    expect(view.attendance).toEqual({ attendees: 9758, members: 10000, rate: 97.58 });
    expect(formatViRate(view.attendance.rate)).toBe('97,58%');
    const averageOfPercentages = (97.5 + 97.9) / 2;
    expect(view.attendance.rate).not.toBeCloseTo(averageOfPercentages, 1);
  });

  test('essays 227/227 and 208/218 roll up to 435/445, and 4.285/4.478 gives 95,69%', () => {
    const a = done('BTV-HUYEN', 'district', '2021-05-01T00:00:00Z', { attendees: 0, members: 0, essaysSubmitted: 227, essaysExpected: 227 });
    const b = done('BTV-SO-NGANH', 'district', '2021-05-02T00:00:00Z', { attendees: 0, members: 0, essaysSubmitted: 208, essaysExpected: 218 });
    expect(rollupView(a).essays.rate).toBe(100);
    expect(rollupView(b).essays.rate).toBe(95.41);
    expect(rollupView(mergeRollups(LEVELS, a, b)).essays).toEqual({ submitted: 435, expected: 445, rate: 97.75 });

    const c = done('X', 'cell', '2021-05-03T00:00:00Z', { attendees: 0, members: 0, essaysSubmitted: 4000, essaysExpected: 4100 });
    const d = done('Y', 'cell', '2021-05-04T00:00:00Z', { attendees: 0, members: 0, essaysSubmitted: 285, essaysExpected: 378 });
    const view = rollupView(mergeRollups(LEVELS, c, d));
    expect(formatViFraction(view.essays.submitted, view.essays.expected)).toBe('4.285/4.478');
    expect(formatViRate(view.essays.rate)).toBe('95,69%');
  });

  test('attendance and essays count only units that reported', () => {
    const reported = done('A', 'cell', '2021-05-01T00:00:00Z', { attendees: 9, members: 10, essaysSubmitted: 9, essaysExpected: 10 });
    const noReport = done('B', 'cell', '2021-05-01T00:00:00Z');
    const pendingWithFigures = unitRollup(LEVELS, {
      unitId: 'C',
      name: 'C',
      level: 'cell',
      status: 'pending',
      report: { attendees: 0, members: 50, essaysSubmitted: 0, essaysExpected: 50 },
    });
    const view = rollupView(mergeRollups(LEVELS, reported, noReport, pendingWithFigures));
    expect(view.attendance).toEqual({ attendees: 9, members: 10, rate: 90 });
    expect(view.essays).toEqual({ submitted: 9, expected: 10, rate: 90 });
  });

  test('each status lands in its own count; exempted and withdrawn units are not expected', () => {
    const unit = (status: UnitProgress['status'], doneAt?: string) => unitRollup(LEVELS, { unitId: status, name: status, level: 'cell', status, doneAt });
    const view = rollupView(
      mergeRollups(
        LEVELS,
        unit('done-on-time', '2021-05-01T00:00:00Z'),
        unit('done-late', '2021-10-02T00:00:00Z'),
        unit('overdue'),
        unit('pending'),
        unit('exempted'),
        unit('withdrawn'),
      ),
    );
    expect(levelOf(mergeRollups(LEVELS, unit('overdue')), 'cell').overdue).toBe(1);
    expect(view.levels.find((l) => l.level === 'cell')).toEqual({
      level: 'cell',
      expected: 4,
      done: 2,
      onTime: 1,
      late: 1,
      overdue: 1,
      pending: 1,
      exempted: 1,
      withdrawn: 1,
      doneRate: 50,
      onTimeRate: 50,
    });
    expect(view.overdueCount).toBe(1);
  });

  test('levels come out in the levels order, with zeros for levels nobody counted', () => {
    const merged = mergeRollups(LEVELS, done('C1', 'cell', '2021-05-01T00:00:00Z'), done('D1', 'district', '2021-05-01T00:00:00Z'));
    expect(merged.levels.map((l) => [l.level, l.done])).toEqual([
      ['central', 0],
      ['province', 0],
      ['district', 1],
      ['cell', 1],
    ]);
    expect(rollupView(merged).levels[0]).toMatchObject({ expected: 0, doneRate: null, onTimeRate: null });
  });

  test('the first finisher is the earliest, like the provincial Police committee on 15/7/2016', () => {
    const police = done('QN-CA', 'district', '2016-07-15T02:00:00Z');
    const later = done('QN-HL', 'district', '2016-08-01T02:00:00Z');
    expect(mergeRollups(LEVELS, later, police).firstFinisher).toEqual({ unitId: 'QN-CA', name: 'Đảng bộ QN-CA', at: '2016-07-15T02:00:00Z' });
  });

  test('first-finisher ties go to the smaller unit id whatever the merge order', () => {
    const a = done('QN-A', 'cell', '2016-07-15T09:00:00+07:00');
    const b = done('QN-B', 'cell', '2016-07-15T02:00:00Z');
    expect(mergeRollups(LEVELS, b, a).firstFinisher?.unitId).toBe('QN-A');
    expect(mergeRollups(LEVELS, a, b).firstFinisher?.unitId).toBe('QN-A');
  });

  test('merging is associative and emptyRollup is its identity', () => {
    const a = done('A', 'district', '2021-05-03T00:00:00Z', { attendees: 5, members: 6, essaysSubmitted: 1, essaysExpected: 2 });
    const b = unitRollup(LEVELS, { unitId: 'B', name: 'B', level: 'cell', status: 'overdue' });
    const c = done('C', 'cell', '2021-05-01T00:00:00Z', { attendees: 7, members: 7, essaysSubmitted: 3, essaysExpected: 3 });
    const left = mergeRollups(LEVELS, mergeRollups(LEVELS, a, b), c);
    const right = mergeRollups(LEVELS, a, mergeRollups(LEVELS, b, c));
    expect(left).toEqual(right);
    expect(mergeRollups(LEVELS, c, b, a)).toEqual(left);
    expect(mergeRollups(LEVELS, emptyRollup(), left)).toEqual(left);
  });

  test('merging a rollup with a level missing from the levels list throws instead of dropping counts', () => {
    const ward = unitRollup(['ward'], { unitId: 'W', name: 'W', level: 'ward', status: 'pending' });
    expect(() => mergeRollups(LEVELS, ward)).toThrow('rollup counts level "ward", which is not in levels (central, province, district, cell)');
  });

  test('a done unit must say when it finished', () => {
    expect(() => unitRollup(LEVELS, { unitId: 'X', name: 'X', level: 'cell', status: 'done-late' })).toThrow('unit X is done-late but has no doneAt');
  });
});
