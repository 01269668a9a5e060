import { OrgImportError, type OrgIssue, type OrgTree, requireValidOrg, validateOrg } from '../../src/domain';
import { generatedOrg, quangNinhOrg, unit } from './org-fixtures';

function errorsOf(units: unknown[], levels?: readonly string[]): OrgIssue[] {
  const result = validateOrg(units, levels);
  if (result.ok) throw new Error('expected the organisation to be rejected');
  expect(result).not.toHaveProperty('tree');
  return result.errors;
}

function treeOf(units: unknown[], levels?: readonly string[]): OrgTree {
  const result = validateOrg(units, levels);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.tree;
}

describe('validateOrg: the tree', () => {
  const tree = treeOf(quangNinhOrg());

  test('indexes units by id and counts them', () => {
    expect(tree.size).toBe(8);
    expect(tree.get('QN-HL')?.name).toBe('Thành ủy Hạ Long');
    expect(tree.get('nope')).toBeUndefined();
    expect(tree.units.map((u) => u.id)[0]).toBe('TW');
  });

  test('children, parentOf and roots follow parentId', () => {
    expect(tree.children('QN').map((u) => u.id)).toEqual(['QN-HL', 'QN-CP', 'QN-CA']);
    expect(tree.children('QN-HL-017')).toEqual([]);
    expect(tree.parentOf('QN-HL-017')?.id).toBe('QN-HL');
    expect(tree.parentOf('TW')).toBeNull();
    expect(tree.roots.map((u) => u.id)).toEqual(['TW']);
  });

  test('ancestors lists nearest first up to the root', () => {
    expect(tree.ancestors('QN-HL-017').map((u) => u.id)).toEqual(['QN-HL', 'QN', 'TW']);
    expect(tree.ancestors('TW')).toEqual([]);
  });

  test('subtreeIds walks in preorder', () => {
    expect(tree.subtreeIds('QN')).toEqual(['QN', 'QN-HL', 'QN-HL-017', 'QN-HL-018', 'QN-CP', 'QN-CP-001', 'QN-CA']);
    expect(tree.subtreeIds('QN-CP-001')).toEqual(['QN-CP-001']);
  });

  test('depth counts tree steps while levelIndex reads the levels list, so a skipped level shows', () => {
    expect(tree.depthOf('TW')).toBe(0);
    expect(tree.depthOf('QN-HL-017')).toBe(3);
    expect(tree.depthOf('QN-CA')).toBe(2);
    expect(tree.levelIndex('cell')).toBe(3);
    expect(tree.levelIndex('ward')).toBe(-1);
  });

  test('structural lookups on an unknown id throw naming the id', () => {
    expect(() => tree.children('QN-XX')).toThrow('unit "QN-XX" is not in this organisation');
  });

  test('names are NFC-normalised and trimmed, and an empty parentId is a root', () => {
    const t = treeOf([unit('TW', 'central', '', { name: '  Bộ Chính trị '.normalize('NFD') })]);
    expect(t.get('TW')?.name).toBe('Bộ Chính trị');
    expect(t.get('TW')?.parentId).toBeNull();
  });

  test('levels are data: a two-tier organisation validates with its own level names', () => {
    const t = treeOf([unit('HN', 'tỉnh', null), unit('HN-BD', 'xã', 'HN')], ['tỉnh', 'xã']);
    expect(t.children('HN').map((u) => u.id)).toEqual(['HN-BD']);
  });

  test('a root below the top level is allowed, so one province can be imported alone', () => {
    const t = treeOf(
      quangNinhOrg()
        .slice(1)
        .map((u) => (u.id === 'QN' ? { ...u, parentId: null } : u)),
    );
    expect(t.roots.map((u) => u.id)).toEqual(['QN']);
  });
});

