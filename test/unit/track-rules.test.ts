// Transitions of a unit track: each rule, the error it raises, and what the transition changes.
import { addMs } from '../../src/domain/time/instant';
import {
  acknowledge,
  applyCorrection,
  applyExemption,
  applyExtension,
  applyReport,
  applyWithdrawal,
  checkExtension,
  TrackRuleError,
} from '../../src/domain/track/track-rules';
import { trackStatus, type UnitTrack } from '../../src/domain/track/unit-track';
import { completionReport, DAY, DEADLINE, EARLY, JUST_LATE, openTrack } from './fixtures';

const REMINDERS = [-14 * DAY, -3 * DAY, 0];
const REPORTED_AT = '2027-05-12T03:00:00.000Z';

/** The TrackRuleError `fn` throws (fails the test if it throws nothing or something else). */
function ruleError(fn: () => void): TrackRuleError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TrackRuleError) return error;
    throw error;
  }
  throw new Error('expected a TrackRuleError, but nothing was thrown');
}

function reported(overrides: Partial<UnitTrack> = {}): UnitTrack {
  const track = openTrack(overrides);
  applyReport(track, completionReport(), REPORTED_AT);
  return track;
}

describe('TrackRuleError', () => {
  test('is an Error carrying the unit and the rule', () => {
    const error = ruleError(() => applyReport(reported(), completionReport(), REPORTED_AT));
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'TrackRuleError', unitId: 'D1-C1', rule: 'already-reported' });
  });
});

describe('acknowledge', () => {
  test('records the first acknowledgement and keeps it when repeated', () => {
    const track = openTrack();
    acknowledge(track, EARLY);
    acknowledge(track, addMs(EARLY, DAY));
    expect(track.acknowledgedAt).toBe(EARLY);
  });

  test('is refused after withdrawal with rule withdrawn naming the unit', () => {
    const error = ruleError(() => acknowledge(openTrack({ withdrawnAt: EARLY }), EARLY));
    expect(error.rule).toBe('withdrawn');
    expect(error.message).toContain('D1-C1');
  });
});

describe('report', () => {
  test('records the report and its instant as completedAt', () => {
    const track = reported();
    expect(track).toMatchObject({ report: completionReport(), completedAt: REPORTED_AT });
  });

  test('counts as an acknowledgement when none was sent', () => {
    expect(reported().acknowledgedAt).toBe(REPORTED_AT);
  });

  test('keeps an earlier acknowledgement', () => {
    expect(reported({ acknowledgedAt: EARLY }).acknowledgedAt).toBe(EARLY);
  });

  test('a second report is refused as already-reported, naming the unit', () => {
    const error = ruleError(() => applyReport(reported(), completionReport({ attendees: 20 }), addMs(REPORTED_AT, DAY)));
    expect(error.rule).toBe('already-reported');
    expect(error.message).toContain('unit D1-C1');
  });

  test('already-reported says when in Vietnam time as Vietnamese write it, not in UTC', () => {
    // 03:00 UTC on 12/5 is 10:00 in Vietnam; 17:30 UTC on 31/12 is already 00:30 on 1/1.
    expect(ruleError(() => applyReport(reported(), completionReport(), addMs(REPORTED_AT, DAY))).message).toBe(
      'unit D1-C1 already reported on 12/05/2027 10:00 (Vietnam time); send a correction to change it',
    );
    const newYear = openTrack();
    applyReport(newYear, completionReport(), '2026-12-31T17:30:00.000Z');
    const message = ruleError(() => applyReport(newYear, completionReport(), '2027-01-02T00:00:00.000Z')).message;
    expect(message).toContain('on 01/01/2027 00:30 (Vietnam time)');
    expect(message).not.toContain('T17:30');
  });

  test('a withdrawn unit is told when the directive was withdrawn, in Vietnam time', () => {
    expect(ruleError(() => applyReport(openTrack({ withdrawnAt: '2027-05-12T03:00:00.000Z' }), completionReport(), REPORTED_AT)).message).toContain(
      'on 12/05/2027 10:00 (Vietnam time)',
    );
  });

  test('a refused second report leaves the first untouched', () => {
    const track = reported();
    const before = structuredClone(track);
    ruleError(() => applyReport(track, completionReport({ attendees: 20 }), addMs(REPORTED_AT, DAY)));
    expect(track).toEqual(before);
  });

  test('an exempted unit may not report: rule closed', () => {
    const error = ruleError(() => applyReport(openTrack({ exemptedAt: EARLY }), completionReport(), REPORTED_AT));
    expect(error.rule).toBe('closed');
    expect(error.message).toContain('D1-C1');
  });

  test('a withdrawn unit may not report: rule withdrawn', () => {
    expect(ruleError(() => applyReport(openTrack({ withdrawnAt: EARLY }), completionReport(), REPORTED_AT)).rule).toBe('withdrawn');
  });
});

