// The secretariat's workplace driven in a real browser (Debian's chromium) against the app on a free
// port and a real stack: launching from the form with its preview, extending, exempting and
// withdrawing with their confirmations, and editing and importing the organisation. Every form
// calls the API; what it changed is read back from the stack, not from the page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startApiServer, type ApiServer } from '../../src/http/server';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { BrowserSession } from '../harness/chromium';
import { SMALL_ORG, smallSpec } from '../engine/small-org';
import { testAppDeps, tokenFor } from '../api/api-fixtures';

const SHOTS = path.join(__dirname, 'screenshots');
const today = vnIsoDate(new Date().toISOString());
const year = Number(today.slice(0, 4)) + 1;

let env: CascadeEnv;
let server: ApiServer;
let browser: BrowserSession;
let running: string; // launched by the API: the unit and committee forms act on it

async function signedIn(role: 'secretariat' | 'supervisor' | 'inspector', unitId?: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await browser.newPage(viewport);
  await page.goto(`${server.url}/dashboard?token=${tokenFor(role, unitId)}`);
  await eventually(async () => page.url() === `${server.url}/dashboard`, 5_000, 'the session to start');
  return page;
}

/** Clicks what sends a form that reloads the page when done, and waits for the reload. */
async function sendAndReload(page: Page, selector: string): Promise<void> {
  const reloaded = page.waitForEvent('load');
  await page.click(selector);
  await reloaded;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  env = await startCascadeEnv({ timeSkipping: false });
  await env.importOrg(SMALL_ORG);
  server = await startApiServer({ ...testAppDeps(env.cascade), port: 0, logger: false, pollIntervalMs: 1000 });
  running = (await env.cascade.launch(smallSpec('162-CT/TW', today, year))).directiveId;
  await eventually(async () => (await env.cascade.listUnits(running)).total === SMALL_ORG.length - 1, 60_000, 'every unit projected');
  browser = await BrowserSession.start();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await env?.stop();
});

test('the secretariat launches from the form: a refused deadline is named at its field, the preview shows each level, and only the confirmed launch starts', async () => {
  const page = await signedIn('secretariat');
  await page.click('text=Ban hành chỉ thị mới');
  await page.waitForURL(`${server.url}/workplace/launch`);
  await page.fill('#f-code', '161-CT/TW');
  await page.fill('#f-issuedOn', today);
  await page.fill('#f-title', 'Tăng cường công tác kiểm tra, giám sát');
  await page.fill('#f-issuer', 'Bộ Chính trị');
  await page.fill('#f-root', 'TW');
  await page.fill('#f-deadlines-province', `quý II/${year}`);
  await page.fill('#f-deadlines-district', `quý III/${year}`);
  await page.fill('#f-deadlines-cell', `31/13/${year}`);
  await page.fill('#f-reminders', '-14d, -3d');
  await page.click('button:has-text("Xem trước")');
  const cellError = page.locator('[data-error-for="deadlines.cell"]');
  await cellError.waitFor({ state: 'visible' });
  expect(await cellError.textContent()).toContain('31/13');
  expect(await page.getAttribute('#f-deadlines-cell', 'aria-invalid')).toBe('true');

  await page.fill('#f-deadlines-cell', `30/09/${year}`);
  await page.click('button:has-text("Xem trước")');
  await page.locator('#preview [data-total]').waitFor();
  expect(await page.getAttribute('#preview [data-total]', 'data-total')).toBe(String(SMALL_ORG.length - 1));
  expect(await page.textContent('#preview tr[data-level="cell"]')).toContain(`23:59 ngày 30/9/${year}`);
  await shot(page, 'workplace-launch-preview');
  expect((await env.cascade.directives()).map((d) => d.code)).not.toContain('161-CT/TW');

  // Editing the form takes the preview away: only what was previewed can be launched.
  await page.fill('#f-title', 'Tăng cường công tác kiểm tra, giám sát của Đảng');
  expect(await page.isHidden('#preview')).toBe(true);
  await page.click('button:has-text("Xem trước")');
  await page.click('#launch-form button[type="submit"]');
  await page.locator('#launch-form .confirm-panel').waitFor({ state: 'visible' });
  await page.click('#launch-form [data-confirm-yes]');
  await page.waitForURL(/\/dashboard\/161-CT-TW/);
  const launched = (await env.cascade.directives()).find((d) => d.code === '161-CT/TW');
  expect(launched).toMatchObject({ title: 'Tăng cường công tác kiểm tra, giám sát của Đảng', rootUnitId: 'TW' });
});

