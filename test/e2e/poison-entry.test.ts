// The poison-entry test (issue 13, item 1 and "a poison entry never blocks a committee"): on the
// dev server with real PostgreSQL, a fault injected on purpose in this file's own database makes
// PostgreSQL refuse, for good (SQLSTATE 22023), the audit record of any report whose notes hold a
// marker and the finished projection row of one unit. Reports are filed through the client (whose
// write quarantines at once) and straight to a committee (so only the committee's own journal
// activity meets the bad entry). Every other entry is stored; the bad ones are in the quarantine,
// shown by the CLI, the API and the dashboard, each alerted once in the log; the committee's
// journal activity completes instead of retrying for ever; and a withdrawal closes every committee.
import type { Browser } from 'playwright-core';
import { startApiServer, type ApiServer } from '../../src/http/server';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { committeeWorkflowId, reportUpdate } from '../../src/engine/protocol';
import { testAppDeps, tokenFor } from '../api/api-fixtures';
import { runCascade } from '../cli/run-cli';
import { launchSmallDirective, smallReport } from '../engine/small-org';
import { retryingActivity } from '../faults/workflow-diagnostics';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { launchChromium } from '../harness/chromium';
import { requiredTestEnv } from '../harness/env';

const MARKER = 'POISON-913';
const today = vnIsoDate(new Date().toISOString());
const COMMITTEES = ['TW', 'QN', 'D1', 'D2', 'D3'];

// The injected fault, in this test's database only: PostgreSQL refuses these rows as a data
// exception, exactly as it refuses a NUL in JSON or a count beyond int4, whoever writes them.
const INJECT_FAULT = `
  CREATE FUNCTION test_fault_poison_audit() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.payload::text LIKE '%${MARKER}%' THEN
      RAISE EXCEPTION 'test fault: the audit record of % carries the poison marker', NEW.unit_id USING ERRCODE = '22023';
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER test_fault_poison_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_fault_poison_audit();
  CREATE FUNCTION test_fault_poison_projection() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.unit_id = 'D3-C2' AND NEW.status LIKE 'done-%' THEN
      RAISE EXCEPTION 'test fault: the finished projection row of D3-C2 is refused' USING ERRCODE = '22023';
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER test_fault_poison_projection BEFORE INSERT OR UPDATE ON unit_projection FOR EACH ROW EXECUTE FUNCTION test_fault_poison_projection();`;

let env: CascadeEnv;
let server: ApiServer;
let browser: Browser | undefined;
let directiveId: string;
const alerts: string[] = [];

beforeAll(async () => {
  // The alert lines of the activities (worker) and of the client's journal writer, both in this process.
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void alerts.push(args.map(String).join(' ')));
  env = await startCascadeEnv({ timeSkipping: false, limits: { lazyJournalMs: 1_000, parentRollupIntervalMs: 500 } });
  directiveId = await launchSmallDirective(env, '913-CT/TW', today);
  await env.db.pool.query(INJECT_FAULT);
  server = await startApiServer({ ...testAppDeps(env.cascade), port: 0, logger: false });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await env?.stop();
  jest.restoreAllMocks();
});

const quarantineAlerts = () => alerts.filter((line) => line.startsWith('ALERT journal entry quarantined'));
const quarantined = async () =>
  (await env.cascade.quarantine(directiveId)).map((q) => [q.unitId, q.entryType, q.kind, q.errorCode]).sort((a, b) => String(a).localeCompare(String(b)));
const reportAudits = async () =>
  (
    await env.db.pool.query<{ unit_id: string }>(`SELECT unit_id FROM audit_log WHERE directive_id = $1 AND kind = 'report' ORDER BY unit_id`, [directiveId])
  ).rows.map((r) => r.unit_id);
const projectionStatus = async (unitId: string) =>
  (await env.db.pool.query<{ status: string }>('SELECT status FROM unit_projection WHERE directive_id = $1 AND unit_id = $2', [directiveId, unitId])).rows[0]
    ?.status;
const poisoned = (unitId: string, attendees: number) => ({ ...smallReport(unitId, today, attendees), notes: `Ghi chú ${MARKER}` });

