/**
 * The sample directive `npm start` launches: Chỉ thị 01-CT/TW's shape, with quarter deadlines
 * placed after today so reminders and escalations lie ahead: provinces by the end of next
 * quarter, the levels below them (districts and cells in the 2021 shape, communes and cells in
 * the 2025 one) one quarter later.
 */
import { vnIsoDate } from '../../domain/time/vn-time';

function quarterAfter(year: number, quarter: number, n: number): { year: number; quarter: number } {
  const index = year * 4 + (quarter - 1) + n;
  return { year: Math.floor(index / 4), quarter: (index % 4) + 1 };
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/**
 * The spec as the secretariat would write it in YAML, over an organisation whose levels are
 * `levels` (names, top first: the root's level, the province's, then the rest).
 */
export function sampleDirectiveSpec(now: Date, levels: readonly string[]): Record<string, unknown> {
  const today = vnIsoDate(now.toISOString());
  const year = Number(today.slice(0, 4));
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const province = quarterAfter(year, quarter, 1);
  const rest = quarterAfter(year, quarter, 2);
  const [, provinceLevel, ...lower] = levels;
  if (provinceLevel === undefined) throw new Error(`the sample directive needs at least two levels, the root's and the province's; got ${levels.join(', ')}`);
  return {
    code: '01-CT/TW',
    title: 'Nghiên cứu, học tập, quán triệt, tuyên truyền và triển khai thực hiện Nghị quyết Đại hội XIII của Đảng',
    issuer: 'Bộ Chính trị',
    issuedOn: today,
    root: 'TW',
    deadlines: Object.fromEntries([
      [provinceLevel, `Q${province.quarter}/${province.year}`],
      ...lower.map((level) => [level, `quý ${ROMAN[rest.quarter - 1]}/${rest.year}`]),
    ]),
    reminders: ['-14d', '-3d', '0d'],
    escalation: ['0d', '7d', '14d'],
  };
}
