// A launch over HTTP is checked end to end before anything starts (issue 13, items 2, 4, 5 and
// the 404 right after a launch): times that give no sane instant and an issue date after today are
// 400 naming the field with nothing recorded; a relaunch of the same spec answers what runs, another
// spec under the same id is 409 naming what differs; a just-launched directive's units answer 503
// SettingUp with Retry-After, not 404.
import './inject-shim';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { recordDirective } from '../../src/store/directive-records';
import { prepareDirective } from '../../src/store/prepare-directive';
import { CascadeClient } from '../../src/app/cascade-client';
import { toRuntime } from '../../src/app/launch';
import { validateDirectiveSpec } from '../../src/domain/directive/directive';
import { requireValidOrg } from '../../src/domain/org/org';
import { addMs } from '../../src/domain/time/instant';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { committeeWorkflowId } from '../../src/engine/protocol';
import { startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { SMALL_ORG, smallSpec } from '../engine/small-org';
import { bearer, testAppDeps, tokenFor } from './api-fixtures';

let env: CascadeEnv;
let app: FastifyInstance;
const built: FastifyInstance[] = [];
const today = vnIsoDate(new Date().toISOString());
const year = Number(today.slice(0, 4)) + 1;
const secretariat = bearer(tokenFor('secretariat'));

function appFor(cascade: CascadeClient): FastifyInstance {
  const made = buildApp(testAppDeps(cascade));
  built.push(made);
  return made;
}

const launch = (payload: Record<string, unknown>, on = app) => on.inject({ method: 'POST', url: '/api/directives', headers: secretariat, payload });
const listed = async () =>
  ((await app.inject({ method: 'GET', url: '/api/directives', headers: secretariat })).json().directives as Array<{ id: string }>).map((d) => d.id);
const issuePaths = (res: { json(): { issues?: Array<{ path: string; rule: string }> } }) => (res.json().issues ?? []).map((i) => [i.path, i.rule]);

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  await env.importOrg(SMALL_ORG);
  app = appFor(env.cascade);
}, 180_000);
afterAll(async () => {
  for (const a of built) await a.close();
  await env?.stop();
});

test('times that give no sane instant, too many steps and an issue date after today are 400 naming the field, and nothing is recorded', async () => {
  const tomorrow = vnIsoDate(addMs(`${today}T12:00:00+07:00`, 24 * 3600_000));
  const cases: Array<[Record<string, unknown>, Array<[string, string]>]> = [
    [{ ...smallSpec('82-CT/TW', today, year), reminders: ['-99999999999999w'] }, [['reminders[0]', 'offset-range']]],
    [{ ...smallSpec('82-CT/TW', today, year), escalation: ['0d', '99999999999999w'] }, [['escalation[1]', 'offset-range']]],
    [{ ...smallSpec('82-CT/TW', today, year), escalation: Array.from({ length: 5000 }, (_v, i) => `${i}m`) }, [['escalation', 'too-many']]],
    [
      { ...smallSpec('82-CT/TW', today, year), deadlines: { province: 'P99999999D', district: `Q3/${year}`, cell: `Q3/${year}` } },
      [['deadlines.province', 'deadline-range']],
    ],
    [
      { ...smallSpec('82-CT/TW', today, year), deadlines: { province: 'Q4/9999', district: `Q3/${year}`, cell: `Q3/${year}` } },
      [['deadlines.province', 'deadline-too-far']],
    ],
    [smallSpec('82-CT/TW', tomorrow, year), [['issuedOn', 'issued-in-future']]],
    [
      { ...smallSpec('82-CT/TW', today, year), deadlines: { province: `01/01/${year - 2}`, district: `Q3/${year}`, cell: `Q3/${year}` } },
      [['deadlines.province', 'deadline-before-issue']],
    ],
  ];
  for (const [spec, expected] of cases) {
    const res = await launch(spec);
    expect([res.statusCode, issuePaths(res)]).toEqual([400, expected]);
  }
  expect(await listed()).not.toContain('82-CT-TW-' + today.slice(0, 4));
});

