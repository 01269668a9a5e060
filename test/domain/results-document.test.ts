// The results report laid out as a Party document and the XLSX workbook's data (pure: no files).
import { DEFAULT_LEVEL_DEFINITIONS } from '../../src/domain/org/levels';
import { committeeNameParts, resultsDocument } from '../../src/domain/report/results-document';
import { resultsReportBlocks, type ResultsReportInput } from '../../src/domain/report/results-report';
import { resultsWorkbook } from '../../src/domain/report/results-workbook';
import { inertSpreadsheetText } from '../../src/domain/text/csv';
import { mergeRollups, rollupView } from '../../src/domain/track/rollup';
import type { UnitListing } from '../../src/domain/track/unit-listing';

function counts(level: string, expected: number, done: number, late = 0, overdue = 0) {
  return { level, expected, done, onTime: done - late, late, overdue, pending: expected - done - overdue, exempted: 0, withdrawn: 0 };
}

/** Quảng Ninh as the 2021 press report tells it, reported on 5 February 2027. */
function quangNinh(asOf = '2027-02-05T03:00:00.000Z'): ResultsReportInput {
  const rollup = mergeRollups(['central', 'province', 'district', 'cell'], {
    levels: [counts('district', 21, 21, 1), counts('cell', 695, 690, 10, 5)],
    attendance: { attendees: 68_647, members: 70_350 },
    essays: { submitted: 4_285, expected: 4_478 },
    firstFinisher: null,
    overdueCount: 5,
  });
  return {
    directive: { code: '01-CT/TW', title: 'Nghiên cứu, học tập, quán triệt Nghị quyết Đại hội XIII', issuer: 'Bộ Chính trị', issuedOn: '2021-03-09' },
    scope: { unitId: 'QN', name: 'Tỉnh ủy Quảng Ninh' },
    asOf,
    rollup: rollupView(rollup),
    late: [],
    overdue: [],
    levels: DEFAULT_LEVEL_DEFINITIONS,
  };
}

test('the header block: committee in capitals, the number given or a blank with the committee’s letters, place and date in Party words', () => {
  const numbered = resultsDocument(quangNinh(), { number: '12-BC/TU' });
  expect([numbered.committee, numbered.number, numbered.party]).toEqual(['TỈNH ỦY QUẢNG NINH', 'Số 12-BC/TU', 'ĐẢNG CỘNG SẢN VIỆT NAM']);
  // Days below 10 and the months January and February take a leading zero; the date is Vietnam's (03:00 UTC is 10:00 there).
  expect(numbered.placeAndDate).toBe('Quảng Ninh, ngày 05 tháng 02 năm 2027');
  expect(resultsDocument(quangNinh('2027-06-29T18:00:00.000Z')).placeAndDate).toBe('Quảng Ninh, ngày 30 tháng 6 năm 2027');
  expect(resultsDocument(quangNinh()).number).toMatch(/^Số \u00a0+-BC\/TU$/);
  expect(resultsDocument(quangNinh(), { lang: 'en', number: '12-BC/TU' })).toMatchObject({
    number: 'No. 12-BC/TU',
    placeAndDate: 'Quảng Ninh, 5 February 2027',
  });
});

test('the signature block: the position in capitals over the name when given, placeholders for the office otherwise', () => {
  expect(resultsDocument(quangNinh()).signature).toEqual({ onBehalf: 'T/M BAN THƯỜNG VỤ', position: 'BÍ THƯ', name: '(Ký, ghi rõ họ tên)', signed: false });
  expect(resultsDocument(quangNinh(), { signer: { name: 'Nguyễn Văn Hùng', position: 'Phó Bí thư' } }).signature).toEqual({
    onBehalf: 'T/M BAN THƯỜNG VỤ',
    position: 'PHÓ BÍ THƯ',
    name: 'Nguyễn Văn Hùng',
    signed: true,
  });
  expect(resultsDocument(quangNinh(), { lang: 'en', signer: { name: 'Nguyen Van Hung' } }).signature).toEqual({
    onBehalf: 'ON BEHALF OF THE STANDING COMMITTEE',
    position: 'SECRETARY',
    name: 'Nguyen Van Hung',
    signed: true,
  });
});

test('a committee’s name gives its letters and place; an unknown kind gives no letters and the whole name as the place', () => {
  expect(committeeNameParts('Huyện ủy Hoành Bồ')).toEqual({ letters: 'HU', place: 'Hoành Bồ' });
  expect(committeeNameParts('Thành uỷ Hạ Long')).toEqual({ letters: 'TU', place: 'Hạ Long' });
  expect(committeeNameParts('Đảng ủy phường Hồng Gai')).toEqual({ letters: 'ĐU', place: 'phường Hồng Gai' });
  expect(committeeNameParts('Bộ Chính trị')).toEqual({ letters: null, place: 'Bộ Chính trị' });
});

