// SMALL_ORG (central → province → 3 districts → 2 cells each) on the time-skipping test
// server: notices, reminders at their instants, reports, an extension that prevents an
// escalation, escalation up the chain at 08:00 on working days, exact rollups, and bad updates that change nothing.
import type { ParsedMail } from 'mailparser';
import { parseDeadlineSpec, resolveDeadline } from '../../src/domain/time/deadline-spec';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { CalendarBook } from '../../src/app/calendar-book';
import { escalationInstants } from '../../src/domain/track/track-schedule';
import { committeeWorkflowId } from '../../src/engine/protocol';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { recordHistories } from '../harness/record-histories';
import { messageKey, SMALL_ORG, smallSpec } from './small-org';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const org = SMALL_ORG;

let env: CascadeEnv;
let year: number;
let directiveId: string;
let provinceDeadline: string;
let districtDeadline: string;

/** Message-IDs are <directive.unit.kind.step@directive-cascade>: a reliable way to sort mail. */
const idOf = (mail: ParsedMail) => messageKey(mail.messageId) ?? { directive: '', unit: '', kind: '', step: -1 };
const mailsOf = (kind: string, unit?: string) =>
  env.mails((m) => idOf(m).directive === directiveId && idOf(m).kind === kind && (!unit || idOf(m).unit === unit));
const toAddress = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address;

function report(unitId: string, day: string, attendees: number, members: number, essays: [number, number]) {
  return {
    conferenceDate: day,
    documentDate: day,
    documentNumber: '12-KH/HU',
    attendees,
    members,
    essaysSubmitted: essays[0],
    essaysExpected: essays[1],
    reportedBy: `Văn phòng ${unitId}`,
  };
}

const skipTo = (at: string) => env.skipTo(at);

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: true });
  await env.importOrg(org);
  year = Number(vnIsoDate((await env.now()).toISOString()).slice(0, 4)) + 1;
  provinceDeadline = resolveDeadline(parseDeadlineSpec(`Q2/${year}`), 0);
  districtDeadline = resolveDeadline(parseDeadlineSpec(`quý III/${year}`), 0);
}, 120_000);
afterAll(() => env?.stop());

test('a launch notifies every unit once with its own deadline, and a relaunch duplicates nothing', async () => {
  const today = vnIsoDate((await env.now()).toISOString());
  const spec = { ...smallSpec('01-CT/TW', today, year), reminders: ['-14d', '-3d', '0d'], escalation: ['0d', '7d', '14d'] };
  const launched = await env.cascade.launch(spec);
  directiveId = launched.directiveId;
  expect(launched).toMatchObject({ started: true, unitsPerLevel: { province: 1, district: 3, cell: 6 } });

  const notices = await eventually(
    async () => {
      const m = await mailsOf('notice');
      return m.length >= 10 && m;
    },
    60_000,
    'ten notices',
  );
  expect(notices.map((m) => toAddress(m)).sort()).toEqual(
    org
      .filter((u) => u.id !== 'TW')
      .map((u) => u.email)
      .sort(),
  );
  const provinceNotice = notices.find((m) => idOf(m).unit === 'QN')!;
  expect(provinceNotice.subject).toContain(`30/6/${year}`);
  expect(provinceNotice.text).toContain(`${'http://cascade.test'}/report/`);

  const again = await env.cascade.launch(spec);
  expect(again.started).toBe(false);
  await new Promise((r) => setTimeout(r, 500));
  expect(await mailsOf('notice')).toHaveLength(10);

  const rollup = await eventually(
    async () => {
      const r = await env.cascade.rollup(directiveId);
      return r.levels.reduce((n, l) => n + l.expected, 0) === 10 && r;
    },
    30_000,
    'the root rollup to count all ten units',
  );
  expect(rollup.levels.map((l) => [l.level, l.expected, l.pending])).toEqual([
    ['central', 0, 0],
    ['province', 1, 1],
    ['district', 3, 3],
    ['cell', 6, 6],
  ]);
});

test('the province reminder fires at 08:00 Vietnam time fourteen days before its deadline, not before', async () => {
  const reminderAt = Date.parse(`${vnIsoDate(provinceDeadline)}T08:00:00+07:00`) - 14 * DAY;
  await skipTo(new Date(reminderAt - 60_000).toISOString());
  await new Promise((r) => setTimeout(r, 1_000));
  expect(await mailsOf('reminder', 'QN')).toHaveLength(0);

  await skipTo(new Date(reminderAt + 60_000).toISOString());
  const [reminder] = await eventually(
    async () => {
      const m = await mailsOf('reminder', 'QN');
      return m.length > 0 && m;
    },
    30_000,
    'the -14d reminder',
  );
  expect(toAddress(reminder!)).toBe('tinhuy@qn.test');
  expect(reminder!.subject).toBe(`Đôn đốc: Chỉ thị số 01-CT/TW — còn 14 ngày (hạn báo cáo 30/6/${year})`);
  expect(reminder!.text).toContain('14 ngày');
});

test('a report is rejected with its reason and changes neither history nor database', async () => {
  const handle = env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, 'TW'));
  const before = (await handle.fetchHistory()).events?.length;
  const auditBefore = (await env.db.pool.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n;
  const today = vnIsoDate((await env.now()).toISOString());
  await expect(env.cascade.report(directiveId, 'QN', report('QN', today, 61, 60, [60, 60]), 'qn-office')).rejects.toMatchObject({
    status: 400,
    message: expect.stringContaining('attendees (61) exceeds members (60) for unit QN'),
  });
  await expect(env.cascade.report(directiveId, 'QN', { ...report('QN', today, 50, 60, [60, 60]), documentNumber: 'abc' }, 'qn-office')).rejects.toMatchObject({
    status: 400,
  });
  expect((await handle.fetchHistory()).events?.length).toBe(before);
  expect((await env.db.pool.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n).toBe(auditBefore);
});

