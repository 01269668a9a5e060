/**
 * The XLSX export as data: a summary sheet (one row per level: units, done, on time, late, overdue,
 * attendance and essays with their rates) and one sheet per level listing its units. Numbers stay
 * numbers, instants stay instants, rates name the two columns they divide (the renderer writes them
 * as formulas with their value), and every text cell is made inert by the CSV export's rule. Pure:
 * src/render/report-xlsx.ts writes it with exceljs.
 */
import { levelWords, type LevelDefinition } from '../org/levels';
import { inertSpreadsheetText } from '../text/csv';
import type { LevelCountsView } from '../track/rollup';
import type { UnitListing } from '../track/unit-listing';
import { unitStatusLabel } from './status-labels';

/** What a column holds; a rate is numerator ÷ denominator of two count columns of the same row (0-based). */
export type WorkbookColumn =
  | { header: string; kind: 'text' | 'count' | 'instant'; width: number }
  | { header: string; kind: 'rate'; width: number; numerator: number; denominator: number };

/** A cell: text (already inert), a count, an ISO instant (kind `instant`), or null for empty; a rate column's cells are null (computed). */
export type WorkbookCell = string | number | null;

/** One sheet: a name Excel accepts, its columns and rows. */
export interface WorkbookSheet {
  name: string;
  columns: WorkbookColumn[];
  rows: WorkbookCell[][];
}

/** What the workbook is built from. */
export interface ResultsWorkbookInput {
  levels: readonly LevelDefinition[];
  /** The rollup's levels of the subtree, top first. */
  rollupLevels: readonly LevelCountsView[];
  units: readonly UnitListing[];
  lang: 'vi' | 'en';
}

/** Excel's limit on a sheet name, and the characters it refuses in one. */
const MAX_SHEET_NAME = 31;
const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/g;

function upperFirst(text: string): string {
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

/** Sheet names Excel accepts: forbidden characters replaced, at most 31 characters, unique (case aside, as Excel compares them). */
function sheetNamer(): (wanted: string) => string {
  const used = new Set<string>();
  return (wanted) => {
    const base =
      wanted
        .replace(SHEET_NAME_FORBIDDEN, '-')
        .replace(/^'+|'+$/g, '')
        .trim() || 'Sheet';
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? '' : ` (${n})`;
      const name = base.slice(0, MAX_SHEET_NAME - suffix.length) + suffix;
      const key = name.toLocaleLowerCase('vi');
      if (!used.has(key)) {
        used.add(key);
        return name;
      }
    }
  };
}

const sum = (values: Array<number | null>): number => values.reduce<number>((total, v) => total + (v ?? 0), 0);

