// Status of a unit track as derived from its facts and the current instant, and its rollup contribution.
import { addMs } from '../../src/domain/time/instant';
import { emptyLevelCounts } from '../../src/domain/track/rollup';
import { CLOSED_STATUSES, isClosed, rollupStatus, trackRollup, trackStatus, UNIT_STATUSES, type TrackStatus } from '../../src/domain/track/unit-track';
import { completionReport, DAY, DEADLINE, EARLY, JUST_LATE, LEVELS, openTrack } from './fixtures';

const EXTENDED_TO = addMs(DEADLINE, 30 * DAY);

describe('trackStatus', () => {
  test('a unit that has done nothing is pending before its deadline', () => {
    expect(trackStatus(openTrack(), EARLY)).toBe('pending');
  });

  test('a unit that confirmed receipt is acknowledged', () => {
    expect(trackStatus(openTrack({ acknowledgedAt: EARLY }), EARLY)).toBe('acknowledged');
  });

  test('a unit given more time is extended, even if it acknowledged', () => {
    expect(trackStatus(openTrack({ acknowledgedAt: EARLY, extendedTo: EXTENDED_TO, extensions: 1 }), EARLY)).toBe('extended');
  });

  test('an extended unit stays extended after its original deadline has passed', () => {
    expect(trackStatus(openTrack({ extendedTo: EXTENDED_TO, extensions: 1 }), JUST_LATE)).toBe('extended');
  });

  test("an open unit is not overdue at its deadline's last millisecond", () => {
    expect(trackStatus(openTrack(), DEADLINE)).toBe('pending');
  });

  test('an open unit is overdue one millisecond after its deadline', () => {
    expect(trackStatus(openTrack(), JUST_LATE)).toBe('overdue');
  });

  test('an acknowledged unit turns overdue after its deadline too', () => {
    expect(trackStatus(openTrack({ acknowledgedAt: EARLY }), JUST_LATE)).toBe('overdue');
  });

  test('an extended unit is overdue one millisecond after the extension, not at it', () => {
    const track = openTrack({ extendedTo: EXTENDED_TO, extensions: 1 });
    expect(trackStatus(track, EXTENDED_TO)).toBe('extended');
    expect(trackStatus(track, addMs(EXTENDED_TO, 1))).toBe('overdue');
  });

  test("a report at the deadline's last millisecond is done-on-time", () => {
    expect(trackStatus(openTrack({ completedAt: DEADLINE, report: completionReport() }), JUST_LATE)).toBe('done-on-time');
  });

  test('a report one millisecond after the deadline is done-late', () => {
    expect(trackStatus(openTrack({ completedAt: JUST_LATE, report: completionReport() }), JUST_LATE)).toBe('done-late');
  });

  test('a report after the original deadline but within the extension is done-on-time', () => {
    const track = openTrack({ extendedTo: EXTENDED_TO, extensions: 1, completedAt: addMs(DEADLINE, 10 * DAY), report: completionReport() });
    expect(trackStatus(track, addMs(EXTENDED_TO, 100 * DAY))).toBe('done-on-time');
  });

  test('a report after the extension is done-late', () => {
    const track = openTrack({ extendedTo: EXTENDED_TO, extensions: 1, completedAt: addMs(EXTENDED_TO, 1), report: completionReport() });
    expect(trackStatus(track, addMs(EXTENDED_TO, 1))).toBe('done-late');
  });

  test('an exempted unit is exempted, even past its deadline', () => {
    expect(trackStatus(openTrack({ exemptedAt: EARLY }), JUST_LATE)).toBe('exempted');
  });

  test('a withdrawn unit is withdrawn, even past its deadline', () => {
    expect(trackStatus(openTrack({ acknowledgedAt: EARLY, withdrawnAt: EARLY }), JUST_LATE)).toBe('withdrawn');
  });
});

describe('rollupStatus', () => {
  const expected: Record<TrackStatus, string> = {
    pending: 'pending',
    acknowledged: 'pending',
    extended: 'pending',
    overdue: 'overdue',
    'done-on-time': 'done-on-time',
    'done-late': 'done-late',
    exempted: 'exempted',
    withdrawn: 'withdrawn',
  };

  test('covers all eight statuses', () => {
    expect(Object.keys(expected).sort()).toEqual([...UNIT_STATUSES].sort());
  });

  test.each(UNIT_STATUSES.map((s) => [s, expected[s]] as const))('%s counts as %s in a rollup', (status, bucket) => {
    expect(rollupStatus(status)).toBe(bucket);
  });
});

