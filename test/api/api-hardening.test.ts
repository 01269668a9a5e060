// The API against hostile or clumsy input, on a real stack (dev server, PostgreSQL, SMTP sink,
// worker): oversized bodies, organisation files in the wrong encoding, Vietnamese names in NFD,
// spreadsheet formulas in exported names, rate limits on reports and token issuing — and logs
// that never hold a token or a secret.
import './inject-shim';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppConfig } from '../../src/http/app';
import { parseCsv } from '../../src/domain/text/csv';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { committeeWorkflowId } from '../../src/engine/protocol';
import { eventually, QUICK_JOURNAL_LIMITS, startCascadeEnv, TEST_LINK_SECRET, type CascadeEnv } from '../harness/cascade-env';
import { SMALL_ORG, smallReport, smallSpec } from '../engine/small-org';
import { settled } from '../harness/settled';
import { bearer, linkToken, noticeLink, orgCsv, TEST_TOKEN_SECRET, testAppDeps, tokenFor } from './api-fixtures';

let env: CascadeEnv;
let app: FastifyInstance;
let directiveId: string;
const built: FastifyInstance[] = [];
const today = vnIsoDate(new Date().toISOString());
const year = Number(today.slice(0, 4)) + 1;
const secretariat = tokenFor('secretariat');

/** "Chi bộ Hạ Long" as macOS writes it (decomposed) and as Windows does (composed). */
const NFD_NAME = 'Chi bộ Hạ Long'.normalize('NFD');
const NFC_NAME = 'Chi bộ Hạ Long'.normalize('NFC');
/** Cell names a spreadsheet would run as formulas. */
const FORMULAS = ['=HYPERLINK("http://evil.test","bấm")', '+84 912 345', '-1+2 Chi bộ', '@SUM(A1:A9)'];

/** The small organisation with the names these tests need: NFD/NFC twins in D1, formula names in D2 and D3. */
const ORG = SMALL_ORG.map((u) => {
  const names: Record<string, string> = {
    'D1-C1': NFD_NAME,
    'D1-C2': NFC_NAME,
    'D2-C1': FORMULAS[0] as string,
    'D2-C2': FORMULAS[1] as string,
    'D3-C1': FORMULAS[2] as string,
    'D3-C2': FORMULAS[3] as string,
  };
  return { ...u, name: names[u.id] ?? u.name };
});

/** The organisation as CSV, every field quoted (the formula names hold commas and quotes). */
function quotedCsv(units: typeof SMALL_ORG): string {
  const q = (v: unknown) => `"${String(v ?? '').replace(/"/g, '""')}"`;
  return [
    'id,name,level,parentId,email,members,essaysExpected',
    ...units.map((u) => [u.id, u.name, u.level, u.parentId, u.email, u.members, u.essaysExpected].map(q).join(',')),
  ].join('\n');
}

function appWith(config: Partial<AppConfig> = {}, logger?: { level: string; stream: NodeJS.WritableStream }): FastifyInstance {
  const made = buildApp({ ...testAppDeps(env.cascade, config), logger });
  built.push(made);
  return made;
}

const count = async (sql: string, params: unknown[] = []) => (await env.db.pool.query<{ n: number }>(sql, params)).rows[0]?.n ?? -1;
const orgRows = () => count('SELECT count(*)::int AS n FROM org_units');
const auditRows = (unitId: string) => count('SELECT count(*)::int AS n FROM audit_log WHERE directive_id = $1 AND unit_id = $2', [directiveId, unitId]);
const historyLength = async (unitId: string) =>
  (await env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, unitId)).fetchHistory()).events?.length ?? -1;