describe('validateOrg: rules', () => {
  test('a duplicate id is reported on the second row, naming the first', () => {
    const errors = errorsOf([...quangNinhOrg(), unit('QN-HL', 'district', 'QN')]);
    expect(errors).toEqual([
      { row: 9, unitId: 'QN-HL', field: 'id', rule: 'duplicate-id', message: 'row 9 (unit QN-HL): id duplicates row 3; every unit needs its own id' },
    ]);
  });

  test('an unknown parent is reported with its row', () => {
    const errors = errorsOf([...quangNinhOrg(), unit('QN-UB-001', 'cell', 'QN-UB')]);
    expect(errors).toEqual([
      {
        row: 9,
        unitId: 'QN-UB-001',
        field: 'parentId',
        rule: 'unknown-parent',
        message: 'row 9 (unit QN-UB-001): parentId "QN-UB" is not the id of any unit; fix the id or add that unit',
      },
    ]);
  });

  test('a cycle is reported once, on the row of its first unit, showing the loop', () => {
    const errors = errorsOf([unit('TW', 'central', null), unit('A', 'district', 'C'), unit('B', 'district', 'A'), unit('C', 'district', 'B')]);
    const cycle = errors.filter((e) => e.rule === 'cycle');
    expect(cycle).toHaveLength(1);
    expect(cycle[0]?.row).toBe(2);
    expect(cycle[0]?.message).toMatch(/^row 2 \(unit A\): parentId forms a cycle \(A → C → B → A\)/);
  });

  test('a unit that is its own parent is a cycle', () => {
    const errors = errorsOf([unit('TW', 'central', null), unit('X', 'cell', 'X')]);
    expect(errors.map((e) => [e.row, e.rule])).toEqual([[2, 'cycle']]);
  });

  test('a child at the same level as its parent is out of order', () => {
    const errors = errorsOf([unit('TW', 'central', null), unit('QN', 'province', 'TW'), unit('HP', 'province', 'QN')]);
    expect(errors).toEqual([
      {
        row: 3,
        unitId: 'HP',
        field: 'level',
        rule: 'level-order',
        message: `row 3 (unit HP): level "province" must be below its parent QN's level "province" (levels run central → province → district → cell)`,
      },
    ]);
  });

  test('a child above its parent is out of order', () => {
    const errors = errorsOf([unit('TW', 'central', null), unit('HL', 'district', 'TW'), unit('QN', 'province', 'HL')]);
    expect(errors.map((e) => [e.row, e.rule])).toEqual([[3, 'level-order']]);
  });

  test('a top-level unit with a parent is told to have none', () => {
    const errors = errorsOf([unit('TW', 'central', null), unit('TW2', 'central', 'TW')]);
    expect(errors.map((e) => [e.row, e.rule, e.message])).toEqual([
      [2, 'root-has-parent', 'row 2 (unit TW2): level "central" is the top level, so parentId must be empty (it is "TW")'],
    ]);
  });

  test('an unknown level lists the known ones', () => {
    const errors = errorsOf([unit('TW', 'central', null), unit('W', 'ward', 'TW')]);
    expect(errors.map((e) => e.message)).toEqual(['row 2 (unit W): level "ward" is not one of central, province, district, cell']);
  });

  test('a bad email names the row, the unit, the field and the value', () => {
    const errors = errorsOf([...quangNinhOrg(), unit('QN-HL-019', 'cell', 'QN-HL', { email: 'chibo19@' })]);
    expect(errors).toEqual([
      { row: 9, unitId: 'QN-HL-019', field: 'email', rule: 'schema', message: 'row 9 (unit QN-HL-019): email "chibo19@" is not a valid email address' },
    ]);
  });

  test('schema errors name each bad field', () => {
    const errors = errorsOf([unit('TW', 'central', null), unit('bad id!', 'cell', 'TW', { members: -3, name: 'line\nbreak', email: 'cell@example.vn' })]);
    expect(errors.map((e) => e.field)).toEqual(['id', 'name', 'members']);
    expect(errors.map((e) => e.message)).toEqual([
      'row 2 (unit bad id!): id "bad id!" may contain only letters A–Z, digits, ".", "_" and "-"',
      'row 2 (unit bad id!): name must be a single line without control characters (no CR, LF or tabs)',
      'row 2 (unit bad id!): members must be a whole number ≥ 0, got -3',
    ]);
  });

  test('a missing field says it is required', () => {
    const { essaysExpected: _omitted, ...rest } = unit('TW', 'central', null);
    const errors = errorsOf([rest]);
    expect(errors.map((e) => e.message)).toEqual(['row 1 (unit TW): essaysExpected is required']);
  });

  test('a child of a broken row is not also reported as having an unknown parent', () => {
    const errors = errorsOf([unit('TW', 'central', null), unit('QN', 'province', 'TW', { email: 'x' }), unit('QN-HL', 'district', 'QN')]);
    expect(errors.map((e) => [e.row, e.field])).toEqual([[2, 'email']]);
  });

  test('an organisation with no root is rejected', () => {
    const errors = errorsOf([unit('A', 'district', 'B'), unit('B', 'district', 'A')]);
    expect(errors[0]).toEqual({ row: 0, rule: 'no-root', message: 'no unit has an empty parentId; the top unit (level "central") must have no parent' });
    expect(errors.map((e) => e.rule)).toContain('cycle');
  });

  test('an empty organisation is rejected', () => {
    expect(errorsOf([]).map((e) => e.rule)).toEqual(['no-root']);
  });

  test('every problem is reported at once, sorted by row', () => {
    const errors = errorsOf([unit('TW', 'central', null), unit('A', 'cell', 'ZZ'), unit('A', 'cell', 'TW'), unit('B', 'ward', 'TW')]);
    expect(errors.map((e) => [e.row, e.rule])).toEqual([
      [2, 'unknown-parent'],
      [3, 'duplicate-id'],
      [4, 'unknown-level'],
    ]);
  });

  test('requireValidOrg throws an OrgImportError carrying the issues', () => {
    expect(() => requireValidOrg([unit('TW', 'central', null), unit('X', 'cell', 'Y')])).toThrow(OrgImportError);
    try {
      requireValidOrg([unit('TW', 'central', null), unit('X', 'cell', 'Y')]);
    } catch (error) {
      expect((error as OrgImportError).issues).toHaveLength(1);
      expect((error as Error).message).toContain('row 2 (unit X): parentId "Y" is not the id of any unit');
    }
  });
});

describe('validateOrg: scale', () => {
  test('a generated 60,000-unit organisation validates into a tree of 60,000 units', () => {
    const tree = treeOf(generatedOrg(60_000));
    expect(tree.size).toBe(60_000);
    expect(tree.subtreeIds('TW')).toHaveLength(60_000);
    expect(tree.ancestors('C59000').map((u) => u.level)).toEqual(['district', 'province', 'central']);
  });
});
