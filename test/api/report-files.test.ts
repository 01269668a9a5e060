// The results report as files (issue 21, items 1–2) against a real stack: the DOCX opened (its
// word/document.xml), the PDF read back with pdftotext, the XLSX read back with exceljs; the same
// files from the CLI; --out required for binary formats; a supervisor out of scope gets 403.
import './inject-shim';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { requiredTestEnv } from '../harness/env';
import { zipEntry } from '../harness/zip-entry';
import { SMALL_ORG, smallReport, smallSpec } from '../engine/small-org';
import { runCascade } from '../cli/run-cli';
import { bearer, testAppDeps, tokenFor } from './api-fixtures';

/** A unit whose name a spreadsheet would run as a formula if it were written as one. */
const FORMULA_NAME = '=HYPERLINK("http://evil.test/?x=1","Nhấn vào đây")';

let env: CascadeEnv;
let app: FastifyInstance;
let directiveId: string;
let tmp: string;
const today = vnIsoDate(new Date().toISOString());
const year = Number(today.slice(0, 4)) + 1;
const secretariat = bearer(tokenFor('secretariat'));

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-report-files-'));
  app = buildApp(testAppDeps(env.cascade));
  const org = SMALL_ORG.map((u) => (u.id === 'D3-C2' ? { ...u, name: FORMULA_NAME } : u));
  expect((await app.inject({ method: 'POST', url: '/api/org', headers: secretariat, payload: org })).statusCode).toBe(200);
  const launched = await app.inject({ method: 'POST', url: '/api/directives', headers: secretariat, payload: smallSpec('722-CT/TW', today, year) });
  directiveId = launched.json().directiveId;
  // Both cells of D1 report: 20/20... of D1's cells, 19 of 20 members each.
  for (const unitId of ['D1-C1', 'D1-C2']) {
    await eventually(
      async () => {
        const res = await app.inject({
          method: 'POST',
          url: `/api/directives/${directiveId}/units/${unitId}/report`,
          headers: bearer(tokenFor('unit', unitId)),
          payload: smallReport(unitId, today),
        });
        return res.statusCode === 200 ? true : undefined;
      },
      60_000,
      `${unitId}'s report accepted`,
    );
  }
  await eventually(
    async () => {
      const done = await env.cascade.listUnits(directiveId, { status: 'done-on-time' });
      return done.total === 2 ? true : undefined;
    },
    60_000,
    'both reports projected',
  );
}, 180_000);
afterAll(async () => {
  await app?.close();
  await env?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** The text pdftotext reads from PDF bytes (poppler-utils), laid out as on the page (the header block's two columns side by side). */
function pdfText(pdf: Buffer): string {
  const file = path.join(tmp, `read-${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

test('format=docx is a Word file in the Party format holding the header, the number and the figures', async () => {
  const res = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/report?format=docx&unit=QN&number=12-BC/TU`, headers: secretariat });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  expect(res.headers['content-disposition']).toBe(`attachment; filename="${directiveId}-QN-report.docx"`);
  const xml = zipEntry(res.rawPayload, 'word/document.xml').toString('utf8');
  for (const text of [
    'TỈNH ỦY QUẢNG NINH',
    'Số 12-BC/TU',
    'ĐẢNG CỘNG SẢN VIỆT NAM',
    'BÁO CÁO',
    'T/M BAN THƯỜNG VỤ',
    'Nơi nhận:',
    // The narrative: 2 of the 6 cells, and 38 of the 40 members of the two that reported.
    '2/6 chi bộ, đảng bộ cơ sở',
    'đạt tỷ lệ 33,33%',
    'đạt tỷ lệ 95% (38/40 đồng chí)',
    // The table by committee: D1's subtree is its own unit and two cells, both cells done.
    'Kết quả theo đơn vị trực thuộc',
    'Huyện ủy 1',
    '66,67%',
  ])
    expect(xml).toContain(text);
  // The date line: Quảng Ninh, then today in Party words ("ngày 05 tháng 02 năm 2027").
  expect(xml).toMatch(/Quảng Ninh, ngày \d{2} tháng (0[12]|[3-9]|1[0-2]) năm \d{4}/);
  // The progress chart as a picture.
  expect(() => zipEntry(res.rawPayload, 'word/media/image1.png')).not.toThrow();
});

test('format=pdf holds the same words and figures with the Vietnamese diacritics intact; without number the office fills it in', async () => {
  const res = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/report?format=pdf&unit=QN`, headers: secretariat });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  expect(res.headers['content-disposition']).toBe(`attachment; filename="${directiveId}-QN-report.pdf"`);
  // Lines wrap where the page ends them: compare with runs of white space made one space.
  const text = pdfText(res.rawPayload).replace(/\s+/g, ' ');
  for (const words of [
    'TỈNH ỦY QUẢNG NINH',
    'ĐẢNG CỘNG SẢN VIỆT NAM',
    'BÁO CÁO',
    'Kết quả theo cấp',
    'T/M BAN THƯỜNG VỤ',
    'Nơi nhận:',
    '2/6 chi bộ, đảng bộ cơ sở',
    'đạt tỷ lệ 33,33%',
    'đạt tỷ lệ 95% (38/40 đồng chí)',
    'Kết quả theo đơn vị trực thuộc',
    'Huyện ủy 1 3 2 0 66,67%',
    'Huyện ủy 2 3 0 0 0%',
  ])
    expect(text).toContain(words);
  // No number given: "Số", a blank, then -BC/TU for the office to write in; no signer: the position and a blank for the name.
  expect(text).toMatch(/Số\s+-BC\/TU/);
  expect(text).toContain('BÍ THƯ');
  expect(text).toContain('(Ký, ghi rõ họ tên)');
});

test('signer and signerTitle put the name and the position (in capitals) in the signature block of the PDF and the DOCX', async () => {
  const query = `unit=QN&signer=${encodeURIComponent('Nguyễn Văn Hùng')}&signerTitle=${encodeURIComponent('Phó Bí thư')}`;
  const pdf = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/report?format=pdf&${query}`, headers: secretariat });
  expect(pdf.statusCode).toBe(200);
  const text = pdfText(pdf.rawPayload).replace(/\s+/g, ' ');
  expect(text).toContain('PHÓ BÍ THƯ');
  expect(text).toContain('Nguyễn Văn Hùng');
  expect(text).not.toContain('(Ký, ghi rõ họ tên)');
  const docx = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/report?format=docx&${query}`, headers: secretariat });
  const xml = zipEntry(docx.rawPayload, 'word/document.xml').toString('utf8');
  expect(xml).toContain('PHÓ BÍ THƯ');
  expect(xml).toContain('Nguyễn Văn Hùng');
  // A name on two lines, or a signer on a text report, is refused naming the field.
  const twoLines = await app.inject({
    method: 'GET',
    url: `/api/directives/${directiveId}/report?format=pdf&signer=${encodeURIComponent('Nguyễn\nVăn Hùng')}`,
    headers: secretariat,
  });
  expect(twoLines.statusCode).toBe(400);
  expect(twoLines.json().issues[0]).toMatchObject({ path: 'signer', message: 'signer must be a single line without control characters (no CR, LF or tabs)' });
  const onText = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/report?format=markdown&signerTitle=Bí thư`, headers: secretariat });
  expect(onText.statusCode).toBe(400);
  expect(onText.json().issues[0]).toMatchObject({ path: 'signerTitle', message: 'signerTitle goes on a docx or pdf document: add format=docx or format=pdf' });
});

