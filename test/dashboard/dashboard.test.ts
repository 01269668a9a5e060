// The pages in a real browser (Debian's chromium via playwright-core) against the app listening on a
// free port and a real stack: a unit reports through the link from its notice email, the supervisor's
// open dashboard picks the report up by polling, and screenshots of the main views are kept.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startApiServer, type ApiServer } from '../../src/http/server';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { eventually, startCascadeEnv, TEST_BASE_URL, type CascadeEnv } from '../harness/cascade-env';
import { BrowserSession } from '../harness/chromium';
import { SMALL_ORG, smallReport, smallSpec } from '../engine/small-org';
import { noticeLink, testAppDeps, tokenFor } from '../api/api-fixtures';

const SHOTS = path.join(__dirname, 'screenshots');
const today = vnIsoDate(new Date().toISOString());
const year = Number(today.slice(0, 4)) + 1;

let env: CascadeEnv;
let server: ApiServer;
let browser: BrowserSession;
let onTime: string; // future deadlines: the report-form flow
let overdue: string; // cells due two seconds after receipt: overdue, late and escalated units

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** The report link of a unit from its real notice email, pointed at the server under test. */
async function reportLink(directiveId: string, unitId: string): Promise<string> {
  return (await noticeLink(env, directiveId, unitId)).replace(TEST_BASE_URL, server.url);
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  env = await startCascadeEnv({ timeSkipping: false });
  await env.importOrg(SMALL_ORG);
  server = await startApiServer({ ...testAppDeps(env.cascade), port: 0, logger: false, pollIntervalMs: 1000 });
  onTime = (await env.cascade.launch(smallSpec('31-CT/TW', today, year))).directiveId;
  overdue = (
    await env.cascade.launch({
      ...smallSpec('32-CT/TW', today, year),
      deadlines: { province: `Q4/${year}`, district: `Q4/${year}`, cell: 'PT2S' },
      reminders: ['0d'],
      escalation: ['0d'],
    })
  ).directiveId;
  browser = await BrowserSession.start();
  await Promise.all([reportLink(onTime, 'D2-C2'), reportLink(overdue, 'D2-C2')]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await env?.stop();
});

