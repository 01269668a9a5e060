// Invalid input thrown at every boundary of a running cascade — the HTTP API (app.inject), the real
// `cascade` bin, and the workflow update path (CascadeClient.report/correct → the update validator) —
// on the real stack. Every case breaks known fields; every one must be refused with a message naming
// one of them. Afterwards the committee workflows' histories (event counts) and the database (row
// counts and fingerprints) are exactly as before: counted, not assumed. One JSON line per boundary
// is printed with the numbers.
import '../api/inject-shim';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { buildApp } from '../../api/app';
import { CascadeError } from '../../client/errors';
import { vnIsoDate } from '../../domain/vn-time';
import { committeeWorkflowId } from '../../workflows/definitions';
import { bearer, TEST_TOKEN_SECRET, tokenFor } from '../api/api-fixtures';
import { runCascade } from '../cli/run-cli';
import { SMALL_ORG, smallReport, smallSpec } from '../engine/small-org';
import { eventually, QUICK_JOURNAL_LIMITS, startCascadeEnv, TEST_BASE_URL, TEST_LINK_SECRET, type CascadeEnv } from '../harness/cascade-env';
import { requiredTestEnv } from '../harness/env';
import { settled } from '../harness/settled';
import { invalidOrgs, invalidReports, invalidSpecs, rowsToCsv, rowsToJson, type InvalidCase } from './invalid-inputs';

const COMMITTEES = ['TW', 'QN', 'D1', 'D2', 'D3'];
/** Units that have not reported (a report is refused on its rules, not because one exists). */
const REPORTING_UNITS = ['D1-C1', 'D1-C2', 'D2-C1', 'D2-C2', 'D3-C1', 'D1', 'D2', 'QN'];
/** The unit that has reported, for corrections. */
const CORRECTED_UNIT = 'D3-C2';

let env: CascadeEnv;
let app: FastifyInstance;
let directiveId: string;
let tmp: string;
let before: Snapshot;
const today = vnIsoDate(new Date().toISOString());
const year = Number(today.slice(0, 4)) + 1;
const secretariat = bearer(tokenFor('secretariat'));
const baseReport = (unitId: string) => smallReport(unitId, today);
const baseSpec = smallSpec('61-CT/TW', today, year);

/** Tries and refusals per boundary; `named` counts refusals whose message names a broken field. */
const tally: Record<string, { tried: number; rejected: number; named: number; byInput: Record<string, number> }> = {};
function count(boundary: string, input: string, rejected: boolean, named: boolean): void {
  const t = (tally[boundary] ??= { tried: 0, rejected: 0, named: 0, byInput: {} });
  t.tried += 1;
  t.rejected += rejected ? 1 : 0;
  t.named += rejected && named ? 1 : 0;
  t.byInput[input] = (t.byInput[input] ?? 0) + 1;
}

interface Snapshot {
  histories: Record<string, number>;
  rows: Record<string, number | string>;
}

/** Event counts of every committee workflow, row counts of every table, and fingerprints of what could change in place. */
async function snapshot(): Promise<Snapshot> {
  const histories: Record<string, number> = {};
  for (const unit of COMMITTEES) histories[unit] = (await env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, unit)).fetchHistory()).events?.length ?? -1;
  const { rows } = await env.db.pool.query<Record<string, number | string>>(`SELECT
      (SELECT count(*)::int FROM audit_log) AS audit_log,
      (SELECT count(*)::int FROM unit_projection) AS unit_projection,
      (SELECT coalesce(sum(version), 0)::int FROM unit_projection) AS projection_versions,
      (SELECT count(*)::int FROM org_units) AS org_units,
      (SELECT md5(coalesce(string_agg(concat_ws('|', id, name, level, parent_id, email, members, essays_expected), ',' ORDER BY id), '')) FROM org_units) AS org_fingerprint,
      (SELECT count(*)::int FROM directives) AS directives,
      (SELECT count(*)::int FROM directive_units) AS directive_units,
      (SELECT count(*)::int FROM email_ledger) AS email_ledger`);
  return { histories, rows: rows[0] ?? {} };
}

const reportFieldNamed = (fields: string[], issues: Array<{ path?: string; field?: string }>, message: string) =>
  issues.some((i) => fields.includes(i.path ?? i.field ?? '')) && fields.some((f) => message.includes(f));
const specFieldNamed = (fields: string[], issues: Array<{ path: string }>, message: string) =>
  issues.some((i) => fields.some((f) => i.path === f || i.path.startsWith(`${f}.`) || i.path.startsWith(`${f}[`))) && fields.some((f) => message.includes(f));

