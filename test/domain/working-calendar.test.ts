// The working calendar as workflows use it: working-day arithmetic (with property tests),
// deadlines in working days and on days off, and reminders and escalations at 08:00 on working
// days, on the calendars the project ships (calendar/2025.yaml, 2026.yaml; 2027 computed).
import fc from 'fast-check';
import { CalendarBook } from '../../src/app/calendar-book';
import { addWorkingDays, isWorkingDay, workingDayOnOrAfter, workingDayOnOrBefore } from '../../src/domain/calendar/working-calendar';
import { parseDeadlineSpec, resolveDeadline } from '../../src/domain/time/deadline-spec';
import { TimeInputError } from '../../src/domain/time/time-error';
import { escalationInstants, reminderInstants, upcomingSteps } from '../../src/domain/track/track-schedule';

const DAY = 86_400_000;
const book = new CalendarBook();
const calendar = book.workingCalendar(2025, 2028);

/** A Vietnam wall-clock instant as UTC ISO. */
const vn = (isoDay: string, time = '08:00') => new Date(`${isoDay}T${time}:00+07:00`).toISOString();
const endOf = (isoDay: string) => new Date(`${isoDay}T23:59:59.999+07:00`).toISOString();

test('answers follow a calendar’s days, not its id: two calendars sent under one id each get their own (the module is shared by every workflow of a thread)', () => {
  const holiday = { ...calendar, daysOff: [...calendar.daysOff, '2026-03-05'].sort() };
  const impostor = { ...calendar, id: calendar.id, daysOff: calendar.daysOff.filter((d) => d !== '2026-02-17') };
  expect(isWorkingDay(calendar, '2026-03-05')).toBe(true);
  expect(isWorkingDay(holiday, '2026-03-05')).toBe(false);
  expect(isWorkingDay(calendar, '2026-02-17')).toBe(false);
  expect(isWorkingDay(impostor, '2026-02-17')).toBe(true);
  // Reminders whole days before a deadline land on the last working day on or before: 3 days before Friday 6/3/2026 is Tuesday 3/3 either way, but 1 day before is 5/3 only where 5/3 is worked.
  expect(reminderInstants(endOf('2026-03-06'), [-DAY], calendar)).toEqual([vn('2026-03-05')]);
  expect(reminderInstants(endOf('2026-03-06'), [-DAY], holiday)).toEqual([vn('2026-03-04')]);
  expect(escalationInstants(endOf('2026-03-04'), [0], holiday)).toEqual([vn('2026-03-06')]);
  expect(escalationInstants(endOf('2026-03-04'), [0], calendar)).toEqual([vn('2026-03-05')]);
});

