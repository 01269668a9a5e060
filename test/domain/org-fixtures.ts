/** Small organisations for domain tests, shaped like Quảng Ninh: central → province → districts → cells. */
import type { OrgUnitInput } from '../../src/domain';

/** A unit with sensible defaults; override what the test is about. */
export function unit(id: string, level: string, parentId: string | null, extra: Partial<OrgUnitInput> = {}): OrgUnitInput {
  return { id, name: `Đảng bộ ${id}`, level, parentId, email: `${id.toLowerCase()}@example.vn`, members: 10, essaysExpected: 10, ...extra };
}

/** TW → QN → two districts → three cells, plus a cell directly under the province (a skipped level). */
export function quangNinhOrg(): OrgUnitInput[] {
  return [
    unit('TW', 'central', null),
    unit('QN', 'province', 'TW', { name: 'Tỉnh ủy Quảng Ninh' }),
    unit('QN-HL', 'district', 'QN', { name: 'Thành ủy Hạ Long' }),
    unit('QN-CP', 'district', 'QN', { name: 'Thành ủy Cẩm Phả' }),
    unit('QN-HL-017', 'cell', 'QN-HL'),
    unit('QN-HL-018', 'cell', 'QN-HL'),
    unit('QN-CP-001', 'cell', 'QN-CP'),
    unit('QN-CA', 'cell', 'QN', { name: 'Đảng bộ Công an tỉnh' }),
  ];
}

/** A generated organisation of exactly `total` units: 1 central, 63 provinces, 10 districts each, the rest cells. */
export function generatedOrg(total: number): OrgUnitInput[] {
  const units: OrgUnitInput[] = [unit('TW', 'central', null)];
  const districts: string[] = [];
  for (let p = 0; p < 63; p++) {
    const pid = `P${p}`;
    units.push(unit(pid, 'province', 'TW'));
    for (let d = 0; d < 10; d++) {
      const did = `${pid}-D${d}`;
      units.push(unit(did, 'district', pid));
      districts.push(did);
    }
  }
  for (let c = 0; units.length < total; c++) units.push(unit(`C${c}`, 'cell', districts[c % districts.length] ?? 'TW'));
  return units;
}
