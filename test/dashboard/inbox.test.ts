// One inbox per unit, on a real stack (the shared dev server, PostgreSQL, the SMTP sink, a worker,
// the app listening, Debian's chromium): a cell in three directives sees all three (API, page, CLI);
// the page fits a phone; the inbox link of an escalation email opens the superior committee's inbox
// with the overdue unit and its contact; tampered and expired links, and callers out of scope, are refused.
import path from 'node:path';
import type { UnitInbox } from '../../src/app/unit-inbox';
import { startApiServer, type ApiServer } from '../../src/http/server';
import { inboxLinkFor, verifyInboxToken } from '../../src/security/inbox-link';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { eventually, startCascadeEnv, TEST_BASE_URL, TEST_LINK_SECRET, type CascadeEnv } from '../harness/cascade-env';
import { BrowserSession } from '../harness/chromium';
import { messageKey, SMALL_ORG, smallReport, smallSpec } from '../engine/small-org';
import { linkToken, noticeLink, testAppDeps, tokenFor } from '../api/api-fixtures';
import { runCascade } from '../cli/run-cli';
import { requiredTestEnv } from '../harness/env';

const SHOTS = path.join(__dirname, 'screenshots');
const DAY_MS = 86_400_000;
const today = vnIsoDate(new Date().toISOString());
const year = Number(today.slice(0, 4)) + 1;

let env: CascadeEnv;
let server: ApiServer;
let browser: BrowserSession;
let reported: string; // 88-CT/TW: the cell has reported and corrected once
let open: string; // 89-CT/TW: the cell still owes, deadlines next year
let overdue: string; // 94-CT/TW: cells due two seconds after receipt, escalated at once

/** The inbox link in the first email of `kind` about `unitId` in `directiveId`, pointed at the server under test. */
async function inboxLinkFrom(directiveId: string, unitId: string, kind: 'notice' | 'escalation'): Promise<string> {
  const mail = await eventually(
    async () =>
      (
        await env.mails((m) => {
          const k = messageKey(m.messageId);
          return k?.directive === directiveId && k.unit === unitId && k.kind === kind;
        })
      )[0],
    60_000,
    `the ${kind} about ${unitId} of ${directiveId}`,
  );
  const link = /https?:\/\/\S+\/inbox\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(mail.text ?? '')?.[0];
  if (!link) throw new Error(`no inbox link in the ${kind} about ${unitId}:\n${mail.text}`);
  return link.replace(TEST_BASE_URL, server.url);
}

async function getInbox(unitId: string, token?: string): Promise<{ status: number; body: UnitInbox & { error?: string } }> {
  const response = await fetch(`${server.url}/api/units/${unitId}/inbox`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: response.status, body: (await response.json()) as UnitInbox & { error?: string } };
}

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  await env.importOrg(SMALL_ORG);
  server = await startApiServer({ ...testAppDeps(env.cascade), port: 0, logger: false });
  reported = (await env.cascade.launch(smallSpec('88-CT/TW', today, year))).directiveId;
  open = (await env.cascade.launch(smallSpec('89-CT/TW', today, year))).directiveId;
  overdue = (
    await env.cascade.launch({
      ...smallSpec('94-CT/TW', today, year),
      deadlines: { province: `Q4/${year}`, district: `Q4/${year}`, cell: 'PT2S' },
      reminders: ['0d'],
      escalation: ['0d'],
    })
  ).directiveId;
  for (const id of [reported, open, overdue]) {
    await eventually(async () => (await env.cascade.listUnits(id)).total === SMALL_ORG.length - 1, 60_000, `every unit of ${id} projected`);
  }
  await env.cascade.report(reported, 'D1-C1', smallReport('D1-C1', today, 15), 'Chi bộ 1.1');
  await env.cascade.correct(reported, 'D1-C1', smallReport('D1-C1', today, 17), 'Chi bộ 1.1');
  // The projection follows the committees: wait until the inbox shows the report, its correction and the overdue cell.
  await eventually(
    async () => {
      const lines = new Map((await env.cascade.inbox('D1-C1')).directives.map((d) => [d.directiveId, d.own]));
      return lines.get(reported)?.corrections === 1 && lines.get(open)?.status === 'pending' && lines.get(overdue)?.status === 'overdue';
    },
    60_000,
    'the three directives in the inbox of D1-C1',
  );
  browser = await BrowserSession.start();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await env?.stop();
});