beforeAll(async () => {
  // Short journal and rollup intervals: the committees' deferred writes and messages settle within
  // the quiet window of `settled`, so "nothing is recorded" compares settled states.
  env = await startCascadeEnv({ timeSkipping: false, limits: QUICK_JOURNAL_LIMITS });
  app = appWith();
  const org = await app.inject({ method: 'POST', url: '/api/org', headers: { ...bearer(secretariat), 'content-type': 'text/csv' }, payload: quotedCsv(ORG) });
  expect(org.json()).toMatchObject({ imported: ORG.length });
  const launched = await app.inject({ method: 'POST', url: '/api/directives', headers: bearer(secretariat), payload: smallSpec('41-CT/TW', today, year) });
  expect(launched.statusCode).toBe(201);
  directiveId = launched.json().directiveId;
  await eventually(
    async () => (await count(`SELECT count(*)::int AS n FROM audit_log WHERE directive_id = $1 AND kind = 'notice'`, [directiveId])) === 10,
    90_000,
    'the notices',
  );
}, 180_000);
afterAll(async () => {
  for (const a of built) await a.close();
  await env?.stop();
});

describe('oversized bodies', () => {
  test('a report body over the limit is 413 with the limit in both languages, and nothing is recorded', async () => {
    const before = await settled(async () => [await auditRows('D1-C1'), await historyLength('D1')]);
    const huge = { ...smallReport('D1-C1', today), notes: 'x'.repeat(2 * 1024 * 1024) };
    const res = await app.inject({ method: 'POST', url: `/api/directives/${directiveId}/units/D1-C1/report`, headers: bearer(secretariat), payload: huge });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({
      error: 'PayloadTooLarge',
      message: expect.stringMatching(/^the request body is larger than 1 MiB \(1048576 bytes\)/),
      messageVi: expect.stringMatching(/^Nội dung gửi lên lớn hơn 1 MiB/),
    });
    expect([await auditRows('D1-C1'), await historyLength('D1')]).toEqual(before);
  });

  test('API_BODY_LIMIT_BYTES lowers the limit; the organisation import keeps its own 64 MiB', async () => {
    const small = appWith({ API_BODY_LIMIT_BYTES: 4096 });
    const res = await small.inject({
      method: 'POST',
      url: `/api/directives/${directiveId}/units/D1-C1/report`,
      headers: bearer(secretariat),
      payload: { ...smallReport('D1-C1', today), notes: 'y'.repeat(5000) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toMatch(/larger than 4 KiB \(4096 bytes\)/);
    const org = await small.inject({
      method: 'POST',
      url: '/api/org',
      headers: { ...bearer(secretariat), 'content-type': 'text/csv' },
      payload: `${quotedCsv(ORG)}\n${' '.repeat(8000)}`,
    });
    expect(org.statusCode).not.toBe(413);
  });
});

describe('organisation files in other encodings', () => {
  // "Chi bộ" in Windows-1258: ô is 0xF4 and the dot below a combining mark 0xF2 — not UTF-8.
  const cp1258 = Buffer.concat([
    Buffer.from(`${orgCsv(SMALL_ORG.slice(0, 2))}\nD1,Huy`),
    Buffer.from([0xea, 0xf2]),
    Buffer.from('n u\xfd 1,district,QN,d1@qn.test,40,40\n', 'latin1'),
  ]);
  const post = (payload: Buffer, type = 'text/csv') =>
    app.inject({ method: 'POST', url: '/api/org', headers: { ...bearer(secretariat), 'content-type': type }, payload });

  test('Windows-1258 bytes are refused naming the row and the encoding, and nothing is imported', async () => {
    const before = await orgRows();
    const res = await post(cp1258);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'InvalidOrganisation',
      issues: [{ row: 3, rule: 'encoding', message: expect.stringMatching(/^row 3: byte \d+ \(0xEA 0xF2 .*\) is not UTF-8: .*Windows-1258.*CSV UTF-8/) }],
    });
    expect(await orgRows()).toBe(before);
  });

  test('a UTF-16 file (with its byte-order mark) is refused naming UTF-16', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(orgCsv(SMALL_ORG), 'utf16le')]);
    const res = await post(utf16);
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([
      expect.objectContaining({ row: 0, rule: 'encoding', message: expect.stringMatching(/^header \(row 0\): the file is UTF-16 little-endian/) }),
    ]);
    const noBom = await post(Buffer.from(orgCsv(SMALL_ORG), 'utf16le'));
    expect(noBom.json().issues[0].message).toMatch(/NUL .* UTF-16 without a byte-order mark/);
  });

  test('UTF-8 with a BOM (Excel’s "CSV UTF-8") is accepted, names intact', async () => {
    const res = await post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(quotedCsv(ORG))]));
    expect(res.statusCode).toBe(200);
    expect(res.json().imported).toBe(ORG.length);
    expect((await env.db.pool.query<{ name: string }>(`SELECT name FROM org_units WHERE id = 'QN'`)).rows[0]?.name).toBe('Tỉnh ủy Quảng Ninh');
  });
});

