// Levels are data, on real servers (the shared Temporal dev server, a fresh PostgreSQL database, a
// worker in this process, the CLI as a subprocess, the app through inject): a directive over the
// 2025 shape (central → province → commune → cell) runs like one over the 2021 shape, a five-level
// organisation imports and launches, bad levels change nothing, and importing another shape never
// relabels a running directive.
import '../api/inject-shim';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { LEVELS_2025, type LevelDefinition } from '../../src/domain/org/levels';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { requiredTestEnv } from '../harness/env';
import { bearer, testAppDeps, tokenFor } from '../api/api-fixtures';
import { smallReport } from '../engine/small-org';
import { runCascade, type CliRun } from '../cli/run-cli';

const today = vnIsoDate(new Date().toISOString());
const year = Number(today.slice(0, 4)) + 1;
const secretariat = bearer(tokenFor('secretariat'));

const unit = (id: string, name: string, level: string, parentId: string | null, members = 20) => ({
  id,
  name,
  level,
  parentId,
  email: `${id.toLowerCase()}@levels.test`,
  members,
  essaysExpected: 5,
});

/** Thành ủy Hải Phòng after 1 July 2025: three ward committees straight under the city, five cells under them. */
const UNITS_2025 = [
  unit('TW', 'Bộ Chính trị', 'central', null, 0),
  unit('HP', 'Thành ủy Hải Phòng', 'province', 'TW', 60),
  unit('HP-X1', 'Đảng ủy phường Hồng Bàng', 'commune', 'HP', 40),
  unit('HP-X1-C1', 'Chi bộ tổ dân phố 1', 'cell', 'HP-X1'),
  unit('HP-X1-C2', 'Chi bộ tổ dân phố 2', 'cell', 'HP-X1'),
  unit('HP-X2', 'Đảng ủy phường Lê Chân', 'commune', 'HP', 40),
  unit('HP-X2-C1', 'Chi bộ tổ dân phố 3', 'cell', 'HP-X2'),
  unit('HP-X2-C2', 'Chi bộ tổ dân phố 4', 'cell', 'HP-X2'),
  unit('HP-X3', 'Đảng ủy đặc khu Bạch Long Vĩ', 'commune', 'HP', 40),
  unit('HP-X3-C1', 'Chi bộ đảo 1', 'cell', 'HP-X3'),
];

/** Five levels, the commune's words other than the 2025 table's: a directive launched before must not take them on. */
const FIVE_LEVELS: LevelDefinition[] = [
  { name: 'central', label: { vi: 'Trung ương', en: 'Central' } },
  { name: 'province', label: { vi: 'Cấp tỉnh', en: 'Province level' } },
  { name: 'district', label: { vi: 'Cấp huyện', en: 'District level' } },
  {
    name: 'commune',
    label: { vi: 'Đảng bộ xã thuộc huyện', en: 'Communes under a district' },
    plural: { vi: 'đảng bộ xã thuộc huyện', en: 'communes under a district' },
  },
  { name: 'cell', label: { vi: 'Chi bộ thôn', en: 'Village cells' } },
];
const UNITS_FIVE = [
  unit('TW', 'Bộ Chính trị', 'central', null, 0),
  unit('TH', 'Tỉnh ủy Thanh Hóa', 'province', 'TW', 60),
  unit('TH-D1', 'Huyện ủy Nga Sơn', 'district', 'TH', 40),
  unit('TH-D1-X1', 'Đảng ủy xã Nga Thủy', 'commune', 'TH-D1', 30),
  unit('TH-D1-X1-C1', 'Chi bộ thôn 1', 'cell', 'TH-D1-X1'),
  unit('TH-D1-X1-C2', 'Chi bộ thôn 2', 'cell', 'TH-D1-X1'),
  unit('TH-D1-X2', 'Đảng ủy xã Nga Tân', 'commune', 'TH-D1', 30),
  unit('TH-D1-X2-C1', 'Chi bộ thôn 3', 'cell', 'TH-D1-X2'),
];

const spec2025 = {
  code: '96-CT/TW',
  title: 'Nghiên cứu, học tập, quán triệt Nghị quyết',
  issuer: 'Bộ Chính trị',
  issuedOn: today,
  root: 'TW',
  deadlines: { province: `Q2/${year}`, commune: `quý III/${year}`, cell: `30/09/${year}` },
};

let env: CascadeEnv;
let app: FastifyInstance;
let tmp: string;
let cliEnv: Record<string, string>;
let directive2025: string;

const cascade = (...args: string[]): Promise<CliRun> => runCascade(args, cliEnv);
const expectOk = (run: CliRun): CliRun => {
  if (run.code !== 0) throw new Error(`cascade exited ${run.code}:\n${run.stderr}`);
  return run;
};
const page = async (url: string): Promise<string> => {
  const res = await app.inject({ method: 'GET', url: `${url}${url.includes('?') ? '&' : '?'}token=${tokenFor('secretariat')}` });
  expect(res.statusCode).toBe(200);
  return res.body;
};
const directory = async () => ({
  levels: (await env.db.pool.query('SELECT position, name, label_vi FROM org_levels ORDER BY position')).rows,
  units: (await env.db.pool.query('SELECT id, level, parent_id FROM org_units ORDER BY id')).rows,
});

