// The `cascade` CLI against a real stack: the shared Temporal dev server, a fresh PostgreSQL
// database, a real SMTP sink and a worker in this process; the CLI runs as a subprocess the way
// an operator runs it. One directive is followed from import to withdrawal: cells are due
// yesterday (so they are overdue or late), districts and the province next year.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { requiredTestEnv } from '../harness/env';
import { hasStackTrace, runCascade, type CliRun } from './run-cli';

const DAY = 24 * 3_600_000;

const ORG_CSV = [
  'id,name,level,parentId,email,members,essaysExpected',
  'TW,Bộ Chính trị,central,,vptw@cascade.test,0,0',
  'QN,Tỉnh ủy Quảng Ninh,province,TW,tinhuy@qn.test,60,60',
  'D1,Huyện ủy 1,district,QN,d1@qn.test,40,40',
  'D1-C1,Chi bộ 1.1,cell,D1,d1c1@qn.test,20,5',
  'D1-C2,Chi bộ 1.2,cell,D1,d1c2@qn.test,20,5',
  'D2,Huyện ủy 2,district,QN,d2@qn.test,40,40',
  'D2-C1,Chi bộ 2.1,cell,D2,d2c1@qn.test,20,5',
  'D2-C2,"Chi bộ 2.2, Ban Tuyên giáo",cell,D2,d2c2@qn.test,20,5',
  'D3,Huyện ủy 3,district,QN,d3@qn.test,40,40',
  'D3-C1,Chi bộ 3.1,cell,D3,d3c1@qn.test,20,5',
  'D3-C2,=1+2 Chi bộ 3.2,cell,D3,d3c2@qn.test,20,5',
].join('\n');
const UNITS = ['QN', 'D1', 'D1-C1', 'D1-C2', 'D2', 'D2-C1', 'D2-C2', 'D3', 'D3-C1', 'D3-C2'];

let env: CascadeEnv;
let tmp: string;
let cliEnv: Record<string, string>;
let directiveId: string;
const now = Date.now();
const today = vnIsoDate(new Date(now).toISOString());
const todayVi = today.split('-').reverse().map(Number).join('/');
const nextYear = Number(today.slice(0, 4)) + 1;