test('a report filed through the emailed link shows up on the supervisor’s open dashboard', async () => {
  const supervisor = await browser.newPage();
  await supervisor.goto(`${server.url}/dashboard?token=${tokenFor('supervisor', 'QN')}`);
  // The token became an HttpOnly, SameSite=Strict cookie and left the address bar.
  await eventually(async () => supervisor.url() === `${server.url}/dashboard`, 5_000, 'the token to leave the address bar');
  const [cookie] = await supervisor.context().cookies();
  expect(cookie).toMatchObject({ name: 'cascade_session', httpOnly: true, sameSite: 'Strict' });
  await shot(supervisor, 'directives');
  await supervisor.click('text=Chỉ thị 31-CT/TW');
  await expectText(supervisor, '[data-level="cell"] .js-fraction', '0/6');
  await supervisor.evaluate('window.stillTheSamePage = true'); // gone if the page reloads

  const unit = await browser.newPage();
  await unit.goto(await reportLink(onTime, 'D2-C1'));
  await expectText(unit, 'h1', 'Báo cáo kết quả thực hiện Chỉ thị số 31-CT/TW');
  expect(await unit.inputValue('#f-members')).toBe('20');
  await unit.fill('#f-conferenceDate', today);
  await unit.fill('#f-attendees', '25');
  await unit.fill('#f-essaysSubmitted', '5');
  await unit.fill('#f-documentNumber', '7-KH/CB');
  await unit.fill('#f-documentDate', today);
  await unit.fill('#f-reportedBy', 'Bí thư Chi bộ 2.1');
  await expect(unit.locator('[data-hint-for="attendees"]').isVisible()).resolves.toBe(true);
  await shot(unit, 'report-form');
  await unit.click('button[type="submit"]');

  // The server's verdict, next to the field, in Vietnamese without a rule code; the values are kept.
  const error = unit.locator('[data-field="attendees"] .field-error [data-rule="attendees-exceed-members"]');
  await error.waitFor();
  expect(await error.innerText()).toBe('Số đảng viên tham dự (25) lớn hơn tổng số đảng viên (20); sửa lại một trong hai số.');
  expect(await unit.inputValue('#f-reportedBy')).toBe('Bí thư Chi bộ 2.1');
  expect(await unit.getAttribute('#f-attendees', 'aria-invalid')).toBe('true');
  await shot(unit, 'report-form-error');

  await unit.fill('#f-attendees', '18');
  await unit.click('button[type="submit"]');
  await expectText(unit, 'h1', 'Đã ghi nhận báo cáo');
  await expectText(unit, '.confirmation', '18/20 (90%)');
  await shot(unit, 'confirmation');

  // The open dashboard polls the JSON API: the counts change without a reload.
  await expectText(supervisor, '[data-level="cell"] .js-fraction', '1/6', 30_000);
  await expectText(supervisor, '[data-figure="attendance"] .js-rate', '90%');
  await expectText(supervisor, '[data-child="D2"] .js-levels', '1/2');
  expect(await supervisor.evaluate('window.stillTheSamePage')).toBe(true);
  await shot(supervisor, 'supervisor-tree');

  await supervisor.click('[data-child="D2"] a');
  await expectText(supervisor, 'tr[data-unit="D2-C1"] .badge', 'Hoàn thành đúng hạn');
  await supervisor.click('tr[data-unit="D2-C1"] a');
  await expectText(supervisor, '#timeline', 'Nhận chỉ thị');
  await expectText(supervisor, '#timeline', 'Gửi thư thông báo');
  await expectText(supervisor, '#timeline', 'Báo cáo kết quả');
  await expectText(supervisor, '#unit-report', '18/20 (90%)');
  await shot(supervisor, 'unit-timeline');
});

test('a unit that has reported corrects its report through the same link', async () => {
  await env.cascade.report(onTime, 'D1-C1', smallReport('D1-C1', today, 15), 'Chi bộ 1.1');
  const unit = await browser.newPage();
  await unit.goto(await reportLink(onTime, 'D1-C1'));
  await expectText(unit, '.notice', 'Gửi lại biểu mẫu dưới đây để đính chính báo cáo');
  expect(await unit.inputValue('#f-attendees')).toBe('15');
  expect(await unit.inputValue('#f-conferenceDate')).toBe(today);
  await unit.fill('#f-attendees', '16');
  await unit.click('button[type="submit"]:has-text("Gửi đính chính")');
  await expectText(unit, '.confirmation', '16/20 (80%)');
  expect(await env.cascade.unit(onTime, 'D1-C1')).toMatchObject({ corrections: 1, report: { attendees: 16 } });
});

test('a bad document number is shown next to its field, in English when asked', async () => {
  const unit = await browser.newPage();
  await unit.goto(`${await reportLink(onTime, 'D3-C1')}?lang=en`);
  await unit.fill('#f-conferenceDate', today);
  await unit.fill('#f-attendees', '12');
  await unit.fill('#f-essaysSubmitted', '5');
  await unit.fill('#f-documentNumber', 'plan seven');
  await unit.fill('#f-documentDate', today);
  await unit.fill('#f-reportedBy', 'Cell secretary');
  await unit.click('button[type="submit"]');
  const error = unit.locator('[data-field="documentNumber"] .field-error');
  await error.waitFor();
  expect(await error.innerText()).toMatch(/^Number of your plan “plan seven” is not a document number; write number-TYPE\/ISSUER, e\.g\. 30-KH\/TU/);
  expect(await error.innerText()).not.toContain('document-number');
  expect(await unit.locator('.field-error').count()).toBe(1);
  expect((await env.cascade.unit(onTime, 'D3-C1')).report).toBeNull();
});