/** Launches `spec` and waits until its committees have taken on every unit but the root. */
async function launchAndWait(spec: Record<string, unknown>, units: number): Promise<string> {
  const { directiveId } = await env.cascade.launch(spec);
  await eventually(async () => (await env.cascade.listUnits(directiveId)).total === units - 1, 60_000, `every unit of ${directiveId} projected`);
  return directiveId;
}

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  app = buildApp(testAppDeps(env.cascade));
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-levels-'));
  cliEnv = { TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'), TEMPORAL_TASK_QUEUE: env.taskQueue, DATABASE_URL: env.db.url, USER: 'levels-test' };
}, 120_000);
afterAll(async () => {
  await app?.close();
  await env?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('a directive over the 2025 shape launches, reports roll up per commune and cell, and every view names the levels', async () => {
  const file = path.join(tmp, 'hai-phong-2025.json');
  fs.writeFileSync(file, JSON.stringify({ levels: LEVELS_2025, units: UNITS_2025 }, null, 2));
  const imported = expectOk(await cascade('org', 'import', file));
  expect(imported.stdout).toContain('(1 central, 1 province, 3 commune, 5 cell)');
  expect(imported.stdout).toContain('Levels: central (Trung ương) → province (Cấp tỉnh) → commune (Cấp xã) → cell (Chi bộ).');

  directive2025 = await launchAndWait(spec2025, UNITS_2025.length);
  for (const id of ['HP-X1-C1', 'HP-X1-C2', 'HP-X1']) await env.cascade.report(directive2025, id, smallReport(id, today), 'levels-test');

  const rollup = await env.cascade.rollup(directive2025);
  expect(rollup.levels.map((l) => [l.level, l.expected, l.done, l.pending])).toEqual([
    ['central', 0, 0, 0],
    ['province', 1, 0, 1],
    ['commune', 3, 1, 2],
    ['cell', 5, 2, 3],
  ]);
  expect(rollup.attendance).toEqual({ attendees: 57, members: 60, rate: 95 });

  const vi = await env.cascade.resultsReport(directive2025);
  expect(vi).toContain('1/3 đảng bộ xã, phường, đặc khu đã tổ chức hội nghị nghiên cứu, học tập, quán triệt và báo cáo kết quả, đạt tỷ lệ 33,33%.');
  expect(vi).toContain('2/5 chi bộ đã tổ chức hội nghị');
  expect(await env.cascade.resultsReport(directive2025, { lang: 'en' })).toContain('1/3 commune, ward and special-zone committees held their study conference');

  const committee = await page(`/dashboard/${directive2025}`);
  expect(committee).toContain('<span class="level-name">Cấp xã</span>');
  expect(committee).toContain('<span class="level-name">Chi bộ</span>');
  expect(committee).toContain('Tỉnh 0/1 · Xã 1/3 · Chi bộ 2/5');
  expect(await page(`/dashboard/${directive2025}?lang=en`)).toContain('<span class="level-name">Commune level</span>');
  expect(await page(`/dashboard/${directive2025}/units/HP-X2`)).toMatch(/96-CT\/TW · Cấp xã<\/p>/);

  const [json, text, refused] = await Promise.all([
    cascade('status', directive2025, '--level', 'commune', '--json', '--depth', '0'),
    cascade('status', directive2025, '--depth', '1'),
    cascade('status', directive2025, '--level', 'district'),
  ]);
  expect(JSON.parse(expectOk(json).stdout).levels).toEqual([
    expect.objectContaining({ level: 'commune', label: { vi: 'Cấp xã', en: 'Commune level' }, expected: 3, done: 1, onTime: 1, pending: 2 }),
  ]);
  expect(expectOk(text).stdout).toMatch(/commune\s+Cấp xã\s+1\/3\s+33,33%/);
  expect(text.stdout).toMatch(/cell\s+Chi bộ\s+2\/5\s+40%/);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain(`--level must be one of central, province, commune, cell (the levels of directive ${directive2025}), got "district"`);
});

test('bad levels are refused naming the field, and the directory does not change', async () => {
  const before = await directory();
  const post = (body: unknown) =>
    app.inject({ method: 'POST', url: '/api/org', headers: { ...secretariat, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  const level = (name: string) => ({ name, label: { vi: name, en: name } });
  const cases: Array<[string, unknown, string, string]> = [
    [
      'blank name',
      { levels: [level('central'), { name: ' ', label: { vi: 'Cấp tỉnh', en: 'Province' } }], units: UNITS_2025 },
      'levels[1].name',
      'levels[1].name must not be empty',
    ],
    [
      'repeated name',
      { levels: [...LEVELS_2025, { ...level('province') }], units: UNITS_2025 },
      'levels[4].name',
      'levels[4].name "province" is already the name of levels[1]; each level needs its own name',
    ],
    [
      'too long label',
      { levels: [level('central'), { name: 'province', label: { vi: 'x'.repeat(101), en: 'Province' } }], units: UNITS_2025 },
      'levels[1].label.vi',
      'levels[1].label.vi is longer than 100 characters (101); shorten it',
    ],
    [
      '13 levels',
      { levels: Array.from({ length: 13 }, (_, i) => level(`l${i}`)), units: UNITS_2025 },
      'levels',
      'levels has 13 entries; an organisation has at most 12 levels',
    ],
    [
      'a unit of an undeclared level',
      { levels: LEVELS_2025, units: [...UNITS_2025, unit('HP-D1', 'Huyện ủy cũ', 'district', 'HP')] },
      'level',
      'row 11 (unit HP-D1): level "district" is not one of central, province, commune, cell',
    ],
  ];
  for (const [what, body, field, message] of cases) {
    const res = await post(body);
    expect([what, res.statusCode, res.json().issues]).toEqual([what, 400, [expect.objectContaining({ path: field, message })]]);
  }
  expect(await directory()).toEqual(before);
});

test('a five-level organisation imports and launches; importing it does not relabel the running 2025 directive', async () => {
  const yaml = ['levels:', ...FIVE_LEVELS.map((l) => `  - ${JSON.stringify(l)}`), 'units:', ...UNITS_FIVE.map((u) => `  - ${JSON.stringify(u)}`)].join('\n');
  const res = await app.inject({ method: 'POST', url: '/api/org', headers: { ...secretariat, 'content-type': 'text/yaml' }, payload: yaml });
  expect([res.statusCode, res.json()]).toEqual([200, { imported: UNITS_FIVE.length, levels: ['central', 'province', 'district', 'commune', 'cell'] }]);

  const five = await launchAndWait(
    {
      ...spec2025,
      code: '97-CT/TW',
      deadlines: { province: `Q2/${year}`, district: `Q3/${year}`, commune: `quý III/${year}`, cell: `30/09/${year}` },
    },
    UNITS_FIVE.length,
  );
  await env.cascade.report(five, 'TH-D1-X1-C1', smallReport('TH-D1-X1-C1', today), 'levels-test');
  expect((await env.cascade.rollup(five)).levels.map((l) => [l.level, l.expected, l.done])).toEqual([
    ['central', 0, 0],
    ['province', 1, 0],
    ['district', 1, 0],
    ['commune', 2, 0],
    ['cell', 3, 1],
  ]);
  expect(await env.cascade.resultsReport(five)).toContain('0/2 đảng bộ xã thuộc huyện');
  expect(await page(`/dashboard/${five}`)).toContain('<span class="level-name">Đảng bộ xã thuộc huyện</span>');

  // The 2025 directive keeps the levels it was launched with.
  expect(await env.cascade.directiveLevels(directive2025)).toEqual(LEVELS_2025);
  expect((await env.cascade.rollup(directive2025)).levels.map((l) => l.level)).toEqual(['central', 'province', 'commune', 'cell']);
  expect(await env.cascade.resultsReport(directive2025)).toContain('1/3 đảng bộ xã, phường, đặc khu');
  const committee = await page(`/dashboard/${directive2025}`);
  expect(committee).toContain('<span class="level-name">Cấp xã</span>');
  expect(committee).not.toContain('Đảng bộ xã thuộc huyện');
  const [status2025, statusFive] = await Promise.all([
    cascade('status', directive2025, '--level', 'district'),
    cascade('status', five, '--level', 'district', '--json', '--depth', '0'),
  ]);
  expect(status2025.code).toBe(2);
  expect(JSON.parse(expectOk(statusFive).stdout).levels).toEqual([
    expect.objectContaining({ level: 'district', label: { vi: 'Cấp huyện', en: 'District level' } }),
  ]);

  // A CSV file declares no levels: the directory keeps the five.
  const csv = [
    'id,name,level,parentId,email,members,essaysExpected',
    'TW,Bộ Chính trị,central,,tw@levels.test,0,0',
    'QN,Tỉnh ủy Quảng Ninh,province,TW,qn@levels.test,60,60',
  ].join('\n');
  const fromCsv = await app.inject({ method: 'POST', url: '/api/org', headers: { ...secretariat, 'content-type': 'text/csv' }, payload: csv });
  expect(fromCsv.json()).toEqual({ imported: 2, levels: ['central', 'province', 'district', 'commune', 'cell'] });
  expect(await env.cascade.organisationLevels()).toEqual(FIVE_LEVELS);
  // Launching the 2025 directive again with its spec (which fits this directory too) is the same
  // directive: it answers with the levels it runs with, not the directory's.
  expect(await env.cascade.launch(spec2025)).toMatchObject({ directiveId: directive2025, started: false, levels: LEVELS_2025 });
});
