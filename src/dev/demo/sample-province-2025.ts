/**
 * A sample organisation in the shape the Party has had since 1 July 2025: the central body, one
 * merged province (Tỉnh ủy Hải Sơn, as if two former provinces had become one), about a hundred
 * commune-level committees straight under it (đảng bộ phường, xã, đặc khu, and the province's own
 * committees: police, military, border guard, its Party bodies and its People's Committee) and
 * some 1,200 cells (chi bộ) under them. Every name is made up from common place words; no person
 * is named. Seeded, so every run builds the same one, and examples/org-2025.yaml is this
 * organisation written once as a file (test/unit/samples-2025.test.ts keeps the two equal).
 */
import type { OrgUnitInput } from '../../domain/org/org';
import { seededRandom } from '../../domain/random/seeded-random';

/** The id of the merged province; the central body is `TW`, as in the 2021 sample. */
export const PROVINCE_2025_ID = 'HS';

const DOMAIN = 'haison.demo';

/** The two syllables of the made-up commune names: each name is one of the first and one of the second. */
const FIRST = [
  'An',
  'Bình',
  'Cẩm',
  'Đông',
  'Gia',
  'Hà',
  'Hòa',
  'Hưng',
  'Kim',
  'Lạc',
  'Long',
  'Minh',
  'Nam',
  'Phú',
  'Quang',
  'Tân',
  'Thạch',
  'Thanh',
  'Vĩnh',
  'Yên',
];
const SECOND = ['Châu', 'Điền', 'Giang', 'Hải', 'Lâm', 'Lợi', 'Lương', 'Mỹ', 'Nghĩa', 'Phong', 'Sơn', 'Thành', 'Thịnh', 'Thủy', 'Tiến', 'Xuân'];

/** Commune-level committees by kind: how many, the word before the name, the id prefix and how many cells each has (min, spread). */
const KINDS = [
  { kind: 'phường', count: 32, prefix: 'P', cells: [10, 7], area: 'khu phố' },
  { kind: 'xã', count: 64, prefix: 'X', cells: [8, 7], area: 'thôn' },
  { kind: 'đặc khu', count: 2, prefix: 'DK', cells: [8, 5], area: 'khu' },
] as const;

/** The province's own committees at the commune level: id suffix, name, cell count. */
const PROVINCE_COMMITTEES: Array<[code: string, name: string, cells: number]> = [
  ['CA', 'Đảng ủy Công an tỉnh', 34],
  ['QS', 'Đảng ủy Quân sự tỉnh', 28],
  ['BP', 'Đảng ủy Bộ đội Biên phòng tỉnh', 22],
  ['CQD', 'Đảng ủy các cơ quan Đảng tỉnh', 18],
  ['UB', 'Đảng ủy Ủy ban nhân dân tỉnh', 36],
];

/** The cells every commune has before its residential ones (an office, its police and militia, its schools and clinic). */
const SHARED_CELLS = ['Chi bộ cơ quan', 'Chi bộ Công an', 'Chi bộ Quân sự', 'Chi bộ Trường Tiểu học', 'Chi bộ Trường Trung học cơ sở', 'Chi bộ Trạm Y tế'];

/** Distinct made-up names, in a seeded order: every pair of syllables once. */
function communeNames(random: () => number): string[] {
  const names = FIRST.flatMap((a) => SECOND.map((b) => `${a} ${b}`));
  for (let i = names.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [names[i], names[j]] = [names[j] as string, names[i] as string];
  }
  return names;
}

/** A cell's figures: most cells have a few dozen members, a few well over a hundred; about a third write an essay. */
function cellFigures(random: () => number): { members: number; essaysExpected: number } {
  const members = 10 + Math.floor(random() * random() * 140);
  return { members, essaysExpected: Math.round(members * 0.3) };
}

/** A committee's figures: its executive committee (15 to 34) and the essays it collects itself. */
function committeeFigures(random: () => number): { members: number; essaysExpected: number } {
  const members = 15 + Math.floor(random() * 20);
  return { members, essaysExpected: members + Math.floor(random() * 150) };
}

/** The 2025 sample: 1 central body, 1 province, 103 commune-level committees and their cells. */
export function sampleProvince2025(seed = 2025): OrgUnitInput[] {
  const random = seededRandom(seed);
  const names = communeNames(random);
  const units: OrgUnitInput[] = [
    { id: 'TW', name: 'Bộ Chính trị', level: 'central', parentId: null, email: 'vanphong@trunguong.demo', members: 0, essaysExpected: 0 },
    { id: PROVINCE_2025_ID, name: 'Tỉnh ủy Hải Sơn', level: 'province', parentId: 'TW', email: `tinhuy@${DOMAIN}`, members: 78, essaysExpected: 78 },
  ];
  let next = 0;
  for (const { kind, count, prefix, cells, area } of KINDS) {
    for (let n = 1; n <= count; n++) {
      const place = `${kind} ${names[next++] as string}`;
      const code = `${prefix}${String(n).padStart(2, '0')}`;
      const communeId = `${PROVINCE_2025_ID}-${code}`;
      units.push({
        id: communeId,
        name: `Đảng ủy ${place}`,
        level: 'commune',
        parentId: PROVINCE_2025_ID,
        email: `danguy.${code.toLowerCase()}@${DOMAIN}`,
        ...committeeFigures(random),
      });
      const cellCount = cells[0] + Math.floor(random() * cells[1]);
      for (let c = 1; c <= cellCount; c++) {
        const shared = SHARED_CELLS[c - 1];
        units.push({
          id: `${communeId}-${String(c).padStart(3, '0')}`,
          name: `${shared ?? `Chi bộ ${area} ${c - SHARED_CELLS.length}`} (${place})`,
          level: 'cell',
          parentId: communeId,
          email: `chibo${c}.${code.toLowerCase()}@${DOMAIN}`,
          ...cellFigures(random),
        });
      }
    }
  }
  for (const [code, name, cellCount] of PROVINCE_COMMITTEES) {
    const committeeId = `${PROVINCE_2025_ID}-${code}`;
    units.push({
      id: committeeId,
      name,
      level: 'commune',
      parentId: PROVINCE_2025_ID,
      email: `danguy.${code.toLowerCase()}@${DOMAIN}`,
      ...committeeFigures(random),
    });
    for (let c = 1; c <= cellCount; c++) {
      units.push({
        id: `${committeeId}-${String(c).padStart(3, '0')}`,
        name: `Chi bộ ${c} (${name.replace(/^Đảng ủy /, '')})`,
        level: 'cell',
        parentId: committeeId,
        email: `chibo${c}.${code.toLowerCase()}@${DOMAIN}`,
        ...cellFigures(random),
      });
    }
  }
  return units;
}