describe('input PostgreSQL cannot hold is refused at the edge, naming the field', () => {
  const reportUrl = (unit: string) => `/api/directives/${directiveId}/units/${unit}/report`;
  const measure = async () => [await auditRows('D1-C1'), await auditRows('D3-C1'), await historyLength('D1'), await historyLength('D3'), await orgRows()];

  test('invalid UTF-8 in a JSON body is 400 naming the field and the byte offset, and nothing is recorded', async () => {
    const before = await settled(measure, { what: 'the cascade before the bad bodies' });
    // "Bí thư" in Windows-1258 bytes: í is 0xED, ư is 0xFD.
    const json = JSON.stringify({ ...smallReport('D1-C1', today), reportedBy: '@@' });
    const [head, tail] = json.split('@@') as [string, string];
    const payload = Buffer.concat([Buffer.from(head), Buffer.from([0x42, 0xed, 0x20, 0x74, 0x68, 0xfd]), Buffer.from(tail)]);
    const res = await app.inject({ method: 'POST', url: reportUrl('D1-C1'), headers: { ...bearer(secretariat), 'content-type': 'application/json' }, payload });
    const offset = Buffer.byteLength(head) + 1;
    expect([res.statusCode, res.json()]).toEqual([
      400,
      {
        error: 'InvalidInput',
        message: `reportedBy: the bytes at offset ${offset} of the body (0xED 0x20 0x74 0x68) are not UTF-8; send the body as UTF-8 (JSON and form posts must be UTF-8)`,
        issues: [{ path: 'reportedBy', rule: 'encoding', message: expect.stringContaining(`offset ${offset}`) }],
      },
    ]);
    // The report form's fields are percent-encoded bytes: %ED is the same Windows-1258 í.
    const link = linkToken(await noticeLink(env, directiveId, 'D3-C1'));
    const form = await app.inject({
      method: 'POST',
      url: `/report/${link}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'reportedBy=B%ED+th%FD&attendees=15',
    });
    expect([form.statusCode, form.body]).toEqual([400, expect.stringContaining('reportedBy')]);
    expect(await settled(measure, { what: 'the cascade after the bad bodies' })).toEqual(before);
  }, 60_000);

  test('a count of 2^31 or 3e9 and a NUL or lone surrogate in notes are 400 naming the field, and nothing is recorded', async () => {
    const before = await settled(measure, { what: 'the cascade before the bad reports' });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ members: 2 ** 31, attendees: 19 }, 'members'],
      [{ members: 3e9, attendees: 3e9 }, 'members'],
      [{ essaysExpected: 3e9 }, 'essaysExpected'],
      [{ notes: 'Đã học tập\u0000xong' }, 'notes'],
      [{ notes: 'Đã học tập \uD83D' }, 'notes'],
    ];
    const answers = [];
    for (const [change, field] of cases) {
      const res = await app.inject({
        method: 'POST',
        url: reportUrl('D1-C1'),
        headers: bearer(secretariat),
        payload: { ...smallReport('D1-C1', today), ...change },
      });
      const body = res.json() as { message: string; issues?: Array<{ path: string }> };
      answers.push([field, res.statusCode, (body.issues ?? []).some((i) => i.path === field) && body.message.includes(field)]);
    }
    expect(answers).toEqual(cases.map(([, field]) => [field, 400, true]));
    expect(await settled(measure, { what: 'the cascade after the bad reports' })).toEqual(before);
  }, 60_000);

  test.each(['csv', 'json'] as const)(
    'an organisation %s file with a count of 2^31 is 400 naming the row and the field (not 500), and nothing is imported',
    async (format) => {
      const rows = ORG.map((u) => (u.id === 'D2' ? { ...u, essaysExpected: 2 ** 31 } : u));
      const before = await env.db.pool.query(`SELECT md5(string_agg(concat_ws('|', id, name, members, essays_expected), ',' ORDER BY id)) AS f FROM org_units`);
      const res = await app.inject({
        method: 'POST',
        url: '/api/org',
        headers: { ...bearer(secretariat), 'content-type': format === 'csv' ? 'text/csv' : 'application/json' },
        payload: format === 'csv' ? quotedCsv(rows) : JSON.stringify(rows),
      });
      const row = rows.findIndex((u) => u.id === 'D2') + 1;
      expect([res.statusCode, res.json().issues]).toEqual([
        400,
        [
          expect.objectContaining({
            row,
            path: 'essaysExpected',
            message: expect.stringMatching(new RegExp(`^row ${row} \\(unit D2\\): essaysExpected is 2147483648, more than 2,147,483,647`)),
          }),
        ],
      ]);
      expect(
        (await env.db.pool.query(`SELECT md5(string_agg(concat_ws('|', id, name, members, essays_expected), ',' ORDER BY id)) AS f FROM org_units`)).rows,
      ).toEqual(before.rows);
    },
  );

  test('every refused extension names the field concerned (to, or unitId for a closed unit) in issues and message, and nothing is recorded', async () => {
    expect((await app.inject({ method: 'POST', url: reportUrl('D3-C2'), headers: bearer(secretariat), payload: smallReport('D3-C2', today) })).statusCode).toBe(
      200,
    );
    const closed = async () => [await auditRows('D3-C2'), await auditRows('D1-C2'), await historyLength('D3'), await historyLength('D1')];
    const before = await settled(closed, { what: 'D3 after the report' });
    const tos: unknown[] = [
      '31/02/2027',
      '30/02/2027',
      '2027-13-01',
      'tuần sau',
      '',
      '   ',
      'P10D',
      'PT36H',
      'Q5/2027',
      'quý V/2027',
      '2027-06-30T17:00',
      '2027-06-31T17:00:00+07:00',
      '01/01/2020',
      `01/01/${year}`,
      `30/09/${year}`,
      'Q1/2020',
      '31/12/2027\u0000',
      '31/12/2027\uD800',
      'x'.repeat(65),
      '31/12\n/2027',
      42,
      null,
    ];
    const answers = [];
    for (const to of tos) {
      const res = await app.inject({ method: 'POST', url: `/api/directives/${directiveId}/units/D1-C2/extend`, headers: bearer(secretariat), payload: { to } });
      const body = res.json() as { message: string; issues?: Array<{ path: string }> };
      answers.push([to, res.statusCode >= 400 && res.statusCode < 500, (body.issues ?? []).some((i) => i.path === 'to') && body.message.includes('to')]);
    }
    const late = await app.inject({
      method: 'POST',
      url: `/api/directives/${directiveId}/units/D3-C2/extend`,
      headers: bearer(secretariat),
      payload: { to: '31/12/2099' },
    });
    answers.push(['closed unit', late.statusCode, late.json().issues]);
    expect(answers).toEqual([
      ...tos.map((to) => [to, true, true]),
      ['closed unit', 409, [{ path: 'unitId', rule: 'closed', message: expect.stringMatching(/^unit D3-C2 is done-on-time; only an open unit/) }]],
    ]);
    expect(await settled(closed, { what: 'D3 and D1 after the refused extensions' })).toEqual(before);
  }, 90_000);
});

describe('Vietnamese in NFD and NFC', () => {
  test('names are stored composed (NFC): the two spellings are one name, byte for byte', async () => {
    const { rows } = await env.db.pool.query<{ name: string }>(`SELECT DISTINCT name FROM org_units WHERE id IN ('D1-C1', 'D1-C2')`);
    expect(rows).toEqual([{ name: NFC_NAME }]);
    const snapshot = await env.db.pool.query<{ name: string }>(
      `SELECT DISTINCT name FROM directive_units WHERE directive_id = $1 AND unit_id IN ('D1-C1', 'D1-C2')`,
      [directiveId],
    );
    expect(snapshot.rows).toEqual([{ name: NFC_NAME }]);
  });

  test('searching by name finds both units whichever form the query is in', async () => {
    for (const q of [NFD_NAME, NFC_NAME, 'chi bộ hạ'.normalize('NFD')]) {
      const res = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/units?q=${encodeURIComponent(q)}`, headers: bearer(secretariat) });
      expect(res.statusCode).toBe(200);
      expect(
        res
          .json()
          .units.map((u: { unitId: string }) => u.unitId)
          .sort(),
      ).toEqual(['D1-C1', 'D1-C2']);
    }
    const literal = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/units?q=${encodeURIComponent('%')}`, headers: bearer(secretariat) });
    expect(literal.json().total).toBe(0);
  });
});

describe('CSV export', () => {
  test('names that start with = + - @ are neutralised; the rest is untouched', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/export.csv`, headers: bearer(secretariat) });
    expect(res.statusCode).toBe(200);
    const [header, ...rows] = parseCsv(res.body.replace(/^\uFEFF/, '').trimEnd());
    const nameAt = (header ?? []).indexOf('name');
    const names = new Map(rows.map((r) => [r[0], r[nameAt]]));
    expect(FORMULAS.map((f, i) => names.get(['D2-C1', 'D2-C2', 'D3-C1', 'D3-C2'][i] as string) === `'${f}`)).toEqual([true, true, true, true]);
    expect(names.get('D1-C1')).toBe(NFC_NAME);
    // No cell of the whole file starts with a character a spreadsheet evaluates.
    expect(rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
  });
});

