/**
 * A national organisation of any size for the benchmark, seeded and reproducible: central →
 * up to 63 provinces → district-level committees → cells, with skewed fan-outs (a few big
 * provinces with 30+ districts, some districts with 150+ cells) and about 5 million members at
 * 55,000 units (members scale with size). Pure: no IO, no clock.
 *
 * `npx tsx tools/bench/generate-org.ts --units 55000 [--seed s] [--json]` prints its summary (or the units).
 */
import type { OrgUnitInput } from '../../src/domain/org/org';
import { apportion, createRng } from './prng';

/** Units of the full national organisation the issue describes. */
export const NATIONAL_UNITS = 55_000;
/** District-level committees at national size. */
const NATIONAL_DISTRICTS = 705;
/** Party members at national size. */
const NATIONAL_MEMBERS = 5_000_000;
const MAX_PROVINCES = 63;
/** The default seed: the same organisation on every run unless asked otherwise. */
export const DEFAULT_SEED = 'directive-cascade-bench';

/** The generated organisation and the facts the benchmark checks against. */
export interface GeneratedOrg {
  seed: string;
  rootId: string;
  /** Every unit, parents before children (the import order). */
  units: OrgUnitInput[];
  counts: { units: number; provinces: number; districts: number; cells: number; committees: number };
  members: number;
  /** The province with the most units under it, and the district with the most cells. */
  largestProvince: { id: string; districts: number; units: number };
  largestDistrict: { id: string; cells: number };
  fanOut: { maxDistrictsPerProvince: number; provincesWith30PlusDistricts: number; maxCellsPerDistrict: number; districtsWith150PlusCells: number };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * How many provinces and districts an organisation of `units` has. Provinces grow to 63 by
 * 6,300 units; districts keep the national ratio (so cells per district stay about 77 at
 * every size) but never fall below one per province.
 */
export function orgShape(units: number): { provinces: number; districts: number; cells: number } {
  if (!Number.isSafeInteger(units) || units < 4 || units > 1_000_000) {
    throw new RangeError(`--units must be a whole number from 4 to 1,000,000 (central, a province, a district and a cell at least), got ${units}`);
  }
  const provinces = Math.min(MAX_PROVINCES, Math.max(1, Math.floor(units / 100)));
  const districts = Math.max(provinces, Math.round((units * NATIONAL_DISTRICTS) / NATIONAL_UNITS));
  const cells = units - 1 - provinces - districts;
  if (cells < districts) throw new RangeError(`--units ${units} is too small for ${provinces} provinces and ${districts} districts with a cell each`);
  return { provinces, districts, cells };
}

/** Generates the organisation; the same `units` and `seed` always give the same units in the same order. */
export function generateOrg(opts: { units: number; seed?: string }): GeneratedOrg {
  const seed = opts.seed ?? DEFAULT_SEED;
  const rng = createRng(`${seed}/${opts.units}`);
  const shape = orgShape(opts.units);

  // Provinces: lognormal weights, and the four heaviest made 1.7× heavier (the big cities and provinces
  // whose party organisation has 30+ district-level committees with the directly-affiliated ones).
  const provinceWeights = Array.from({ length: shape.provinces }, () => rng.lognormal(0.35));
  const heavy = provinceWeights
    .map((w, i) => ({ w, i }))
    .sort((a, b) => b.w - a.w)
    .slice(0, Math.min(4, Math.floor(shape.provinces / 10)));
  for (const { i } of heavy) provinceWeights[i]! *= 1.7;
  const districtsPerProvince = apportion(shape.districts, provinceWeights, 1);
  const cellsPerDistrict = apportion(
    shape.cells,
    Array.from({ length: shape.districts }, () => rng.lognormal(0.5)),
    1,
  );

  // Members: committees are executive bodies (25-75 people); the cells hold the membership.
  const committeeMembers = (level: 'province' | 'district') => (level === 'province' ? rng.int(45, 75) : rng.int(25, 45));
  const targetMembers = Math.round((opts.units * NATIONAL_MEMBERS) / NATIONAL_UNITS);

  const rootId = 'TW';
  const units: OrgUnitInput[] = [
    { id: rootId, name: 'Bộ Chính trị', level: 'central', parentId: null, email: 'vptw@bench.cascade.test', members: 0, essaysExpected: 0 },
  ];
  const cellSlots: number[] = []; // indexes of cells in `units`, filled with members below
  let districtIndex = 0;
  let largestProvince = { id: '', districts: 0, units: 0 };
  let largestDistrict = { id: '', cells: 0 };
  let committeeTotal = 0;
  for (let p = 0; p < shape.provinces; p++) {
    const provinceId = `P${pad(p + 1, 2)}`;
    const members = committeeMembers('province');
    committeeTotal += members;
    units.push({
      id: provinceId,
      name: `Tỉnh ủy số ${p + 1}`,
      level: 'province',
      parentId: rootId,
      email: `${provinceId.toLowerCase()}@bench.cascade.test`,
      members,
      essaysExpected: members,
    });
    const districts = districtsPerProvince[p]!;
    let provinceUnits = 1;
    for (let d = 0; d < districts; d++, districtIndex++) {
      const districtId = `${provinceId}-D${pad(d + 1, 2)}`;
      const dMembers = committeeMembers('district');
      committeeTotal += dMembers;
      units.push({
        id: districtId,
        name: `Huyện ủy số ${d + 1} (${provinceId})`,
        level: 'district',
        parentId: provinceId,
        email: `${districtId.toLowerCase()}@bench.cascade.test`,
        members: dMembers,
        essaysExpected: dMembers,
      });
      const cells = cellsPerDistrict[districtIndex]!;
      provinceUnits += 1 + cells;
      if (cells > largestDistrict.cells) largestDistrict = { id: districtId, cells };
      for (let c = 0; c < cells; c++) {
        const cellId = `${districtId}-C${pad(c + 1, 3)}`;
        cellSlots.push(units.length);
        units.push({
          id: cellId,
          name: `Chi bộ ${c + 1} (${districtId})`,
          level: 'cell',
          parentId: districtId,
          email: `${cellId.toLowerCase()}@bench.cascade.test`,
          members: 0,
          essaysExpected: 0,
        });
      }
    }
    if (provinceUnits > largestProvince.units) largestProvince = { id: provinceId, districts, units: provinceUnits };
  }

  // Cell sizes vary a lot (a 5-member village cell, a 400-member grassroots committee of a ministry).
  const cellMembers = apportion(
    Math.max(targetMembers - committeeTotal, 3 * cellSlots.length),
    cellSlots.map(() => rng.lognormal(0.7)),
    3,
  );
  cellSlots.forEach((slot, k) => {
    const unit = units[slot]!;
    unit.members = cellMembers[k]!;
    unit.essaysExpected = cellMembers[k]!; // every member writes a study essay
  });

  const members = units.reduce((sum, u) => sum + Number(u.members), 0);
  return {
    seed,
    rootId,
    units,
    counts: { units: units.length, ...shape, committees: 1 + shape.provinces + shape.districts },
    members,
    largestProvince,
    largestDistrict,
    fanOut: {
      maxDistrictsPerProvince: Math.max(...districtsPerProvince),
      provincesWith30PlusDistricts: districtsPerProvince.filter((d) => d >= 30).length,
      maxCellsPerDistrict: Math.max(...cellsPerDistrict),
      districtsWith150PlusCells: cellsPerDistrict.filter((c) => c >= 150).length,
    },
  };
}

/** The organisation without its unit list: what the results file and the table show. */
export function orgSummary(org: GeneratedOrg): Omit<GeneratedOrg, 'units'> {
  const { units: _units, ...summary } = org;
  return summary;
}

if (require.main === module) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const org = generateOrg({ units: Number(arg('--units') ?? NATIONAL_UNITS), seed: arg('--seed') });
  console.log(JSON.stringify(process.argv.includes('--json') ? org.units : orgSummary(org), null, 2));
}
