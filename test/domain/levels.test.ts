// Levels are data: an organisation file declares its levels (names and words, top first), one schema
// checks them naming `levels[i].field`, and one table holds the 2021 and 2025 words pages and reports use.
import { DEFAULT_LEVEL_DEFINITIONS, LEVELS_2025, LevelsSchema, levelWords, sameLevels, toLevelDefinitions } from '../../src/domain/org/levels';
import { OrgImportError, type OrgIssue } from '../../src/domain/org/org';
import { importOrg, parseOrgJson, parseOrgYaml } from '../../src/domain/org/org-import';
import { flattenZodError } from '../../src/domain/text/fields';

const level = (name: string, vi = name, en = name) => ({ name, label: { vi, en } });

const UNITS_2025 = [
  { id: 'TW', name: 'Bộ Chính trị', level: 'central', parentId: null, email: 'tw@example.vn', members: 0, essaysExpected: 0 },
  { id: 'HP', name: 'Thành ủy Hải Phòng', level: 'province', parentId: 'TW', email: 'hp@example.vn', members: 30, essaysExpected: 30 },
  { id: 'HP-X1', name: 'Đảng ủy phường Hồng Bàng', level: 'commune', parentId: 'HP', email: 'x1@example.vn', members: 20, essaysExpected: 20 },
  { id: 'HP-X1-C1', name: 'Chi bộ tổ dân phố 1', level: 'cell', parentId: 'HP-X1', email: 'c1@example.vn', members: 12, essaysExpected: 12 },
];

function issuesOf(fn: () => unknown): OrgIssue[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof OrgImportError) return [...error.issues];
    throw error;
  }
  throw new Error('expected an OrgImportError');
}

function refusal(levels: unknown): Array<[string, string]> {
  const result = LevelsSchema.safeParse(levels);
  if (result.success) throw new Error('expected the levels to be refused');
  return flattenZodError(result.error).map((i) => [i.path, i.message]);
}

describe('LevelsSchema', () => {
  test('accepts 1 to 12 levels, NFC-normalised and trimmed, optional words absent', () => {
    const parsed = LevelsSchema.parse([{ name: ' tỉnh '.normalize('NFD'), label: { vi: 'Cấp tỉnh'.normalize('NFD'), en: 'Province' } }]);
    expect(parsed).toEqual([{ name: 'tỉnh', label: { vi: 'Cấp tỉnh', en: 'Province' } }]);
    expect(LevelsSchema.parse(Array.from({ length: 12 }, (_, i) => level(`l${i}`)))).toHaveLength(12);
    expect(LevelsSchema.parse(LEVELS_2025)).toEqual(LEVELS_2025);
  });

  test('a blank name, a repeated name, a too long label and a 13th level are refused naming the field', () => {
    expect(refusal([level('central'), { name: '  ', label: { vi: 'Cấp tỉnh', en: 'Province' } }])).toEqual([['[1].name', 'levels[1].name must not be empty']]);
    expect(refusal([level('central'), level('province'), level('commune'), level('province')])).toEqual([
      ['[3].name', 'levels[3].name "province" is already the name of levels[1]; each level needs its own name'],
    ]);
    // NFC: a decomposed "xã" is the same name as the composed one.
    expect(refusal([level('xã'), level('xã'.normalize('NFD'))])[0]?.[1]).toBe(
      'levels[1].name "xã" is already the name of levels[0]; each level needs its own name',
    );
    expect(refusal([{ name: 'commune', label: { vi: 'x'.repeat(101), en: 'Commune' } }])).toEqual([
      ['[0].label.vi', 'levels[0].label.vi is longer than 100 characters (101); shorten it'],
    ]);
    expect(refusal(Array.from({ length: 13 }, (_, i) => level(`l${i}`)))).toEqual([['', 'levels has 13 entries; an organisation has at most 12 levels']]);
    expect(refusal([])).toEqual([['', 'levels is empty; declare at least one level, top first']]);
  });

  test('missing words, words on two lines, an unknown field and a level that is not an object are refused naming the field', () => {
    expect(refusal([{ name: 'commune' }])).toEqual([['[0].label', 'levels[0].label is required: give its Vietnamese and English words, { vi, en }']]);
    expect(refusal([{ name: 'commune', label: { vi: 'Cấp\nxã', en: 'Commune' } }])).toEqual([
      ['[0].label.vi', 'levels[0].label.vi must be a single line without control characters (no CR, LF or tabs)'],
    ]);
    expect(refusal([{ ...level('commune'), plurals: { vi: 'xã', en: 'communes' } }])).toEqual([
      ['[0].plurals', 'levels[0].plurals is not a known field; a level has name, label, plural and short'],
    ]);
    expect(refusal(['central'])).toEqual([['[0]', 'levels[0] must be a level: { name, label: { vi, en }, plural?: { vi, en }, short?: { vi, en } }']]);
  });
});

