// The samples of the 2025 shape: the merged-province organisation (code and examples/org-2025.yaml,
// kept equal), the sample directive over each sample `npm start` can load, the variable that picks
// one, and examples/reorg-2025.yaml applied to the 2021 Quảng Ninh sample.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../src/config/config';
import { DEMO_ORGANISATIONS } from '../../src/dev/demo/demo-organisations';
import { ORG_2025_EXAMPLE, org2025ExampleYaml } from '../../src/dev/demo/example-files';
import { sampleDirectiveSpec } from '../../src/dev/demo/sample-directive';
import { sampleProvince } from '../../src/dev/demo/sample-province';
import { PROVINCE_2025_ID, sampleProvince2025 } from '../../src/dev/demo/sample-province-2025';
import { validateDirectiveSpec } from '../../src/domain/directive/directive';
import { checkDirectiveAgainstOrg } from '../../src/domain/directive/directive-org';
import { checkLaunchTimes } from '../../src/domain/directive/launch-check';
import { DEFAULT_LEVEL_DEFINITIONS, LEVELS_2025, levelNames } from '../../src/domain/org/levels';
import { requireValidOrg } from '../../src/domain/org/org';
import { importOrg } from '../../src/domain/org/org-import';
import type { OrgUnit } from '../../src/domain/org/org-unit';
import { applyReorgPlan } from '../../src/domain/org/reorg-apply';
import { parseReorgPlan } from '../../src/domain/org/reorg-plan';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const sum = (units: readonly OrgUnit[], pick: (u: OrgUnit) => number) => units.reduce((total, u) => total + pick(u), 0);

describe('the 2025 sample organisation', () => {
  const tree = requireValidOrg(sampleProvince2025(), LEVELS_2025);
  const ofLevel = (level: string) => tree.units.filter((u) => u.level === level);

  test('is one merged province with about a hundred commune-level committees straight under it and over a thousand cells under them', () => {
    expect(tree.roots.map((u) => u.id)).toEqual(['TW']);
    expect(ofLevel('province').map((u) => [u.id, u.parentId])).toEqual([[PROVINCE_2025_ID, 'TW']]);
    const communes = ofLevel('commune');
    expect(communes.length).toBeGreaterThanOrEqual(95);
    expect(communes.length).toBeLessThanOrEqual(110);
    expect(communes.every((c) => c.parentId === PROVINCE_2025_ID)).toBe(true);
    const cells = ofLevel('cell');
    expect(cells.length).toBeGreaterThan(1000);
    expect(cells.every((c) => tree.require(c.parentId as string).level === 'commune')).toBe(true);
    expect(communes.every((c) => tree.children(c.id).length >= 8)).toBe(true);
    // Wards, communes and special zones, and the province's own committees beside them.
    for (const kind of ['Đảng ủy phường ', 'Đảng ủy xã ', 'Đảng ủy đặc khu ', 'Đảng ủy Công an tỉnh'])
      expect(communes.some((c) => c.name.startsWith(kind))).toBe(true);
    expect(new Set(communes.map((c) => c.name)).size).toBe(communes.length);
    expect(new Set(tree.units.map((u) => u.email)).size).toBe(tree.units.length);
  });

  test('has plausible figures: cells of ten to 150 members, about a third of them writing an essay', () => {
    const cells = ofLevel('cell');
    expect(cells.every((c) => c.members >= 10 && c.members < 150)).toBe(true);
    expect(cells.every((c) => c.essaysExpected === Math.round(c.members * 0.3))).toBe(true);
    expect(ofLevel('commune').every((c) => c.members >= 15 && c.essaysExpected >= c.members)).toBe(true);
    const members = sum(cells, (c) => c.members);
    expect(members / cells.length).toBeGreaterThan(20);
    expect(members / cells.length).toBeLessThan(80);
  });

  test('is seeded: the same seed builds the same organisation, another seed other figures', () => {
    expect(sampleProvince2025()).toEqual(sampleProvince2025());
    const other = sampleProvince2025(7);
    expect(other.map((u) => [u.id, u.members])).not.toEqual(sampleProvince2025().map((u) => [u.id, u.members]));
  });

  test(`${ORG_2025_EXAMPLE} is this organisation with the 2025 levels, written by the code (rewrite it as example-files.ts says)`, () => {
    const file = read(ORG_2025_EXAMPLE);
    expect(file).toBe(org2025ExampleYaml());
    const imported = importOrg(file, 'yaml');
    expect(imported.levelDefinitions).toEqual(LEVELS_2025);
    expect(imported.units).toEqual(tree.units);
  });
});

describe('the sample npm start loads', () => {
  test('is the 2021 one unless DEMO_ORGANISATION says 2025; any other value is refused naming the variable', () => {
    expect(loadConfig({}).DEMO_ORGANISATION).toBe('2021');
    expect(loadConfig({ DEMO_ORGANISATION: '' }).DEMO_ORGANISATION).toBe('2021');
    expect(loadConfig({ DEMO_ORGANISATION: '2025' }).DEMO_ORGANISATION).toBe('2025');
    expect(() => loadConfig({ DEMO_ORGANISATION: '2026' })).toThrow(/DEMO_ORGANISATION: must be 2021 .* or 2025/);
    expect(DEMO_ORGANISATIONS['2021'].levels).toBe(DEFAULT_LEVEL_DEFINITIONS);
    expect(DEMO_ORGANISATIONS['2025'].levels).toBe(LEVELS_2025);
  });

  test.each([
    ['2021', ['province', 'district', 'cell']],
    ['2025', ['province', 'commune', 'cell']],
  ] as const)('%s: the sample directive gives a deadline to each level under the root and launches over it as of today', (choice, deadlineLevels) => {
    const demo = DEMO_ORGANISATIONS[choice];
    const tree = requireValidOrg(demo.units(), demo.levels);
    const now = new Date();
    const spec = validateDirectiveSpec(sampleDirectiveSpec(now, levelNames(demo.levels)));
    expect(Object.keys(spec.deadlines)).toEqual(deadlineLevels);
    expect(checkDirectiveAgainstOrg(spec, tree)).toEqual([]);
    expect(checkLaunchTimes(spec, tree.levels, now.toISOString())).toEqual([]);
    // The province reports a quarter before the levels under it.
    const [province, ...lower] = Object.values(spec.deadlines);
    expect(lower.every((d) => JSON.stringify(d) === JSON.stringify(lower[0]))).toBe(true);
    expect(province).not.toEqual(lower[0]);
    // The sample reports cover every level under the province, and no other.
    expect(Object.keys(demo.reportIssuer)).toEqual(deadlineLevels.slice(1));
    expect(tree.has(demo.provinceId)).toBe(true);
  });
});