const cascade = (...args: string[]): Promise<CliRun> => runCascade(args, cliEnv);
const file = (name: string, text: string): string => {
  const target = path.join(tmp, name);
  fs.writeFileSync(target, text);
  return target;
};
const expectOk = (run: CliRun): CliRun => {
  if (run.code !== 0) throw new Error(`cascade exited ${run.code}:\n${run.stderr}`);
  return run;
};

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-cli-'));
  cliEnv = { TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'), TEMPORAL_TASK_QUEUE: env.taskQueue, DATABASE_URL: env.db.url, USER: 'cli-test' };
}, 120_000);
afterAll(async () => {
  await env?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('org import refuses a CSV with a bad row: exit 2, the row named, nothing imported', async () => {
  const bad = file('bad.csv', ORG_CSV.replace('D2-C1,Chi bộ 2.1,cell,D2,d2c1@qn.test', 'D2-C1,Chi bộ 2.1,cell,D2,d2c1-at-qn.test'));
  const run = await cascade('org', 'import', bad);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('organisation has 1 problem; fix them and import again:');
  expect(run.stderr).toContain('- row 7 (unit D2-C1): email "d2c1-at-qn.test" is not a valid email address');
  expect(hasStackTrace(run.stderr)).toBe(false);
  const { rows } = await env.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM org_units');
  expect(Number(rows[0]?.n)).toBe(0);
});

test('org import loads a CSV with progress on stderr; org show prints the tree and its JSON', async () => {
  const run = expectOk(await cascade('org', 'import', file('org.csv', ORG_CSV)));
  expect(run.stdout).toContain('Imported 11 units from');
  expect(run.stdout).toContain('(1 central, 1 province, 3 district, 6 cell)');
  expect(run.stderr).toContain('imported 11/11 units');

  const [text, json] = await Promise.all([cascade('org', 'show', 'D2'), cascade('org', 'show', '--json')]);
  expect(expectOk(text).stdout).toBe(
    [
      '3 units (1 district, 2 cell)',
      'D2  Huyện ủy 2  [district]  40 members, 40 essays expected',
      '├─ D2-C1  Chi bộ 2.1  [cell]  20 members, 5 essays expected',
      '└─ D2-C2  Chi bộ 2.2, Ban Tuyên giáo  [cell]  20 members, 5 essays expected',
      '',
    ].join('\n'),
  );
  const tree = JSON.parse(expectOk(json).stdout);
  expect(tree.total).toBe(11);
  expect(tree.tree[0]).toMatchObject({ id: 'TW', children: [{ id: 'QN', members: 60, children: [{ id: 'D1' }, { id: 'D2' }, { id: 'D3' }] }] });
});

test('launch prints the directive id, units per level and deadlines; a relaunch says it is already running', async () => {
  const yesterday = vnIsoDate(new Date(now - DAY).toISOString());
  const spec = file(
    'spec.yaml',
    [
      'code: 01-CT/TW',
      'title: Nghiên cứu, học tập, quán triệt Nghị quyết Đại hội XIII',
      'issuer: Bộ Chính trị',
      `issuedOn: ${vnIsoDate(new Date(now - 10 * DAY).toISOString())}`,
      'root: TW',
      `deadlines: { province: Q2/${nextYear}, district: quý III/${nextYear}, cell: ${yesterday} }`,
    ].join('\n'),
  );
  const first = expectOk(await cascade('launch', spec));
  directiveId = /Launched directive (\S+) /.exec(first.stdout)?.[1] ?? '';
  expect(directiveId).toBe(`01-CT-TW-${today.slice(0, 4)}`);
  expect(first.stdout).toContain(`(workflow cascade/${directiveId}/TW): 10 units under TW.`);
  expect(first.stdout).toMatch(new RegExp(`province\\s+1\\s+Q2/${nextYear}\\s+by 30/6/${nextYear}`));
  expect(first.stdout).toMatch(/district\s+3\s+/);
  expect(first.stdout).toMatch(/cell\s+6\s+/);

  const again = expectOk(await cascade('launch', spec));
  expect(again.stdout).toContain(`Directive ${directiveId} is already running or was launched before`);
  // Every unit is tracked before the next tests act on them.
  await eventually(async () => (await Promise.all(UNITS.map((u) => env.cascade.unit(directiveId, u)))).length === UNITS.length, 60_000, 'every unit tracked');
});

test('report via flags records a late cell and an on-time district', async () => {
  const flags = (attendees: number, members: number, essays: number, expected: number) => [
    ...['--attendees', String(attendees), '--members', String(members), '--essays-submitted', String(essays), '--essays-expected', String(expected)],
    ...['--conference-date', todayVi, '--document-number', '30-KH/TU', '--document-date', todayVi, '--reported-by', 'Bí thư chi bộ'],
  ];
  const cell = expectOk(await cascade('report', directiveId, 'D1-C1', ...flags(19, 20, 5, 5)));
  expect(cell.stdout).toContain(`Recorded the report of D1-C1 in ${directiveId}.`);
  expect(cell.stdout).toContain('D1-C1 Chi bộ 1.1 [cell]: done-late');
  expect(cell.stdout).toContain('attendance 19/20 (95%)');
  const district = expectOk(await cascade('report', directiveId, 'D1', ...flags(38, 40, 40, 40), '--json'));
  expect(JSON.parse(district.stdout)).toMatchObject({
    unitId: 'D1',
    status: 'done-on-time',
    report: { attendees: 38, documentNumber: '30-KH/TU', conferenceDate: today },
  });
  expect(await env.cascade.unit(directiveId, 'D1-C1')).toMatchObject({
    status: 'done-late',
    report: { attendees: 19, members: 20, reportedBy: 'Bí thư chi bộ' },
  });
});

test('report via --file records the report', async () => {
  const report = {
    attendees: 16,
    members: 20,
    essaysSubmitted: 4,
    essaysExpected: 5,
    conferenceDate: today,
    documentNumber: '7-KH/ĐU',
    documentDate: today,
    reportedBy: 'Văn phòng Huyện ủy 2',
  };
  const run = expectOk(await cascade('report', directiveId, 'D2-C1', '--file', file('report.json', JSON.stringify(report)), '--actor', 'Văn phòng'));
  expect(run.stdout).toContain('D2-C1 Chi bộ 2.1 [cell]: done-late');
  expect(run.stdout).toContain('essays 4/5 (80%)');
  expect(await env.cascade.unit(directiveId, 'D2-C1')).toMatchObject({ status: 'done-late', report: { attendees: 16, essaysSubmitted: 4 } });
});

test('a bad report exits 2 naming the field and leaves the unit unchanged', async () => {
  const base = path.join(tmp, 'report.json');
  const run = await cascade('report', directiveId, 'D3-C1', '--file', base, '--attendees', '25');
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe('error: report for unit D3-C1 was rejected:\n- attendees (25) exceeds members (20) for unit D3-C1\n');
  const typo = await cascade('report', directiveId, 'D3-C1', '--file', base, '--members', 'hai mươi');
  expect(typo.code).toBe(2);
  expect(typo.stderr).toContain('members must be a whole number ≥ 0, got "hai mươi" for unit D3-C1');
  expect(await env.cascade.unit(directiveId, 'D3-C1')).toMatchObject({ status: 'overdue', report: null, completedAt: null });
});

test('a second report is refused with exit 1; correct replaces the report', async () => {
  const again = await cascade('report', directiveId, 'D1-C1', '--file', path.join(tmp, 'report.json'));
  expect(again.code).toBe(1);
  expect(again.stderr).toContain('unit D1-C1 already reported');
  expect(again.stderr).toContain('send a correction to change it');
  const corrected = expectOk(
    await cascade('correct', directiveId, 'D1-C1', '--file', path.join(tmp, 'report.json'), '--attendees', '19', '--essays-submitted', '5'),
  );
  expect(corrected.stdout).toContain(`Corrected the report of D1-C1 in ${directiveId}.`);
  expect(await env.cascade.unit(directiveId, 'D1-C1')).toMatchObject({
    corrections: 1,
    report: { attendees: 19, members: 20, essaysSubmitted: 5, documentNumber: '7-KH/ĐU' },
  });
});

test('correct --attach sends the minutes with the correction; a disguised file exits 2 naming the type rule and stores nothing', async () => {
  const args = ['correct', directiveId, 'D1-C1', '--file', path.join(tmp, 'report.json'), '--attendees', '19', '--essays-submitted', '5'];
  const disguised = await cascade(...args, '--attach', file('bien-ban.pdf', 'MZ\u0090\u0000 not a PDF'));
  expect(disguised.code).toBe(2);
  expect(disguised.stderr).toContain('file "bien-ban.pdf" must be a PDF, DOCX, PNG or JPEG file, told from its content');
  expect(await env.cascade.attachments(directiveId, 'D1-C1')).toEqual([]);
  const minutes = path.join(tmp, 'bien-ban-hoi-nghi.pdf');
  fs.writeFileSync(minutes, Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300_000, 0x20)]));
  const run = expectOk(await cascade(...args, '--attach', minutes));
  const [stored] = await env.cascade.attachments(directiveId, 'D1-C1');
  expect(stored).toMatchObject({ name: 'bien-ban-hoi-nghi.pdf', contentType: 'application/pdf', size: 300_009, uploadedBy: 'cli-test' });
  expect(run.stdout).toContain(`Attached bien-ban-hoi-nghi.pdf (300,009 bytes, application/pdf) as attachment ${stored?.id}.`);
  expect(await env.cascade.unit(directiveId, 'D1-C1')).toMatchObject({ corrections: 1, report: { attendees: 19 } });
});