test('relaunching the same spec answers 200 with what runs; another root, deadline or reminders under the same id is 409 naming each', async () => {
  const first = smallSpec('83-CT/TW', today, year);
  const started = await launch(first);
  expect(started.statusCode).toBe(201);
  const { directiveId, workflowId } = started.json();

  // The same directive spelt differently: the deadlines answered are the ones running.
  const respelt = { ...first, deadlines: { province: `quý II/${year}`, district: `Q3/${year}`, cell: `${year}-09-30` }, reminders: ['-P14D', '-3d', '0d'] };
  const again = await launch(respelt);
  expect([again.statusCode, again.json()]).toEqual([200, expect.objectContaining({ directiveId, workflowId, started: false, deadlines: first.deadlines })]);

  const otherRoot = await launch({ ...first, root: 'QN', deadlines: { district: `Q3/${year}`, cell: `30/09/${year}` } });
  expect([otherRoot.statusCode, otherRoot.json().error]).toEqual([409, 'DirectiveConflict']);
  expect(issuePaths(otherRoot)).toEqual([
    ['root', 'differs-from-running'],
    ['deadlines.province', 'differs-from-running'],
  ]);
  // Nothing started under the other root.
  await expect(env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, 'QN')).describe()).rejects.toThrow(/not found/i);

  const otherTimes = await launch({ ...first, deadlines: { ...(first.deadlines as object), cell: `31/10/${year}` }, reminders: ['-7d'] });
  expect([otherTimes.statusCode, issuePaths(otherTimes)]).toEqual([
    409,
    [
      ['deadlines.cell', 'differs-from-running'],
      ['reminders', 'differs-from-running'],
    ],
  ]);
  expect(otherTimes.json().message).toContain(`"31/10/${year}" here but "30/09/${year}"`);
});

test('a directive recorded by a launch whose workflow never started does not hold its id', async () => {
  const spec = validateDirectiveSpec(smallSpec('84-CT/TW', today, year));
  const directive = toRuntime({ ...spec, root: 'QN' }, requireValidOrg(SMALL_ORG));
  await recordDirective(env.db.pool, { id: directive.id, code: directive.code, title: directive.title, rootId: 'QN', spec: { ...spec, root: 'QN' } });
  const res = await launch(smallSpec('84-CT/TW', today, year));
  expect([res.statusCode, res.json().started]).toEqual([201, true]);
});

test('right after a launch its units answer 503 SettingUp with Retry-After, not 404; a unit outside it stays 404', async () => {
  // A client on a task queue no worker polls: the launch is recorded and started, and its
  // committees never run, so "just launched" lasts as long as the test needs.
  const idle = new CascadeClient({ temporal: env.temporal, pool: env.db.pool, taskQueue: `${env.taskQueue}-idle` });
  const idleApp = appFor(idle);
  const res = await launch(smallSpec('85-CT/TW', today, year), idleApp);
  expect([res.statusCode, res.json().unitsReady]).toEqual([201, false]);
  const { directiveId, workflowId } = res.json();
  try {
    const unitRead = () => idleApp.inject({ method: 'GET', url: `/api/directives/${directiveId}/units/D1-C1`, headers: secretariat });
    const before = await unitRead();
    expect([before.statusCode, before.headers['retry-after'], before.json().error]).toEqual([503, '2', 'SettingUp']);
    expect(before.json().messageVi).toContain('đang được thiết lập');
    const supervisor = await idleApp.inject({
      method: 'GET',
      url: `/api/directives/${directiveId}/units/D1-C1`,
      headers: bearer(tokenFor('supervisor', 'D1')),
    });
    expect(supervisor.statusCode).toBe(503);

    // The snapshot taken (the root committee's first activity) but D1's committee not yet running.
    const spec = validateDirectiveSpec(smallSpec('85-CT/TW', today, year));
    await prepareDirective(env.db.pool, { directive: toRuntime(spec, requireValidOrg(SMALL_ORG)), spec });
    const report = await idleApp.inject({ method: 'POST', url: `/api/directives/${directiveId}/units/D1-C1/acknowledge`, headers: secretariat });
    expect([report.statusCode, report.json().error]).toEqual([503, 'SettingUp']);
    expect((await unitRead()).statusCode).toBe(503);
    const outside = await idleApp.inject({ method: 'GET', url: `/api/directives/${directiveId}/units/NOPE`, headers: secretariat });
    expect([outside.statusCode, outside.json().error]).toEqual([404, 'NotFound']);
  } finally {
    await env.temporal.workflow.getHandle(workflowId).terminate('test over');
  }
});
