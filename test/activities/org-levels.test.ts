// The directory's levels in PostgreSQL (migration 0007): imported with the units in one transaction,
// read back by launch, the 2021 four for databases migrated from before levels were data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LEVEL_DEFINITIONS, LEVELS_2025 } from '../../src/domain/org/levels';
import { requireValidOrg } from '../../src/domain/org/org';
import { directiveRootAndLevels, recordDirective } from '../../src/store/directive-records';
import { migrate, MIGRATIONS_DIR } from '../../src/store/migrate';
import { loadOrganisation, loadOrganisationLevels, saveOrganisation } from '../../src/store/org-directory';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { migratedDatabase } from './fixtures';

const UNITS_2025 = [
  { id: 'TW', name: 'Bộ Chính trị', level: 'central', parentId: null, email: 'tw@cascade.test', members: 0, essaysExpected: 0 },
  { id: 'HP', name: 'Thành ủy Hải Phòng', level: 'province', parentId: 'TW', email: 'hp@cascade.test', members: 30, essaysExpected: 30 },
  { id: 'HP-X1', name: 'Đảng ủy phường Hồng Bàng', level: 'commune', parentId: 'HP', email: 'x1@cascade.test', members: 20, essaysExpected: 20 },
  { id: 'HP-X1-C1', name: 'Chi bộ tổ dân phố 1', level: 'cell', parentId: 'HP-X1', email: 'c1@cascade.test', members: 12, essaysExpected: 12 },
];

describe('the directory keeps its levels', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await migratedDatabase();
  });
  afterAll(() => db.drop());

  test('a new database holds the 2021 four, as the migration writes them', async () => {
    expect(await loadOrganisationLevels(db.pool)).toEqual(DEFAULT_LEVEL_DEFINITIONS);
  });

  test('an import stores the tree’s levels with its units, and the directory loads against them', async () => {
    await saveOrganisation(db.pool, requireValidOrg(UNITS_2025, LEVELS_2025));
    expect(await loadOrganisationLevels(db.pool)).toEqual(LEVELS_2025);
    const tree = await loadOrganisation(db.pool);
    expect([tree.levels, tree.levelDefinitions, tree.ancestors('HP-X1-C1').map((u) => u.id)]).toEqual([
      ['central', 'province', 'commune', 'cell'],
      LEVELS_2025,
      ['HP-X1', 'HP', 'TW'],
    ]);
  });

  test('levels without plural or short words come back without them', async () => {
    const bare = [
      { name: 'tỉnh', label: { vi: 'Tỉnh', en: 'Province' } },
      { name: 'xã', label: { vi: 'Xã', en: 'Commune' }, short: { vi: 'X', en: 'C' } },
    ];
    await saveOrganisation(
      db.pool,
      requireValidOrg(
        [
          { ...UNITS_2025[1], parentId: null, level: 'tỉnh' },
          { ...UNITS_2025[2], level: 'xã' },
        ],
        bare,
      ),
    );
    expect(await loadOrganisationLevels(db.pool)).toEqual(bare);
  });

  test('a directive keeps the levels its launch recorded, whatever the directory holds later', async () => {
    const row = { id: '96-CT-TW-2026', code: '96-CT/TW', title: 'x', rootId: 'TW', spec: { code: '96-CT/TW' }, levels: LEVELS_2025 };
    expect((await recordDirective(db.pool, row)).levels).toEqual(LEVELS_2025);
    await saveOrganisation(db.pool, requireValidOrg(UNITS_2025.slice(0, 2)));
    // A second record of the same id returns the first one's levels.
    expect((await recordDirective(db.pool, { ...row, levels: DEFAULT_LEVEL_DEFINITIONS })).levels).toEqual(LEVELS_2025);
    expect(await directiveRootAndLevels(db.pool, row.id)).toEqual({ rootId: 'TW', levels: LEVELS_2025 });
    expect(await directiveRootAndLevels(db.pool, 'nope')).toBeNull();
  });
});

test('a database migrated from before levels were data gets the 2021 four for its directory and its directives', async () => {
  const before = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-0006-'));
  const db = await createTestDatabase();
  try {
    for (const file of fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql') && f < '0007'))
      fs.copyFileSync(path.join(MIGRATIONS_DIR, file), path.join(before, file));
    await migrate(db.pool, before);
    await db.pool.query(`INSERT INTO directives (id, code, title, root_unit_id, spec) VALUES ('01-CT-TW-2021', '01-CT/TW', 't', 'TW', '{}')`);
    expect((await migrate(db.pool)).applied[0]).toBe('0007_org_levels.sql');
    expect(await directiveRootAndLevels(db.pool, '01-CT-TW-2021')).toEqual({ rootId: 'TW', levels: DEFAULT_LEVEL_DEFINITIONS });
    expect(await loadOrganisationLevels(db.pool)).toEqual(DEFAULT_LEVEL_DEFINITIONS);
    // The default only filled the rows that existed: a directive is recorded with its levels, or not at all.
    await expect(db.pool.query(`INSERT INTO directives (id, code, title, root_unit_id, spec) VALUES ('x', 'x', 't', 'TW', '{}')`)).rejects.toThrow(
      /null value in column "levels"/,
    );
  } finally {
    await db.drop();
    fs.rmSync(before, { recursive: true, force: true });
  }
});
