// When a committee must wake, and what is due then: reminder and escalation instants, due actions, next wake.
import { addMs } from '../../src/domain/time/instant';
import {
  escalationInstants,
  nextWakeAt,
  REMINDER_GRACE_MS,
  reminderInstants,
  takeDueActions,
  type SchedulePolicy,
} from '../../src/domain/track/track-schedule';
import type { UnitTrack } from '../../src/domain/track/unit-track';
import { completionReport, DAY, DEADLINE, EARLY, HOUR, JUST_LATE, MINUTE, openTrack } from './fixtures';

const POLICY: SchedulePolicy = { reminders: [-14 * DAY, -3 * DAY, 0], escalation: [0, 7 * DAY, 14 * DAY], reminderGraceMs: REMINDER_GRACE_MS };
// For DEADLINE (30/09/2027 23:59:59.999 +07:00): 08:00 +07:00 on 16/09, 27/09 and 30/09.
const REMINDER_14D = '2027-09-16T01:00:00.000Z';
const REMINDER_3D = '2027-09-27T01:00:00.000Z';
const REMINDER_0D = '2027-09-30T01:00:00.000Z';

function other(unitId: string, overrides: Partial<UnitTrack> = {}): UnitTrack {
  return openTrack({ unitId, name: `Chi bộ ${unitId}`, ...overrides });
}

describe('reminderInstants', () => {
  test('whole-day offsets land at 08:00 Vietnam time (01:00Z) that many days before the deadline day', () => {
    expect(reminderInstants(DEADLINE, POLICY.reminders)).toEqual([REMINDER_14D, REMINDER_3D, REMINDER_0D]);
  });

  test("whole-day offsets count from the deadline's Vietnam day, not its UTC day", () => {
    // 18:30Z on 30/09 is already 01:30 on 01/10 in Vietnam, so -1d is 30/09 08:00 +07:00.
    expect(reminderInstants('2027-09-30T18:30:00.000Z', [-DAY])).toEqual(['2027-09-30T01:00:00.000Z']);
  });

  test('a whole-day reminder that would fall after an early-morning deadline is sent at the deadline', () => {
    // 05:00 +07:00 deadline: "0d" at 08:00 that day would be late, so it is moved to the deadline itself.
    expect(reminderInstants('2027-09-29T22:00:00.000Z', [0])).toEqual(['2027-09-29T22:00:00.000Z']);
  });

  test('hour and minute offsets are taken from the deadline instant', () => {
    expect(reminderInstants(DEADLINE, [-36 * HOUR, -30 * MINUTE])).toEqual([addMs(DEADLINE, -36 * HOUR), addMs(DEADLINE, -30 * MINUTE)]);
  });

  test('come out in time order whatever the order of the offsets', () => {
    expect(reminderInstants(DEADLINE, [0, -3 * DAY, -14 * DAY])).toEqual([REMINDER_14D, REMINDER_3D, REMINDER_0D]);
  });
});

describe('escalationInstants', () => {
  test('are one millisecond after the deadline plus each offset', () => {
    expect(escalationInstants(DEADLINE, POLICY.escalation)).toEqual([JUST_LATE, addMs(DEADLINE, 7 * DAY + 1), addMs(DEADLINE, 14 * DAY + 1)]);
  });

  test('the first with offset 0 is the first instant the unit is overdue', () => {
    expect(escalationInstants('2027-06-30T16:59:59.999Z', [0])).toEqual(['2027-06-30T17:00:00.000Z']);
  });
});

