/** Shared setup for activity tests: a migrated database of its own, a small province tree, a directive. */
import type { Pool } from 'pg';
import { createActivities, type CascadeActivities } from '../../src/engine/activities';
import { createMailer } from '../../src/mail/mailer';
import { migrate } from '../../src/store/migrate';
import type { AuditEntry, DirectiveRuntime, ProjectionRow } from '../../src/domain/cascade/records';
import { createTestDatabase, type TestDatabase } from '../harness/database';

/** A signing secret long enough for report links (48 bytes). */
export const LINK_SECRET = 'test-link-secret-0123456789abcdefghijklmnopqrstu';

/** The activities on `pool` for tests that send no mail: the transport points nowhere and is never opened. */
export function activitiesWithoutMail(pool: Pool): CascadeActivities {
  return createActivities({
    pool,
    mailer: createMailer('smtp://127.0.0.1:9'),
    mailFrom: 'x <x@cascade.test>',
    publicBaseUrl: 'http://cascade.test',
    linkSecret: LINK_SECRET,
  });
}

/** A fresh database with every migration applied. */
export async function migratedDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  await migrate(db.pool);
  return db;
}

/** One org_units row: id, name, level, parent, email. */
export type OrgRow = [id: string, name: string, level: string, parentId: string | null, email: string];

/** TW → QN → two districts → three cells, plus a cell directly under the province (a skipped level). */
export const QUANG_NINH: OrgRow[] = [
  ['TW', 'Ban Chấp hành Trung ương', 'central', null, 'tw@dang.test'],
  ['QN', 'Tỉnh ủy Quảng Ninh', 'province', 'TW', 'tu@quangninh.test'],
  ['QN-HL', 'Thành ủy Hạ Long', 'district', 'QN', 'thanhuy@halong.test'],
  ['QN-CP', 'Thành ủy Cẩm Phả', 'district', 'QN', 'thanhuy@campha.test'],
  ['QN-HL-017', 'Chi bộ khu 7, phường Hồng Gai', 'cell', 'QN-HL', 'cb017@halong.test'],
  ['QN-HL-018', 'Chi bộ khu 8, phường Hồng Gai', 'cell', 'QN-HL', 'cb018@halong.test'],
  ['QN-CP-001', 'Chi bộ khu 1, phường Cẩm Thành', 'cell', 'QN-CP', 'cb001@campha.test'],
  ['QN-CA', 'Đảng bộ Công an tỉnh', 'cell', 'QN', 'congan@quangninh.test'],
];

/** Inserts organisation units (members 10, essays 8 unless the test changes them later). */
export async function insertOrg(pool: Pool, rows: readonly OrgRow[]): Promise<void> {
  await pool.query(
    `INSERT INTO org_units (id, name, level, parent_id, email, members, essays_expected)
     SELECT id, name, level, parent_id, email, 10, 8 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, name, level, parent_id, email)`,
    [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3]), rows.map((r) => r[4])],
  );
}

/** Chỉ thị 01-CT/TW as a committee workflow carries it, cascading from `rootId`. */
export function directive(rootId = 'QN', overrides: Partial<DirectiveRuntime> = {}): DirectiveRuntime {
  return {
    id: `01-CT-TW-2021-${rootId}`,
    code: '01-CT/TW',
    title: 'Nghiên cứu, học tập, quán triệt Nghị quyết Đại hội XIII',
    issuer: 'Bộ Chính trị',
    issuedOn: '2021-03-09',
    rootId,
    levels: ['central', 'province', 'district', 'cell'],
    deadlines: { district: 'Q3/2021', cell: '30/09/2021' },
    reminders: [-3 * 86_400_000, 0],
    escalation: [0, 7 * 86_400_000],
    language: 'vi',
    searchAttributes: false,
    ...overrides,
  };
}

/** The end of 30/9/2021 in Vietnam: the deadline of Quarter III. */
export const END_OF_Q3_2021 = '2021-09-30T16:59:59.999Z';

/** A cell's report as its committee journals it: the audit record (deduplicated per unit) of `report`. */
export function reportAudit(directiveId: string, unitId: string, payload: Record<string, unknown>, extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    directiveId,
    unitId,
    kind: 'report',
    actor: 'bí thư chi bộ',
    payload,
    occurredAt: '2027-07-15T03:00:00.000Z',
    dedupeKey: `${directiveId}/${unitId}/report`,
    ...extra,
  };
}

/** The projection row of a cell of QN-HL that reported on time (20 of 30 members, 20 of 30 essays), version 2. */
export function reportedProjection(directiveId: string, unitId: string, extra: Partial<ProjectionRow> = {}): ProjectionRow {
  return {
    directiveId,
    unitId,
    level: 'cell',
    parentId: 'QN-HL',
    ancestors: ['QN-HL', 'QN'],
    status: 'done-on-time',
    deadline: '2027-09-30T16:59:59.999Z',
    receivedAt: '2027-03-20T01:00:00.000Z',
    completedAt: '2027-07-15T03:00:00.000Z',
    attendees: 20,
    members: 30,
    essaysSubmitted: 20,
    essaysExpected: 30,
    version: 2,
    ...extra,
  };
}
