// The directory edited, not replaced (issue 15, item 4), through the HTTP API on a real stack: a
// province imported under the root keeps the other, replace and merge under a unit, a bad row
// refused with nothing changed, one unit edited (and seen in the history with its actor), export
// then re-import giving the same directory, supervisors kept to reading their own subtree, and a
// running directive's snapshot untouched by any of it.
import './inject-shim';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import type { OrgUnit } from '../../src/domain/org/org';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { launchSmallDirective } from '../engine/small-org';
import { bearer, testAppDeps, tokenFor } from './api-fixtures';

let env: CascadeEnv;
let app: FastifyInstance;
let directiveId: string;
const secretariat = bearer(tokenFor('secretariat'));
const supervisorQN = bearer(tokenFor('supervisor', 'QN'));
const unitD1C1 = bearer(tokenFor('unit', 'D1-C1'));
const HEADER = 'id,name,level,parentId,email,members,essaysExpected';
const csv = (...rows: string[]): string => [HEADER, ...rows].join('\n');

const directory = async (): Promise<OrgUnit[]> => env.cascade.organisation();
const ids = async (under?: string): Promise<string[]> => (await env.cascade.organisation(under)).map((u) => u.id).sort();
const importCsv = (text: string, query = '', headers = secretariat) =>
  app.inject({ method: 'POST', url: `/api/org${query}`, headers: { ...headers, 'content-type': 'text/csv' }, payload: text });

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  app = buildApp(testAppDeps(env.cascade));
  directiveId = await launchSmallDirective(env, '33-CT/TW', vnIsoDate(new Date().toISOString()));
}, 180_000);
afterAll(async () => {
  await app?.close();
  await env?.stop();
});

test('a province merged under the root keeps the other province; its top unit is attached to the root', async () => {
  const before = await ids('QN');
  const res = await importCsv(
    csv(
      'HP,Thành ủy Hải Phòng,province,,tu@hp.test,50,50',
      'HP-D1,Quận ủy 1,district,HP,q1@hp.test,30,30',
      'HP-D1-C1,Chi bộ 1.1,cell,HP-D1,c11@hp.test,15,5',
      'HP-D1-C2,Chi bộ 1.2,cell,HP-D1,c12@hp.test,15,5',
    ),
    '?under=TW&mode=merge',
  );
  expect([res.statusCode, res.json()]).toEqual([
    200,
    { imported: 4, levels: ['central', 'province', 'district', 'cell'], under: 'TW', mode: 'merge', added: 4, updated: 0, removed: 0 },
  ]);
  expect(await ids('QN')).toEqual(before);
  expect((await env.cascade.organisation('HP'))[0]).toMatchObject({ id: 'HP', parentId: 'TW' });
});

test('replace under a unit removes what the file no longer has; merge keeps it', async () => {
  const replaced = await importCsv(
    csv('HP-D1,Quận ủy 1,district,HP,q1@hp.test,30,30', 'HP-D1-C1,Chi bộ 1.1,cell,HP-D1,c11@hp.test,18,5'),
    '?under=HP&mode=replace',
  );
  expect(replaced.json()).toMatchObject({ added: 0, updated: 1, removed: 1 });
  expect(await ids('HP')).toEqual(['HP', 'HP-D1', 'HP-D1-C1']);
  expect((await env.cascade.organisation('HP-D1-C1'))[0]?.members).toBe(18);

  const merged = await importCsv(csv('HP-D2,Quận ủy 2,district,,q2@hp.test,10,10'), '?under=HP&mode=merge');
  expect(merged.json()).toMatchObject({ added: 1, updated: 0, removed: 0 });
  expect(await ids('HP')).toEqual(['HP', 'HP-D1', 'HP-D1-C1', 'HP-D2']);
  expect(await ids('QN')).toHaveLength(10);
});

test('a bad file under a unit is refused naming the row and rule, and nothing changes', async () => {
  const before = await directory();
  const res = await importCsv(
    csv('HP-D1,Quận ủy 1,district,HP,q1@hp.test,30,30', 'D1,Huyện ủy 1,district,HP,d1@qn.test,40,40', 'HP-D1-C9,Chi bộ 9,cell,HP-D1,not-an-email,1,1'),
    '?under=HP&mode=replace',
  );
  expect(res.statusCode).toBe(400);
  const text = res.body;
  expect(text).toContain("row 2 (unit D1): id is already the id of a unit outside HP's subtree");
  expect(await directory()).toEqual(before);

  const badLevel = await importCsv(csv('HP-X,Tỉnh khác,province,,x@hp.test,1,1'), '?under=HP&mode=merge');
  expect(badLevel.statusCode).toBe(400);
  expect(badLevel.body).toContain('row 1 (unit HP-X): level \\"province\\" must be below its parent HP');
  const noUnder = await importCsv(csv('HP-X,X,cell,,x@hp.test,1,1'), '?mode=merge');
  expect(noUnder.statusCode).toBe(400);
  expect(noUnder.body).toContain('mode applies to an import under a unit');
  expect(await directory()).toEqual(before);
});

