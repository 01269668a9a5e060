// `cascade simulate`: dry runs of the real committee workflows on the time-skipping test server with
// simulated units. The counts follow from the profile (all on time: no escalation, nothing overdue;
// a share that never reports: those units overdue and escalated at every step), a bad profile is
// refused naming its field, the Quảng Ninh sample runs through, and nothing reaches the project's
// PostgreSQL, SMTP server or Temporal while the environment points at all three.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { runCli } from '../../src/cli/run';
import { sampleDirectiveSpec } from '../../src/dev/demo/sample-directive';
import { startSmtpSink, type SmtpSink } from '../../src/dev/stack/smtp-sink';
import type { DryRunSummary } from '../../src/domain/simulation/dry-run-summary';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { committeeWorkflowId } from '../../src/engine/protocol';
import { migrate } from '../../src/store/migrate';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { requiredTestEnv } from '../harness/env';

let dir: string;
let db: TestDatabase;
let sink: SmtpSink;
let cliEnv: Record<string, string>;
let rowsBefore: Record<string, number>;

/** Rows in every table of the test database. */
async function rowCounts(): Promise<Record<string, number>> {
  const { rows } = await db.pool.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of rows) {
    const result = await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${table_name}"`);
    counts[table_name] = Number(result.rows[0]?.n);
  }
  return counts;
}

async function cascade(argv: string[]) {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  const chunks = { out: '', err: '' };
  stdout.on('data', (c: Buffer) => (chunks.out += c.toString('utf8')));
  stderr.on('data', (c: Buffer) => (chunks.err += c.toString('utf8')));
  const code = await runCli(argv, { stdout, stderr, env: cliEnv });
  return { code, ...chunks };
}