test('format=xlsx: a summary and a sheet per level, numbers as numbers, a unit named as a formula stays text', async () => {
  const res = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/report?format=xlsx`, headers: secretariat });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(res.headers['content-disposition']).toBe(`attachment; filename="${directiveId}-units.xlsx"`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
  // Sheets are named by the levels' plural words, or by the label where those pass Excel's 31 characters.
  expect(workbook.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Tỉnh ủy, thành ủy', 'Cấp huyện và tương đương', 'Chi bộ, đảng bộ cơ sở']);
  const summary = workbook.getWorksheet('Tổng hợp') as ExcelJS.Worksheet;
  const cells = summary.getRow(4); // the cells' level: units, done, on time, late, overdue, rate, attendees, members
  expect(cells.getCell(1).value).toBe('Chi bộ, đảng bộ cơ sở');
  expect([cells.getCell(2).value, cells.getCell(3).value, cells.getCell(4).value]).toEqual([6, 2, 2]);
  expect(cells.getCell(7).value).toEqual({ formula: 'IF(N(B4)=0,"",C4/B4)', result: 2 / 6 });
  expect(cells.getCell(7).numFmt).toBe('0.00%');
  expect([cells.getCell(8).value, cells.getCell(9).value]).toEqual([38, 40]);
  const sheet = workbook.worksheets[3] as ExcelJS.Worksheet;
  let formulaRow: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (row.getCell(1).value === 'D3-C2') formulaRow = row;
  });
  const name = formulaRow?.getCell(2);
  expect(name?.type).toBe(ExcelJS.ValueType.String);
  expect(name?.value).toBe(`'${FORMULA_NAME}`);
  // No cell of any sheet holds a formula but the rates'.
  for (const ws of workbook.worksheets)
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula) expect(cell.formula).toMatch(/^IF\(N\([A-Z]+\d+\)=0,"",[A-Z]+\d+\/[A-Z]+\d+\)$/);
      }),
    );
});