test('poison entries are quarantined and alerted once; every other entry is stored; the committee’s own journal activity completes', async () => {
  // Through the client: the caller's group commit meets the bad entries first and quarantines them.
  await env.cascade.report(directiveId, 'D1-C1', poisoned('D1-C1', 18), 'Bí thư chi bộ');
  await env.cascade.report(directiveId, 'D3-C2', smallReport('D3-C2', today, 16), 'Bí thư chi bộ');
  for (const [unitId, attendees] of [
    ['D1-C2', 17],
    ['D2-C2', 15],
    ['D3-C1', 14],
  ] as const) {
    await env.cascade.report(directiveId, unitId, smallReport(unitId, today, attendees), 'Bí thư chi bộ');
  }
  // Straight to the committee, as a caller that died before writing: only D2's journal activity meets it.
  const d2 = env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, 'D2'));
  await d2.executeUpdate(reportUpdate, { args: [{ unitId: 'D2-C1', report: poisoned('D2-C1', 19), actor: 'Bí thư chi bộ' }] });

  await eventually(async () => (await quarantined()).some(([unit]) => unit === 'D2-C1'), 60_000, "D2's journal activity to quarantine D2-C1's audit record");
  // Its activity completed: the projection row of the same batch is in, and no recordJournal is left retrying.
  await eventually(async () => (await projectionStatus('D2-C1')) === 'done-on-time', 30_000, "D2-C1's projection from its committee");
  await eventually(
    async () => (await retryingActivity(env.temporal, committeeWorkflowId(directiveId, 'D2'), 'recordJournal')) === null,
    30_000,
    "no recordJournal of D2's pending",
  );

  expect(await quarantined()).toEqual([
    ['D1-C1', 'audit', 'report', '22023'],
    ['D2-C1', 'audit', 'report', '22023'],
    ['D3-C2', 'projection', 'done-on-time', '22023'],
  ]);
  expect(await reportAudits()).toEqual(['D1-C2', 'D2-C2', 'D3-C1', 'D3-C2']);
  expect(await Promise.all(['D1-C1', 'D1-C2', 'D2-C2', 'D3-C1', 'D3-C2'].map(projectionStatus))).toEqual([
    'done-on-time',
    'done-on-time',
    'done-on-time',
    'done-on-time',
    'pending',
  ]);
  const rollup = await env.cascade.rollup(directiveId);
  expect(rollup.attendance).toMatchObject({ attendees: 18 + 17 + 19 + 15 + 14, members: 5 * 20 });
  expect(
    quarantineAlerts()
      .map((line) => /of unit (\S+) in directive/.exec(line)?.[1])
      .sort(),
  ).toEqual(['D1-C1', 'D2-C1', 'D3-C2']);
  expect(quarantineAlerts().join('\n')).not.toContain(MARKER);
});

test('the CLI lists the quarantined entries', async () => {
  const cliEnv = { TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'), TEMPORAL_TASK_QUEUE: env.taskQueue, DATABASE_URL: env.db.url, USER: 'cli-test' };
  const text = await runCascade(['quarantine', directiveId], cliEnv);
  expect([text.code, text.stderr]).toEqual([0, '']);
  expect(text.stdout).toContain(`3 journal entries of directive ${directiveId} in quarantine`);
  for (const unit of ['D1-C1', 'D2-C1', 'D3-C2']) expect(text.stdout).toMatch(new RegExp(`\\s${unit}\\s.*22023 test fault`));
  const json = await runCascade(['quarantine', directiveId, '--json'], cliEnv);
  const entries = JSON.parse(json.stdout) as Array<{ unitId: string; entry: { payload?: { report?: { notes?: string } } } }>;
  expect(entries.map((e) => e.unitId)).toEqual(['D1-C1', 'D3-C2', 'D2-C1']);
  expect(entries[0]?.entry.payload?.report?.notes).toBe(`Ghi chú ${MARKER}`);
});

test('the API shows the quarantine to the secretariat only', async () => {
  const get = (role: 'secretariat' | 'supervisor') =>
    fetch(`${server.url}/api/directives/${directiveId}/quarantine`, {
      headers: { authorization: `Bearer ${role === 'secretariat' ? tokenFor('secretariat') : tokenFor('supervisor', 'QN')}` },
    });
  const ok = await get('secretariat');
  expect(ok.status).toBe(200);
  const body = (await ok.json()) as { entries: Array<{ unitId: string; entryType: string; errorCode: string; errorMessage: string }> };
  expect(body.entries.map((e) => [e.unitId, e.entryType, e.errorCode])).toEqual([
    ['D1-C1', 'audit', '22023'],
    ['D3-C2', 'projection', '22023'],
    ['D2-C1', 'audit', '22023'],
  ]);
  expect(body.entries[0]?.errorMessage).toBe('test fault: the audit record of D1-C1 carries the poison marker');
  expect((await get('supervisor')).status).toBe(403);
  const openapi = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
  expect(Object.keys(openapi.paths)).toContain('/api/directives/{id}/quarantine');
});

test('the dashboard shows the quarantine to the secretariat', async () => {
  browser = await launchChromium();
  const page = await (await browser.newContext({ locale: 'vi-VN' })).newPage();
  // The directive's page says how many entries are kept out and links to them.
  await page.goto(`${server.url}/dashboard/${directiveId}?token=${tokenFor('secretariat')}`);
  await expect(page.textContent('#quarantine-notice')).resolves.toContain('3 bản ghi nhật ký bị cơ sở dữ liệu từ chối');
  await page.click('#quarantine-notice a');
  await expect(page.textContent('h1')).resolves.toBe('Bản ghi bị cách ly');
  const rows = await page.locator('tr.quarantined').allInnerTexts();
  expect(rows.map((r) => /\b(D\d-C\d)\b/.exec(r)?.[1])).toEqual(['D1-C1', 'D3-C2', 'D2-C1']);
  expect(rows[0]).toContain('22023');
  expect(rows[0]).toContain(MARKER);
});

test('a withdrawal closes every committee, the ones that met poison entries included', async () => {
  await env.cascade.withdraw(directiveId, 'Văn phòng Trung ương', 'Thu hồi để kiểm thử');
  for (const unit of COMMITTEES) {
    const handle = env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, unit));
    await eventually(async () => (await handle.describe()).status.name === 'COMPLETED', 60_000, `committee ${unit} to complete`);
  }
  // The committees wrote what they held when they closed: the bad entries again, each still kept and alerted once.
  expect(await quarantined()).toHaveLength(3);
  expect(quarantineAlerts()).toHaveLength(3);
});