describe('takeDueActions', () => {
  test('nothing is due before the first reminder', () => {
    expect(takeDueActions([openTrack()], POLICY, addMs(REMINDER_14D, -1))).toEqual([]);
  });

  test('a reminder is due at its instant, with its step and the deadline', () => {
    expect(takeDueActions([openTrack()], POLICY, REMINDER_14D)).toEqual([{ kind: 'reminder', unitId: 'D1-C1', step: 0, deadline: DEADLINE }]);
  });

  test('a taken reminder is marked handled on the track', () => {
    const track = openTrack();
    takeDueActions([track], POLICY, REMINDER_14D);
    expect(track.remindersDone).toBe(1);
  });

  test('after an outage only the latest of several due reminders is sent; the ones it overtook are returned as skipped', () => {
    expect(takeDueActions([openTrack()], POLICY, addMs(REMINDER_0D, HOUR))).toEqual([
      { kind: 'reminder', unitId: 'D1-C1', step: 0, deadline: DEADLINE, skip: 'superseded' },
      { kind: 'reminder', unitId: 'D1-C1', step: 1, deadline: DEADLINE, skip: 'superseded' },
      { kind: 'reminder', unitId: 'D1-C1', step: 2, deadline: DEADLINE },
    ]);
  });

  test('reminders skipped after an outage are marked handled, not sent later', () => {
    const track = openTrack();
    takeDueActions([track], POLICY, addMs(REMINDER_0D, HOUR));
    expect(track.remindersDone).toBe(3);
  });

  test("the last reminder is still sent at the deadline's last millisecond", () => {
    const track = openTrack({ remindersDone: 2 });
    expect(takeDueActions([track], POLICY, DEADLINE)).toEqual([{ kind: 'reminder', unitId: 'D1-C1', step: 2, deadline: DEADLINE }]);
  });

  test('no reminder is sent once the deadline has passed; each is returned as skipped, for its ledger row', () => {
    // The 0d reminder was due at 08:00; the committee was down until just after the deadline.
    const noEscalation = { ...POLICY, escalation: [] };
    expect(takeDueActions([openTrack()], noEscalation, JUST_LATE)).toEqual([
      { kind: 'reminder', unitId: 'D1-C1', step: 0, deadline: DEADLINE, skip: 'superseded' },
      { kind: 'reminder', unitId: 'D1-C1', step: 1, deadline: DEADLINE, skip: 'superseded' },
      { kind: 'reminder', unitId: 'D1-C1', step: 2, deadline: DEADLINE, skip: 'after-deadline' },
    ]);
  });

  test('reminders due only after the deadline has passed are marked handled', () => {
    const track = openTrack();
    takeDueActions([track], { ...POLICY, escalation: [] }, JUST_LATE);
    expect(track.remindersDone).toBe(3);
  });

  describe('a reminder at the deadline itself', () => {
    // 05:00 +07:00: "0d" (08:00 that day) is capped to the deadline itself, as is "0m".
    const EARLY_DEADLINE = '2027-09-29T22:00:00.000Z';
    const atDeadline = { ...POLICY, reminders: [0], escalation: [] };

    test('goes out when its timer fires just after the deadline', () => {
      // The timer is set for the deadline and fires a few milliseconds late.
      expect(takeDueActions([openTrack({ deadline: EARLY_DEADLINE })], atDeadline, addMs(EARLY_DEADLINE, 40))).toEqual([
        { kind: 'reminder', unitId: 'D1-C1', step: 0, deadline: EARLY_DEADLINE },
      ]);
    });

    test('is returned as skipped, not dropped, when it could only go out later than the grace', () => {
      const track = openTrack({ deadline: EARLY_DEADLINE });
      expect(takeDueActions([track], atDeadline, addMs(EARLY_DEADLINE, REMINDER_GRACE_MS + 1))).toEqual([
        { kind: 'reminder', unitId: 'D1-C1', step: 0, deadline: EARLY_DEADLINE, skip: 'after-deadline' },
      ]);
      expect(track.remindersDone).toBe(1);
    });
  });

  test("no escalation at the deadline's last millisecond", () => {
    expect(takeDueActions([openTrack({ remindersDone: 3 })], POLICY, DEADLINE)).toEqual([]);
  });

  test('the first escalation, to the parent, is due one millisecond after the deadline', () => {
    expect(takeDueActions([openTrack({ remindersDone: 3 })], POLICY, JUST_LATE)).toEqual([
      { kind: 'escalation', unitId: 'D1-C1', step: 0, ancestorIndex: 0, deadline: DEADLINE },
    ]);
  });

  test('after an outage every due escalation is sent, each to the next ancestor up', () => {
    const actions = takeDueActions([openTrack({ remindersDone: 3 })], POLICY, addMs(DEADLINE, 20 * DAY));
    expect(actions).toEqual([0, 1, 2].map((i) => ({ kind: 'escalation', unitId: 'D1-C1', step: i, ancestorIndex: i, deadline: DEADLINE })));
  });

  test('sent escalations are marked handled on the track', () => {
    const track = openTrack({ remindersDone: 3 });
    takeDueActions([track], POLICY, addMs(DEADLINE, 8 * DAY));
    expect(track.escalationsDone).toBe(2);
  });

  test('after an extension, steps add extensions × 100 and carry the new deadline', () => {
    const extendedTo = addMs(DEADLINE, 30 * DAY);
    const track = openTrack({ extendedTo, extensions: 1, remindersDone: 0, escalationsDone: 0 });
    const actions = takeDueActions([track], POLICY, addMs(extendedTo, 7 * DAY + 1));
    expect(actions).toEqual([
      // The new deadline's reminders, none sent this late, each with its ledger row.
      { kind: 'reminder', unitId: 'D1-C1', step: 100, deadline: extendedTo, skip: 'superseded' },
      { kind: 'reminder', unitId: 'D1-C1', step: 101, deadline: extendedTo, skip: 'superseded' },
      { kind: 'reminder', unitId: 'D1-C1', step: 102, deadline: extendedTo, skip: 'after-deadline' },
      { kind: 'escalation', unitId: 'D1-C1', step: 100, ancestorIndex: 0, deadline: extendedTo },
      { kind: 'escalation', unitId: 'D1-C1', step: 101, ancestorIndex: 1, deadline: extendedTo },
    ]);
  });

  test('a reminder after a second extension has step 200 + index', () => {
    const extendedTo = addMs(DEADLINE, 30 * DAY);
    const track = openTrack({ extendedTo, extensions: 2 });
    const [first] = reminderInstants(extendedTo, POLICY.reminders);
    expect(takeDueActions([track], POLICY, first as string)).toEqual([{ kind: 'reminder', unitId: 'D1-C1', step: 200, deadline: extendedTo }]);
  });

  test('an extended unit gets no escalation for its original deadline', () => {
    const track = openTrack({ extendedTo: addMs(DEADLINE, 30 * DAY), extensions: 1, remindersDone: 1 });
    expect(takeDueActions([track], POLICY, addMs(DEADLINE, 8 * DAY))).toEqual([]);
  });

  test('reported, exempted and withdrawn units get nothing', () => {
    const closed = [other('R', { completedAt: EARLY, report: completionReport() }), other('E', { exemptedAt: EARLY }), other('W', { withdrawnAt: EARLY })];
    expect(takeDueActions(closed, POLICY, addMs(DEADLINE, 20 * DAY))).toEqual([]);
  });

  test('calling twice at the same instant yields nothing new', () => {
    const tracks = [other('A'), other('B', { remindersDone: 3 })];
    const at = addMs(DEADLINE, 8 * DAY);
    takeDueActions(tracks, POLICY, at);
    expect(takeDueActions(tracks, POLICY, at)).toEqual([]);
  });

  test('each open unit gets its own actions', () => {
    const actions = takeDueActions([other('A'), other('B', { remindersDone: 1 }), other('C', { exemptedAt: EARLY })], POLICY, REMINDER_3D);
    expect(actions).toEqual([
      { kind: 'reminder', unitId: 'A', step: 0, deadline: DEADLINE, skip: 'superseded' },
      { kind: 'reminder', unitId: 'A', step: 1, deadline: DEADLINE },
      { kind: 'reminder', unitId: 'B', step: 1, deadline: DEADLINE },
    ]);
  });
});