test('a spec file chosen on the form is read into the spec text and previewed', async () => {
  const page = await signedIn('secretariat');
  await page.goto(`${server.url}/workplace/launch?lang=en`);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spec-')), 'spec.yaml');
  fs.writeFileSync(
    file,
    [
      'code: 163-CT/TW',
      'title: Về công tác cán bộ',
      'issuer: Bộ Chính trị',
      `issuedOn: ${today}`,
      'root: TW',
      `deadlines: { province: Q2/${year}, district: Q3/${year}, cell: 15 working days }`,
    ].join('\n'),
  );
  await page.click('summary');
  await page.setInputFiles('input[name="specFile"]', file);
  await eventually(async () => (await page.inputValue('#f-spec')).includes('163-CT/TW'), 5_000, 'the file in the spec text');
  await page.click('button:has-text("Preview")');
  await page.locator('#preview [data-total]').waitFor();
  expect(await page.textContent('#preview')).toMatch(/Directive 163-CT-TW(-\d{4})? will reach/);
  expect((await env.cascade.directives()).map((d) => d.code)).not.toContain('163-CT/TW');
});

test('a committee extends a unit below it; exempting asks first and cancelling changes nothing', async () => {
  const page = await signedIn('supervisor', 'QN');
  await page.goto(`${server.url}/dashboard/${running}/units/D1-C1`);
  await page.fill('#f-to', `31/10/${year}`);
  await page.fill('#f-extend-reason', 'Lũ lụt');
  await sendAndReload(page, '#extend-form button[type="submit"]');
  await eventually(async () => (await env.cascade.unit(running, 'D1-C1')).extendedTo !== null, 10_000, 'the extension');
  expect(vnIsoDate((await env.cascade.unit(running, 'D1-C1')).extendedTo as string)).toBe(`${year}-10-31`);

  await page.goto(`${server.url}/dashboard/${running}/units/D1-C2`);
  await page.fill('#f-exempt-reason', 'Chi bộ sáp nhập');
  await page.click('#exempt-form button[type="submit"]');
  await page.click('#exempt-form [data-confirm-no]');
  expect((await env.cascade.unit(running, 'D1-C2')).exemptedAt).toBeNull();
  await page.click('#exempt-form button[type="submit"]');
  await shot(page, 'workplace-exempt-confirm');
  await page.click('#exempt-form [data-confirm-yes]');
  await eventually(async () => (await env.cascade.unit(running, 'D1-C2')).status === 'exempted', 10_000, 'the exemption');
  const exemption = await eventually(
    async () => (await env.cascade.timeline(running, 'D1-C2')).find((e) => e.kind === 'exemption'),
    10_000,
    'the exemption on the timeline',
  );
  expect(exemption).toMatchObject({ payload: expect.objectContaining({ reason: 'Chi bộ sáp nhập' }) });
});

test('an inspector and a unit-level supervisor are offered no forms, and the workplace pages refuse them', async () => {
  const inspector = await signedIn('inspector', 'QN');
  await inspector.goto(`${server.url}/dashboard/${running}/units/D2-C1`);
  expect(await inspector.locator('form.api-form').count()).toBe(0);
  const refused = await inspector.goto(`${server.url}/workplace/launch`);
  expect(refused?.status()).toBe(403);
  const cell = await signedIn('supervisor', 'D2');
  await cell.goto(`${server.url}/dashboard/${running}/units/D2`);
  expect(await cell.locator('form.api-form').count()).toBe(0);
});