test('overdue units are red, late ones amber, and escalations appear on the timeline', async () => {
  await env.cascade.report(overdue, 'D1', smallReport('D1', today, 38, 40), 'Văn phòng Huyện ủy 1');
  await env.cascade.report(overdue, 'D2-C1', smallReport('D2-C1', today, 20, 20), 'Chi bộ 2.1');
  const page = await browser.newPage();
  await page.goto(`${server.url}/dashboard/${overdue}?token=${tokenFor('secretariat')}`);
  await expectText(page, '[data-level="cell"] .js-overdue', '5', 30_000);
  await expectText(page, '[data-level="cell"] .js-late', '1');
  await expectText(page, '#overdue-list', 'Chi bộ 3.2');
  expect(await page.locator('#overdue-list li a').count()).toBe(5);
  await page.click('[data-child="QN"] a');
  await shot(page, 'overdue-tree');
  await page.click('#overdue-list a >> text=Chi bộ 3.2');
  await expectText(page, '#timeline', 'Quá hạn, báo cáo lên cấp trên', 30_000);
  await expectText(page, '.js-status .badge', 'Quá hạn');
  await shot(page, 'overdue-unit');

  // The language switch keeps the page and formats the English way.
  await page.click('.lang-switch');
  await expectText(page, '#timeline', 'Overdue, escalated');
  await page.goto(`${server.url}/dashboard/${overdue}?unit=QN&lang=en`);
  await expectText(page, 'h2', 'Progress by level');
  await expectText(page, '[data-figure="attendance"] .js-rate', '96.67%'); // (38 + 20) / (40 + 20)
  await shot(page, 'overdue-tree-en');
});

test('the printable results report opens from the dashboard', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/dashboard/${onTime}?token=${tokenFor('supervisor', 'QN')}`);
  const [report] = await Promise.all([page.context().waitForEvent('page'), page.click('text=Báo cáo kết quả (bản in)')]);
  await report.waitForLoadState();
  await expectText(report, 'h1', 'Báo cáo kết quả thực hiện Chỉ thị số 31-CT/TW');
  await expectText(report, 'body', 'Tỉnh ủy Quảng Ninh');
  await shot(report, 'printable-report');
});

test('pages refuse a missing session, a unit token, a supervisor outside its subtree and a tampered link', async () => {
  const page = await browser.newPage();
  const signIn = await page.goto(`${server.url}/dashboard/${onTime}`);
  expect(signIn?.status()).toBe(401);
  await expectText(page, 'h1', 'Cần đăng nhập');
  const unitToken = await page.goto(`${server.url}/dashboard?token=${tokenFor('unit', 'D1-C1')}`);
  expect(unitToken?.status()).toBe(403);
  const outside = await page.goto(`${server.url}/dashboard/${onTime}?unit=D2&token=${tokenFor('supervisor', 'D1')}`);
  expect(outside?.status()).toBe(403);
  const link = await reportLink(onTime, 'D1-C1');
  const tampered = await page.goto(`${link.slice(0, -3)}xyz`);
  expect(tampered?.status()).toBe(401);
  await expectText(page, 'h1', 'Liên kết báo cáo không hợp lệ hoặc đã hết hạn');
});

test('the report form fits a phone screen', async () => {
  const phone = await browser.newPage({ width: 390, height: 844 });
  await phone.goto(await reportLink(onTime, 'D1-C2'));
  await expectText(phone, 'h1', 'Báo cáo kết quả');
  expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await shot(phone, 'report-form-phone');
  await phone.goto(`${server.url}/dashboard/${onTime}?token=${tokenFor('supervisor', 'QN')}`);
  expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await shot(phone, 'supervisor-tree-phone');
});

/** Waits until the element's text contains `text`. */
async function expectText(page: Page, selector: string, text: string, timeout = 10_000): Promise<void> {
  await eventually(async () => ((await page.locator(selector).first().textContent()) ?? '').includes(text), timeout, `"${text}" in ${selector}`).catch(
    async (err: Error) => {
      const actual = await page
        .locator(selector)
        .first()
        .innerText()
        .catch(() => '(missing)');
      throw new Error(`${err.message}; it shows: ${actual.slice(0, 400)}`);
    },
  );
}