describe('reminders dated before the unit received the directive', () => {
  // Received a day after the -14d reminder's instant, as a unit of a round opened late would be.
  const late = () => openTrack({ receivedAt: addMs(REMINDER_14D, DAY) });

  test('are recorded as skipped (before-receipt) when the directive says so, and the next one goes out', () => {
    const policy = { ...POLICY, remindersFromReceipt: true };
    const track = late();
    expect(takeDueActions([track], policy, addMs(REMINDER_14D, DAY))).toEqual([
      { kind: 'reminder', unitId: 'D1-C1', step: 0, deadline: DEADLINE, skip: 'before-receipt' },
    ]);
    expect(takeDueActions([track], policy, REMINDER_3D)).toEqual([{ kind: 'reminder', unitId: 'D1-C1', step: 1, deadline: DEADLINE }]);
  });

  test('are sent with the notice in directives launched before the rule (their histories did)', () => {
    expect(takeDueActions([late()], POLICY, addMs(REMINDER_14D, DAY))).toEqual([{ kind: 'reminder', unitId: 'D1-C1', step: 0, deadline: DEADLINE }]);
  });
});

describe('nextWakeAt', () => {
  test('is the first reminder for a fresh unit', () => {
    expect(nextWakeAt([openTrack()], POLICY, EARLY)).toBe(REMINDER_14D);
  });

  test('is the next reminder not yet handled', () => {
    expect(nextWakeAt([openTrack({ remindersDone: 1 })], POLICY, REMINDER_14D)).toBe(REMINDER_3D);
  });

  test('is the instant the unit turns overdue once reminders are done, even without an escalation then', () => {
    const policy = { ...POLICY, escalation: [DAY] };
    expect(nextWakeAt([openTrack({ remindersDone: 3 })], policy, REMINDER_0D)).toBe(JUST_LATE);
  });

  test('is the next escalation once the unit is overdue', () => {
    const policy = { ...POLICY, escalation: [DAY] };
    expect(nextWakeAt([openTrack({ remindersDone: 3 })], policy, JUST_LATE)).toBe(addMs(DEADLINE, DAY + 1));
  });

  test('is the next escalation not yet sent', () => {
    expect(nextWakeAt([openTrack({ remindersDone: 3, escalationsDone: 1 })], POLICY, JUST_LATE)).toBe(addMs(DEADLINE, 7 * DAY + 1));
  });

  test('follows the extension, not the original deadline', () => {
    const extendedTo = addMs(DEADLINE, 30 * DAY);
    const track = openTrack({ extendedTo, extensions: 1, remindersDone: 3 });
    expect(nextWakeAt([track], POLICY, JUST_LATE)).toBe(addMs(extendedTo, 1));
  });

  test('is the earliest over all units', () => {
    const tracks = [other('A', { remindersDone: 3 }), other('B', { remindersDone: 1 }), other('C', { remindersDone: 2 })];
    expect(nextWakeAt(tracks, POLICY, REMINDER_14D)).toBe(REMINDER_3D);
  });

  test('ignores closed units', () => {
    const tracks = [other('R', { completedAt: EARLY, report: completionReport() }), other('B', { remindersDone: 2 })];
    expect(nextWakeAt(tracks, POLICY, EARLY)).toBe(REMINDER_0D);
  });

  test('is null when every unit is closed', () => {
    const tracks = [other('R', { completedAt: EARLY, report: completionReport() }), other('E', { exemptedAt: EARLY }), other('W', { withdrawnAt: EARLY })];
    expect(nextWakeAt(tracks, POLICY, EARLY)).toBeNull();
  });

  test('is null for an overdue unit whose escalations have all been sent', () => {
    expect(nextWakeAt([openTrack({ remindersDone: 3, escalationsDone: 3 })], POLICY, addMs(DEADLINE, 20 * DAY))).toBeNull();
  });

  test('is null when there are no units', () => {
    expect(nextWakeAt([], POLICY, EARLY)).toBeNull();
  });
});
