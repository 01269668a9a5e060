// The secretariat in a real browser (Debian's chromium): asks for a sign-in link at /sign-in, opens
// the emailed link and confirms, lands on the dashboard signed in, revokes an access token from the
// credentials page (a dismissed confirmation revokes nothing), and signs out.
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { appMailer } from '../../src/app/sign-in-email';
import { startApiServer, type ApiServer } from '../../src/http/server';
import { createMailer } from '../../src/mail/mailer';
import type { MailSender } from '../../src/mail/smtp-sender';
import { eventually, startCascadeEnv, TEST_BASE_URL, type CascadeEnv } from '../harness/cascade-env';
import { launchChromium } from '../harness/chromium';
import { SMALL_ORG } from '../engine/small-org';
import { callServer, testAppDeps, tokenFor } from '../api/api-fixtures';

const SHOTS = path.join(__dirname, '..', '..', 'docs', 'screenshots');
const secretariat = tokenFor('secretariat');

let env: CascadeEnv;
let sender: MailSender;
let server: ApiServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  await env.importOrg(SMALL_ORG);
  sender = createMailer(env.sink.url);
  server = await startApiServer({ ...testAppDeps(env.cascade), mailer: appMailer(sender, 'Văn phòng <vp@cascade.test>'), port: 0, logger: false });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
}, 120_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  await sender?.close();
  await env?.stop();
});

test('the secretariat signs in by email in the browser, revokes an access token from the credentials page after confirming, and signs out', async () => {
  const added = await callServer(server.url, 'POST', '/api/people', secretariat, {
    email: 'vp.tw@cascade.test',
    name: 'Hoàng Thị Thư',
    role: 'secretariat',
    invite: false,
  });
  expect(added.status).toBe(201);
  const issued = await callServer(server.url, 'POST', '/api/tokens', secretariat, { sub: 'bt-d1-laptop', role: 'supervisor', unitId: 'D1' });
  const tokenId = issued.body.id as string;
  const token = issued.body.token as string;

  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.fill('#email', 'vp.tw@cascade.test');
  await page.click('form.sign-in button[type=submit]');
  await expect(page.locator('h1').textContent()).resolves.toBe('Hãy kiểm tra hộp thư');

  const mail = await eventually(async () => (await env.mails((m) => (m.text ?? '').includes('/sign-in/')))[0], 30_000, 'the sign-in email');
  const link = (/https?:\/\/\S+\/sign-in\/\S+/.exec(mail.text ?? '')?.[0] ?? '').replace(TEST_BASE_URL, server.url);
  await page.goto(link);
  await page.click('#confirm-sign-in');
  await page.waitForURL(`${server.url}/dashboard`);

  await page.goto(`${server.url}/dashboard/credentials`);
  await expect(page.locator('header .viewer').textContent()).resolves.toContain('Đăng nhập: Hoàng Thị Thư (Văn phòng)');
  const row = page.locator(`#token-${tokenId}`);
  await expect(row.locator('td.status-active').count()).resolves.toBe(1);
  await row.locator('input[name=reason]').fill('máy tính bị mất');

  // Cancelled: nothing is revoked.
  await row.locator('button[type=submit]').click();
  await row.locator('[data-confirm-no]').click();
  expect((await callServer(server.url, 'GET', '/api/directives', token)).status).toBe(200);

  await row.locator('button[type=submit]').click();
  await row.locator('[data-confirm-yes]').click();
  await page.locator(`#token-${tokenId} td.status-revoked`).waitFor();
  await expect(page.locator(`#token-${tokenId} td.status-revoked`).textContent()).resolves.toContain('máy tính bị mất');
  expect((await callServer(server.url, 'GET', '/api/directives', token)).status).toBe(401);
  const listed = (await callServer(server.url, 'GET', '/api/credentials', secretariat)).body.tokens as Array<{ id: string; revokedBy: string }>;
  expect(listed.find((t) => t.id === tokenId)?.revokedBy).toBe('api:vp.tw@cascade.test');
  await expect(page.locator('tr[id^="session-"] td.status-active').count()).resolves.toBe(1);
  await page.screenshot({ path: path.join(SHOTS, 'credentials-page.png'), fullPage: true });

  await page.click('header .sign-out button');
  await page.waitForURL(`${server.url}/sign-in?signedOut=1`);
  await expect(page.locator('.notice').textContent()).resolves.toBe('Bạn đã đăng xuất.');
  const after = await page.goto(`${server.url}/dashboard`);
  expect(after?.status()).toBe(401);
});
