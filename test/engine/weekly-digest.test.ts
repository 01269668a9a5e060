// The weekly digest on real servers: PostgreSQL holding directives as committees journal them, the
// time-skipping Temporal server for the week boundary, a real SMTP sink, and the HTTP app for the
// digest's inbox link and the opt-out rights.
import '../api/inject-shim';
import type { FastifyInstance } from 'fastify';
import type { ParsedMail } from 'mailparser';
import type { Pool } from 'pg';
import { WEEKLY_DIGEST_WORKFLOW_ID, weeklyDigestWorkflow } from '../../src/engine/weekly-digest-schedule';
import { createActivities } from '../../src/engine/activities';
import { DEFAULT_LEVEL_DEFINITIONS } from '../../src/domain/org/levels';
import type { TrackStatus } from '../../src/domain/track/unit-track';
import { buildApp } from '../../src/http/app';
import { createMailer } from '../../src/mail/mailer';
import { digestStatus } from '../../src/store/digest-sends';
import { eventually, startCascadeEnv, TEST_BASE_URL, TEST_LINK_SECRET, type CascadeEnv } from '../harness/cascade-env';
import { bearer, testAppDeps, tokenFor } from '../api/api-fixtures';

jest.setTimeout(180_000);

// Monday 7/12/2026 07:00 Vietnam time, ISO week 2026-W50; the week it covers ends before 14/12 07:00.
const MONDAY = '2026-12-07T00:00:00.000Z';
const WEEK = '2026-W50';
const PAST = '2026-11-30T16:59:59.999Z';
const IN_WEEK = '2026-12-10T16:59:59.999Z';
const NEXT_WEEK = '2026-12-17T16:59:59.999Z';
const FAR = '2027-03-31T16:59:59.999Z';

let env: CascadeEnv;
let app: FastifyInstance;

interface Line {
  id: string;
  parent: string | null;
  level: string;
  status?: TrackStatus;
  deadline?: string;
}

