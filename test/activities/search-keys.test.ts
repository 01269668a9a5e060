// The folded search keys PostgreSQL keeps (migration 0019) against the fold the queries use
// (src/domain/text/search-fold.ts): the same text out of both for any Vietnamese text; rows already
// there when the migration runs get their keys; the directory listing searches, filters and pages.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { listDirectory } from '../../src/app/list-filters';
import { InputError } from '../../src/app/errors';
import { DEFAULT_LEVEL_DEFINITIONS } from '../../src/domain/org/levels';
import { foldForSearch } from '../../src/domain/text/search-fold';
import { migrate, MIGRATIONS_DIR } from '../../src/store/migrate';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { insertOrg, QUANG_NINH } from './fixtures';

/** Vietnamese letters with every tone in both cases, Latin-1 letters, digits, punctuation and the spaces the fold collapses. */
const TEXT_CHARS = [
  ...'aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵçñöüßæø',
  ...'0123456789-_.,%\\/()\'"',
].flatMap((c) => [c, c.toUpperCase()]);
const SPACES = [' ', '  ', '\t', '\u00a0', '\u2003', '\u3000', '\u202f'];
const text = fc
  .array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...TEXT_CHARS) }, { weight: 1, arbitrary: fc.constantFrom(...SPACES) }), { maxLength: 30 })
  .map((chars) => chars.join(''));

describe('search_fold in PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate(db.pool);
  });
  afterAll(async () => db.drop());

  test('folds any Vietnamese text, composed or decomposed, exactly as foldForSearch does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 60 }), fc.boolean(), async (texts, decomposed) => {
        const input = texts.map((t) => t.normalize(decomposed ? 'NFD' : 'NFC'));
        const { rows } = await db.pool.query<{ folded: string }>(
          'SELECT search_fold(t) AS folded FROM unnest($1::text[]) WITH ORDINALITY AS x(t, n) ORDER BY n',
          [input],
        );
        expect(rows.map((r) => r.folded)).toEqual(input.map(foldForSearch));
      }),
      { numRuns: 40 },
    );
  });

  test('the directory listing finds units by folded name or id, with level and subtree, paged', async () => {
    await insertOrg(db.pool, QUANG_NINH);
    const levels = DEFAULT_LEVEL_DEFINITIONS;
    const ids = async (filter: Parameters<typeof listDirectory>[2]) => (await listDirectory(db.pool, levels, filter)).units.map((u) => u.id);
    expect(await ids({ search: 'chi bo khu' })).toEqual(['QN-CP-001', 'QN-HL-017', 'QN-HL-018']);
    expect(await ids({ search: 'HONG GAI' })).toEqual(['QN-HL-017', 'QN-HL-018']);
    expect(await ids({ search: 'dang bo cong an' })).toEqual(['QN-CA']);
    expect(await ids({ search: 'qn-hl-01' })).toEqual(['QN-HL-017', 'QN-HL-018']);
    expect(await ids({ search: 'Cẩm Phả'.normalize('NFD') })).toEqual(['QN-CP']);
    expect(await ids({ level: 'cell', under: 'QN-HL' })).toEqual(['QN-HL-017', 'QN-HL-018']);
    expect(await ids({ under: 'QN-CP' })).toEqual(['QN-CP', 'QN-CP-001']);
    expect(await ids({ search: 'chi bo', level: 'cell', under: 'QN-CP' })).toEqual(['QN-CP-001']);
    // A name and an id are searched apart: nothing matches across the end of one and the start of the other.
    expect(await ids({ search: 'gai qn' })).toEqual([]);
    expect(await listDirectory(db.pool, levels, { search: 'chi bo', limit: 2, offset: 1 })).toEqual({
      total: 3,
      units: [
        expect.objectContaining({ id: 'QN-HL-017', name: 'Chi bộ khu 7, phường Hồng Gai', level: 'cell', parentId: 'QN-HL' }),
        expect.objectContaining({ id: 'QN-HL-018' }),
      ],
    });
    await expect(listDirectory(db.pool, levels, { level: 'commune' })).rejects.toThrow(
      new InputError('level "commune" is not a level of the directory; use one of central, province, district, cell'),
    );
  });

  test('LIKE wildcards and the backslash typed in a search are literal', async () => {
    await insertOrg(db.pool, [
      ['W-1', 'Chi bộ 100% đảng viên', 'cell', 'QN', 'w1@dang.test'],
      ['W-2', 'Chi bộ 1000 đảng viên', 'cell', 'QN', 'w2@dang.test'],
      ['W-3', 'Chi bộ A_B\\C', 'cell', 'QN', 'w3@dang.test'],
      ['W-4', 'Chi bộ AxB', 'cell', 'QN', 'w4@dang.test'],
    ]);
    const ids = async (search: string) => (await listDirectory(db.pool, DEFAULT_LEVEL_DEFINITIONS, { search })).units.map((u) => u.id);
    expect(await ids('100%')).toEqual(['W-1']);
    expect(await ids('%')).toEqual(['W-1']);
    expect(await ids('a_b')).toEqual(['W-3']);
    expect(await ids('_')).toEqual(['W-3']);
    expect(await ids('b\\c')).toEqual(['W-3']);
  });
});

describe('migration 0019', () => {
  let db: TestDatabase;
  let before: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    before = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-before-0019-'));
    for (const file of fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql') && f < '0019'))
      fs.copyFileSync(path.join(MIGRATIONS_DIR, file), path.join(before, file));
    await migrate(db.pool, before);
  });
  afterAll(async () => {
    await db.drop();
    fs.rmSync(before, { recursive: true, force: true });
  });

  test('fills the keys of the units already in the directory and in directive snapshots', async () => {
    await insertOrg(db.pool, QUANG_NINH);
    await db.pool.query(
      `INSERT INTO directive_units (directive_id, unit_id, parent_id, level, name, email, members, essays_expected, has_children, holder_id, ancestors, depth)
       VALUES ('D-OLD', 'QN-CA', 'QN', 'cell', 'Đảng bộ Công an tỉnh', 'ca@dang.test', 10, 8, false, 'QN', '{QN}', 1)`,
    );
    // 0019 and every migration after it, in order (0019 must be the first the directory had not had).
    const after = fs
      .readdirSync(MIGRATIONS_DIR)
      .filter((f) => f.endsWith('.sql') && f >= '0019')
      .sort();
    expect(after[0]).toBe('0019_search.sql');
    await expect(migrate(db.pool)).resolves.toEqual({ applied: after });
    const org = await db.pool.query<{ id: string; search_key: string }>(`SELECT id, search_key FROM org_units WHERE id IN ('QN', 'QN-CA') ORDER BY id`);
    expect(org.rows).toEqual([
      { id: 'QN', search_key: 'tinh uy quang ninh\u001fqn' },
      { id: 'QN-CA', search_key: 'dang bo cong an tinh\u001fqn-ca' },
    ]);
    const snapshot = await db.pool.query<{ search_key: string }>(`SELECT search_key FROM directive_units WHERE directive_id = 'D-OLD'`);
    expect(snapshot.rows).toEqual([{ search_key: 'dang bo cong an tinh\u001fqn-ca' }]);
  });
});