test('a cell in three directives sees all three in one inbox over the API, with a report link on each line it can file on', async () => {
  const { status, body } = await getInbox('D1-C1', tokenFor('unit', 'D1-C1'));
  expect(status).toBe(200);
  expect(body.unit).toEqual({ unitId: 'D1-C1', name: 'Chi bộ 1.1', level: 'cell', email: 'd1c1@qn.test' });
  const lines = new Map(body.directives.map((d) => [d.directiveId, d]));
  expect([...lines.keys()].sort()).toEqual([reported, open, overdue].sort());
  // What it owes first: the overdue cell (due two seconds after launch), then next year's.
  expect(body.directives.map((d) => d.directiveId)).toEqual([overdue, open, reported]);
  expect(lines.get(reported)?.own).toMatchObject({ status: 'done-on-time', corrections: 1, report: { attendees: 17, members: 20 } });
  expect(lines.get(open)?.own).toMatchObject({ status: 'pending', completedAt: null, corrections: 0 });
  for (const d of body.directives) expect(d.own.reportLink).toMatch(new RegExp(`^${TEST_BASE_URL}/report/`));
  expect(lines.get(open)?.below).toBeNull();
});

test('the inbox is the unit’s, its supervisors’ and the secretariat’s; an inbox link reads it; others are refused', async () => {
  const inboxToken = linkToken(await inboxLinkFrom(open, 'D1-C1', 'notice'));
  expect((await getInbox('D1-C1', inboxToken)).status).toBe(200);
  expect((await getInbox('D1-C1', tokenFor('supervisor', 'D1'))).status).toBe(200);
  expect((await getInbox('D1-C1', tokenFor('supervisor', 'QN'))).status).toBe(200);
  expect((await getInbox('D1-C1', tokenFor('secretariat'))).status).toBe(200);
  // A supervisor beside the cell, another unit, the cell's inbox link on another inbox, a report link: 403.
  expect((await getInbox('D1-C1', tokenFor('supervisor', 'D2'))).status).toBe(403);
  expect((await getInbox('D1-C1', tokenFor('unit', 'D1-C2'))).status).toBe(403);
  expect((await getInbox('D1-C2', inboxToken)).status).toBe(403);
  expect((await getInbox('D1-C1', linkToken(await noticeLink(env, open, 'D1-C1')))).status).toBe(403);
  // The inbox link opens the inbox only: no directive, no unit state.
  const other = await fetch(`${server.url}/api/directives/${open}/units/D1-C1`, { headers: { authorization: `Bearer ${inboxToken}` } });
  expect(other.status).toBe(403);
  expect((await getInbox('D1-C1')).status).toBe(401);
});

test('the inbox page lists the three directives, fits a 390 px phone, and each button opens its report form', async () => {
  const link = await inboxLinkFrom(reported, 'D1-C1', 'notice');
  const phone = await browser.newPage({ width: 390, height: 844 });
  const answer = await phone.goto(link);
  expect(answer?.status()).toBe(200);
  expect(answer?.headers()['cache-control']).toBe('no-store');
  await phone.locator('h1', { hasText: 'Chi bộ 1.1' }).waitFor();
  expect(await phone.locator('.inbox-card').count()).toBe(3);
  const card = (id: string) => phone.locator(`[data-directive="${id}"]`);
  expect(await card(overdue).locator('.badge').first().innerText()).toBe('Quá hạn');
  expect(await card(open).locator('[data-action="report"]').innerText()).toBe('Báo cáo');
  expect(await card(reported).locator('[data-action="correct"]').innerText()).toBe('Đính chính');
  expect(await card(reported).locator('[data-fact="corrections"] dd').innerText()).toBe('1');
  expect(await card(reported).locator('[data-fact="attendance"] dd').innerText()).toBe('17/20 (85%)');
  // Dates the Vietnamese way: 30/9 of next year for the cells of 89-CT/TW.
  expect(await card(open).locator('[data-fact="deadline"] dd').innerText()).toBe(`30/9/${year}`);
  expect(await phone.locator('.inbox-summary b').innerText()).toBe('Còn 2 báo cáo phải nộp.');
  expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await phone.screenshot({ path: path.join(SHOTS, 'inbox-phone.png'), fullPage: true });

  await card(open).locator('[data-action="report"]').click();
  await phone.locator('h1', { hasText: 'Báo cáo kết quả thực hiện Chỉ thị số 89-CT/TW' }).waitFor();
  await phone.goBack();
  await card(reported).locator('[data-action="correct"]').click();
  await phone.locator('.notice', { hasText: 'Gửi lại biểu mẫu dưới đây để đính chính báo cáo' }).waitFor();

  await phone.goto(`${link}?lang=en`);
  expect(await phone.locator(`[data-directive="${open}"] [data-action="report"]`).innerText()).toBe('Report');
  expect(await phone.locator(`[data-directive="${open}"] [data-fact="deadline"] dd`).innerText()).toBe(`30 September ${year}`);
});