describe('trackRollup', () => {
  const cellCounts = (rollup: ReturnType<typeof trackRollup>) => rollup.levels.find((l) => l.level === 'cell');

  test('lays counts out for every level in order, with only the unit level counted', () => {
    const rollup = trackRollup(LEVELS, openTrack(), EARLY);
    expect(rollup.levels.map((l) => l.level)).toEqual([...LEVELS]);
    expect(rollup.levels.filter((l) => l.level !== 'cell')).toEqual(['central', 'province', 'district'].map(emptyLevelCounts));
  });

  test('an open unit contributes one expected, pending unit and no figures', () => {
    const rollup = trackRollup(LEVELS, openTrack({ acknowledgedAt: EARLY }), EARLY);
    expect(cellCounts(rollup)).toEqual({ ...emptyLevelCounts('cell'), expected: 1, pending: 1 });
    expect(rollup).toMatchObject({ attendance: { attendees: 0, members: 0 }, essays: { submitted: 0, expected: 0 }, firstFinisher: null, overdueCount: 0 });
  });

  test('an extended unit contributes as pending', () => {
    const rollup = trackRollup(LEVELS, openTrack({ extendedTo: EXTENDED_TO, extensions: 1 }), JUST_LATE);
    expect(cellCounts(rollup)).toEqual({ ...emptyLevelCounts('cell'), expected: 1, pending: 1 });
  });

  test('an overdue unit contributes one expected, overdue unit and to overdueCount', () => {
    const rollup = trackRollup(LEVELS, openTrack(), JUST_LATE);
    expect(cellCounts(rollup)).toEqual({ ...emptyLevelCounts('cell'), expected: 1, overdue: 1 });
    expect(rollup.overdueCount).toBe(1);
  });

  test('a unit done on time contributes done, onTime, its report figures and itself as first finisher', () => {
    const completedAt = '2027-05-12T03:00:00.000Z';
    const rollup = trackRollup(
      LEVELS,
      openTrack({ completedAt, report: completionReport({ attendees: 17, members: 20, essaysSubmitted: 4, essaysExpected: 5 }) }),
      JUST_LATE,
    );
    expect(cellCounts(rollup)).toEqual({ ...emptyLevelCounts('cell'), expected: 1, done: 1, onTime: 1 });
    expect(rollup).toMatchObject({
      attendance: { attendees: 17, members: 20 },
      essays: { submitted: 4, expected: 5 },
      firstFinisher: { unitId: 'D1-C1', name: 'Chi bộ thôn 1', at: completedAt },
      overdueCount: 0,
    });
  });

  test('a unit done late contributes done and late, not overdue', () => {
    const rollup = trackRollup(LEVELS, openTrack({ completedAt: JUST_LATE, report: completionReport() }), JUST_LATE);
    expect(cellCounts(rollup)).toEqual({ ...emptyLevelCounts('cell'), expected: 1, done: 1, late: 1 });
    expect(rollup.overdueCount).toBe(0);
  });

  test('an exempted unit is counted as exempted and not expected', () => {
    const rollup = trackRollup(LEVELS, openTrack({ exemptedAt: EARLY }), JUST_LATE);
    expect(cellCounts(rollup)).toEqual({ ...emptyLevelCounts('cell'), exempted: 1 });
    expect(rollup.overdueCount).toBe(0);
  });

  test('a withdrawn unit is counted as withdrawn and not expected', () => {
    const rollup = trackRollup(LEVELS, openTrack({ withdrawnAt: EARLY }), JUST_LATE);
    expect(cellCounts(rollup)).toEqual({ ...emptyLevelCounts('cell'), withdrawn: 1 });
  });
});

test('CLOSED_STATUSES are the statuses of exactly the closed tracks', () => {
  const tracks = [
    openTrack(),
    openTrack({ acknowledgedAt: EARLY }),
    openTrack({ extendedTo: EXTENDED_TO, extensions: 1 }),
    openTrack({ completedAt: EARLY, report: completionReport() }),
    openTrack({ completedAt: JUST_LATE, report: completionReport() }),
    openTrack({ exemptedAt: EARLY }),
    openTrack({ withdrawnAt: EARLY }),
  ];
  for (const now of [EARLY, JUST_LATE]) {
    for (const track of tracks)
      expect([trackStatus(track, now), CLOSED_STATUSES.includes(trackStatus(track, now))]).toEqual([trackStatus(track, now), isClosed(track)]);
  }
});
