// The committees on the working calendar, on Temporal's time-skipping server (months in
// seconds): a deadline on 1/5 that the directive moves to the next working day, a deadline in
// working days, a reminder whose day would be 30/4 sent on the working day before at 08:00, and
// an escalation sent at 08:00 on the first working day after the deadline; every instant is the
// one the launch announced.
import { CalendarBook } from '../../src/app/calendar-book';
import { addCalendarDays, addWorkingDays, isWorkingDay, workingDayOnOrAfter, workingDayOnOrBefore } from '../../src/domain/calendar/working-calendar';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { recordHistories } from '../harness/record-histories';
import { SMALL_ORG, smallSpec } from './small-org';

const DAY = 86_400_000;
const vn = (isoDay: string, time = '08:00') => new Date(`${isoDay}T${time}:00+07:00`).toISOString();
const endOf = (isoDay: string) => new Date(`${isoDay}T23:59:59.999+07:00`).toISOString();
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY);

let env: CascadeEnv;

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: true });
  await env.importOrg(SMALL_ORG);
}, 120_000);
afterAll(() => env?.stop());

test('deadlines, reminders and escalations follow the working calendar, as the launch announced', async () => {
  const launchedAt = (await env.now()).toISOString();
  const today = vnIsoDate(launchedAt);
  const year = Number(today.slice(0, 4)) + 1;
  const calendar = new CalendarBook().workingCalendar(year - 1, year + 1);
  const labourDay = `${year}-05-01`;
  const due = workingDayOnOrAfter(calendar, labourDay); // 1/5 is a holiday every year
  const plainReminderDay = `${year}-04-30`; // also a holiday every year
  const spec = {
    ...smallSpec('87-CT/TW', today, year),
    deadlines: { province: `01/05/${year}`, district: '10 ngày làm việc', cell: `30/09/${year}` },
    deadlineOnDayOff: 'next-working-day',
    reminders: [`-${daysBetween(plainReminderDay, due)}d`, '0d'],
    escalation: ['0d'],
  };

  const launched = await env.cascade.launch(spec);
  const province = launched.schedule.find((l) => l.level === 'province')!;
  expect(province).toMatchObject({ deadline: endOf(due), movedFrom: endOf(labourDay), dayOff: null });
  const reminderDay = workingDayOnOrBefore(calendar, plainReminderDay);
  expect(reminderDay < plainReminderDay).toBe(true);
  expect(province.reminders).toEqual([vn(reminderDay), vn(due)]);
  const escalationDay = workingDayOnOrAfter(calendar, addCalendarDays(due, 1));
  expect(province.escalations).toEqual([vn(escalationDay)]);

  const { directiveId } = launched;
  const units = await eventually(
    async () => {
      const list = await env.cascade.listUnits(launched.directiveId);
      return list.total === SMALL_ORG.length - 1 && list.units;
    },
    60_000,
    'every unit projected',
  );
  expect(units.find((u) => u.unitId === 'QN')?.deadline).toBe(endOf(due));
  // Ten working days after the day of receipt, ending with that Vietnam day.
  const tenWorkingDays = endOf(addWorkingDays(calendar, today, 10));
  expect(units.filter((u) => u.level === 'district').map((u) => u.deadline)).toEqual([tenWorkingDays, tenWorkingDays, tenWorkingDays]);
  expect(isWorkingDay(calendar, vnIsoDate(tenWorkingDays))).toBe(true);

  // Each email goes out at its 08:00 and not a minute before (the plain instants, 30/4 08:00 for
  // the first reminder and midnight after the deadline for the escalation, pass without one).
  const provinceEmails = async (kind: string) => {
    const { rows } = await env.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM email_ledger WHERE directive_id = $1 AND unit_id = 'QN' AND kind = $2 AND status <> 'skipped'`,
      [directiveId, kind],
    );
    return rows[0]!.n;
  };
  const steps: Array<[string, string, number]> = [
    ['reminder', reminderDay, 1],
    ['reminder', due, 2],
    ['escalation', escalationDay, 1],
  ];
  for (const [kind, day, count] of steps) {
    await env.skipTo(vn(day, '07:59'));
    await new Promise((r) => setTimeout(r, 500));
    expect(await provinceEmails(kind)).toBe(count - 1);
    await env.skipTo(vn(day, '08:01'));
    await eventually(async () => (await provinceEmails(kind)) === count, 30_000, `${kind} ${count} at 08:00 on ${day}`);
  }
  await recordHistories(env.temporal, 'working-calendar', directiveId, ['TW', 'QN']);
}, 180_000);