test('acknowledge, extend and exempt change the unit they name', async () => {
  const [ack, extend, exempt] = await Promise.all([
    cascade('acknowledge', directiveId, 'D1-C2'),
    cascade('extend', directiveId, 'D2-C2', '--to', `31/12/${nextYear}`, '--reason', 'Bão số 3'),
    cascade('exempt', directiveId, 'D3-C2', '--reason', 'Sáp nhập vào chi bộ 3.1'),
  ]);
  expect(expectOk(ack).stdout).toContain('D1-C2 Chi bộ 1.2 [cell]: overdue');
  expect(expectOk(extend).stdout).toContain(`Extended the deadline of D2-C2 in ${directiveId} to 23:59 ngày 31/12/${nextYear}.`);
  expect(expectOk(exempt).stdout).toContain('D3-C2 =1+2 Chi bộ 3.2 [cell]: exempted');
  expect(await env.cascade.unit(directiveId, 'D1-C2')).toMatchObject({ acknowledgedAt: expect.any(String) });
  expect(await env.cascade.unit(directiveId, 'D2-C2')).toMatchObject({ status: 'extended' });
});

/** Waits until the root rollup has taken in every command above (child rollups travel up by signal). */
async function settled(): Promise<void> {
  await eventually(
    async () => {
      const r = await env.cascade.rollup(directiveId);
      const cell = r.levels.find((l) => l.level === 'cell');
      return (
        cell?.late === 2 &&
        cell.exempted === 1 &&
        cell.pending === 1 &&
        r.attendance.attendees === 73 &&
        r.levels.find((l) => l.level === 'district')?.done === 1
      );
    },
    30_000,
    'the root rollup',
  );
  await eventually(
    async () => (await env.cascade.listUnits(directiveId, { status: ['overdue', 'exempted', 'extended', 'done-late'] })).total === 6,
    30_000,
    'the projection',
  );
}

