// `cascade calendar YEAR` without servers: the year's days off in Vietnamese (English on request,
// JSON for scripts), a bad year or a broken calendar file refused naming what is wrong (exit 2).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/run';

// Nothing listens on port 1: the calendar needs no server, and would fail differently if it tried one.
const NOWHERE = { TEMPORAL_ADDRESS: '127.0.0.1:1', DATABASE_URL: 'postgres://postgres:s3cret@127.0.0.1:1/postgres', USER: 'cli-test' };

async function cascade(argv: string[], env: Record<string, string> = {}) {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  const chunks = { out: '', err: '' };
  stdout.on('data', (c: Buffer) => (chunks.out += c.toString('utf8')));
  stderr.on('data', (c: Buffer) => (chunks.err += c.toString('utf8')));
  const code = await runCli(argv, { stdout, stderr, env: { ...NOWHERE, ...env } });
  return { code, ...chunks };
}

test('calendar 2027 lists Tết (computed), 30/4–1/5 with the compensatory Monday, and 2/9 with 3/9, in Vietnamese', async () => {
  const run = await cascade(['calendar', '2027']);
  expect(run.code).toBe(0);
  for (const line of [
    'Thứ Năm 04/02/2027  Tết Nguyên Đán',
    'Thứ Tư 10/02/2027  Tết Nguyên Đán',
    'Thứ Hai 03/05/2027  Nghỉ bù Ngày Quốc tế Lao động',
    'Thứ Sáu 03/09/2027  Quốc khánh',
  ])
    expect(run.out).toContain(line);
});

test('calendar 2025 --lang en shows the decided swap: Friday 2/5 off, Saturday 26/4 worked', async () => {
  const run = await cascade(['calendar', '2025', '--lang', 'en']);
  expect(run.code).toBe(0);
  expect(run.out).toContain('Friday 02/05/2025');
  expect(run.out).toContain('Saturday 26/04/2025  Worked in exchange');
  const json = JSON.parse((await cascade(['calendar', '2026', '--json'])).out);
  expect(json.daysOff.filter((d: { key: string }) => d.key === 'tet').map((d: { date: string }) => d.date)).toEqual([
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
  ]);
});

test('a bad year, a broken override file and a bad working week are refused naming what is wrong (exit 2)', async () => {
  expect(await cascade(['calendar', '27'])).toMatchObject({ code: 2, err: expect.stringContaining('YEAR "27" is not a year the calendar covers') });
  expect(await cascade(['calendar', '1850'])).toMatchObject({ code: 2, err: expect.stringContaining('1900–2199') });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-calendar-'));
  try {
    fs.writeFileSync(path.join(dir, '2027.yaml'), 'year: 2027\ndaysOff:\n  - { date: 31/02/2027, name: "Nghỉ" }\n');
    const broken = await cascade(['calendar', '2027'], { CALENDAR_DIR: dir });
    expect(broken.code).toBe(2);
    expect(broken.err).toContain('2027.yaml');
    expect(broken.err).toContain('daysOff[0].date');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  expect(await cascade(['calendar', '2027'], { WORKING_WEEKDAYS: '1,2,9' })).toMatchObject({ code: 2, err: expect.stringContaining('WORKING_WEEKDAYS') });
  const sixDays = await cascade(['calendar', '2027', '--json'], { WORKING_WEEKDAYS: '1,2,3,4,5,6' });
  expect(JSON.parse(sixDays.out).workingWeekdays).toEqual([1, 2, 3, 4, 5, 6]);
});
