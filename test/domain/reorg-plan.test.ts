import fc from 'fast-check';
import type { OrgUnit } from '../../src/domain/org/org-unit';
import { applyReorgPlan, type ReorgChange } from '../../src/domain/org/reorg-apply';
import { reorgEffects } from '../../src/domain/org/reorg-effects';
import { parseReorgPlan, type ReorgPlan } from '../../src/domain/org/reorg-plan';
import { parseVnInstant } from '../../src/domain/time/vn-instant';
import { quangNinhOrg, unit } from './org-fixtures';

const LEVELS = ['central', 'province', 'district', 'cell'];
const ORG = quangNinhOrg() as OrgUnit[];

function plan(operations: unknown[], effectiveAt = '01/07/2025'): ReorgPlan {
  const parsed = parseReorgPlan({ effectiveAt, operations });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.plan;
}

function applied(operations: unknown[], protectedRoots: string[] = ['TW']) {
  const result = applyReorgPlan(ORG, LEVELS, plan(operations), protectedRoots);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return { ...result, byId: new Map(result.units.map((u) => [u.id, u])) };
}

function refusals(operations: unknown[], protectedRoots: string[] = ['TW']) {
  const result = applyReorgPlan(ORG, LEVELS, plan(operations), protectedRoots);
  return result.ok ? [] : result.issues.map((i) => [i.path, i.rule]);
}