describe('correction', () => {
  test('before any report is refused as not-reported, naming the unit', () => {
    const error = ruleError(() => applyCorrection(openTrack(), completionReport()));
    expect(error.rule).toBe('not-reported');
    expect(error.message).toContain('unit D1-C1');
  });

  test('replaces the report', () => {
    const track = reported();
    applyCorrection(track, completionReport({ attendees: 19 }));
    expect(track.report?.attendees).toBe(19);
  });

  test('keeps completedAt of the first report', () => {
    const track = reported();
    applyCorrection(track, completionReport({ attendees: 19 }));
    expect(track.completedAt).toBe(REPORTED_AT);
  });

  test('increments corrections each time', () => {
    const track = reported();
    applyCorrection(track, completionReport({ attendees: 19 }));
    applyCorrection(track, completionReport({ attendees: 20 }));
    expect(track.corrections).toBe(2);
  });

  test('for a withdrawn unit is refused as withdrawn, not as not-reported', () => {
    expect(ruleError(() => applyCorrection(openTrack({ withdrawnAt: EARLY }), completionReport())).rule).toBe('withdrawn');
  });
});

describe('extension', () => {
  const later = addMs(DEADLINE, 30 * DAY);

  test('to the current deadline is refused as extension-not-later, naming the unit and that deadline', () => {
    const error = ruleError(() => checkExtension(openTrack(), DEADLINE, EARLY));
    expect(error.rule).toBe('extension-not-later');
    expect(error.message).toContain('D1-C1');
    expect(error.message).toContain(DEADLINE);
  });

  test('to an earlier instant is refused as extension-not-later', () => {
    expect(ruleError(() => checkExtension(openTrack(), addMs(DEADLINE, -DAY), EARLY)).rule).toBe('extension-not-later');
  });

  test('is judged against the extension already granted, not the original deadline', () => {
    const track = openTrack({ extendedTo: later, extensions: 1 });
    expect(ruleError(() => checkExtension(track, addMs(DEADLINE, 10 * DAY), EARLY)).rule).toBe('extension-not-later');
  });

  test('to an instant already past is refused as extension-in-past, naming the unit', () => {
    const now = addMs(DEADLINE, 10 * DAY);
    const error = ruleError(() => checkExtension(openTrack(), addMs(DEADLINE, 5 * DAY), now));
    expect(error.rule).toBe('extension-in-past');
    expect(error.message).toContain('D1-C1');
  });

  test('to exactly now is refused as extension-in-past', () => {
    const now = addMs(DEADLINE, 10 * DAY);
    expect(ruleError(() => checkExtension(openTrack(), now, now)).rule).toBe('extension-in-past');
  });

  test('of an overdue unit to a future instant is allowed', () => {
    expect(() => checkExtension(openTrack(), later, JUST_LATE)).not.toThrow();
  });

  test('of a reported unit is refused as closed, naming the unit', () => {
    const error = ruleError(() => checkExtension(reported(), later, REPORTED_AT));
    expect(error.rule).toBe('closed');
    expect(error.message).toContain('D1-C1');
  });

  test('of an exempted unit is refused as closed', () => {
    expect(ruleError(() => checkExtension(openTrack({ exemptedAt: EARLY }), later, EARLY)).rule).toBe('closed');
  });

  test('of a withdrawn unit is refused as withdrawn', () => {
    expect(ruleError(() => checkExtension(openTrack({ withdrawnAt: EARLY }), later, EARLY)).rule).toBe('withdrawn');
  });

  test('sets extendedTo and counts the extension, keeping the original deadline', () => {
    const track = openTrack();
    applyExtension(track, later, EARLY, { reminders: REMINDERS });
    expect(track).toMatchObject({ deadline: DEADLINE, extendedTo: later, extensions: 1 });
  });

  test('a refused extension changes nothing', () => {
    const track = openTrack({ remindersDone: 2 });
    const before = structuredClone(track);
    ruleError(() => applyExtension(track, DEADLINE, EARLY, { reminders: REMINDERS }));
    expect(track).toEqual(before);
  });

  test('resets escalation so it starts over after the new deadline', () => {
    const track = openTrack({ remindersDone: 3, escalationsDone: 2 });
    applyExtension(track, later, addMs(DEADLINE, 8 * DAY), { reminders: REMINDERS });
    expect(track.escalationsDone).toBe(0);
  });

  test('restarts reminders when none of the new ones has passed', () => {
    const track = openTrack({ remindersDone: 3 });
    applyExtension(track, later, JUST_LATE, { reminders: REMINDERS });
    expect(track.remindersDone).toBe(0);
  });

  test('skips reminders for the new deadline whose instant has already gone by', () => {
    // New deadline 10/10/2027: its -14d reminder (26/09 08:00 +07:00) is past on 28/09, its -3d one (07/10) is not.
    const track = openTrack({ remindersDone: 2 });
    applyExtension(track, '2027-10-10T16:59:59.999Z', '2027-09-28T03:00:00.000Z', { reminders: REMINDERS });
    expect(track.remindersDone).toBe(1);
  });
});