describe('working days on the shipped calendar', () => {
  test('Tết 2026 (16–20/2) and 2025 (27–31/1) are days off, as decided; the Saturday worked in 2025 is a working day', () => {
    for (const day of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2025-01-27', '2025-01-31', '2025-05-02'])
      expect(isWorkingDay(calendar, day)).toBe(false);
    expect(isWorkingDay(calendar, '2026-02-13')).toBe(true);
    expect(isWorkingDay(calendar, '2026-02-23')).toBe(true);
    expect(isWorkingDay(calendar, '2025-04-26')).toBe(true); // Saturday worked for Friday 2/5/2025
  });

  test('ten working days from Thursday 12/2/2026, just before Tết, end on Thursday 5/3/2026', () => {
    // 13/2 (1), then Tết and two weekends, then 23–27/2 (2–6), 2–5/3 (7–10).
    expect(addWorkingDays(calendar, '2026-02-12', 10)).toBe('2026-03-05');
    expect(resolveDeadline(parseDeadlineSpec('10 ngày làm việc'), vn('2026-02-12', '10:00'), { calendar })).toBe(endOf('2026-03-05'));
    expect(resolveDeadline(parseDeadlineSpec('10 working days'), vn('2026-02-12', '10:00'), { calendar })).toBe(endOf('2026-03-05'));
  });

  test('ten working days from 2/2/2027, just before Tết 2027 (4–10/2 computed), end on 23/2/2027', () => {
    // 3/2 (1), Tết 4,5,8,9,10/2 off, 11,12 (2,3), 15–19 (4–8), 22, 23 (9, 10).
    expect(addWorkingDays(calendar, '2027-02-02', 10)).toBe('2027-02-23');
  });

  test('without a calendar a working-day deadline counts Monday to Friday only', () => {
    expect(resolveDeadline(parseDeadlineSpec('5 ngày làm việc'), vn('2026-02-12'))).toBe(endOf('2026-02-19'));
  });

  test('a working-day deadline must count 1 to 1000 days', () => {
    expect(() => parseDeadlineSpec('0 ngày làm việc')).toThrow(TimeInputError);
    expect(() => parseDeadlineSpec('1001 working days')).toThrow(/1 to 1000 working days/);
  });
});

describe('dated deadlines on a day off', () => {
  const onHoliday = parseDeadlineSpec('30/04/2026');
  test('keep their date by default', () => {
    expect(resolveDeadline(onHoliday, vn('2026-03-01'), { calendar })).toBe(endOf('2026-04-30'));
  });
  test('move to the end of the next working day when the directive says so (30/4, 1/5 and the weekend skipped)', () => {
    expect(resolveDeadline(onHoliday, vn('2026-03-01'), { calendar, onDayOff: 'next-working-day' })).toBe(endOf('2026-05-04'));
    expect(resolveDeadline(parseDeadlineSpec('quý I/2026'), vn('2026-01-02'), { calendar, onDayOff: 'next-working-day' })).toBe(endOf('2026-03-31'));
  });
  test('an exact date-time is never moved', () => {
    const exact = parseDeadlineSpec('2026-04-30T17:00:00+07:00');
    expect(resolveDeadline(exact, vn('2026-03-01'), { calendar, onDayOff: 'next-working-day' })).toBe(vn('2026-04-30', '17:00'));
  });
});

describe('reminders and escalations at 08:00 on working days', () => {
  const deadline = endOf('2026-05-04'); // Monday after 30/4, 1/5 and a weekend

  test('a reminder that would fall on 30/4 or 1/5 goes out on the working day before, at 08:00', () => {
    expect(reminderInstants(deadline, [-7 * DAY, -4 * DAY, -3 * DAY, 0], calendar)).toEqual([
      vn('2026-04-24'), // -7d is Monday 27/4, the day off in lieu of Giỗ Tổ (Sunday 26/4): back over the weekend to Friday
      vn('2026-04-29'),
      vn('2026-04-29'),
      vn('2026-05-04'),
    ]);
  });

  test('without a calendar the same offsets keep their plain days', () => {
    expect(reminderInstants(deadline, [-4 * DAY, -3 * DAY], undefined)).toEqual([vn('2026-04-30'), vn('2026-05-01')]);
  });

  test('an escalation that would fall on a day off goes out at 08:00 on the next working day', () => {
    const wednesday = endOf('2026-04-29');
    expect(escalationInstants(wednesday, [0, 7 * DAY], calendar)).toEqual([vn('2026-05-04'), vn('2026-05-07')]);
    expect(escalationInstants(wednesday, [0], undefined)).toEqual([new Date(Date.parse(wednesday) + 1).toISOString()]);
  });

  test('a deadline set to the minute escalates at its exact instant, even before a day off', () => {
    expect(escalationInstants(vn('2026-04-29', '17:00'), [0], calendar)).toEqual([new Date(Date.parse(vn('2026-04-29', '17:00')) + 1).toISOString()]);
  });

  test('offsets in hours keep their exact instants', () => {
    expect(reminderInstants(deadline, [-36 * 3_600_000], calendar)).toEqual([new Date(Date.parse(deadline) - 36 * 3_600_000).toISOString()]);
  });

  test('the steps still to come, in time order, for a unit timeline', () => {
    const steps = upcomingSteps(deadline, { reminders: [-7 * DAY, 0], escalation: [0, 7 * DAY], calendar }, vn('2026-04-29', '12:00'));
    expect(steps).toEqual([
      { kind: 'reminder', at: vn('2026-05-04'), step: 1 },
      { kind: 'escalation', at: vn('2026-05-05'), step: 0 },
      { kind: 'escalation', at: vn('2026-05-12'), step: 1 },
    ]);
  });
});

describe('working-day arithmetic, for any day and count', () => {
  const days = fc.integer({ min: 0, max: 4 * 365 - 60 }).map((n) => new Date(Date.UTC(2025, 0, 1) + n * DAY).toISOString().slice(0, 10));
  const counts = fc.integer({ min: 1, max: 40 });

  test('adding N working days never lands on a day off', () => {
    fc.assert(fc.property(days, counts, (day, n) => isWorkingDay(calendar, addWorkingDays(calendar, day, n))));
  });

  test('adding is monotone: more working days never end earlier, and always later', () => {
    fc.assert(fc.property(days, counts, counts, (day, a, b) => (a < b ? addWorkingDays(calendar, day, a) < addWorkingDays(calendar, day, b) : true)));
  });

  test('subtracting undoes adding from a working day', () => {
    const workingDays = days.map((day) => workingDayOnOrAfter(calendar, day));
    fc.assert(fc.property(workingDays, counts, (day, n) => addWorkingDays(calendar, addWorkingDays(calendar, day, n), -n) === day));
  });

  test('the working day on or before a day is a working day no later than it', () => {
    fc.assert(
      fc.property(days, (day) => {
        const before = workingDayOnOrBefore(calendar, day);
        return isWorkingDay(calendar, before) && before <= day;
      }),
    );
  });
});