describe('rate limits', () => {
  test('the N+1th report of a unit in a window is 429 with Retry-After, and nothing is recorded for it', async () => {
    const limited = appWith({ RATE_LIMIT_REPORTS: 3, RATE_LIMIT_WINDOW_SECONDS: 120 });
    const unit = bearer(tokenFor('unit', 'D2-C1'));
    const url = `/api/directives/${directiveId}/units/D2-C1`;
    expect((await limited.inject({ method: 'POST', url: `${url}/report`, headers: unit, payload: smallReport('D2-C1', today, 11) })).statusCode).toBe(200);
    expect((await limited.inject({ method: 'POST', url: `${url}/correct`, headers: unit, payload: smallReport('D2-C1', today, 12) })).statusCode).toBe(200);
    expect((await limited.inject({ method: 'POST', url: `${url}/correct`, headers: unit, payload: smallReport('D2-C1', today, 13) })).statusCode).toBe(200);
    await eventually(
      async () =>
        (await count(`SELECT count(*)::int AS n FROM audit_log WHERE directive_id = $1 AND unit_id = 'D2-C1' AND kind IN ('report', 'correction')`, [
          directiveId,
        ])) === 3,
      60_000,
      'three journalled reports',
    );
    const measure = async () => [await auditRows('D2-C1'), await historyLength('D2'), await historyLength('QN')];
    const before = await settled(measure, { what: 'D2 after three reports' });

    const res = await limited.inject({ method: 'POST', url: `${url}/correct`, headers: unit, payload: smallReport('D2-C1', today, 14) });
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(120);
    expect(res.json()).toEqual({
      error: 'TooManyRequests',
      message: expect.stringMatching(/^too many reports: at most 3 per window for one caller; try again in \d+ s$/),
      messageVi: expect.stringMatching(/^Quá nhiều báo cáo: .* thử lại sau \d+ giây$/),
    });
    // The unit's report link shares the budget: the form answers with a page in the page's language.
    const link = linkToken(await noticeLink(env, directiveId, 'D2-C1'));
    const page = await limited.inject({
      method: 'POST',
      url: `/report/${link}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'attendees=15',
    });
    expect(page.statusCode).toBe(429);
    expect(page.headers['retry-after']).toBeDefined();
    expect(page.body).toContain('Quá nhiều yêu cầu');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await measure()).toEqual(before);
    expect((await env.cascade.unit(directiveId, 'D2-C1')).report?.attendees).toBe(13);
    // Another unit has its own budget.
    expect(
      (await limited.inject({ method: 'POST', url: `/api/directives/${directiveId}/units/D2-C2/acknowledge`, headers: bearer(tokenFor('unit', 'D2-C2')) }))
        .statusCode,
    ).toBe(200);
  }, 120_000);

  test('token issuing is limited per secretariat caller', async () => {
    const limited = appWith({ RATE_LIMIT_TOKENS: 2 });
    const issue = () =>
      limited.inject({ method: 'POST', url: '/api/tokens', headers: bearer(secretariat), payload: { sub: 'bt-d1', role: 'supervisor', unitId: 'D1' } });
    expect([(await issue()).statusCode, (await issue()).statusCode]).toEqual([201, 201]);
    const third = await issue();
    expect(third.statusCode).toBe(429);
    expect(third.json()).toMatchObject({ error: 'TooManyRequests', message: expect.stringContaining('too many token requests: at most 2') });
    expect(third.headers['retry-after']).toMatch(/^\d+$/);
    expect(third.body).not.toMatch(/"token"/);
    const other = await limited.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: bearer(tokenFor('secretariat', undefined, 3600, Date.now() - 1000)),
      payload: { sub: 'x', role: 'secretariat' },
    });
    expect(other.statusCode).toBe(429); // the same holder (sub) with a fresh token shares the budget
  });
});

test('logs hold no bearer token, report-link token, issued token or secret, even at trace level', async () => {
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  const logged = appWith({ RATE_LIMIT_TOKENS: 1 }, { level: 'trace', stream });
  const link = linkToken(await noticeLink(env, directiveId, 'D3-C1'));
  const supervisor = tokenFor('supervisor', 'QN');
  const issued = await logged.inject({
    method: 'POST',
    url: '/api/tokens',
    headers: bearer(secretariat),
    payload: { sub: 'bt-qn', role: 'supervisor', unitId: 'QN' },
  });
  const issuedToken = issued.json().token as string;
  await logged.inject({ method: 'POST', url: '/api/tokens', headers: bearer(secretariat), payload: { sub: 'bt-qn', role: 'supervisor', unitId: 'QN' } }); // 429
  await logged.inject({ method: 'GET', url: `/report/${link}?lang=en` });
  await logged.inject({ method: 'POST', url: `/report/${link}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'attendees=abc' });
  await logged.inject({ method: 'GET', url: `/dashboard?token=${issuedToken}` });
  await logged.inject({
    method: 'GET',
    url: `/api/directives/${directiveId}/rollup`,
    headers: { ...bearer(supervisor), cookie: `cascade_session=${supervisor}` },
  });
  await logged.inject({ method: 'GET', url: '/api/directives', headers: bearer(`${supervisor}x`) }); // 401
  await logged.inject({
    method: 'POST',
    url: `/api/directives/${directiveId}/units/D3-C2/report`,
    headers: bearer(link),
    payload: { notes: 'z'.repeat(1_100_000) },
  }); // 413
  await logged.inject({ method: 'GET', url: `/no/such/${link}?token=${supervisor}` });
  await new Promise((r) => setImmediate(r));
  const text = lines.join('\n');
  expect(lines.length).toBeGreaterThan(10);
  const secrets = [secretariat, supervisor, link, issuedToken, TEST_TOKEN_SECRET, TEST_LINK_SECRET];
  const signatures = secrets.flatMap((s) => s.split('.').filter((part) => part.length >= 20));
  expect(lines.filter((l) => secrets.concat(signatures).some((s) => l.includes(s)))).toEqual([]);
  expect(text).not.toMatch(/authorization|bearer /i);
});