async function directive(pool: Pool, id: string, code: string, lines: Line[], status = 'active'): Promise<void> {
  await pool.query(
    `INSERT INTO directives (id, code, title, root_unit_id, spec, status, launched_at, levels) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8::jsonb)`,
    [
      id,
      code,
      `Tiêu đề ${code}`,
      lines[0]?.id,
      JSON.stringify({ issuer: 'Bộ Chính trị', issuedOn: '2026-10-01' }),
      status,
      '2026-10-05T03:00:00Z',
      JSON.stringify(DEFAULT_LEVEL_DEFINITIONS),
    ],
  );
  const byId = new Map(lines.map((l) => [l.id, l]));
  const ancestorsOf = (l: Line): string[] => (l.parent === null ? [] : [l.parent, ...ancestorsOf(byId.get(l.parent) as Line)]);
  for (const l of lines) {
    const ancestors = ancestorsOf(l);
    const hasChildren = lines.some((c) => c.parent === l.id);
    await pool.query(
      `INSERT INTO directive_units (directive_id, unit_id, parent_id, level, name, email, members, essays_expected, has_children, holder_id, ancestors, depth)
       VALUES ($1, $2, $3, $4, $5, $6, 20, 5, $7, $8, $9, $10)`,
      [
        id,
        l.id,
        l.parent,
        l.level,
        `Đơn vị ${l.id}`,
        `${l.id.toLowerCase()}@qn.test`,
        hasChildren,
        hasChildren ? l.id : (l.parent ?? l.id),
        ancestors,
        ancestors.length,
      ],
    );
    if (!l.status) continue;
    await pool.query(
      `INSERT INTO unit_projection (directive_id, unit_id, level, parent_id, ancestors, status, deadline, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, l.id, l.level, l.parent, ancestors, l.status, l.deadline, '2026-10-05T03:00:00Z'],
    );
  }
}

const digestsTo = (address: string) => (m: ParsedMail) =>
  m.headers.get('x-cascade-kind') === 'weekly-digest' && m.to !== undefined && JSON.stringify(m.to).includes(address);
/** The units a digest lists, as `code unit` pairs, from its text lines. */
const listed = (m: ParsedMail) =>
  (m.text ?? '')
    .split('\n')
    .filter((l) => l.startsWith('['))
    .map((l) => /\] (\S+) · (\S+) /.exec(l)?.slice(1, 3).join(' '))
    .sort();

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: true });
  await env.importOrg(
    [
      ['TW', null, 'central'],
      ['QN', 'TW', 'province'],
      ['D1', 'QN', 'district'],
      ['D2', 'QN', 'district'],
      ['D3', 'QN', 'district'],
      ['D1-C1', 'D1', 'cell'],
      ['D1-C2', 'D1', 'cell'],
      ['D1-C3', 'D1', 'cell'],
      ['D2-C1', 'D2', 'cell'],
      ['D2-C2', 'D2', 'cell'],
      ['D3-C1', 'D3', 'cell'],
    ].map(([id, parentId, level]) => ({
      id: id as string,
      parentId: parentId ?? null,
      level: level as string,
      name: `Đơn vị ${id}`,
      email: `${(id as string).toLowerCase()}@qn.test`,
      members: 20,
      essaysExpected: 5,
    })),
  );
  const pool = env.db.pool;
  // 77-CT/TW: one overdue cell, one due this week, one done, one due next week, one exempted; D1's own line due this week.
  await directive(pool, '77-CT-TW-2026', '77-CT/TW', [
    { id: 'TW', parent: null, level: 'central' },
    { id: 'QN', parent: 'TW', level: 'province', status: 'pending', deadline: FAR },
    { id: 'D1', parent: 'QN', level: 'district', status: 'pending', deadline: IN_WEEK },
    { id: 'D2', parent: 'QN', level: 'district', status: 'pending', deadline: FAR },
    { id: 'D3', parent: 'QN', level: 'district', status: 'done-on-time', deadline: PAST },
    { id: 'D1-C1', parent: 'D1', level: 'cell', status: 'overdue', deadline: PAST },
    { id: 'D1-C2', parent: 'D1', level: 'cell', status: 'acknowledged', deadline: IN_WEEK },
    { id: 'D1-C3', parent: 'D1', level: 'cell', status: 'done-late', deadline: PAST },
    { id: 'D2-C1', parent: 'D2', level: 'cell', status: 'pending', deadline: NEXT_WEEK },
    { id: 'D2-C2', parent: 'D2', level: 'cell', status: 'exempted', deadline: PAST },
    { id: 'D3-C1', parent: 'D3', level: 'cell', status: 'done-on-time', deadline: PAST },
  ]);
  // 78-CT/TW: D2-C1 overdue, D1-C3 extended into this week.
  await directive(pool, '78-CT-TW-2026', '78-CT/TW', [
    { id: 'QN', parent: null, level: 'province' },
    { id: 'D1', parent: 'QN', level: 'district', status: 'done-on-time', deadline: PAST },
    { id: 'D2', parent: 'QN', level: 'district', status: 'pending', deadline: FAR },
    { id: 'D1-C3', parent: 'D1', level: 'cell', status: 'extended', deadline: IN_WEEK },
    { id: 'D2-C1', parent: 'D2', level: 'cell', status: 'overdue', deadline: PAST },
  ]);
  // A withdrawn directive's overdue line is in no digest.
  await directive(
    pool,
    '79-CT-TW-2026',
    '79-CT/TW',
    [
      { id: 'D3', parent: null, level: 'district' },
      { id: 'D3-C1', parent: 'D3', level: 'cell', status: 'overdue', deadline: PAST },
    ],
    'withdrawn',
  );
  app = buildApp(testAppDeps(env.cascade));
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await env?.stop();
});

test('a unit opts out only for itself; the secretariat may set any unit and lists who opted out and when', async () => {
  const post = (unit: string, token: string, optOut: unknown) =>
    app.inject({ method: 'POST', url: `/api/units/${unit}/digest`, headers: bearer(token), payload: { optOut } });
  expect((await post('D2', tokenFor('unit', 'D1-C1'), true)).statusCode).toBe(403);
  expect((await post('D2', tokenFor('supervisor', 'QN'), true)).statusCode).toBe(403);
  const bad = await post('D2', tokenFor('unit', 'D2'), 'yes');
  expect([bad.statusCode, bad.body.includes('optOut')]).toEqual([400, true]);
  expect((await post('NOPE', tokenFor('secretariat'), true)).statusCode).toBe(404);
  const own = await post('D2', tokenFor('unit', 'D2'), true);
  expect(own.statusCode).toBe(200);
  expect(own.json()).toMatchObject({ unitId: 'D2', optedOut: true });
  // Opted in and out again by the secretariat: the list shows D2 once, with the latest opt-out.
  expect((await post('D3', tokenFor('secretariat'), true)).json()).toMatchObject({ optedOut: true });
  expect((await post('D3', tokenFor('secretariat'), false)).json()).toEqual({ unitId: 'D3', optedOut: false, optedOutAt: null });
  expect((await app.inject({ method: 'GET', url: '/api/digest/opt-outs', headers: bearer(tokenFor('unit', 'D2')) })).statusCode).toBe(403);
  const list = await app.inject({ method: 'GET', url: '/api/digest/opt-outs', headers: bearer(tokenFor('secretariat')) });
  expect(list.json().optOuts).toEqual([{ unitId: 'D2', name: 'Đơn vị D2', optedOutAt: expect.any(String), actor: 'api:unit-D2' }]);
});

test('Monday 07:00: each committee gets exactly its overdue units below and what falls due in the week; the opted-out one gets none', async () => {
  await env.temporal.workflow.start(weeklyDigestWorkflow, {
    workflowId: WEEKLY_DIGEST_WORKFLOW_ID,
    taskQueue: env.taskQueue,
    args: [{ after: '2026-12-03T10:00:00Z', weeksPerRun: 1 }],
  });
  await env.skipTo(MONDAY);
  const sent = await eventually(
    async () => {
      const statuses = await Promise.all(['TW', 'QN', 'D1'].map((u) => digestStatus(env.db.pool, u, WEEK)));
      return statuses.every((s) => s === 'sent') && (await env.mails((m) => m.headers.get('x-cascade-kind') === 'weekly-digest'));
    },
    60_000,
    'the digests of TW, QN and D1',
  );
  expect(sent.map((m) => (m.to && !Array.isArray(m.to) ? m.to.value[0]?.address : '')).sort()).toEqual(['d1@qn.test', 'qn@qn.test', 'tw@qn.test']);
  const [qn] = await env.mails(digestsTo('qn@qn.test'));
  expect(qn?.subject).toBe('Tổng hợp hằng tuần: 2 đơn vị quá hạn, 3 đơn vị đến hạn trong tuần');
  expect(listed(qn as ParsedMail)).toEqual(['77-CT/TW D1', '77-CT/TW D1-C1', '77-CT/TW D1-C2', '78-CT/TW D1-C3', '78-CT/TW D2-C1']);
  expect(qn?.text).toContain('[Quá hạn / Overdue] 77-CT/TW · D1-C1 Đơn vị D1-C1 · hạn 30/11/2026 (30 November 2026) · d1-c1@qn.test');
  const [d1] = await env.mails(digestsTo('d1@qn.test'));
  expect(d1?.subject).toBe('Tổng hợp hằng tuần: 1 đơn vị quá hạn, 3 đơn vị đến hạn trong tuần');
  expect(listed(d1 as ParsedMail)).toEqual(['77-CT/TW D1', '77-CT/TW D1-C1', '77-CT/TW D1-C2', '78-CT/TW D1-C3']);
  // D2 opted out (its overdue cell would be news); D3 has nothing overdue or due (its withdrawn directive does not count).
  expect(await env.mails(digestsTo('d2@qn.test'))).toEqual([]);
  expect(await env.mails(digestsTo('d3@qn.test'))).toEqual([]);
  expect(await digestStatus(env.db.pool, 'D3', WEEK)).toBeNull();
});

test('a second run in the same week sends nothing, and two runs at once send each digest once', async () => {
  const mailer = createMailer(env.sink.url);
  const activities = createActivities({ pool: env.db.pool, mailer, mailFrom: 'vptw@cascade.test', publicBaseUrl: TEST_BASE_URL, linkSecret: TEST_LINK_SECRET });
  try {
    const before = env.sink.messages.length;
    expect(await activities.sendWeeklyDigest({ week: WEEK, at: MONDAY })).toMatchObject({ sent: 0, alreadySent: 3, optedOut: 1 });
    expect(env.sink.messages.length).toBe(before);
    // The next week, run twice at once (a retry racing a second worker): one digest each.
    const next = { week: '2026-W51', at: '2026-12-14T00:00:00.000Z' };
    const [a, b] = await Promise.all([activities.sendWeeklyDigest(next), activities.sendWeeklyDigest(next)]);
    // Overdue D1-C1 and D2-C1 still (and D2-C1 due that week): TW, QN and D1 again, D2 still opted out.
    expect([a.sent + b.sent, a.alreadySent + b.alreadySent]).toEqual([3, 3]);
    const weekly = (await env.mails((m) => m.headers.get('x-cascade-week') === '2026-W51')).map((m) => m.messageId).sort();
    expect(weekly).toEqual([...new Set(weekly)]);
    expect(weekly.length).toBe(a.sent + b.sent);
  } finally {
    await mailer.close();
  }
});

test('the digest links to the committee’s own inbox, which lists its overdue unit, and lets it opt out there', async () => {
  const [qn] = await env.mails(digestsTo('qn@qn.test'));
  const link = /https?:\/\/\S+\/inbox\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(qn?.text ?? '')?.[0];
  expect(link).toBeDefined();
  const path = new URL(link as string).pathname;
  const page = await app.inject({ method: 'GET', url: path });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('Đơn vị QN');
  expect(page.body).toContain('data-unit="D1-C1"');
  expect(page.body).toContain('data-action="digest-opt-out"');
  const form = await app.inject({
    method: 'POST',
    url: `${path}/digest`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'optOut=true',
  });
  expect(form.statusCode).toBe(303);
  expect(form.headers.location).toBe(path);
  expect(await env.cascade.digestPreference('QN')).toMatchObject({ optedOut: true });
  expect((await app.inject({ method: 'GET', url: path })).body).toContain('data-action="digest-opt-in"');
  // The inbox link sets its own unit only, through the API too.
  const token = path.slice('/inbox/'.length);
  expect((await app.inject({ method: 'POST', url: '/api/units/D1/digest', headers: bearer(token), payload: { optOut: true } })).statusCode).toBe(403);
  expect((await app.inject({ method: 'POST', url: '/api/units/QN/digest', headers: bearer(token), payload: { optOut: false } })).json()).toMatchObject({
    optedOut: false,
  });
});