test('an escalation email links to the superior committee’s inbox, which lists the overdue cell with its status and email', async () => {
  const link = await inboxLinkFrom(overdue, 'D1-C1', 'escalation');
  expect(verifyInboxToken(linkToken(link), TEST_LINK_SECRET)).toMatchObject({ ok: true, unitId: 'D1' });
  const desktop = await browser.newPage();
  expect((await desktop.goto(link))?.status()).toBe(200);
  const owing = desktop.locator(`[data-directive="${overdue}"] .owing`);
  await owing.waitFor();
  // Both cells of Huyện ủy 1 were due two seconds after receipt.
  expect(await owing.getAttribute('data-owing')).toBe('2');
  const cell = owing.locator('[data-unit="D1-C1"]');
  expect(await cell.locator('.badge').innerText()).toBe('Quá hạn');
  expect(await cell.locator('a[href="mailto:d1c1@qn.test"]').innerText()).toBe('d1c1@qn.test');
  expect(await owing.locator('h3').innerText()).toBe('Đơn vị trực thuộc còn nợ báo cáo (2)');
  // The district's own lines are there too, and nothing of another committee's.
  expect(await desktop.locator('.inbox-card').count()).toBe(3);
  expect(await desktop.locator('[data-unit^="D2"]').count()).toBe(0);
  await desktop.screenshot({ path: path.join(SHOTS, 'inbox-desktop.png'), fullPage: true });
  const phone = await browser.newPage({ width: 390, height: 844 });
  await phone.goto(link);
  expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
});

test('a tampered or expired inbox link is refused with the report form’s 401 page and shows nothing', async () => {
  const link = await inboxLinkFrom(open, 'D1-C1', 'notice');
  const page = await browser.newPage();
  const tampered = await page.goto(`${link.slice(0, -3)}xyz`);
  expect(tampered?.status()).toBe(401);
  expect(await page.locator('h1').innerText()).toBe('Liên kết báo cáo không hợp lệ hoặc đã hết hạn');
  const expiredLink = inboxLinkFor(server.url, 'D1-C1', new Date(Date.now() - 61 * DAY_MS).toISOString(), TEST_LINK_SECRET, 60);
  const expired = await page.goto(expiredLink);
  expect(expired?.status()).toBe(401);
  const text = await page.locator('body').innerText();
  expect(text).toContain('Liên kết báo cáo không hợp lệ hoặc đã hết hạn');
  for (const secret of ['Chi bộ 1.1', '88-CT/TW', '89-CT/TW', '94-CT/TW', 'd1c1@qn.test']) expect(text).not.toContain(secret);
  expect((await getInbox('D1-C1', linkToken(expiredLink))).status).toBe(401);
});

test('cascade inbox prints the three directives of the cell', async () => {
  const cliEnv = { TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'), TEMPORAL_TASK_QUEUE: env.taskQueue, DATABASE_URL: env.db.url, USER: 'cli-test' };
  const text = await runCascade(['inbox', 'D1-C1'], cliEnv);
  expect(text.code).toBe(0);
  expect(text.stdout).toContain('Inbox of D1-C1 Chi bộ 1.1 [cell]');
  expect(text.stdout).toContain('3 directives, 2 reports owed.');
  for (const id of [reported, open, overdue]) expect(text.stdout).toContain(`${id} (`);
  expect(text.stdout).toContain(`  done-on-time · deadline 30/9/${year}`);
  expect(text.stdout).toContain('corrections 1');
  const json = await runCascade(['inbox', 'D1', '--json'], cliEnv);
  expect(json.code).toBe(0);
  const inbox = JSON.parse(json.stdout) as UnitInbox;
  expect(inbox.directives.find((d) => d.directiveId === overdue)?.below?.units.map((u) => [u.unitId, u.status, u.email])).toEqual([
    ['D1-C1', 'overdue', 'd1c1@qn.test'],
    ['D1-C2', 'overdue', 'd1c2@qn.test'],
  ]);
  const missing = await runCascade(['inbox', 'NOWHERE'], cliEnv);
  expect(missing.code).not.toBe(0);
  expect(missing.stderr).toContain('unit NOWHERE is in no directive and not in the organisation directory');
});