test('a supervisor out of scope gets 403 on every file format; a bad number is a 400 naming it', async () => {
  const d2 = bearer(tokenFor('supervisor', 'D2'));
  for (const format of ['docx', 'pdf', 'xlsx']) {
    const res = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/report?format=${format}&unit=D1`, headers: d2 });
    expect(res.statusCode).toBe(403);
  }
  const own = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/report?format=xlsx&unit=D2`, headers: d2 });
  expect(own.statusCode).toBe(200);
  const bad = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/report?format=docx&number=mười hai`, headers: secretariat });
  expect(bad.statusCode).toBe(400);
  expect(bad.json().issues[0].path).toBe('number');
  const misplaced = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/report?format=xlsx&number=12-BC/TU`, headers: secretariat });
  expect(misplaced.statusCode).toBe(400);
  expect(misplaced.json().issues[0]).toMatchObject({ path: 'number', message: 'number goes on a docx or pdf document: add format=docx or format=pdf' });
});

test('the CLI writes the DOCX, PDF and XLSX with --out, and refuses a binary format without --out naming it', async () => {
  const cliEnv = { TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'), TEMPORAL_TASK_QUEUE: env.taskQueue, DATABASE_URL: env.db.url, USER: 'cli-test' };
  const noOut = await runCascade(['summary', directiveId, '--format', 'pdf'], cliEnv);
  expect(noOut.code).toBe(2);
  expect(noOut.stderr).toContain('--format pdf makes a binary file: give --out FILE to write it to');
  const signerOnText = await runCascade(['summary', directiveId, '--signer', 'Trần Thị Lan'], cliEnv);
  expect([signerOnText.code, signerOnText.stderr]).toEqual([2, expect.stringContaining('--signer goes on the DOCX or PDF document')]);

  const docx = path.join(tmp, 'bao-cao.docx');
  const pdf = path.join(tmp, 'bao-cao.pdf');
  const xlsx = path.join(tmp, 'don-vi.xlsx');
  const runs = await Promise.all([
    runCascade(['summary', directiveId, '--unit', 'D1', '--format', 'docx', '--number', '7-BC/HU', '--signer', 'Trần Thị Lan', '--out', docx], cliEnv),
    runCascade(['summary', directiveId, '--format', 'pdf', '--lang', 'en', '--out', pdf], cliEnv),
    runCascade(['export', directiveId, '--format', 'xlsx', '--out', xlsx], cliEnv),
  ]);
  for (const run of runs) expect([run.code, run.stderr]).toEqual([0, expect.stringMatching(/^wrote .* to /)]);
  const xml = zipEntry(fs.readFileSync(docx), 'word/document.xml').toString('utf8');
  expect(xml).toContain('HUYỆN ỦY 1');
  expect(xml).toContain('Số 7-BC/HU');
  expect(xml).toContain('Trần Thị Lan');
  expect(xml).toContain('2/2 chi bộ, đảng bộ cơ sở');
  expect(pdfText(fs.readFileSync(pdf))).toContain('COMMUNIST PARTY OF VIETNAM');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(xlsx);
  expect(workbook.worksheets[0]?.name).toBe('Tổng hợp');
}, 120_000);

test('the committee page links the Word, PDF and Excel files of its subtree, and the links serve them', async () => {
  const page = await app.inject({ method: 'GET', url: `/dashboard/${directiveId}?unit=D1&token=${tokenFor('secretariat')}` });
  expect(page.statusCode).toBe(200);
  const links = new Map(
    [...page.body.matchAll(/<a class="button ghost" href="([^"]+)" download>([^<]+)<\/a>/g)].map((m) => [
      m[2] as string,
      (m[1] as string).replace(/&amp;/g, '&'),
    ]),
  );
  expect([...links.keys()]).toEqual(['Tải báo cáo (Word)', 'Tải báo cáo (PDF)', 'Xuất Excel']);
  const types = ['wordprocessingml.document', 'application/pdf', 'spreadsheetml.sheet'];
  for (const [i, href] of [...links.values()].entries()) {
    expect(href).toContain('unit=D1');
    const file = await app.inject({ method: 'GET', url: href, headers: secretariat });
    expect([file.statusCode, file.headers['content-type']]).toEqual([200, expect.stringContaining(types[i] as string)]);
  }
});