/** The workbook's sheets: the summary first, then a sheet per level that has units. */
export function resultsWorkbook(input: ResultsWorkbookInput): WorkbookSheet[] {
  const vi = input.lang === 'vi';
  const name = sheetNamer();
  const levelLabel = (level: string) => upperFirst(levelWords(input.levels, level, input.lang, 'plural'));
  // A level's sheet is named by its plural words, or by its label when those are longer than Excel allows.
  const levelSheetName = (level: string) => {
    const plural = levelLabel(level);
    return plural.length <= MAX_SHEET_NAME ? plural : upperFirst(levelWords(input.levels, level, input.lang, 'label'));
  };
  const drawn = input.rollupLevels.filter((l) => l.expected > 0);
  const byLevel = new Map<string, UnitListing[]>();
  for (const unit of input.units) {
    const list = byLevel.get(unit.level) ?? [];
    list.push(unit);
    byLevel.set(unit.level, list);
  }

  const summary: WorkbookSheet = {
    name: name(vi ? 'Tổng hợp' : 'Summary'),
    columns: [
      { header: vi ? 'Cấp' : 'Level', kind: 'text', width: 28 },
      { header: vi ? 'Số đơn vị' : 'Units', kind: 'count', width: 11 },
      { header: vi ? 'Đã hoàn thành' : 'Done', kind: 'count', width: 14 },
      { header: vi ? 'Đúng hạn' : 'On time', kind: 'count', width: 11 },
      { header: vi ? 'Muộn' : 'Late', kind: 'count', width: 9 },
      { header: vi ? 'Quá hạn' : 'Overdue', kind: 'count', width: 10 },
      { header: vi ? 'Tỷ lệ hoàn thành' : 'Rate done', kind: 'rate', width: 16, numerator: 2, denominator: 1 },
      { header: vi ? 'Đảng viên tham dự' : 'Attendees', kind: 'count', width: 17 },
      { header: vi ? 'Đảng viên' : 'Members', kind: 'count', width: 11 },
      { header: vi ? 'Tỷ lệ tham dự' : 'Attendance rate', kind: 'rate', width: 15, numerator: 7, denominator: 8 },
      { header: vi ? 'Bài thu hoạch đã nộp' : 'Essays submitted', kind: 'count', width: 20 },
      { header: vi ? 'Bài thu hoạch phải nộp' : 'Essays expected', kind: 'count', width: 22 },
      { header: vi ? 'Tỷ lệ bài thu hoạch' : 'Essay rate', kind: 'rate', width: 19, numerator: 10, denominator: 11 },
    ],
    rows: drawn.map((l) => {
      // A unit's figures count once it has reported, as the rollup counts them.
      const reported = (byLevel.get(l.level) ?? []).filter((u) => u.status === 'done-on-time' || u.status === 'done-late');
      return [
        inertSpreadsheetText(levelLabel(l.level)),
        l.expected,
        l.done,
        l.onTime,
        l.late,
        l.overdue,
        null,
        sum(reported.map((u) => u.attendees)),
        sum(reported.map((u) => u.members)),
        null,
        sum(reported.map((u) => u.essaysSubmitted)),
        sum(reported.map((u) => u.essaysExpected)),
        null,
      ];
    }),
  };

  const unitColumns: WorkbookColumn[] = [
    { header: vi ? 'Mã đơn vị' : 'Unit id', kind: 'text', width: 16 },
    { header: vi ? 'Tên đơn vị' : 'Name', kind: 'text', width: 40 },
    { header: vi ? 'Đơn vị cấp trên' : 'Parent', kind: 'text', width: 16 },
    { header: vi ? 'Trạng thái' : 'Status', kind: 'text', width: 22 },
    { header: vi ? 'Hạn' : 'Deadline', kind: 'instant', width: 17 },
    { header: vi ? 'Hoàn thành lúc' : 'Completed at', kind: 'instant', width: 17 },
    { header: vi ? 'Đảng viên tham dự' : 'Attendees', kind: 'count', width: 17 },
    { header: vi ? 'Đảng viên' : 'Members', kind: 'count', width: 11 },
    { header: vi ? 'Tỷ lệ tham dự' : 'Attendance rate', kind: 'rate', width: 15, numerator: 6, denominator: 7 },
    { header: vi ? 'Bài thu hoạch đã nộp' : 'Essays submitted', kind: 'count', width: 20 },
    { header: vi ? 'Bài thu hoạch phải nộp' : 'Essays expected', kind: 'count', width: 22 },
    { header: vi ? 'Tỷ lệ bài thu hoạch' : 'Essay rate', kind: 'rate', width: 19, numerator: 9, denominator: 10 },
  ];
  const levelSheets = drawn.map((l): WorkbookSheet => ({
    name: name(levelSheetName(l.level)),
    columns: unitColumns,
    rows: (byLevel.get(l.level) ?? []).map((u) => [
      inertSpreadsheetText(u.unitId),
      inertSpreadsheetText(u.name),
      u.parentId === null ? null : inertSpreadsheetText(u.parentId),
      unitStatusLabel(u.status, input.lang),
      u.deadline,
      u.completedAt,
      u.attendees,
      u.members,
      null,
      u.essaysSubmitted,
      u.essaysExpected,
      null,
    ]),
  }));
  return [summary, ...levelSheets];
}