describe('exemption', () => {
  test('after a report is refused as already-reported, naming the unit', () => {
    const error = ruleError(() => applyExemption(reported(), addMs(REPORTED_AT, DAY)));
    expect(error.rule).toBe('already-reported');
    expect(error.message).toContain('unit D1-C1');
  });

  test('records the first exemption and keeps it when repeated', () => {
    const track = openTrack();
    applyExemption(track, EARLY);
    applyExemption(track, addMs(EARLY, DAY));
    expect(track.exemptedAt).toBe(EARLY);
  });

  test('of a withdrawn unit is refused as withdrawn', () => {
    expect(ruleError(() => applyExemption(openTrack({ withdrawnAt: EARLY }), EARLY)).rule).toBe('withdrawn');
  });
});

describe('withdrawal', () => {
  const WITHDRAWN_AT = '2027-06-01T03:00:00.000Z';

  test('withdraws an open unit at the given instant', () => {
    const track = openTrack({ acknowledgedAt: EARLY });
    applyWithdrawal(track, WITHDRAWN_AT);
    expect(track.withdrawnAt).toBe(WITHDRAWN_AT);
  });

  test('withdraws an overdue unit', () => {
    const track = openTrack();
    applyWithdrawal(track, addMs(DEADLINE, DAY));
    expect(trackStatus(track, addMs(DEADLINE, DAY))).toBe('withdrawn');
  });

  test('leaves a reported unit alone', () => {
    const track = reported();
    const before = structuredClone(track);
    applyWithdrawal(track, WITHDRAWN_AT);
    expect(track).toEqual(before);
  });

  test('leaves an exempted unit alone', () => {
    const track = openTrack({ exemptedAt: EARLY });
    const before = structuredClone(track);
    applyWithdrawal(track, WITHDRAWN_AT);
    expect(track).toEqual(before);
  });

  test('keeps the first withdrawal instant when repeated', () => {
    const track = openTrack();
    applyWithdrawal(track, WITHDRAWN_AT);
    applyWithdrawal(track, addMs(WITHDRAWN_AT, DAY));
    expect(track.withdrawnAt).toBe(WITHDRAWN_AT);
  });
});
