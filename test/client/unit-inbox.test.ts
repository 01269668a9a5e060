// A unit's inbox read from PostgreSQL rows as the committees journal them (no workflows): which
// directives it lists and in which order, its own line in each, the report links it hands out, and
// the units below a committee that still owe, overdue first and bounded.
import type { Pool } from 'pg';
import { OWING_LIST_LIMIT, readUnitInbox } from '../../src/app/unit-inbox';
import { NotFoundError } from '../../src/app/errors';
import { DEFAULT_LEVEL_DEFINITIONS } from '../../src/domain/org/levels';
import type { TrackStatus } from '../../src/domain/track/unit-track';
import { verifyReportToken } from '../../src/security/report-link';
import { LINK_SECRET, insertOrg, migratedDatabase } from '../activities/fixtures';
import type { TestDatabase } from '../harness/database';

const NOW = new Date('2027-05-10T03:00:00.000Z');
const DAY_MS = 86_400_000;
const signer = { baseUrl: 'http://cascade.test', secret: LINK_SECRET };

let db: TestDatabase;

interface Unit {
  id: string;
  parent: string | null;
  level: string;
  status?: TrackStatus;
  deadline?: string;
  completedAt?: string;
}

/** Records a launched directive with its snapshot and projection, launched `launchedAt`. */
async function directive(pool: Pool, id: string, launchedAt: string, units: Unit[], status = 'active'): Promise<void> {
  await pool.query(
    `INSERT INTO directives (id, code, title, root_unit_id, spec, status, launched_at, levels) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8::jsonb)`,
    [
      id,
      id.replace(/^(\d+)-CT-TW-\d+$/, '$1-CT/TW'),
      `Tiêu đề ${id}`,
      units[0]?.id,
      JSON.stringify({ issuer: 'Bộ Chính trị', issuedOn: '2027-01-05' }),
      status,
      launchedAt,
      JSON.stringify(DEFAULT_LEVEL_DEFINITIONS),
    ],
  );
  const byId = new Map(units.map((u) => [u.id, u]));
  const ancestorsOf = (u: Unit): string[] => (u.parent === null ? [] : [u.parent, ...ancestorsOf(byId.get(u.parent) as Unit)]);
  for (const u of units) {
    const ancestors = ancestorsOf(u);
    const hasChildren = units.some((c) => c.parent === u.id);
    await pool.query(
      `INSERT INTO directive_units (directive_id, unit_id, parent_id, level, name, email, members, essays_expected, has_children, holder_id, ancestors, depth)
       VALUES ($1, $2, $3, $4, $5, $6, 20, 5, $7, $8, $9, $10)`,
      [
        id,
        u.id,
        u.parent,
        u.level,
        `Đơn vị ${u.id}`,
        `${u.id.toLowerCase()}@qn.test`,
        hasChildren,
        hasChildren ? u.id : (u.parent ?? u.id),
        ancestors,
        ancestors.length,
      ],
    );
    if (!u.status) continue;
    const done = u.completedAt !== undefined;
    await pool.query(
      `INSERT INTO unit_projection (directive_id, unit_id, level, parent_id, ancestors, status, deadline, received_at, completed_at, attendees, members, essays_submitted, essays_expected)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        id,
        u.id,
        u.level,
        u.parent,
        ancestors,
        u.status,
        u.deadline,
        launchedAt,
        u.completedAt ?? null,
        done ? 18 : null,
        done ? 20 : null,
        done ? 5 : null,
        done ? 5 : null,
      ],
    );
  }
}

async function corrections(pool: Pool, directiveId: string, unitId: string, n: number): Promise<void> {
  for (let i = 1; i <= n; i += 1) {
    await pool.query(
      `INSERT INTO audit_log (directive_id, unit_id, kind, actor, payload, dedupe_key, occurred_at) VALUES ($1, $2, 'correction', 'x', '{}', $3, $4)`,
      [directiveId, unitId, `${directiveId}/${unitId}/correction-${i}`, NOW.toISOString()],
    );
  }
}

beforeAll(async () => {
  db = await migratedDatabase();
  await insertOrg(db.pool, [
    ['TW', 'Bộ Chính trị', 'central', null, 'tw@dang.test'],
    ['QN', 'Tỉnh ủy Quảng Ninh', 'province', 'TW', 'tu@qn.test'],
    ['D1', 'Huyện ủy 1', 'district', 'QN', 'd1@qn.test'],
    ['D1-C1', 'Chi bộ 1.1', 'cell', 'D1', 'd1c1@qn.test'],
    ['LONE', 'Chi bộ mới', 'cell', 'QN', 'lone@qn.test'],
  ]);
  const tree = (cellStatus: TrackStatus, cellDeadline: string, extra: Partial<Unit> = {}): Unit[] => [
    { id: 'TW', parent: null, level: 'central' },
    { id: 'QN', parent: 'TW', level: 'province', status: 'pending', deadline: '2027-09-30T16:59:59.999Z' },
    { id: 'D1', parent: 'QN', level: 'district', status: 'pending', deadline: '2027-08-31T16:59:59.999Z' },
    { id: 'D1-C1', parent: 'D1', level: 'cell', status: cellStatus, deadline: cellDeadline, ...extra },
  ];
  // Done on time (corrected twice), open with an early deadline, open with a later one, withdrawn, exempted.
  await directive(db.pool, '11-CT-TW-2027', '2027-01-10T03:00:00Z', tree('done-on-time', '2027-04-30T16:59:59.999Z', { completedAt: '2027-04-20T03:00:00Z' }));
  await corrections(db.pool, '11-CT-TW-2027', 'D1-C1', 2);
  await directive(db.pool, '12-CT-TW-2027', '2027-02-10T03:00:00Z', tree('overdue', '2027-03-31T16:59:59.999Z'));
  await directive(db.pool, '13-CT-TW-2027', '2027-03-10T03:00:00Z', tree('acknowledged', '2027-06-30T16:59:59.999Z'));
  await directive(db.pool, '14-CT-TW-2027', '2027-04-10T03:00:00Z', tree('withdrawn', '2027-06-30T16:59:59.999Z'), 'withdrawn');
  await directive(db.pool, '15-CT-TW-2027', '2027-04-20T03:00:00Z', tree('exempted', '2027-06-30T16:59:59.999Z'));
});
afterAll(async () => {
  await db?.drop();
});

test('a cell sees every directive it is in: what it owes first by deadline, then the rest newest first, withdrawn ones as such', async () => {
  const inbox = await readUnitInbox(db.pool, 'D1-C1', signer, NOW);
  expect(inbox.unit).toEqual({ unitId: 'D1-C1', name: 'Chi bộ 1.1', level: 'cell', email: 'd1c1@qn.test' });
  expect(inbox.directives.map((d) => [d.directiveId, d.status, d.own.status])).toEqual([
    ['12-CT-TW-2027', 'active', 'overdue'],
    ['13-CT-TW-2027', 'active', 'acknowledged'],
    ['15-CT-TW-2027', 'active', 'exempted'],
    ['14-CT-TW-2027', 'withdrawn', 'withdrawn'],
    ['11-CT-TW-2027', 'active', 'done-on-time'],
  ]);
  const done = inbox.directives.find((d) => d.directiveId === '11-CT-TW-2027');
  expect(done).toMatchObject({
    code: '11-CT/TW',
    issuer: 'Bộ Chính trị',
    level: 'cell',
    own: { completedAt: '2027-04-20T03:00:00.000Z', corrections: 2, report: { attendees: 18, members: 20, essaysSubmitted: 5, essaysExpected: 5 } },
    below: null,
  });
});

test('report links go to the lines the unit can still file on, valid 30 days from the later of the deadline and now', async () => {
  const inbox = await readUnitInbox(db.pool, 'D1-C1', signer, NOW);
  const links = Object.fromEntries(inbox.directives.map((d) => [d.directiveId, d.own.reportLink]));
  expect(links['14-CT-TW-2027']).toBeNull(); // withdrawn
  expect(links['15-CT-TW-2027']).toBeNull(); // exempted
  const grant = (id: string) => verifyReportToken(/\/report\/(.+)$/.exec(links[id] ?? '')?.[1] ?? '', LINK_SECRET, NOW.getTime());
  // Open, deadline ahead: the deadline plus 30 days.
  expect(grant('13-CT-TW-2027')).toEqual({
    ok: true,
    directiveId: '13-CT-TW-2027',
    unitId: 'D1-C1',
    expiresAt: new Date(Date.parse('2027-06-30T16:59:59.999Z') + 30 * DAY_MS).toISOString(),
    // Minted now: a revocation of the family before now does not touch it.
    issuedAt: NOW.toISOString(),
  });
  // Overdue for 40 days and done long ago: still a working link, from now.
  expect(grant('12-CT-TW-2027')).toMatchObject({ ok: true, expiresAt: new Date(NOW.getTime() + 30 * DAY_MS).toISOString() });
  expect(grant('11-CT-TW-2027')).toMatchObject({ ok: true, directiveId: '11-CT-TW-2027' });
  expect(links['13-CT-TW-2027']).toMatch(/^http:\/\/cascade\.test\/report\//);
  // Without a signer there are no links.
  expect((await readUnitInbox(db.pool, 'D1-C1', null, NOW)).directives.every((d) => d.own.reportLink === null)).toBe(true);
});

test('a committee sees the units below it that still owe, overdue first; the issuer has no line of its own', async () => {
  const district = await readUnitInbox(db.pool, 'D1', signer, NOW);
  const below = Object.fromEntries(district.directives.map((d) => [d.directiveId, d.below]));
  expect(below['12-CT-TW-2027']).toEqual({
    total: 1,
    units: [{ unitId: 'D1-C1', name: 'Đơn vị D1-C1', level: 'cell', email: 'd1-c1@qn.test', status: 'overdue', deadline: '2027-03-31T16:59:59.999Z' }],
  });
  expect(below['11-CT-TW-2027']).toEqual({ total: 0, units: [] }); // reported
  expect(below['15-CT-TW-2027']).toEqual({ total: 0, units: [] }); // exempted
  const province = await readUnitInbox(db.pool, 'QN', signer, NOW);
  // The province owes its own report and sees both the district and the cell in 13 (acknowledged and pending), the earliest deadline first.
  expect(province.directives.find((d) => d.directiveId === '13-CT-TW-2027')?.below?.units.map((u) => u.unitId)).toEqual(['D1-C1', 'D1']);
  const root = await readUnitInbox(db.pool, 'TW', signer, NOW);
  expect(root.directives.map((d) => d.own)).toContainEqual({ status: null, deadline: null, completedAt: null, corrections: 0, report: null, reportLink: null });
  expect(root.directives.find((d) => d.directiveId === '12-CT-TW-2027')?.below?.units.map((u) => [u.unitId, u.status])).toEqual([
    ['D1-C1', 'overdue'],
    ['D1', 'pending'],
    ['QN', 'pending'],
  ]);
});

test(`a committee's list stops at ${OWING_LIST_LIMIT} units per directive and says how many owe in all`, async () => {
  const cells: Unit[] = Array.from({ length: OWING_LIST_LIMIT + 5 }, (_, i) => ({
    id: `BIG-${String(i).padStart(3, '0')}`,
    parent: 'BIG',
    level: 'cell',
    status: i % 50 === 7 ? 'overdue' : 'pending',
    deadline: new Date(Date.parse('2027-06-01T00:00:00Z') + i * 60_000).toISOString(),
  }));
  await directive(db.pool, '16-CT-TW-2027', '2027-04-30T03:00:00Z', [{ id: 'BIG', parent: null, level: 'district' }, ...cells]);
  const inbox = await readUnitInbox(db.pool, 'BIG', signer, NOW);
  const below = inbox.directives[0]?.below;
  expect(below?.total).toBe(OWING_LIST_LIMIT + 5);
  expect(below?.units).toHaveLength(OWING_LIST_LIMIT);
  expect(below?.units.slice(0, 6).map((u) => u.unitId)).toEqual(['BIG-007', 'BIG-057', 'BIG-107', 'BIG-157', 'BIG-000', 'BIG-001']);
});

test('a unit only in the directory has an empty inbox; one in neither is not found', async () => {
  expect(await readUnitInbox(db.pool, 'LONE', signer, NOW)).toEqual({
    unit: { unitId: 'LONE', name: 'Chi bộ mới', level: 'cell', email: 'lone@qn.test' },
    asOf: NOW.toISOString(),
    directives: [],
  });
  await expect(readUnitInbox(db.pool, 'NOWHERE', signer, NOW)).rejects.toThrow(NotFoundError);
  await expect(readUnitInbox(db.pool, 'NOWHERE', signer, NOW)).rejects.toThrow('unit NOWHERE is in no directive and not in the organisation directory');
});