const commune = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Đảng bộ xã ${id}`,
  email: `${id.toLowerCase()}@example.vn`,
  members: 5,
  essaysExpected: 5,
  ...extra,
});

/** The 2021 levels with 'commune' declared between district and cell, and a plan that leaves the 2025 shape: one commune takes every cell, the district level goes. */
const LEVELS_WITH_COMMUNE = ['central', 'province', 'district', 'commune', 'cell'];
const TO_2025 = [
  { create: { ...commune('QN-XA1'), level: 'commune', parent: 'QN' } },
  { move: { unit: 'QN-HL-017', to: 'QN-XA1' } },
  { move: { unit: 'QN-HL-018', to: 'QN-XA1' } },
  { move: { unit: 'QN-CP-001', to: 'QN-XA1' } },
  { dissolve: { level: 'district' } },
];

describe('a reorganisation plan', () => {
  test('an effective instant reads as Vietnamese users write it: a bare date is the start of that day in Vietnam', () => {
    expect(parseVnInstant('01/07/2025')).toBe('2025-06-30T17:00:00.000Z');
    expect(parseVnInstant('1/7/2025 08:30')).toBe('2025-07-01T01:30:00.000Z');
    expect(parseVnInstant('2025-07-01T00:00:00+07:00')).toBe('2025-06-30T17:00:00.000Z');
    expect(() => parseVnInstant('31/06/2025')).toThrow(/not a valid date/);
    expect(() => parseVnInstant('01/07/2025 24:00')).toThrow(/HH:mm/);
    expect(() => parseVnInstant('next monday')).toThrow(/dd\/mm\/yyyy/);
  });

  test('every bad entry is refused at once, named by its index and field, and nothing is accepted', () => {
    const parsed = parseReorgPlan({
      effectiveAt: '30/02/2025',
      operations: [
        { move: { unit: 'QN-HL-017', to: 'QN-CP' } },
        { teleport: { unit: 'QN-HL' } },
        { move: { unit: 'QN-HL' }, rename: { unit: 'QN', name: 'x' } },
        { merge: { units: ['QN-HL'], into: 'QN-CP' } },
        { create: { id: 'bad id!', name: 'X', email: 'not-an-email', members: -1, essaysExpected: 0, level: 'cell', parent: 'QN' } },
        { dissolve: { unit: 'QN-HL', level: 'district' } },
        { rename: { unit: 'QN', name: 'Tỉnh ủy\u0000' } },
      ],
    });
    expect(parsed.ok).toBe(false);
    const paths = parsed.ok ? [] : parsed.issues.map((i) => i.path);
    expect(paths).toEqual([
      'effectiveAt',
      'operations[1]',
      'operations[2]',
      'operations[3].merge.units',
      'operations[4].create.id',
      'operations[4].create.email',
      'operations[4].create.members',
      'operations[5].dissolve',
      'operations[6].rename.name',
    ]);
    expect(parsed.ok ? '' : parsed.issues[1]?.message).toMatch(
      /operations\[1\] must be an object with exactly one key, the operation: move, merge, split, rename, dissolve, create/,
    );
  });

  test("the levels a plan declares are checked like an organisation file's, naming the entry", () => {
    const parsed = parseReorgPlan({
      effectiveAt: '01/07/2025',
      levels: [
        { name: 'central', label: { vi: 'TW', en: 'Central' } },
        { name: '', label: { vi: 'x', en: 'x' } },
      ],
      operations: [{ rename: { unit: 'QN', name: 'x' } }],
    });
    expect(parsed.ok ? [] : parsed.issues.map((i) => i.path)).toEqual(['levels[1].name']);
  });

  test('a moved cell keeps its id, level and figures under its new parent', () => {
    const { byId, changes } = applied([{ move: { unit: 'QN-HL-017', to: 'QN-CP' } }]);
    expect(byId.get('QN-HL-017')).toEqual({ ...ORG.find((u) => u.id === 'QN-HL-017'), parentId: 'QN-CP' });
    expect(changes).toEqual<ReorgChange[]>([{ op: 0, kind: 'moved', unitId: 'QN-HL-017', from: 'QN-HL', to: 'QN-CP' }]);
  });

  test('a merge into a new unit takes every child and sums the figures; into an existing unit it counts the target too', () => {
    const intoNew = applied([{ merge: { units: ['QN-HL', 'QN-CP'], into: { id: 'QN-HLCP', name: 'Thành ủy Hạ Long - Cẩm Phả', email: 'hlcp@example.vn' } } }]);
    expect(intoNew.byId.get('QN-HLCP')).toMatchObject({ level: 'district', parentId: 'QN', members: 20, essaysExpected: 20 });
    expect(['QN-HL-017', 'QN-HL-018', 'QN-CP-001'].map((id) => intoNew.byId.get(id)?.parentId)).toEqual(['QN-HLCP', 'QN-HLCP', 'QN-HLCP']);
    expect([intoNew.byId.has('QN-HL'), intoNew.byId.has('QN-CP')]).toEqual([false, false]);

    const intoExisting = applied([{ merge: { units: ['QN-HL-017', 'QN-HL-018'], into: 'QN-CP-001', essaysExpected: 7 } }]);
    expect(intoExisting.byId.get('QN-CP-001')).toMatchObject({ parentId: 'QN-CP', members: 30, essaysExpected: 7 });
    expect(intoExisting.changes.filter((c) => c.kind === 'removed').map((c) => c.unitId)).toEqual(['QN-HL-017', 'QN-HL-018']);
  });

  test('a split gives every child to one new unit, or is refused naming the child left over', () => {
    const split = applied([
      {
        split: {
          unit: 'QN-HL',
          into: [
            { ...commune('QN-HL-A'), children: ['QN-HL-017'] },
            { ...commune('QN-HL-B'), children: ['QN-HL-018'] },
          ],
        },
      },
    ]);
    expect(['QN-HL-017', 'QN-HL-018'].map((id) => split.byId.get(id)?.parentId)).toEqual(['QN-HL-A', 'QN-HL-B']);
    expect(split.byId.get('QN-HL-A')).toMatchObject({ level: 'district', parentId: 'QN' });
    expect(split.byId.has('QN-HL')).toBe(false);
    expect(refusals([{ split: { unit: 'QN-HL', into: [{ ...commune('A'), children: ['QN-HL-017'] }, commune('B')] } }])).toEqual([
      ['operations[0].split', 'orphan'],
    ]);
  });

  test('the 2021 Quảng Ninh shape becomes the 2025 shape: communes created, cells moved, the district level dissolved', () => {
    const shaped = applyReorgPlan(ORG, LEVELS_WITH_COMMUNE, plan(TO_2025), ['TW']);
    expect(shaped.ok && shaped.levels.map((l) => l.name)).toEqual(['central', 'province', 'commune', 'cell']);
    expect(shaped.ok && shaped.units.map((u) => [u.id, u.level, u.parentId])).toEqual([
      ['TW', 'central', null],
      ['QN', 'province', 'TW'],
      ['QN-HL-017', 'cell', 'QN-XA1'],
      ['QN-HL-018', 'cell', 'QN-XA1'],
      ['QN-CP-001', 'cell', 'QN-XA1'],
      ['QN-CA', 'cell', 'QN'],
      ['QN-XA1', 'commune', 'QN'],
    ]);
  });

  test('a level not declared is refused after the plan, named by the operation that brought it in', () => {
    expect(refusals([{ rename: { unit: 'QN', name: 'Tỉnh ủy' } }, { create: { ...commune('QN-XA1'), level: 'commune', parent: 'QN' } }])).toEqual([
      ['operations[1]', 'unknown-level'],
    ]);
  });

  test('dissolving a unit sends its children up one, or to the unit named', () => {
    const up = applied([{ dissolve: { unit: 'QN-HL' } }]);
    expect(['QN-HL-017', 'QN-HL-018'].map((id) => up.byId.get(id)?.parentId)).toEqual(['QN', 'QN']);
    const named = applied([{ dissolve: { unit: 'QN-HL', childrenTo: 'QN-CP' } }]);
    expect(['QN-HL-017', 'QN-HL-018'].map((id) => named.byId.get(id)?.parentId)).toEqual(['QN-CP', 'QN-CP']);
  });

  test('cycles, unknown units, a running root moved and duplicate ids are refused naming the operation; the input is untouched', () => {
    const before = structuredClone(ORG);
    expect(
      refusals(
        [
          { move: { unit: 'QN', to: 'QN-HL-017' } },
          { move: { unit: 'QN-XX', to: 'QN' } },
          { move: { unit: 'QN', to: 'TW' } },
          { create: { ...commune('QN-HL'), level: 'district', parent: 'QN' } },
          { dissolve: { unit: 'QN', childrenTo: 'QN-HL-017' } },
          { merge: { units: ['QN', 'QN-CP'], into: 'QN-CP-001' } },
          { dissolve: { level: 'central' } },
        ],
        ['TW', 'QN'],
      ),
    ).toEqual([
      ['operations[0].move', 'root-moved'],
      ['operations[1].move', 'unknown-unit'],
      ['operations[2].move', 'root-moved'],
      ['operations[3].create', 'duplicate-id'],
      ['operations[4].dissolve', 'cycle'],
      ['operations[5].merge', 'root-moved'],
      ['operations[6].dissolve', 'root-moved'],
    ]);
    expect(refusals([{ move: { unit: 'QN-HL', to: 'QN-HL-017' } }])).toEqual([['operations[0].move', 'cycle']]);
    expect(refusals([{ merge: { units: ['QN', 'QN-CP'], into: 'QN-HL-017' } }], ['TW'])).toEqual([['operations[0].merge', 'cycle']]);
    expect(ORG).toEqual(before);
  });

  test('any sequence of moves keeps every unit exactly once and either yields a valid tree or is refused', () => {
    const ids = ORG.filter((u) => u.parentId !== null).map((u) => u.id);
    const targets = ORG.map((u) => u.id);
    fc.assert(
      fc.property(fc.array(fc.record({ unit: fc.constantFrom(...ids), to: fc.constantFrom(...targets) }), { minLength: 1, maxLength: 8 }), (moves) => {
        const result = applyReorgPlan(ORG, LEVELS, plan(moves.map((move) => ({ move }))), ['TW']);
        if (!result.ok) return result.issues.length > 0 && result.issues.every((i) => /^operations(\[\d+\])?/.test(i.path));
        const byId = new Map(result.units.map((u) => [u.id, u]));
        const sameUnits = result.units.length === ORG.length && ORG.every((u) => byId.has(u.id));
        // Every unit reaches the root without meeting itself.
        const reachesRoot = result.units.every((u) => {
          const seen = new Set<string>();
          for (let at: OrgUnit | undefined = u; at; at = at.parentId === null ? undefined : byId.get(at.parentId)) {
            if (seen.has(at.id)) return false;
            seen.add(at.id);
            if (at.parentId === null) return at.id === 'TW';
          }
          return false;
        });
        return sameUnits && reachesRoot;
      }),
    );
  });

  test('a level-wide dissolution moves the 20,000 cells of 700 district committees up to their provinces', () => {
    const units: OrgUnit[] = [unit('TW', 'central', null) as OrgUnit];
    for (let p = 0; p < 35; p++) {
      units.push(unit(`P${p}`, 'province', 'TW') as OrgUnit);
      for (let d = 0; d < 20; d++) units.push(unit(`P${p}-D${d}`, 'district', `P${p}`) as OrgUnit);
    }
    for (let c = 0; c < 20_000; c++) units.push(unit(`C${c}`, 'cell', `P${c % 35}-D${c % 20}`) as OrgUnit);
    const result = applyReorgPlan(units, LEVELS, plan([{ dissolve: { level: 'district' } }]), ['TW']);
    expect(result.ok && [result.units.length, result.levels.map((l) => l.name), result.changes.filter((c) => c.kind === 'moved').length]).toEqual([
      20_036,
      ['central', 'province', 'cell'],
      20_000,
    ]);
  });

  test("a running directive's dry run: cells moved with their reports, district committees ended, a commune committee started", () => {
    const result = applyReorgPlan(ORG, LEVELS_WITH_COMMUNE, plan(TO_2025), ['TW']);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const before = ORG.filter((u) => u.parentId !== null).map((u) => ({
      unitId: u.id,
      parentId: u.parentId,
      level: u.level,
      hasChildren: ORG.some((c) => c.parentId === u.id),
      reported: u.id === 'QN-HL-017' || u.id === 'QN-CP',
    }));
    const effects = reorgEffects(before, new Map(result.units.map((u) => [u.id, { parentId: u.parentId, level: u.level }])), result.changes, 'TW');
    expect(effects).toEqual({
      moved: [
        { unitId: 'QN-HL-017', from: 'QN-HL', to: 'QN-XA1', reported: true },
        { unitId: 'QN-HL-018', from: 'QN-HL', to: 'QN-XA1', reported: false },
        { unitId: 'QN-CP-001', from: 'QN-CP', to: 'QN-XA1', reported: false },
      ],
      committeesEnded: ['QN-HL', 'QN-CP'],
      committeesStarted: ['QN-XA1'],
      removed: [
        { unitId: 'QN-HL', reason: 'dissolved', into: 'QN', reported: false },
        { unitId: 'QN-CP', reason: 'dissolved', into: 'QN', reported: true },
      ],
      created: ['QN-XA1'],
      unitsPerLevel: { before: { province: 1, district: 2, cell: 4 }, after: { province: 1, commune: 1, cell: 4 } },
      reportedPerLevel: { before: { district: 1, cell: 1 }, after: { cell: 1 } },
      deadlines: [{ unitId: 'QN-XA1', from: null, to: null, why: 'created' }],
    });
  });
});
