/**
 * The two sample organisations `npm start` can load on an empty data folder (DEMO_ORGANISATION):
 * the 2021 Quảng Ninh sample (central → province → district → cell) and the 2025 merged province
 * (central → province → commune → cell), each with the levels it is imported against and what the
 * demo needs to launch over it and file its reports.
 */
import type { Config } from '../../config/config';
import { DEFAULT_LEVEL_DEFINITIONS, LEVELS_2025, type LevelDefinition } from '../../domain/org/levels';
import type { OrgUnitInput } from '../../domain/org/org';
import { sampleProvince } from './sample-province';
import { PROVINCE_2025_ID, sampleProvince2025 } from './sample-province-2025';

/** A sample organisation as the demo uses it. */
export interface DemoOrganisation {
  /** The units, top first, built anew (seeded) on each call. */
  units(): OrgUnitInput[];
  levels: readonly LevelDefinition[];
  /** The province: an organisation that lacks it is not this sample. */
  provinceId: string;
  /** The province's name, for the start log. */
  name: string;
  /** The issuer's letters in the document numbers of the sample reports, per level below the province ("13-KH/HU"). */
  reportIssuer: Readonly<Record<string, string>>;
}

/** The samples by the value of DEMO_ORGANISATION. */
export const DEMO_ORGANISATIONS: Readonly<Record<Config['DEMO_ORGANISATION'], DemoOrganisation>> = {
  '2021': {
    units: () => sampleProvince(),
    levels: DEFAULT_LEVEL_DEFINITIONS,
    provinceId: 'QN',
    name: 'Tỉnh ủy Quảng Ninh',
    reportIssuer: { district: 'HU', cell: 'ĐU' },
  },
  '2025': {
    units: () => sampleProvince2025(),
    levels: LEVELS_2025,
    provinceId: PROVINCE_2025_ID,
    name: 'Tỉnh ủy Hải Sơn',
    reportIssuer: { commune: 'ĐU', cell: 'CB' },
  },
};