describe('the one table of level words', () => {
  test('a level reads as its label, plural or short words; missing words fall back to the label, unknown names to themselves', () => {
    expect(levelWords(DEFAULT_LEVEL_DEFINITIONS, 'district', 'vi')).toBe('Cấp huyện và tương đương');
    expect(levelWords(DEFAULT_LEVEL_DEFINITIONS, 'district', 'vi', 'plural')).toBe('đảng bộ cấp huyện và tương đương');
    expect(levelWords(DEFAULT_LEVEL_DEFINITIONS, 'cell', 'en', 'short')).toBe('Cells');
    expect(levelWords(LEVELS_2025, 'commune', 'vi', 'plural')).toBe('đảng bộ xã, phường, đặc khu');
    expect(levelWords(LEVELS_2025, 'cell', 'vi')).toBe('Chi bộ');
    expect(levelWords([level('ward', 'Phường', 'Ward')], 'ward', 'en', 'plural')).toBe('Ward');
    expect(levelWords(LEVELS_2025, 'district', 'vi')).toBe('district');
  });

  test('the 2025 shape has no district tier: communes sit between the province and the cells', () => {
    expect(LEVELS_2025.map((l) => l.name)).toEqual(['central', 'province', 'commune', 'cell']);
    expect(DEFAULT_LEVEL_DEFINITIONS.map((l) => l.name)).toEqual(['central', 'province', 'district', 'cell']);
  });

  test('bare names become levels named by themselves; sameLevels compares names and every word', () => {
    expect(toLevelDefinitions(['tỉnh', 'xã'])).toEqual([level('tỉnh'), level('xã')]);
    expect(sameLevels(LEVELS_2025, [...LEVELS_2025])).toBe(true);
    expect(sameLevels(LEVELS_2025, DEFAULT_LEVEL_DEFINITIONS)).toBe(false);
    expect(
      sameLevels(
        LEVELS_2025,
        LEVELS_2025.map((l) => (l.name === 'cell' ? { ...l, short: { vi: 'CB', en: 'Cells' } } : l)),
      ),
    ).toBe(false);
  });
});