beforeAll(async () => {
  // Short journal and rollup intervals: the committees' own deferred writes and messages must be
  // over before the "before" snapshot, or they would count as changes made by the fuzzing.
  env = await startCascadeEnv({ timeSkipping: false, limits: QUICK_JOURNAL_LIMITS });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-fuzz-'));
  // No rate limits here: hundreds of refusals from one caller are the point.
  app = buildApp({ cascade: env.cascade, config: { PUBLIC_BASE_URL: TEST_BASE_URL }, tokenSecret: TEST_TOKEN_SECRET, linkSecret: TEST_LINK_SECRET, ready: async () => true });
  expect((await app.inject({ method: 'POST', url: '/api/org', headers: secretariat, payload: SMALL_ORG })).statusCode).toBe(200);
  const launched = await app.inject({ method: 'POST', url: '/api/directives', headers: secretariat, payload: baseSpec });
  expect(launched.statusCode).toBe(201);
  directiveId = launched.json().directiveId;
  const notices = `SELECT count(*)::int AS n FROM audit_log WHERE directive_id = $1 AND kind = 'notice'`;
  await eventually(async () => (await env.db.pool.query<{ n: number }>(notices, [directiveId])).rows[0]?.n === 10, 90_000, 'the notices');
  expect((await env.cascade.report(directiveId, CORRECTED_UNIT, baseReport(CORRECTED_UNIT), 'fuzz setup')).status).toBe('done-on-time');
  before = await settled(snapshot, { quietMs: 3_000, what: 'the cascade after launch' });
}, 240_000);

afterAll(async () => {
  for (const [boundary, t] of Object.entries(tally)) process.stdout.write(`${JSON.stringify({ boundary, ...t })}\n`);
  await app?.close();
  await env?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the HTTP API refuses every invalid input naming a field', () => {
  test('reports', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(invalidReports(baseReport('X'), year), async (c) => {
        const unit = REPORTING_UNITS[n++ % REPORTING_UNITS.length] as string;
        const res = await app.inject({ method: 'POST', url: `/api/directives/${directiveId}/units/${unit}/report`, headers: secretariat, payload: c.input });
        const body = res.json() as { message: string; issues?: Array<{ path: string }> };
        const named = reportFieldNamed(c.fields, body.issues ?? [], body.message);
        count('api', 'report', res.statusCode === 400, named);
        return res.statusCode === 400 && named;
      }),
      { numRuns: 160, seed: 61 },
    );
  }, 300_000);

  test('organisation imports (CSV and JSON)', async () => {
    await fc.assert(
      fc.asyncProperty(invalidOrgs(SMALL_ORG), async (c) => {
        const { format, rows } = c.input;
        const res = await app.inject({
          method: 'POST',
          url: '/api/org',
          headers: { ...secretariat, 'content-type': format === 'csv' ? 'text/csv' : 'application/json' },
          payload: format === 'csv' ? rowsToCsv(rows) : rowsToJson(rows),
        });
        const body = res.json() as { message: string; issues?: Array<{ path: string; row?: number; message: string }> };
        const named = (body.issues ?? []).some((i) => i.row === c.row && c.fields.some((f) => i.path === f || i.message.includes(f)));
        count('api', `org-${format}`, res.statusCode === 400, named);
        return res.statusCode === 400 && named;
      }),
      { numRuns: 120, seed: 62 },
    );
  }, 300_000);

  test('directive specs', async () => {
    await fc.assert(
      fc.asyncProperty(invalidSpecs(baseSpec), async (c) => {
        const res = await app.inject({ method: 'POST', url: '/api/directives', headers: secretariat, payload: c.input });
        const body = res.json() as { message: string; issues?: Array<{ path: string }> };
        const named = specFieldNamed(c.fields, body.issues ?? [], body.message);
        count('api', 'spec', res.statusCode === 400, named);
        return res.statusCode === 400 && named;
      }),
      { numRuns: 120, seed: 63 },
    );
  }, 300_000);

  test('unit ids in the path', async () => {
    for (const unit of ['D1 C1', 'Đ1', 'x'.repeat(65), 'D1-C1;DROP', 'D1%C1']) {
      const res = await app.inject({ method: 'POST', url: `/api/directives/${directiveId}/units/${encodeURIComponent(unit)}/report`, headers: secretariat, payload: baseReport('D1-C1') });
      const body = res.json() as { message: string; issues?: Array<{ path: string }> };
      const named = (body.issues ?? []).some((i) => i.path === 'unitId') && body.message.includes('unitId');
      count('api', 'unit-id', res.statusCode === 400, named);
      expect([unit, res.statusCode, named]).toEqual([unit, 400, true]);
    }
  });
});