test('the province reports on time; no reminder follows completion', async () => {
  const today = vnIsoDate((await env.now()).toISOString());
  const view = await env.cascade.report(directiveId, 'QN', report('QN', today, 58, 60, [57, 60]), 'qn-office');
  expect(view.status).toBe('done-on-time');
  // A different second report is refused; the same one again (a retry) answers as the first did.
  await expect(env.cascade.report(directiveId, 'QN', report('QN', today, 59, 60, [57, 60]), 'qn-office')).rejects.toMatchObject({ status: 409 });
  expect(await env.cascade.report(directiveId, 'QN', report('QN', today, 58, 60, [57, 60]), 'qn-office')).toEqual(view);
  await skipTo(new Date(Date.parse(provinceDeadline) + DAY).toISOString());
  await new Promise((r) => setTimeout(r, 1_000));
  expect((await mailsOf('reminder', 'QN')).map((m) => idOf(m).step)).toEqual([0]);
  expect(await mailsOf('escalation', 'QN')).toHaveLength(0);
});

test('districts and cells: an extension prevents an escalation, a silent district is escalated up the chain', async () => {
  const today = vnIsoDate((await env.now()).toISOString());
  await env.cascade.report(directiveId, 'D1', report('D1', today, 40, 40, [38, 40]), 'd1');
  for (const cell of ['D1-C1', 'D1-C2', 'D2-C1', 'D2-C2', 'D3-C1', 'D3-C2']) {
    await env.cascade.report(directiveId, cell, report(cell, today, 19, 20, [5, 5]), cell);
  }
  const extendedTo = new Date(Date.parse(districtDeadline) + 30 * DAY).toISOString();
  const extended = await env.cascade.extend(directiveId, 'D2', `${vnIsoDate(extendedTo).split('-').reverse().join('/')}`, 'qn-office', 'bão lụt');
  expect(extended.status).toBe('extended');

  // Escalations go out at 08:00 on working days: an hour past the deadline (midnight) nothing has yet.
  const [firstAt, secondAt] = escalationInstants(districtDeadline, [0, 7 * DAY], new CalendarBook().workingCalendar(year - 1, year + 1));
  await skipTo(new Date(Date.parse(districtDeadline) + HOUR).toISOString());
  await new Promise((r) => setTimeout(r, 1_000));
  expect(await mailsOf('escalation', 'D3')).toHaveLength(0);
  expect(new Date(firstAt!).getUTCHours()).toBe(1);

  // Then D3 escalates to its parent (the province); D2 does not.
  await skipTo(new Date(Date.parse(firstAt!) + 60_000).toISOString());
  const [first] = await eventually(
    async () => {
      const m = await mailsOf('escalation', 'D3');
      return m.length > 0 && m;
    },
    30_000,
    'the escalation of D3',
  );
  expect(toAddress(first!)).toBe('tinhuy@qn.test');
  expect(first!.subject).toMatch(/^Quá hạn: Huyện ủy 3/);
  expect(await mailsOf('escalation', 'D2')).toHaveLength(0);
  expect((await env.cascade.unit(directiveId, 'D3')).status).toBe('overdue');

  // A week later the grandparent (the central body) hears about it too.
  await skipTo(new Date(Date.parse(secondAt!) + 60_000).toISOString());
  const escalations = await eventually(
    async () => {
      const m = await mailsOf('escalation', 'D3');
      return m.length >= 2 && m;
    },
    30_000,
    'the second escalation of D3',
  );
  expect(escalations.map(toAddress)).toEqual(['tinhuy@qn.test', 'vptw@cascade.test']);
  expect(await mailsOf('escalation', 'D2')).toHaveLength(0);
});

test('the root rollup is exact: counts per level, attendance and essays as sums over sums', async () => {
  const rollup = await eventually(
    async () => {
      const r = await env.cascade.rollup(directiveId);
      return r.levels.find((l) => l.level === 'cell')?.done === 6 && r.levels.find((l) => l.level === 'district')?.overdue === 1 && r;
    },
    30_000,
    'the rollup to settle',
  );
  expect(rollup.levels.map((l) => [l.level, l.expected, l.done, l.onTime, l.late, l.overdue, l.pending])).toEqual([
    ['central', 0, 0, 0, 0, 0, 0],
    ['province', 1, 1, 1, 0, 0, 0],
    ['district', 3, 1, 1, 0, 1, 1],
    ['cell', 6, 6, 6, 0, 0, 0],
  ]);
  // Σattendees/Σmembers = (58 + 40 + 6·19) / (60 + 40 + 6·20) = 212/220
  expect(rollup.attendance).toEqual({ attendees: 212, members: 220, rate: 96.36 });
  expect(rollup.essays).toEqual({ submitted: 57 + 38 + 30, expected: 60 + 40 + 30, rate: 96.15 });
  expect(rollup.firstFinisher?.unitId).toBe('QN');
  expect(rollup.overdueCount).toBe(1);
  await recordHistories(env.temporal, 'lifecycle', directiveId, ['TW', 'QN', 'D2', 'D3']);
});