test('status --json prints one object with exact per-level counts, attendance and essays', async () => {
  await settled();
  const view = JSON.parse(expectOk(await cascade('status', directiveId, '--json')).stdout);
  expect(
    view.levels.map((l: Record<string, unknown>) => ({
      level: l.level,
      expected: l.expected,
      done: l.done,
      onTime: l.onTime,
      late: l.late,
      overdue: l.overdue,
    })),
  ).toEqual([
    { level: 'province', expected: 1, done: 0, onTime: 0, late: 0, overdue: 0 },
    { level: 'district', expected: 3, done: 1, onTime: 1, late: 0, overdue: 0 },
    { level: 'cell', expected: 5, done: 2, onTime: 0, late: 2, overdue: 2 },
  ]);
  expect(view.attendance).toEqual({ attendees: 73, members: 80, rate: 91.25 });
  expect(view.essays).toEqual({ submitted: 49, expected: 50, rate: 98 });
  expect(view.scope).toMatchObject({ unitId: 'TW', isRoot: true });
  expect(view.overdue).toBeUndefined();
});

test('status --json of a subtree, of a leaf unit, and with --level and --overdue', async () => {
  const [district, cell, overdue] = await Promise.all([
    cascade('status', directiveId, '--unit', 'D1', '--json'),
    cascade('status', directiveId, '--unit', 'D1-C1', '--json'),
    cascade('status', directiveId, '--level', 'cell', '--overdue', '--json', '--depth', '0'),
  ]);
  const d1 = JSON.parse(expectOk(district).stdout);
  expect(d1.levels.map((l: Record<string, unknown>) => [l.level, l.expected, l.done, l.onTime, l.late, l.overdue])).toEqual([
    ['district', 1, 1, 1, 0, 0],
    ['cell', 2, 1, 0, 1, 1],
  ]);
  expect(d1.attendance).toEqual({ attendees: 57, members: 60, rate: 95 });
  expect(d1.essays).toEqual({ submitted: 45, expected: 45, rate: 100 });
  expect(d1.units.map((u: { unitId: string; status: string }) => [u.unitId, u.status])).toEqual([
    ['D1-C1', 'done-late'],
    ['D1-C2', 'overdue'],
  ]);
  const c = JSON.parse(expectOk(cell).stdout);
  expect(c.levels).toMatchObject([{ level: 'cell', expected: 1, done: 1, late: 1 }]);
  expect(c.attendance).toEqual({ attendees: 19, members: 20, rate: 95 });
  const o = JSON.parse(expectOk(overdue).stdout);
  expect(o.levels).toMatchObject([{ level: 'cell', expected: 5, overdue: 2 }]);
  expect(o.overdue.map((u: { unitId: string }) => u.unitId)).toEqual(['D1-C2', 'D3-C1']);
  expect(o.units).toEqual([]);
});

