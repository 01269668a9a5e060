/**
 * A sample organisation the size of a real province (Quảng Ninh): the central body, the
 * provincial committee, 21 district-level committees and 695 grassroots units with realistic
 * member counts. Seeded, so every `npm start` on a fresh data folder builds the same one.
 */
import type { OrgUnitInput } from '../../domain/org/org';
import { seededRandom } from '../../domain/random/seeded-random';

const DISTRICTS: Array<[id: string, name: string, cells: number]> = [
  ['HL', 'Thành ủy Hạ Long', 101],
  ['CP', 'Thành ủy Cẩm Phả', 62],
  ['UB', 'Thành ủy Uông Bí', 45],
  ['MC', 'Thành ủy Móng Cái', 41],
  ['DT', 'Thị ủy Đông Triều', 48],
  ['QY', 'Thị ủy Quảng Yên', 44],
  ['VD', 'Huyện ủy Vân Đồn', 28],
  ['TY', 'Huyện ủy Tiên Yên', 27],
  ['DH', 'Huyện ủy Đầm Hà', 22],
  ['HH', 'Huyện ủy Hải Hà', 29],
  ['BL', 'Huyện ủy Bình Liêu', 18],
  ['BC', 'Huyện ủy Ba Chẽ', 17],
  ['CT', 'Huyện ủy Cô Tô', 9],
  ['CA', 'Đảng ủy Công an tỉnh', 38],
  ['QS', 'Đảng ủy Quân sự tỉnh', 30],
  ['BP', 'Đảng ủy Bộ đội Biên phòng tỉnh', 26],
  ['KCQ', 'Đảng ủy Khối các cơ quan tỉnh', 40],
  ['KDN', 'Đảng ủy Khối doanh nghiệp tỉnh', 31],
  ['TQN', 'Đảng ủy Than Quảng Ninh', 24],
  ['HQ', 'Đảng ủy Cục Hải quan tỉnh', 8],
  ['DTQN', 'Đảng ủy Tổng công ty Đông Bắc', 7],
];

/** The sample province: 1 + 1 + 21 + 695 units. */
export function sampleProvince(seed = 2021): OrgUnitInput[] {
  const random = seededRandom(seed);
  const units: OrgUnitInput[] = [
    { id: 'TW', name: 'Bộ Chính trị', level: 'central', parentId: null, email: 'vanphong@trunguong.demo', members: 0, essaysExpected: 0 },
    { id: 'QN', name: 'Tỉnh ủy Quảng Ninh', level: 'province', parentId: 'TW', email: 'tinhuy@quangninh.demo', members: 61, essaysExpected: 61 },
  ];
  for (const [code, name, cells] of DISTRICTS) {
    const districtId = `QN-${code}`;
    const committee = 25 + Math.floor(random() * 20);
    units.push({
      id: districtId,
      name,
      level: 'district',
      parentId: 'QN',
      email: `vanphong.${code.toLowerCase()}@quangninh.demo`,
      members: committee,
      essaysExpected: committee + Math.floor(random() * 200),
    });
    for (let c = 1; c <= cells; c++) {
      const members = 20 + Math.floor(random() * random() * 300);
      units.push({
        id: `${districtId}-${String(c).padStart(3, '0')}`,
        name: `Chi bộ ${c} (${name.replace(/^(Thành ủy|Thị ủy|Huyện ủy|Đảng ủy) /, '')})`,
        level: 'cell',
        parentId: districtId,
        email: `chibo${c}.${code.toLowerCase()}@quangninh.demo`,
        members,
        essaysExpected: Math.round(members * 0.3),
      });
    }
  }
  return units;
}
