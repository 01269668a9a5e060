// The working calendar over the API on a real stack (dev server; a directive code no other
// dev-server test file uses): anyone signed in reads a year's days off; a launch's dry run shows the
// real instants and records nothing; an edited calendar file changes nothing that runs until the
// secretariat applies it, then every committee has it, the unit's upcoming reminder moves off the
// new day off, and the directive's audit trail (and each unit's timeline) records the change.
import './inject-shim';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { CalendarBook, PACKAGED_CALENDAR_DIR } from '../../src/app/calendar-book';
import { CascadeClient } from '../../src/app/cascade-client';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { committeeWorkflowId, directiveQuery } from '../../src/engine/protocol';
import { startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { recordHistories } from '../harness/record-histories';
import { launchSmallDirective, smallSpec } from '../engine/small-org';
import { bearer, testAppDeps, tokenFor } from './api-fixtures';

let env: CascadeEnv;
let app: FastifyInstance;
let calendarDir: string;
let directiveId: string;
const secretariat = bearer(tokenFor('secretariat'));
const today = vnIsoDate(new Date().toISOString());
const nextYear = Number(today.slice(0, 4)) + 1;

type Entry = { at: string; kind: string; payload: Record<string, unknown> };
const timeline = async (unitId: string): Promise<Entry[]> =>
  (await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/units/${unitId}/timeline`, headers: secretariat })).json().entries;
const apply = (payload: unknown, headers = secretariat) => app.inject({ method: 'POST', url: '/api/calendar/apply', headers, payload: payload as object });

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  // The secretariat's calendar folder: the shipped files, edited below.
  calendarDir = fs.mkdtempSync(path.join(os.tmpdir(), 'calendar-'));
  for (const file of fs.readdirSync(PACKAGED_CALENDAR_DIR)) fs.copyFileSync(path.join(PACKAGED_CALENDAR_DIR, file), path.join(calendarDir, file));
  const cascade = new CascadeClient({ temporal: env.temporal, pool: env.db.pool, taskQueue: env.taskQueue, calendars: new CalendarBook({ dir: calendarDir }) });
  app = buildApp(testAppDeps(cascade));
  directiveId = await launchSmallDirective(env, '86-CT/TW', today);
}, 180_000);
afterAll(async () => {
  await app?.close();
  await env?.stop();
  fs.rmSync(calendarDir, { recursive: true, force: true });
});

test("anyone signed in reads a year's days off; Tết 2027 is computed (4, 5, 8, 9, 10/2) and a bad year is named", async () => {
  const read = await app.inject({ method: 'GET', url: '/api/calendar/2027', headers: bearer(tokenFor('unit', 'D1-C1')) });
  expect(read.statusCode).toBe(200);
  const tet = read.json().daysOff.filter((d: { key: string }) => d.key === 'tet');
  expect(tet.map((d: { date: string }) => d.date)).toEqual(['2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10']);
  expect((await app.inject({ method: 'GET', url: '/api/calendar/2027' })).statusCode).toBe(401);
  const bad = await app.inject({ method: 'GET', url: '/api/calendar/1850', headers: secretariat });
  expect(bad.statusCode).toBe(400);
  expect(bad.json().message).toContain('year must be from 1900 to 2199');
});

test('a dry run of a launch shows each level’s real instants on the calendar and records nothing', async () => {
  const spec = {
    ...smallSpec('86-KH/TW', today, nextYear),
    deadlines: { province: `01/05/${nextYear}`, district: '10 ngày làm việc', cell: `30/09/${nextYear}` },
  };
  const before = await env.cascade.directives();
  const preview = await app.inject({ method: 'POST', url: '/api/directives/preview', headers: secretariat, payload: spec });
  expect(preview.statusCode).toBe(200);
  const province = preview.json().schedule.find((l: { level: string }) => l.level === 'province');
  // 1/5 is always a public holiday: the dry run names it, and keeps the date (the default).
  expect(province).toMatchObject({ dayOff: `${nextYear}-05-01`, dayOffName: { vi: 'Ngày Quốc tế Lao động', en: expect.any(String) }, movedFrom: null });
  for (const at of [...province.reminders, ...province.escalations]) expect(new Date(at).getUTCHours()).toBe(1); // 08:00 in Vietnam
  expect(await env.cascade.directives()).toEqual(before);
  const secretariatOnly = await app.inject({ method: 'POST', url: '/api/directives/preview', headers: bearer(tokenFor('supervisor', 'QN')), payload: spec });
  expect(secretariatOnly.statusCode).toBe(403);
});

test('an edited calendar reaches the running directive only when the secretariat applies it, audited', async () => {
  const upcoming = async () => (await timeline('QN')).filter((e) => e.kind === 'scheduled-reminder');
  const [first] = await upcoming();
  expect(first).toBeDefined();
  const dayOff = vnIsoDate(first!.at);
  fs.writeFileSync(
    path.join(calendarDir, `${dayOff.slice(0, 4)}.yaml`),
    `year: ${dayOff.slice(0, 4)}\nsource: "Quyết định thử nghiệm"\ndaysOff:\n  - { date: ${dayOff}, name: "Nghỉ theo quyết định", nameEn: "Decided day off" }\n`,
  );
  // Editing the file changed nothing that runs.
  expect((await upcoming())[0]?.at).toBe(first!.at);

  for (const headers of [bearer(tokenFor('supervisor', 'QN')), bearer(tokenFor('unit', 'QN'))]) expect((await apply({}, headers)).statusCode).toBe(403);
  const bad = await apply({ directives: 'all' });
  expect(bad.statusCode).toBe(400);
  expect(bad.json().issues).toEqual([expect.objectContaining({ path: 'directives' })]);

  const rehearsal = (await apply({ directives: [directiveId], dryRun: true })).json().applications;
  expect(rehearsal).toEqual([expect.objectContaining({ directiveId, changed: true, committees: 0, daysOffAdded: [dayOff], daysOffRemoved: [] })]);
  expect((await upcoming())[0]?.at).toBe(first!.at);

  const [applied] = (await apply({ directives: [directiveId] })).json().applications;
  // TW, QN and its three districts run committees.
  expect(applied).toMatchObject({ directiveId, changed: true, committees: 5, daysOffAdded: [dayOff] });
  const root = env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, 'TW'));
  expect((await root.query(directiveQuery)).calendar?.id).toBe(applied.calendarId);
  const district = env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, 'D2'));
  expect((await district.query(directiveQuery)).calendar?.daysOff).toContain(dayOff);

  // The reminder goes out on the working day before the new day off, at 08:00.
  const moved = (await upcoming())[0]!;
  expect(vnIsoDate(moved.at) < dayOff).toBe(true);
  expect(new Date(moved.at).getUTCHours()).toBe(1);
  const change = (await timeline('D1-C1')).find((e) => e.kind === 'calendar');
  expect(change?.payload).toMatchObject({ calendarId: applied.calendarId, daysOffAdded: [dayOff], committees: 5 });

  // The runs that took the calendar: launched with one, given another, continued as new with it.
  await recordHistories(env.temporal, 'calendar-applied', directiveId, ['TW', 'QN', 'D2'], { previousRun: true });

  const again = (await apply({ directives: [directiveId] })).json().applications;
  expect(again).toEqual([expect.objectContaining({ changed: false, committees: 0 })]);
  expect((await timeline('D1-C1')).filter((e) => e.kind === 'calendar')).toHaveLength(1);
});