test('status prints a readable tree with Vietnamese figures', async () => {
  const { stdout } = expectOk(await cascade('status', directiveId, '--overdue'));
  expect(stdout).toMatch(/district\s+Cấp huyện và tương đương\s+1\/3\s+33,33%\s+1\s+0\s+0\s+2\s+0/);
  expect(stdout).toMatch(/cell\s+Chi bộ, đảng bộ cơ sở\s+2\/5\s+40%\s+0\s+2\s+2\s+1\s+1/);
  expect(stdout).toContain('Attendance: 73/80 members (91,25%)');
  expect(stdout).toContain('Essays:     49/50 (98%)');
  expect(stdout).toContain('└─ QN Tỉnh ủy Quảng Ninh [province] pending · 3/9 done (33,33%) · 2 overdue · attendance 73/80 (91,25%)');
  expect(stdout).toContain('   ├─ D1 Huyện ủy 1 [district] · 2/3 done (66,67%) · 1 overdue · attendance 57/60 (95%)');
  expect(stdout).toMatch(/Overdue units \(2\):\nunit\s+name\s+level\s+parent\s+due\nD1-C2\s+Chi bộ 1.2\s+cell\s+D1/);
});

test('export --format csv prints the header and one row per unit, with formula-safe names', async () => {
  const run = expectOk(await cascade('export', directiveId, '--format', 'csv'));
  const lines = run.stdout.split('\r\n');
  expect(lines[0]).toBe(
    '\uFEFFunitId,name,level,parentId,status,statusVi,deadline,completedAt,attendees,members,directoryMembers,essaysSubmitted,essaysExpected',
  );
  expect(lines.at(-1)).toBe('');
  expect(lines.slice(1, -1)).toHaveLength(10);
  expect(lines).toContainEqual(expect.stringMatching(/^D3-C2,'=1\+2 Chi bộ 3\.2,cell,D3,exempted,/));
  expect(lines).toContainEqual(expect.stringMatching(/^D2-C2,"Chi bộ 2\.2, Ban Tuyên giáo",cell,D2,extended,/));
  expect(lines).toContainEqual(expect.stringMatching(/^D1-C1,Chi bộ 1\.1,cell,D1,done-late,.+,19,20,20,5,5$/));

  const out = path.join(tmp, 'overdue.csv');
  const toFile = expectOk(await cascade('export', directiveId, '--status', 'overdue', '--out', out));
  expect(toFile.stdout).toBe('');
  expect(toFile.stderr).toContain(`wrote 2 units to ${out}`);
  expect(
    fs
      .readFileSync(out, 'utf8')
      .split('\r\n')
      .slice(1, -1)
      .map((l) => l.split(',')[0]),
  ).toEqual(['D1-C2', 'D3-C1']);
});

test('summary prints the results report in Vietnamese by default and in English with --lang en', async () => {
  const [vi, en, html] = await Promise.all([
    cascade('summary', directiveId),
    cascade('summary', directiveId, '--unit', 'D1', '--lang', 'en'),
    cascade('summary', directiveId, '--html'),
  ]);
  expect(expectOk(vi).stdout).toContain('# Báo cáo kết quả thực hiện Chỉ thị số 01-CT/TW');
  expect(vi.stdout).toContain('1/3 đảng bộ cấp huyện và tương đương đã tổ chức hội nghị nghiên cứu, học tập, quán triệt và báo cáo kết quả, đạt tỷ lệ 33,33%.');
  expect(vi.stdout).toContain('Tổng số đảng viên tham dự học tập đạt tỷ lệ 91,25% (73/80 đồng chí).');
  expect(vi.stdout).toContain('Đã nhận được 49/50 bài thu hoạch, đạt tỷ lệ 98%.');
  expect(vi.stdout).toContain('- Chi bộ 3.1 (D3-C1) — hạn ');
  expect(expectOk(en).stdout).toContain('# Results report on Directive 01-CT/TW');
  expect(en.stdout).toContain('the results in Huyện ủy 1 as of');
  expect(en.stdout).toContain('Attendance reached 95% of members (57/60).');
  expect(expectOk(html).stdout.startsWith('<!doctype html><html lang="vi">')).toBe(true);
});

test('directives lists the launched directive', async () => {
  const run = expectOk(await cascade('directives', '--json'));
  expect(JSON.parse(run.stdout)).toEqual([expect.objectContaining({ id: directiveId, code: '01-CT/TW', rootUnitId: 'TW' })]);
});

test('reorg --dry-run prints what a plan would change in the directory and the running directive, and writes nothing', async () => {
  const plan = file(
    'reorg.yaml',
    ['effectiveAt: 01/07/2025', 'operations:', '  - move: { unit: D1-C1, to: D2 }', '  - dissolve: { unit: D3, childrenTo: D2 }'].join('\n'),
  );
  const directoryBefore = (await env.cascade.organisation()).map((u) => [u.id, u.parentId]);
  const rollupBefore = await env.cascade.rollup(directiveId);

  const text = expectOk(await cascade('reorg', plan, '--dry-run'));
  expect(text.stdout).toContain('Plan of 2 operations, effective 01/07/2025');
  expect(text.stdout).toContain(
    'Directory: 0 units created, 3 moved, 1 removed, 0 renamed, 0 with new figures; levels central → province → district → cell become central → province → district → cell.',
  );
  expect(text.stdout).toContain(`Directive ${directiveId} (01-CT/TW,`);
  expect(text.stdout).toContain('  units moved: 3 (1 carrying their report): D1-C1 D1 → D2, D3-C1 D3 → D2, D3-C2 D3 → D2');
  expect(text.stdout).toContain('  committees ended: 1: D3');
  expect(text.stdout).toContain('  units per level: province 1 → 1, district 3 → 2, cell 6 → 6');
  expect(text.stdout.trim().endsWith('Dry run: nothing was written.')).toBe(true);
  const json = JSON.parse(expectOk(await cascade('reorg', plan, '--dry-run', '--json', '--directive', directiveId)).stdout);
  expect(json.directives).toEqual([
    expect.objectContaining({
      directiveId,
      committeesEnded: ['D3'],
      committeesStarted: [],
      created: [],
      removed: [expect.objectContaining({ unitId: 'D3', reason: 'dissolved', into: 'D2' })],
      deadlines: [],
    }),
  ]);
  // Moved cells carry their reports: as many cells have reported after the plan as before.
  expect(json.directives[0].reportedPerLevel.after.cell).toBe(json.directives[0].reportedPerLevel.before.cell);
  expect(json.directives[0].reportedPerLevel.before.cell).toBeGreaterThan(0);
  expect(text.stdout).toContain('  reported per level: ');

  const bad = await cascade(
    'reorg',
    file('bad-reorg.yaml', ['effectiveAt: 01/07/2025', 'operations:', '  - move: { unit: D1-C2, to: D9 }'].join('\n')),
    '--dry-run',
  );
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('operations[0] (move): to "D9" is not a unit of the organisation');
  // Applied (no --dry-run), a plan whose effective instant is still ahead is checked and scheduled, changing nothing now;
  // `reorgs` lists it and `reorgs --cancel` cancels it.
  const later = file('later-reorg.yaml', ['effectiveAt: 01/07/2099', 'operations:', '  - move: { unit: D1-C1, to: D2 }'].join('\n'));
  const scheduled = expectOk(await cascade('reorg', later, '--actor', 'Văn phòng Trung ương', '--json'));
  const outcome = JSON.parse(scheduled.stdout);
  expect(outcome).toMatchObject({ scheduled: true, effectiveAt: '2099-06-30T17:00:00.000Z', directives: [] });
  expect(JSON.parse(expectOk(await cascade('reorgs', '--json')).stdout)).toEqual([
    expect.objectContaining({ id: outcome.reorganisationId, status: 'scheduled', actor: 'cli:Văn phòng Trung ương', directiveIds: null }),
  ]);
  expect(expectOk(await cascade('reorgs', '--cancel', outcome.reorganisationId)).stdout).toContain('is cancelled');
  expect(expectOk(await cascade('reorgs')).stdout).toMatch(new RegExp(`${outcome.reorganisationId}\\s+cancelled\\s+01/07/2099 00:00`));
  const again = await cascade('reorgs', '--cancel', outcome.reorganisationId);
  expect(again.code).not.toBe(0);
  expect(again.stderr).toContain('is cancelled: only a scheduled one can be cancelled');
  expect((await env.cascade.organisation()).map((u) => [u.id, u.parentId])).toEqual(directoryBefore);
  expect(await env.cascade.rollup(directiveId)).toEqual(rollupBefore);
});

test('withdraw stops the directive; a later report exits 1 saying it is withdrawn', async () => {
  const run = expectOk(await cascade('withdraw', directiveId, '--reason', 'Thay thế bởi Chỉ thị 02-CT/TW'));
  expect(run.stdout).toMatch(new RegExp(`^Withdrew directive ${directiveId} at \\d\\d:\\d\\d ngày `));
  const late = await cascade('report', directiveId, 'D3-C1', '--file', path.join(tmp, 'report.json'));
  expect(late.code).toBe(1);
  expect(late.stderr).toMatch(/withdrawn/);
  expect(hasStackTrace(late.stderr)).toBe(false);
  const status = JSON.parse(expectOk(await cascade('status', directiveId, '--json', '--depth', '0')).stdout);
  expect(status.withdrawnAt).toEqual(expect.any(String));
});

test('org edit, export --under, import --under and history: the change recorded with the CLI actor, the export imported back unchanged', async () => {
  const edit = expectOk(await cascade('org', 'edit', 'D3-C1', '--members', '21', '--name', 'Chi bộ 3.1 (mới)', '--actor', 'Văn phòng Tỉnh ủy'));
  expect(edit.stdout).toContain('Edited D3-C1  Chi bộ 3.1 (mới)  [cell] under D3');
  expect(expectOk(await cascade('org', 'show', 'D3-C1')).stdout).toContain('D3-C1  Chi bộ 3.1 (mới)  [cell]  21 members');
  const bad = await cascade('org', 'edit', 'D3-C1', '--members', 'nhiều');
  expect([bad.code, bad.stderr.includes('members')]).toEqual([2, true]);

  const out = path.join(tmp, 'd3.csv');
  expectOk(await cascade('org', 'export', '--under', 'D3', '--out', out));
  expect(fs.readFileSync(out, 'utf8')).toContain("D3-C2,'=1+2 Chi bộ 3.2,cell,D3,");
  const again = expectOk(await cascade('org', 'import', out, '--under', 'D3', '--actor', 'Văn phòng Tỉnh ủy'));
  expect(again.stdout).toContain('Imported 2 units from');
  expect(again.stdout).toContain('under D3 (replace): 0 added, 0 updated, 0 removed.');

  const history = expectOk(await cascade('org', 'history', 'D3-C1'));
  expect(history.stdout).toContain('cli:Văn phòng Tỉnh ủy');
  expect(history.stdout).toContain('members: 20 → 21');
});