test('the organisation page adds, edits and imports units, each change in the directory’s history with who made it', async () => {
  const page = await signedIn('secretariat');
  await page.goto(`${server.url}/workplace/organisation`);
  await page.fill('#add-id', 'D3-C3');
  await page.fill('#add-parent', 'D3');
  await page.fill('#add-level', 'cell');
  await page.fill('#add-name', 'Chi bộ 3.3');
  await page.fill('#add-email', 'd3c3@qn.test');
  await page.fill('#add-members', '12');
  await page.fill('#add-essays', '4');
  await sendAndReload(page, '#add-unit-form button[type="submit"]');
  await eventually(async () => (await env.cascade.organisation()).some((u) => u.id === 'D3-C3'), 10_000, 'the new unit');

  await page.fill('#edit-id', 'D3-C3');
  await page.fill('#edit-name', 'Chi bộ Khu 3');
  await sendAndReload(page, '#edit-unit-form button[type="submit"]');
  await eventually(async () => (await env.cascade.organisation()).find((u) => u.id === 'D3-C3')?.name === 'Chi bộ Khu 3', 10_000, 'the edit');

  // A refused row is named and nothing changes.
  const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'org-')), 'bad.csv');
  fs.writeFileSync(bad, 'id,name,level,parentId,email,members,essaysExpected\nD3-C4,Chi bộ 3.4,cell,D3,not-an-email,10,3\n');
  await page.setInputFiles('input[name="file"]', bad);
  await page.fill('#f-under', 'D3');
  await page.check('input[name="mode"][value="merge"]');
  await page.click('#import-form button[type="submit"]');
  await page.click('#import-form [data-confirm-yes]');
  await page.locator('#import-form .form-status.bad').waitFor();
  expect(await page.textContent('#import-form')).toContain('not-an-email');
  expect((await env.cascade.organisation()).some((u) => u.id === 'D3-C4')).toBe(false);

  const good = path.join(path.dirname(bad), 'good.csv');
  fs.writeFileSync(good, 'id,name,level,parentId,email,members,essaysExpected\nD3-C4,Chi bộ 3.4,cell,D3,d3c4@qn.test,10,3\n');
  await page.setInputFiles('input[name="file"]', good);
  await page.click('#import-form button[type="submit"]');
  await page.click('#import-form [data-confirm-yes]');
  await eventually(async () => (await env.cascade.organisation()).some((u) => u.id === 'D3-C4'), 10_000, 'the imported unit');
  await page.reload();
  await shot(page, 'workplace-organisation');
  const mine = (await env.cascade.organisationHistory(undefined, 10)).filter((e) => e.unitId === 'D3-C3' || e.unitId === 'D3-C4');
  expect(mine.map((e) => e.action)).toEqual(expect.arrayContaining(['add', 'update']));
  // The token the browser signed in with is who did it.
  expect(mine.every((e) => e.actor.includes('secretariat-all'))).toBe(true);
});

test('the secretariat invites a person and disables them after confirming; the administration trail shows both with who did them', async () => {
  const page = await signedIn('secretariat');
  await page.click('text=Người dùng');
  await page.waitForURL(`${server.url}/workplace/people`);
  await page.fill('#invite-name', 'Trần Thị Giám Sát');
  await page.fill('#invite-email', 'not-an-address');
  await page.fill('#invite-unit', 'D2');
  await page.click('#invite-form button[type="submit"]');
  await page.locator('#invite-form [data-error-for="email"]').waitFor({ state: 'visible' });
  expect(await env.cascade.listPeople()).toEqual([]);

  await page.fill('#invite-email', 'giamsat.d2@qn.test');
  await sendAndReload(page, '#invite-form button[type="submit"]');
  const [person] = await env.cascade.listPeople();
  expect(person).toMatchObject({ email: 'giamsat.d2@qn.test', role: 'supervisor', unitId: 'D2', disabledAt: null });
  const row = page.locator('tr[data-person="giamsat.d2@qn.test"]');
  await row.locator('button[type="submit"]').click();
  await row.locator('[data-confirm-no]').click();
  expect((await env.cascade.listPeople())[0]?.disabledAt).toBeNull();
  await row.locator('button[type="submit"]').click();
  const reloaded = page.waitForEvent('load');
  await row.locator('[data-confirm-yes]').click();
  await reloaded;
  expect((await env.cascade.listPeople())[0]?.disabledAt).not.toBeNull();

  await page.goto(`${server.url}/workplace/audit`);
  const invite = page.locator('tr[data-action="person-invite"]');
  const disable = page.locator('tr[data-action="person-disable"]');
  expect(await invite.textContent()).toContain('secretariat-all');
  expect(await disable.textContent()).toContain('secretariat-all');
  await shot(page, 'workplace-audit');
});

test('withdrawing asks first, then stops the directive at every level', async () => {
  const page = await signedIn('secretariat');
  await page.goto(`${server.url}/dashboard/${running}`);
  await page.fill('#f-withdraw-reason', 'Ban hành nhầm');
  await page.click('#withdraw-form button[type="submit"]');
  expect(await page.isVisible('#withdraw-form .confirm-panel')).toBe(true);
  expect((await env.cascade.directive(running))?.status).toBe('active');
  await page.click('#withdraw-form [data-confirm-yes]');
  await eventually(async () => (await env.cascade.directive(running))?.status === 'withdrawn', 15_000, 'the withdrawal');
  await page.reload();
  expect(await page.locator('#withdraw-form').count()).toBe(0);
});