describe(`examples/reorg-2025.yaml on the 2021 Quảng Ninh sample`, () => {
  // The plan carries no levels (see its comment): the 2021 four with `commune` declared between district and cell.
  const before = requireValidOrg(sampleProvince()).units;
  const parsed = parseReorgPlan(parseYaml(read('examples/reorg-2025.yaml'), { schema: 'core', uniqueKeys: true }));
  const plan = (() => {
    if (!parsed.ok) throw new Error(`the sample plan does not parse: ${JSON.stringify(parsed.issues)}`);
    return parsed.plan;
  })();
  const result = applyReorgPlan(before, DEFAULT_LEVEL_DEFINITIONS, plan, ['TW']);
  const after = (() => {
    if (!result.ok) throw new Error(`the sample plan does not apply: ${JSON.stringify(result.issues)}`);
    return { ...result, tree: requireValidOrg(result.units, LEVELS_2025) };
  })();
  const cellsBefore = before.filter((u) => u.level === 'cell');
  const cellsAfter = after.units.filter((u) => u.level === 'cell');

  test('takes effect on 01/07/2025 in Vietnam time', () => {
    expect(plan.effectiveAt).toBe('2025-06-30T17:00:00.000Z');
  });

  test('leaves the 2025 shape: no district, the levels central → province → commune → cell, every commune under the province', () => {
    expect(before.filter((u) => u.level === 'district')).toHaveLength(21);
    expect(after.levels).toEqual(LEVELS_2025);
    expect(after.units.filter((u) => u.level === 'district')).toEqual([]);
    const communes = after.units.filter((u) => u.level === 'commune');
    // Every committee the plan creates or merges into survives it, and no other unit is at the commune level.
    const made = plan.operations.flatMap((o) => (o.kind === 'create' ? [o.id] : o.kind === 'merge' && typeof o.into !== 'string' ? [o.into.id] : []));
    expect(communes.map((c) => c.id).sort()).toEqual([...made].sort());
    expect(communes.length).toBeGreaterThan(21);
    expect(communes.every((c) => c.parentId === 'QN' && after.tree.children(c.id).length > 0)).toBe(true);
    expect(after.changes.filter((c) => c.kind === 'removed').map((c) => c.unitId)).toEqual(
      expect.arrayContaining(before.filter((u) => u.level === 'district').map((u) => u.id)),
    );
  });

  test('keeps every cell with its id, email and figures, each now under a commune', () => {
    expect(cellsAfter).toHaveLength(cellsBefore.length);
    expect(cellsBefore).toHaveLength(695);
    for (const cell of cellsBefore) {
      const now = after.tree.require(cell.id);
      expect({ ...now, name: cell.name, parentId: cell.parentId }).toEqual(cell);
      expect(after.tree.require(now.parentId as string).level).toBe('commune');
    }
    expect([sum(cellsAfter, (c) => c.members), sum(cellsAfter, (c) => c.essaysExpected)]).toEqual([
      sum(cellsBefore, (c) => c.members),
      sum(cellsBefore, (c) => c.essaysExpected),
    ]);
    // The root and the province are untouched.
    expect(after.units.filter((u) => u.level === 'central' || u.level === 'province')).toEqual(
      before.filter((u) => u.level === 'central' || u.level === 'province'),
    );
  });

  test('renames the first cells of the two special zones, and merges the two bloc committees with their figures summed', () => {
    expect(after.changes.filter((c) => c.kind === 'renamed').map((c) => c.kind === 'renamed' && [c.unitId, c.from, c.to])).toEqual([
      ['QN-VD-001', 'Chi bộ 1 (Vân Đồn)', 'Chi bộ khu 1 (đặc khu Vân Đồn)'],
      ['QN-CT-001', 'Chi bộ 1 (Cô Tô)', 'Chi bộ khu 1 (đặc khu Cô Tô)'],
    ]);
    const blocs = before.filter((u) => u.id === 'QN-KCQ' || u.id === 'QN-KDN');
    const merged = after.tree.require('QN-DU-CQ');
    expect([merged.level, merged.parentId, merged.members, merged.essaysExpected]).toEqual([
      'commune',
      'QN',
      sum(blocs, (u) => u.members),
      sum(blocs, (u) => u.essaysExpected),
    ]);
    expect(after.tree.children('QN-DU-CQ')).toHaveLength(before.filter((u) => u.parentId === 'QN-KCQ' || u.parentId === 'QN-KDN').length);
  });

  test('needs the levels it declares: without them the communes it creates are of no level and it is refused', () => {
    const refused = applyReorgPlan(before, DEFAULT_LEVEL_DEFINITIONS, { ...plan, levels: null }, ['TW']);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? [] : refused.issues.map((i) => i.rule)).toContain('unknown-level');
  });
});