function write(name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

const unit = (id: string, level: string, parentId: string | null) => ({
  id,
  name: `Đơn vị ${id}`,
  level,
  parentId,
  email: `${id.toLowerCase()}@dry.test`,
  members: 20,
  essaysExpected: 20,
});
/** One province, two districts, two cells under each. */
const SMALL_ORG = [
  unit('TW', 'central', null),
  unit('P', 'province', 'TW'),
  unit('D1', 'district', 'P'),
  unit('D2', 'district', 'P'),
  unit('D1-C1', 'cell', 'D1'),
  unit('D1-C2', 'cell', 'D1'),
  unit('D2-C1', 'cell', 'D2'),
  unit('D2-C2', 'cell', 'D2'),
];

function smallSpec(code: string, escalation: string[]): Record<string, unknown> {
  return {
    code,
    title: 'Chạy thử',
    issuer: 'Bộ Chính trị',
    issuedOn: vnIsoDate(new Date().toISOString()),
    root: 'TW',
    deadlines: { province: 'P20D', district: 'P30D', cell: 'P30D' },
    reminders: ['-3d', '0d'],
    escalation,
  };
}

beforeAll(async () => {
  // The same test server global setup fetched, not another lookup of the cache.
  process.env.TEMPORAL_TEST_SERVER_PATH = requiredTestEnv('TEST_TIME_SKIPPING_SERVER');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-simulate-'));
  db = await createTestDatabase();
  await migrate(db.pool);
  sink = await startSmtpSink();
  // Every server the project uses is one a leak would show in: its PostgreSQL, its SMTP server, its Temporal.
  cliEnv = { DATABASE_URL: db.url, SMTP_URL: sink.url, TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'), USER: 'cli-test' };
  rowsBefore = await rowCounts();
}, 60_000);

afterAll(async () => {
  await sink?.stop();
  await db?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const directiveIds: string[] = [];

test('every unit on time: seven notices, no escalation, nothing overdue at any deadline or at the end', async () => {
  const org = write('org.json', SMALL_ORG);
  const spec = write('on-time.json', smallSpec('711-CT/TW', ['0d', '7d']));
  const profile = write('on-time-profile.json', { onTime: 1, late: 0, never: 0, onTimeWindowDays: 5 });
  const run = await cascade(['simulate', spec, '--org', org, '--profile', profile, '--json']);
  expect(run.code).toBe(0);
  const summary = JSON.parse(run.out) as DryRunSummary;
  directiveIds.push(summary.directiveId);
  expect(summary.unitsPerLevel).toEqual({ province: 1, district: 2, cell: 4 });
  expect(summary.behaviours).toEqual({ 'on-time': 7, late: 0, never: 0 });
  expect(summary.totals).toMatchObject({ notice: 7, escalation: 0 });
  expect(summary.days[0]).toMatchObject({ date: vnIsoDate(summary.launchedAt), notice: 7 });
  expect(summary.checkpoints.map((c) => c.deadlineOf)).toEqual([['province'], ['district', 'cell'], []]);
  for (const checkpoint of summary.checkpoints) expect(checkpoint.overdue).toEqual({ province: 0, district: 0, cell: 0 });
  expect(summary.outcome).toEqual({
    province: { onTime: 1, late: 0, open: 0 },
    district: { onTime: 2, late: 0, open: 0 },
    cell: { onTime: 4, late: 0, open: 0 },
  });
}, 120_000);

test('half that never report: overdue at the deadline and at the end, escalated at both steps (Vietnamese text)', async () => {
  const spec = write('never.json', smallSpec('712-CT/TW', ['0d', '7d']));
  // Per level: the province's one unit rounds to on time, one district and two cells never report.
  const profile = write('never-profile.json', { onTime: 0.5, late: 0, never: 0.5, seed: 3 });
  const run = await cascade(['simulate', spec, '--org', path.join(dir, 'org.json'), '--profile', profile]);
  expect(run.code).toBe(0);
  expect(run.out).toContain('Theo hồ sơ: 4 báo cáo đúng hạn, 0 báo cáo muộn, 3 không báo cáo');
  // Three units, two escalation steps each; one notice per unit.
  expect(run.out).toMatch(/^Tổng\s+7\s+\d+\s+6\s+0$/m);
  expect(run.out).toMatch(/^Hạn Huyện, Cơ sở \d\d\/\d\d\/\d{4} \d\d:\d\d\s+0\/1\s+1\/2\s+2\/4$/m);
  expect(run.out).toMatch(/^Kết thúc \d\d\/\d\d\/\d{4}\s+0\/1\s+1\/2\s+2\/4$/m);
  expect(run.out).toContain('Huyện 1 đúng hạn, 0 muộn, 1 chưa báo cáo');
  // The launch day, as Vietnamese write it.
  const [year, month, day] = vnIsoDate(new Date().toISOString()).split('-');
  expect(run.out).toMatch(new RegExp(`^${day}/${month}/${year}\\s+7\\s`, 'm'));
}, 120_000);

test('--compare runs two specs the same way: one escalation step escalates half as often', async () => {
  const a = write('a.json', smallSpec('713-CT/TW', ['0d', '7d']));
  const b = write('b.json', smallSpec('714-CT/TW', ['0d']));
  const run = await cascade(['simulate', a, '--compare', b, '--org', path.join(dir, 'org.json'), '--profile', path.join(dir, 'never-profile.json'), '--json']);
  expect(run.code).toBe(0);
  const { a: first, b: second } = JSON.parse(run.out) as { a: DryRunSummary; b: DryRunSummary };
  directiveIds.push(first.directiveId, second.directiveId);
  expect([first.code, second.code]).toEqual(['713-CT/TW', '714-CT/TW']);
  expect([first.totals.escalation, second.totals.escalation]).toEqual([6, 3]);
  expect(first.checkpoints.at(-1)?.overdue).toEqual(second.checkpoints.at(-1)?.overdue);
  const text = await cascade(['simulate', a, '--compare', b, '--org', path.join(dir, 'org.json'), '--profile', 'strict', '--lang', 'en']);
  expect(text.code).toBe(0);
  expect(text.out).toMatch(/^Total\s+7\s+\d+\s+0\s+7\s+\d+\s+0$/m);
  expect(text.out).toMatch(/^Overdue at the end: Cells\s+0\/4\s+0\/4$/m);
}, 180_000);

test('a bad profile is refused naming the field (exit 2), and so is an unknown profile name', async () => {
  const spec = path.join(dir, 'on-time.json');
  const bad = write('bad-profile.json', { onTime: 0.5, late: 'some', never: 0.5, lateDays: { min: 5, max: 2 } });
  const run = await cascade(['simulate', spec, '--org', path.join(dir, 'org.json'), '--profile', bad]);
  expect(run.code).toBe(2);
  expect(run.err).toContain('late: late must be a number from 0 to 1 (a share of the units), got "some"');
  expect(run.err).toContain('lateDays: lateDays must have 1 ≤ min ≤ max');
  const sum = await cascade(['simulate', spec, '--profile', write('sum.json', { onTime: 0.5, late: 0.1, never: 0.1 })]);
  expect(sum).toMatchObject({ code: 2, err: expect.stringContaining('onTime + late + never must add up to 1') });
  const unknown = await cascade(['simulate', spec, '--profile', 'optimistic']);
  expect(unknown).toMatchObject({
    code: 2,
    err: expect.stringContaining('--profile "optimistic" is neither a built-in profile (typical, late-fifth, strict) nor a file'),
  });
});

test('the Quảng Ninh sample runs through with counts that agree with each other', async () => {
  // The sample under a code of its own: other files launch the sample's own code on the shared dev server, which the last test would find.
  const spec = write('sample.json', { ...sampleDirectiveSpec(new Date(), ['central', 'province', 'district', 'cell']), code: '715-CT/TW' });
  const run = await cascade(['simulate', spec, '--profile', 'typical', '--json']);
  expect(run.code).toBe(0);
  const summary = JSON.parse(run.out) as DryRunSummary;
  directiveIds.push(summary.directiveId);
  expect(summary.unitsPerLevel).toEqual({ province: 1, district: 21, cell: 695 });
  expect(summary.totals.notice).toBe(717);
  const { behaviours } = summary;
  expect(behaviours['on-time'] + behaviours.late + behaviours.never).toBe(717);
  // The days add up to the totals.
  for (const kind of ['notice', 'reminder', 'escalation'] as const) expect(summary.days.reduce((n, d) => n + d[kind], 0)).toBe(summary.totals[kind]);
  // Who never reported is still open at the end, and overdue then; who reported late was overdue at its deadline.
  const end = summary.checkpoints.at(-1)!;
  const open = Object.values(summary.outcome).reduce((n, o) => n + o.open, 0);
  const late = Object.values(summary.outcome).reduce((n, o) => n + o.late, 0);
  expect(open).toBe(behaviours.never);
  expect(late).toBe(behaviours.late);
  for (const level of summary.levels) expect(end.overdue[level]).toBe(summary.outcome[level]?.open);
  const lastDeadline = summary.checkpoints.at(-2)!;
  expect(Object.values(lastDeadline.overdue).reduce((n, v) => n + v, 0)).toBeGreaterThanOrEqual(open);
  // Those that never reported got all three escalation steps (late ones got some, unless they reported before the first went).
  expect(summary.totals.escalation).toBeGreaterThanOrEqual(3 * open);
  expect(summary.peakPerMinute.count).toBeGreaterThan(0);
  expect(summary.peakPerHour.count).toBeGreaterThanOrEqual(summary.peakPerMinute.count);
}, 180_000);

test('nothing reached the project’s PostgreSQL, SMTP server or Temporal', async () => {
  expect(directiveIds.length).toBeGreaterThanOrEqual(4);
  expect(await rowCounts()).toEqual(rowsBefore);
  expect(sink.messages).toHaveLength(0);
  const connection = await Connection.connect({ address: requiredTestEnv('TEST_TEMPORAL_ADDRESS') });
  try {
    const temporal = new Client({ connection });
    for (const id of directiveIds) {
      await expect(temporal.workflow.getHandle(committeeWorkflowId(id, 'TW')).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    }
  } finally {
    await connection.close();
  }
});