describe('an organisation file that declares its levels', () => {
  test('JSON and YAML read the levels with the units, and the tree carries them', () => {
    const json = importOrg(JSON.stringify({ levels: LEVELS_2025, units: UNITS_2025 }), 'json');
    expect([json.levels, json.levelDefinitions]).toEqual([['central', 'province', 'commune', 'cell'], LEVELS_2025]);
    expect(json.levelIndex('commune')).toBe(2);
    const yaml = [
      'levels:',
      '  - { name: central, label: { vi: Trung ương, en: Central } }',
      '  - { name: province, label: { vi: Cấp tỉnh, en: Province level } }',
      '  - name: commune',
      '    label: { vi: Cấp xã, en: Commune level }',
      '    short: { vi: Xã, en: Commune }',
      '  - { name: cell, label: { vi: Chi bộ, en: Party cells } }',
      'units:',
      ...UNITS_2025.map((u) => `  - ${JSON.stringify(u)}`),
    ].join('\n');
    const fromYaml = importOrg(yaml, 'yaml');
    expect(fromYaml.levels).toEqual(['central', 'province', 'commune', 'cell']);
    expect(fromYaml.levelDefinitions[2]).toEqual({ name: 'commune', label: { vi: 'Cấp xã', en: 'Commune level' }, short: { vi: 'Xã', en: 'Commune' } });
    expect(parseOrgYaml('- { id: TW }').levels).toBeNull();
  });

  test('any depth: one level alone, or five', () => {
    const five = ['central', 'province', 'district', 'commune', 'cell'].map((n) => level(n));
    const units = [
      { id: 'TW', name: 'TW', level: 'central', parentId: null, email: 'tw@example.vn', members: 0, essaysExpected: 0 },
      { id: 'P', name: 'P', level: 'province', parentId: 'TW', email: 'p@example.vn', members: 1, essaysExpected: 1 },
      { id: 'D', name: 'D', level: 'district', parentId: 'P', email: 'd@example.vn', members: 1, essaysExpected: 1 },
      { id: 'X', name: 'X', level: 'commune', parentId: 'D', email: 'x@example.vn', members: 1, essaysExpected: 1 },
      { id: 'C', name: 'C', level: 'cell', parentId: 'X', email: 'c@example.vn', members: 1, essaysExpected: 1 },
    ];
    expect(importOrg(JSON.stringify({ levels: five, units }), 'json').depthOf('C')).toBe(4);
    expect(importOrg(JSON.stringify({ levels: [level('cell')], units: [{ ...units[4], parentId: null }] }), 'json').size).toBe(1);
  });

  test('a CSV file or a plain array is read against the levels the caller passes (the directory’s)', () => {
    const csv = [
      'id,name,level,parentId,email,members,essaysExpected',
      ...UNITS_2025.map((u) => [u.id, u.name, u.level, u.parentId ?? '', u.email, u.members, u.essaysExpected].join(',')),
    ].join('\n');
    expect(importOrg(csv, 'csv', LEVELS_2025).levelDefinitions).toEqual(LEVELS_2025);
    expect(importOrg(JSON.stringify(UNITS_2025), 'json', LEVELS_2025).levels).toEqual(['central', 'province', 'commune', 'cell']);
    // Against the 2021 four (the default), a commune is a level nobody declared.
    expect(issuesOf(() => importOrg(csv, 'csv')).map((i) => i.message)).toEqual([
      'row 3 (unit HP-X1): level "commune" is not one of central, province, district, cell',
    ]);
  });

  test('a unit of an undeclared level is refused naming its row and the declared levels', () => {
    const units = [...UNITS_2025, { ...UNITS_2025[2], id: 'HP-D1', level: 'district' }];
    expect(issuesOf(() => importOrg(JSON.stringify({ levels: LEVELS_2025, units }), 'json'))).toEqual([
      {
        row: 5,
        unitId: 'HP-D1',
        field: 'level',
        rule: 'unknown-level',
        message: 'row 5 (unit HP-D1): level "district" is not one of central, province, commune, cell',
      },
    ]);
  });

  test('bad levels are refused naming the field, before any unit is read', () => {
    const blank = { name: '', label: { vi: 'Cấp tỉnh', en: 'Province' } };
    const issues = issuesOf(() => importOrg(JSON.stringify({ levels: [level('central'), blank], units: [{ id: 'broken' }] }), 'json'));
    expect(issues).toEqual([{ row: 0, field: 'levels[1].name', rule: 'levels', message: 'levels[1].name must not be empty' }]);
  });

  test('an unknown top-level field is refused (a misspelt "levels" would import against the directory’s levels)', () => {
    expect(issuesOf(() => parseOrgJson(JSON.stringify({ level: LEVELS_2025, units: UNITS_2025 })))).toEqual([
      {
        row: 0,
        field: 'level',
        rule: 'json',
        message: '"level" is not a field of an organisation file, which holds "units" and, optionally, "levels"; check its spelling',
      },
    ]);
    expect(issuesOf(() => parseOrgYaml('levels: [')).map((i) => i.rule)).toEqual(['yaml']);
  });
});