describe('the workflow update validator refuses every invalid report naming a field', () => {
  const refused = async (call: () => Promise<unknown>, c: InvalidCase<Record<string, unknown>>, kind: string) => {
    const outcome = await call().then(
      () => null,
      (err: unknown) => err,
    );
    const rejected = outcome instanceof CascadeError && outcome.status === 400;
    const named = rejected && reportFieldNamed(c.fields, [...(outcome as CascadeError).issues], (outcome as CascadeError).message);
    count('workflow-update', kind, rejected, named);
    return rejected && named;
  };

  test('report (CascadeClient.report, no HTTP schema in front)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(invalidReports(baseReport('X'), year), (c) => {
        const unit = REPORTING_UNITS[n++ % REPORTING_UNITS.length] as string;
        return refused(() => env.cascade.report(directiveId, unit, c.input, 'fuzz'), c, 'report');
      }),
      { numRuns: 120, seed: 64 },
    );
  }, 300_000);

  test('correct (a unit that has reported)', async () => {
    await fc.assert(
      fc.asyncProperty(invalidReports(baseReport(CORRECTED_UNIT), year), (c) => refused(() => env.cascade.correct(directiveId, CORRECTED_UNIT, c.input, 'fuzz'), c, 'correct')),
      { numRuns: 60, seed: 65 },
    );
  }, 300_000);
});

describe('the cascade bin refuses every invalid file naming a field (exit 2)', () => {
  const cliEnv = () => ({ TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'), TEMPORAL_TASK_QUEUE: env.taskQueue, DATABASE_URL: env.db.url, USER: 'fuzz' });
  /** Runs the cases two at a time (the machine has two cores), counting each. */
  async function runAll(cases: Array<{ kind: string; args: string[]; named: (stderr: string) => boolean }>): Promise<Array<{ kind: string; code: number | null; stderr: string; named: boolean }>> {
    const results: Array<{ kind: string; code: number | null; stderr: string; named: boolean }> = [];
    for (let i = 0; i < cases.length; i += 2) {
      const batch = cases.slice(i, i + 2);
      const runs = await Promise.all(batch.map((c) => runCascade(c.args, cliEnv())));
      runs.forEach((run, k) => {
        const c = batch[k] as (typeof cases)[number];
        const named = c.named(run.stderr);
        count('cli', c.kind, run.code === 2, named);
        results.push({ kind: c.kind, code: run.code, stderr: run.stderr, named });
      });
    }
    return results;
  }

  test('org import, launch, report and correct: 42 runs of the real bin', async () => {
    const write = (name: string, text: string) => {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, text);
      return file;
    };
    const orgs = fc.sample(invalidOrgs(SMALL_ORG), { numRuns: 12, seed: 71 });
    const specs = fc.sample(invalidSpecs(baseSpec), { numRuns: 12, seed: 72 });
    const reports = fc.sample(invalidReports(baseReport('X'), year), { numRuns: 12, seed: 73 });
    const corrections = fc.sample(invalidReports(baseReport(CORRECTED_UNIT), year), { numRuns: 6, seed: 74 });
    const cases = [
      ...orgs.map((c, i) => ({
        kind: 'org-import',
        args: ['org', 'import', write(`org-${i}.${c.input.format}`, c.input.format === 'csv' ? rowsToCsv(c.input.rows) : rowsToJson(c.input.rows))],
        named: (stderr: string) => stderr.split('\n').some((line) => line.includes(`row ${c.row}`) && c.fields.some((f) => line.includes(f))),
      })),
      ...specs.map((c, i) => ({ kind: 'launch', args: ['launch', write(`spec-${i}.json`, JSON.stringify(c.input))], named: (stderr: string) => c.fields.some((f) => stderr.includes(f)) })),
      ...reports.map((c, i) => ({
        kind: 'report',
        args: ['report', directiveId, REPORTING_UNITS[i % REPORTING_UNITS.length] as string, '--file', write(`report-${i}.json`, JSON.stringify(c.input))],
        named: (stderr: string) => c.fields.some((f) => stderr.includes(f)),
      })),
      ...corrections.map((c, i) => ({ kind: 'correct', args: ['correct', directiveId, CORRECTED_UNIT, '--file', write(`correction-${i}.json`, JSON.stringify(c.input))], named: (stderr: string) => c.fields.some((f) => stderr.includes(f)) })),
    ];
    const results = await runAll(cases);
    expect(results.filter((r) => r.code !== 2 || !r.named).map((r) => `${r.kind} exit ${r.code}: ${r.stderr}`)).toEqual([]);
    expect(results).toHaveLength(42);
  }, 600_000);
});

test('after all of it, the histories and the database are exactly as before', async () => {
  const after = await settled(snapshot, { quietMs: 3_000, what: 'the cascade after the fuzzing' });
  const changed = {
    histories: Object.keys(before.histories).filter((k) => before.histories[k] !== after.histories[k]),
    rows: Object.keys(before.rows).filter((k) => before.rows[k] !== after.rows[k]),
  };
  process.stdout.write(`${JSON.stringify({ check: 'unchanged', tried: Object.values(tally).reduce((a, t) => a + t.tried, 0), historyEvents: after.histories, rows: after.rows, changed })}\n`);
  expect(after).toEqual(before);
  expect(Object.keys(tally).sort()).toEqual(['api', 'cli', 'workflow-update']);
}, 120_000);