test('the body is the results report’s own text, and the level table writes figures the Vietnamese way', () => {
  const input = quangNinh();
  const doc = resultsDocument(input);
  expect(doc.body).toEqual(resultsReportBlocks(input, 'vi').body);
  expect(doc.title).toBe('BÁO CÁO');
  expect(doc.subject).toBe('Kết quả thực hiện Chỉ thị số 01-CT/TW ngày 9/3/2021 của Bộ Chính trị');
  // No committees given: the level table alone.
  expect(doc.tables).toHaveLength(1);
  expect(doc.tables[0]?.rows).toEqual([
    ['Đảng bộ cấp huyện và tương đương', '21', '21', '20', '1', '0', '100%'],
    ['Chi bộ, đảng bộ cơ sở', '695', '690', '680', '10', '5', '99,28%'],
  ]);
  expect(doc.signature.onBehalf).toBe('T/M BAN THƯỜNG VỤ');
  expect(doc.recipients.lines).toEqual(['- Bộ Chính trị (để báo cáo),', '- Lưu Văn phòng Tỉnh ủy Quảng Ninh.']);
  expect(doc.chart).toBeNull();
  expect(resultsDocument(input, { chartSvg: '<svg/>' }).chart).toEqual({ caption: 'Tiến độ hoàn thành theo cấp', svg: '<svg/>' });
});

test('the committees under the scope get a table of their own: units, done, overdue and the rate done of each subtree', () => {
  const subtree = (district: number, cells: number, done: number, overdue: number) =>
    rollupView(
      mergeRollups(['central', 'province', 'district', 'cell'], {
        levels: [counts('district', 1, district), counts('cell', cells, done, 0, overdue)],
        attendance: { attendees: 0, members: 0 },
        essays: { submitted: 0, expected: 0 },
        firstFinisher: null,
        overdueCount: overdue,
      }),
    );
  const input: ResultsReportInput = {
    ...quangNinh(),
    committees: [
      { unitId: 'QN-HL', name: 'Thành ủy Hạ Long', rollup: subtree(1, 1_999, 1_997, 2) },
      { unitId: 'QN-VD', name: 'Huyện ủy Vân Đồn', rollup: subtree(0, 40, 38, 0) },
    ],
  };
  const [levels, committees] = resultsDocument(input).tables;
  expect(levels?.caption).toBe('Kết quả theo cấp');
  expect(committees).toEqual({
    caption: 'Kết quả theo đơn vị trực thuộc',
    columns: ['Đơn vị', 'Số đơn vị', 'Đã hoàn thành', 'Quá hạn', 'Tỷ lệ hoàn thành'],
    numeric: [false, true, true, true, true],
    // 1 + 1,999 units, 1 + 1,997 done: 99.9%; 1 + 40 units, 38 done, the district itself still owing: 92.68%.
    rows: [
      ['Thành ủy Hạ Long', '2.000', '1.998', '2', '99,9%'],
      ['Huyện ủy Vân Đồn', '41', '38', '0', '92,68%'],
    ],
  });
  expect(resultsDocument(input, { lang: 'en' }).tables[1]?.rows[0]).toEqual(['Thành ủy Hạ Long', '2,000', '1,998', '2', '99.9%']);
});

function unit(unitId: string, name: string, level: string, reported: boolean): UnitListing {
  return {
    unitId,
    name,
    level,
    parentId: 'QN',
    status: reported ? 'done-on-time' : 'overdue',
    deadline: '2021-09-30T10:00:00.000Z',
    completedAt: reported ? '2021-08-01T03:00:00.000Z' : null,
    attendees: reported ? 790 : null,
    members: reported ? 812 : null,
    directoryMembers: 812,
    essaysSubmitted: reported ? 208 : null,
    essaysExpected: reported ? 218 : null,
  };
}

test('the workbook: a summary of counts and reported figures per level, a sheet per level, text made inert', () => {
  const input = quangNinh();
  const sheets = resultsWorkbook({
    levels: DEFAULT_LEVEL_DEFINITIONS,
    rollupLevels: input.rollup.levels,
    units: [unit('QN-HL', 'Thành ủy Hạ Long', 'district', true), unit('QN-X', '@SUM(A1:A9)', 'district', false), unit('QN-HL-1', 'Chi bộ 1', 'cell', true)],
    lang: 'vi',
  });
  // The district level's plural words pass Excel's 31 characters: its label names the sheet.
  expect(sheets.map((s) => s.name)).toEqual(['Tổng hợp', 'Cấp huyện và tương đương', 'Chi bộ, đảng bộ cơ sở']);
  // Counts from the rollup; attendance and essays summed over the units that reported (the overdue one adds nothing).
  expect(sheets[0]?.rows[0]).toEqual(['Đảng bộ cấp huyện và tương đương', 21, 21, 20, 1, 0, null, 790, 812, null, 208, 218, null]);
  expect(sheets[0]?.columns[6]).toMatchObject({ kind: 'rate', numerator: 2, denominator: 1 });
  expect(sheets[1]?.rows.map((r) => r[1])).toEqual(['Thành ủy Hạ Long', "'@SUM(A1:A9)"]);
  expect(sheets[1]?.rows[1]?.slice(3, 8)).toEqual(['Quá hạn', '2021-09-30T10:00:00.000Z', null, null, null]);
});

test('the inert rule quotes text a spreadsheet would run and leaves the rest alone', () => {
  expect(['=1+2', '+84 912', '-5', '@A1', '\tx', 'Chi bộ 1', ''].map(inertSpreadsheetText)).toEqual([
    "'=1+2",
    "'+84 912",
    "'-5",
    "'@A1",
    "'\tx",
    'Chi bộ 1',
    '',
  ]);
});
