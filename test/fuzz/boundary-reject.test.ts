// Invalid input thrown at every boundary of a running cascade — the HTTP API (app.inject), the real
// `cascade` bin, and the workflow update path (CascadeClient.report/correct → the update validator) —
// on the real stack. Every case breaks known fields; every one must be refused with a message naming
// one of them. Afterwards the committee workflows' histories (event counts) and the database (row
// counts and fingerprints) are exactly as before: counted, not assumed. One JSON line per boundary
// is printed with the numbers: refused naming a field, refused without naming one, wrongly
// accepted, and server errors (5xx, or a CLI failure that is not a refusal) — the last three must be 0.
import '../api/inject-shim';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { buildApp } from '../../src/http/app';
import { CascadeError } from '../../src/app/errors';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { committeeWorkflowId } from '../../src/engine/protocol';
import { bearer, testAppDeps, tokenFor } from '../api/api-fixtures';
import { runCascade } from '../cli/run-cli';
import { SMALL_ORG, smallReport, smallSpec } from '../engine/small-org';
import { eventually, QUICK_JOURNAL_LIMITS, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { requiredTestEnv } from '../harness/env';
import { settled } from '../harness/settled';
import {
  badExtensions,
  invalidOrgs,
  invalidReports,
  invalidSpecs,
  jsonWithBytes,
  NOT_UTF8,
  rowsToCsv,
  rowsToJson,
  type BadExtension,
  type InvalidCase,
} from './invalid-inputs';

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

/** How one invalid input ended at a boundary. */
type Outcome = 'refusedNamingField' | 'refusedWithoutNaming' | 'wronglyAccepted' | 'serverErrors';
type Tally = { tried: number } & Record<Outcome, number> & { byInput: Record<string, number> };
/** Outcomes per boundary; the acceptance wants every outcome but refusedNamingField at 0. */
const tally: Record<string, Tally> = {};
function count(boundary: string, input: string, outcome: Outcome): Outcome {
  const t = (tally[boundary] ??= { tried: 0, refusedNamingField: 0, refusedWithoutNaming: 0, wronglyAccepted: 0, serverErrors: 0, byInput: {} });
  t.tried += 1;
  t[outcome] += 1;
  t.byInput[input] = (t.byInput[input] ?? 0) + 1;
  return outcome;
}
/** An HTTP answer's outcome: 2xx/3xx accepted, 5xx a server error, 4xx a refusal (named or not). */
function httpOutcome(status: number, named: boolean): Outcome {
  if (status >= 500) return 'serverErrors';
  if (status < 400) return 'wronglyAccepted';
  return named ? 'refusedNamingField' : 'refusedWithoutNaming';
}
/** A CLI run's outcome: exit 0 accepted, the expected refusal code (2 bad input, 1 refused by a unit's state) a refusal, anything else a failure. */
function cliOutcome(code: number | null, expected: number, named: boolean): Outcome {
  if (code === 0) return 'wronglyAccepted';
  if (code !== expected) return 'serverErrors';
  return named ? 'refusedNamingField' : 'refusedWithoutNaming';
}
/** An error answer's body names one of `fields` in an issue's path and in its message. */
const httpNames = (fields: string[], body: { message?: string; issues?: Array<{ path?: string }> }) =>
  (body.issues ?? []).some((i) => fields.includes(i.path ?? '')) && fields.some((f) => (body.message ?? '').includes(f));

interface Snapshot {
  histories: Record<string, number>;
  rows: Record<string, number | string>;
}

/** Event counts of every committee workflow, row counts of every table, and fingerprints of what could change in place. */
async function snapshot(): Promise<Snapshot> {
  const histories: Record<string, number> = {};
  for (const unit of COMMITTEES)
    histories[unit] = (await env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, unit)).fetchHistory()).events?.length ?? -1;
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
  app = buildApp(testAppDeps(env.cascade));
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
        return count('api', 'report', httpOutcome(res.statusCode, named)) === 'refusedNamingField' && res.statusCode === 400;
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
        return count('api', `org-${format}`, httpOutcome(res.statusCode, named)) === 'refusedNamingField' && res.statusCode === 400;
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
        return count('api', 'spec', httpOutcome(res.statusCode, named)) === 'refusedNamingField' && res.statusCode === 400;
      }),
      { numRuns: 120, seed: 63 },
    );
  }, 300_000);

  test('unit ids in the path', async () => {
    for (const unit of ['D1 C1', 'Đ1', 'x'.repeat(65), 'D1-C1;DROP', 'D1%C1']) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/directives/${directiveId}/units/${encodeURIComponent(unit)}/report`,
        headers: secretariat,
        payload: baseReport('D1-C1'),
      });
      const body = res.json() as { message: string; issues?: Array<{ path: string }> };
      const named = (body.issues ?? []).some((i) => i.path === 'unitId') && body.message.includes('unitId');
      count('api', 'unit-id', httpOutcome(res.statusCode, named));
      expect([unit, res.statusCode, named]).toEqual([unit, 400, true]);
    }
  });

  test('extensions: every kind of refused extension, to an open unit and to one that has reported', async () => {
    const results: unknown[][] = [];
    for (const c of badExtensions(year)) {
      const unit: string = c.unit === 'closed' ? CORRECTED_UNIT : (REPORTING_UNITS[results.length % REPORTING_UNITS.length] as string);
      const payload = { to: c.to, ...(c.reason === undefined ? {} : { reason: c.reason }) };
      const res = await app.inject({ method: 'POST', url: `/api/directives/${directiveId}/units/${unit}/extend`, headers: secretariat, payload });
      const outcome = count('api', 'extension', httpOutcome(res.statusCode, httpNames(c.fields, res.json())));
      results.push([c.kind, res.statusCode, outcome]);
    }
    expect(results).toEqual(badExtensions(year).map((c) => [c.kind, c.status, 'refusedNamingField']));
  }, 120_000);

  test('bodies whose bytes are not UTF-8: reports, corrections, extensions and specs, each refused naming the field the bytes fall in', async () => {
    const cases: Array<{ kind: string; url: string; body: Record<string, unknown>; field: string }> = [];
    const report = baseReport('X');
    const textFields = ['reportedBy', 'notes', 'documentNumber', 'conferenceDate'];
    NOT_UTF8.forEach((bad, i) => {
      const unit = REPORTING_UNITS[i % REPORTING_UNITS.length] as string;
      cases.push({
        kind: 'report',
        url: `/api/directives/${directiveId}/units/${unit}/report`,
        body: { ...report, notes: '' },
        field: textFields[i % textFields.length] as string,
      });
      cases.push({
        kind: 'correct',
        url: `/api/directives/${directiveId}/units/${CORRECTED_UNIT}/correct`,
        body: { ...baseReport(CORRECTED_UNIT), notes: '' },
        field: 'notes',
      });
      cases.push({
        kind: 'extension',
        url: `/api/directives/${directiveId}/units/${unit}/extend`,
        body: { to: `31/12/${year}`, reason: '' },
        field: i % 2 ? 'to' : 'reason',
      });
      cases.push({ kind: 'spec', url: '/api/directives', body: baseSpec, field: i % 2 ? 'title' : 'issuer' });
    });
    const results: unknown[][] = [];
    for (const c of cases) {
      const bad = NOT_UTF8[Math.floor(results.length / 4)] as number[];
      const res = await app.inject({
        method: 'POST',
        url: c.url,
        headers: { ...secretariat, 'content-type': 'application/json' },
        payload: jsonWithBytes(c.body, c.field, bad),
      });
      const body = res.json() as { message: string; issues?: Array<{ path: string }> };
      const outcome = count('api', `bytes-${c.kind}`, httpOutcome(res.statusCode, httpNames([c.field], body) && /offset \d+/.test(body.message)));
      results.push([c.kind, c.field, res.statusCode, outcome]);
    }
    expect(results).toEqual(cases.map((c) => [c.kind, c.field, 400, 'refusedNamingField']));
  }, 120_000);
});

describe('the workflow update validator refuses every invalid report naming a field', () => {
  const refused = async (call: () => Promise<unknown>, c: InvalidCase<Record<string, unknown>>, kind: string) => {
    const outcome = await call().then(
      () => null,
      (err: unknown) => err,
    );
    const named = outcome instanceof CascadeError && reportFieldNamed(c.fields, [...outcome.issues], outcome.message);
    return count('workflow-update', kind, updateOutcome(outcome, named)) === 'refusedNamingField' && (outcome as CascadeError).status === 400;
  };
  /** A client call's outcome: no error accepted, a CascadeError 4xx a refusal, anything else a server error. */
  const updateOutcome = (outcome: unknown, named: boolean): Outcome => {
    if (outcome === null) return 'wronglyAccepted';
    if (!(outcome instanceof CascadeError) || outcome.status >= 500) return 'serverErrors';
    return named ? 'refusedNamingField' : 'refusedWithoutNaming';
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
      fc.asyncProperty(invalidReports(baseReport(CORRECTED_UNIT), year), (c) =>
        refused(() => env.cascade.correct(directiveId, CORRECTED_UNIT, c.input, 'fuzz'), c, 'correct'),
      ),
      { numRuns: 60, seed: 65 },
    );
  }, 300_000);

  test('extend (CascadeClient.extend, no HTTP schema in front): every kind of refused extension', async () => {
    const results: unknown[][] = [];
    for (const c of badExtensions(year)) {
      const unit = c.unit === 'closed' ? CORRECTED_UNIT : (REPORTING_UNITS[results.length % REPORTING_UNITS.length] as string);
      const outcome: unknown = await env.cascade.extend(directiveId, unit, c.to as string, 'fuzz', c.reason as string | undefined).then(
        () => null,
        (err: unknown) => err,
      );
      const named = outcome instanceof CascadeError && httpNames(c.fields, { message: outcome.message, issues: [...outcome.issues] });
      results.push([
        c.kind,
        outcome instanceof CascadeError ? outcome.status : String(outcome),
        count('workflow-update', 'extension', updateOutcome(outcome, named)),
      ]);
    }
    expect(results).toEqual(badExtensions(year).map((c) => [c.kind, c.status, 'refusedNamingField']));
  }, 120_000);
});

describe('the cascade bin refuses every invalid file naming a field (exit 2)', () => {
  const cliEnv = () => ({
    TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'),
    TEMPORAL_TASK_QUEUE: env.taskQueue,
    DATABASE_URL: env.db.url,
    USER: 'fuzz',
  });
  /** Runs the cases two at a time (the machine has two cores), counting each. */
  type CliCase = { kind: string; args: string[]; named: (stderr: string) => boolean; exit?: number };
  async function runAll(cases: CliCase[]): Promise<Array<{ kind: string; code: number | null; stderr: string; named: boolean; outcome: Outcome }>> {
    const results: Array<{ kind: string; code: number | null; stderr: string; named: boolean; outcome: Outcome }> = [];
    for (let i = 0; i < cases.length; i += 2) {
      const batch = cases.slice(i, i + 2);
      const runs = await Promise.all(batch.map((c) => runCascade(c.args, cliEnv())));
      runs.forEach((run, k) => {
        const c = batch[k] as (typeof cases)[number];
        const named = c.named(run.stderr);
        const outcome = count('cli', c.kind, cliOutcome(run.code, c.exit ?? 2, named));
        results.push({ kind: c.kind, code: run.code, stderr: run.stderr, named, outcome });
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
      ...specs.map((c, i) => ({
        kind: 'launch',
        args: ['launch', write(`spec-${i}.json`, JSON.stringify(c.input))],
        named: (stderr: string) => c.fields.some((f) => stderr.includes(f)),
      })),
      ...reports.map((c, i) => ({
        kind: 'report',
        args: ['report', directiveId, REPORTING_UNITS[i % REPORTING_UNITS.length] as string, '--file', write(`report-${i}.json`, JSON.stringify(c.input))],
        named: (stderr: string) => c.fields.some((f) => stderr.includes(f)),
      })),
      ...corrections.map((c, i) => ({
        kind: 'correct',
        args: ['correct', directiveId, CORRECTED_UNIT, '--file', write(`correction-${i}.json`, JSON.stringify(c.input))],
        named: (stderr: string) => c.fields.some((f) => stderr.includes(f)),
      })),
    ];
    const results = await runAll(cases);
    expect(results.filter((r) => r.outcome !== 'refusedNamingField').map((r) => `${r.kind} exit ${r.code}: ${r.stderr}`)).toEqual([]);
    expect(results).toHaveLength(42);
  }, 600_000);

  test('extend: every kind of refused extension, exit 2 for bad input and 1 for a rule of the unit, naming the field', async () => {
    // A NUL cannot be passed in an argument at all; a missing `to` is left out of the command line.
    const kinds = badExtensions(year).filter((c) => !String(c.to).includes('\u0000') && !String(c.reason ?? '').includes('\u0000'));
    const cases: CliCase[] = kinds.map((c: BadExtension, i) => {
      const unit = c.unit === 'closed' ? CORRECTED_UNIT : (REPORTING_UNITS[i % REPORTING_UNITS.length] as string);
      const args = [
        'extend',
        directiveId,
        unit,
        ...(c.to === null ? [] : ['--to', String(c.to)]),
        ...(c.reason === undefined ? [] : ['--reason', String(c.reason)]),
      ];
      return { kind: 'extension', args, exit: c.status === 400 ? 2 : 1, named: (stderr: string) => c.fields.some((f) => stderr.includes(f)) };
    });
    const results = await runAll(cases);
    expect(results.filter((r) => r.outcome !== 'refusedNamingField').map((r) => `${r.kind} exit ${r.code}: ${r.stderr}`)).toEqual([]);
    expect(results).toHaveLength(kinds.length);
  }, 600_000);
});

test('after all of it, the histories and the database are exactly as before', async () => {
  const after = await settled(snapshot, { quietMs: 3_000, what: 'the cascade after the fuzzing' });
  const changed = {
    histories: Object.keys(before.histories).filter((k) => before.histories[k] !== after.histories[k]),
    rows: Object.keys(before.rows).filter((k) => before.rows[k] !== after.rows[k]),
  };
  process.stdout.write(
    `${JSON.stringify({ check: 'unchanged', tried: Object.values(tally).reduce((a, t) => a + t.tried, 0), historyEvents: after.histories, rows: after.rows, changed })}\n`,
  );
  expect(after).toEqual(before);
  expect(Object.keys(tally).sort()).toEqual(['api', 'cli', 'workflow-update']);
  const failures = Object.entries(tally).map(([boundary, t]) => [boundary, t.wronglyAccepted, t.serverErrors, t.refusedWithoutNaming]);
  expect(failures).toEqual(Object.keys(tally).map((boundary) => [boundary, 0, 0, 0]));
}, 120_000);