test('editing a unit shows in the directory and in the history with its actor; the running directive keeps its snapshot', async () => {
  const snapshot = async () =>
    (await env.db.pool.query('SELECT members, name, parent_id FROM directive_units WHERE directive_id = $1 AND unit_id = $2', [directiveId, 'D1-C1'])).rows[0];
  const before = await snapshot();
  const res = await app.inject({
    method: 'PATCH',
    url: '/api/org/units/D1-C1',
    headers: secretariat,
    payload: { name: 'Chi bộ 1.1 (mới)', members: 25, parentId: 'D2' },
  });
  expect([res.statusCode, res.json()]).toEqual([
    200,
    { id: 'D1-C1', name: 'Chi bộ 1.1 (mới)', level: 'cell', parentId: 'D2', email: 'd1c1@qn.test', members: 25, essaysExpected: 5 },
  ]);
  expect(await ids('D2')).toContain('D1-C1');
  expect(await snapshot()).toEqual(before);
  // The directive reads members from its own snapshot, not from the directory.
  expect((await env.cascade.unit(directiveId, 'D1-C1')).directoryMembers).toBe(20);

  const history = await app.inject({ method: 'GET', url: '/api/org/history?unit=D1-C1', headers: secretariat });
  const [entry] = history.json().entries;
  expect(entry).toMatchObject({
    actor: 'api:secretariat-all',
    action: 'update',
    unitId: 'D1-C1',
    before: { members: 20, parentId: 'D1' },
    after: { members: 25, parentId: 'D2' },
  });
});

test('a bad edit names its field and changes nothing', async () => {
  const before = await directory();
  const cases: Array<[unknown, string]> = [
    [{ members: -1 }, 'members'],
    [{ level: 'district' }, 'level'],
    [{ parentId: 'D2-C1' }, 'unit D1-C1: level "cell" must be below its parent D2-C1'],
    [{}, 'give at least one of'],
  ];
  for (const [payload, named] of cases) {
    const res = await app.inject({ method: 'PATCH', url: '/api/org/units/D1-C1', headers: secretariat, payload: payload as object });
    const message: string = res.json().message;
    expect([res.statusCode, message.includes(named) ? named : message]).toEqual([400, named]);
  }
  const unknown = await app.inject({ method: 'PATCH', url: '/api/org/units/NOPE', headers: secretariat, payload: { members: 1 } });
  expect(unknown.statusCode).toBe(404);
  const parentOfChildren = await app.inject({ method: 'DELETE', url: '/api/org/units/HP-D1', headers: secretariat });
  expect([parentOfChildren.statusCode, parentOfChildren.body.includes('has 1 unit(s) under it (HP-D1-C1)')]).toEqual([400, true]);
  expect(await directory()).toEqual(before);
});

test('only the secretariat edits and reads the history; a supervisor exports its own subtree only', async () => {
  for (const headers of [supervisorQN, unitD1C1]) {
    const edit = await app.inject({ method: 'PATCH', url: '/api/org/units/D1', headers, payload: { members: 1 } });
    const add = await app.inject({ method: 'POST', url: '/api/org/units', headers, payload: {} });
    const history = await app.inject({ method: 'GET', url: '/api/org/history', headers });
    const upload = await importCsv(csv('QN-X,X,district,,x@qn.test,1,1'), '?under=QN&mode=merge', headers);
    expect([edit.statusCode, add.statusCode, history.statusCode, upload.statusCode]).toEqual([403, 403, 403, 403]);
  }
  const own = await app.inject({ method: 'GET', url: '/api/org/export?format=json', headers: supervisorQN });
  expect(own.statusCode).toBe(200);
  expect(own.json().units.map((u: OrgUnit) => u.id)).toEqual(['D1', 'D2', 'D3', 'D1-C2', 'D1-C1', 'D2-C1', 'D2-C2', 'D3-C1', 'D3-C2']);
  const other = await app.inject({ method: 'GET', url: '/api/org/export?under=HP', headers: supervisorQN });
  const unit = await app.inject({ method: 'GET', url: '/api/org/export?under=D1-C1', headers: unitD1C1 });
  expect([other.statusCode, unit.statusCode]).toEqual([403, 403]);
});

test('an export imports back to the same directory: whole as CSV (formula-guarded names too) and a subtree as YAML', async () => {
  const added = await app.inject({
    method: 'POST',
    url: '/api/org/units',
    headers: secretariat,
    payload: { id: 'HP-D2-C1', name: '=1+2 Chi bộ', level: 'cell', parentId: 'HP-D2', email: 'c21@hp.test', members: 3, essaysExpected: 1 },
  });
  expect(added.statusCode).toBe(201);
  const before = await directory();
  const exported = await app.inject({ method: 'GET', url: '/api/org/export?format=csv', headers: secretariat });
  expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(exported.body).toContain(`\uFEFF${HEADER}\r\nTW,`);
  expect(exported.body).toContain("HP-D2-C1,'=1+2 Chi bộ,cell,HP-D2,");

  // Something to undo, then the whole export back.
  await app.inject({ method: 'DELETE', url: '/api/org/units/HP-D2-C1', headers: secretariat });
  await app.inject({ method: 'PATCH', url: '/api/org/units/QN', headers: secretariat, payload: { members: 1 } });
  const whole = await importCsv(exported.body);
  expect(whole.json()).toEqual({ imported: before.length, levels: ['central', 'province', 'district', 'cell'] });
  expect(await directory()).toEqual(before);

  const yaml = await app.inject({ method: 'GET', url: '/api/org/export?format=yaml&under=HP', headers: secretariat });
  const again = await app.inject({
    method: 'POST',
    url: '/api/org?under=HP&mode=replace',
    headers: { ...secretariat, 'content-type': 'text/yaml' },
    payload: yaml.body,
  });
  expect(again.json()).toMatchObject({ imported: 4, added: 0, updated: 0, removed: 0 });
  expect(await directory()).toEqual(before);

  const history = (await app.inject({ method: 'GET', url: '/api/org/history?limit=5', headers: secretariat })).json().entries;
  expect(history[0]).toMatchObject({
    action: 'import',
    unitId: 'HP',
    actor: 'api:secretariat-all',
    after: { mode: 'replace', units: 4, added: 0, updated: 0, removed: 0 },
  });
});
