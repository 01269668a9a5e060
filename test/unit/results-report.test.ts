import { DEFAULT_LEVEL_DEFINITIONS, LEVELS_2025 } from '../../src/domain/org/levels';
import { resultsReportHtml, resultsReportMarkdown, type ResultsReportInput } from '../../src/domain/report/results-report';
import { mergeRollups, rollupView, type Rollup } from '../../src/domain/track/rollup';

const LEVELS = ['central', 'province', 'district', 'cell'];

function counts(level: string, expected: number, done: number, late = 0, overdue = 0) {
  return { level, expected, done, onTime: done - late, late, overdue, pending: expected - done - overdue, exempted: 0, withdrawn: 0 };
}

/** Quảng Ninh 2021 as the press report tells it. */
function quangNinh(overrides: Partial<Rollup> = {}): ResultsReportInput {
  const rollup: Rollup = mergeRollups(LEVELS, {
    levels: [counts('district', 20, 20), counts('cell', 695, 695)],
    attendance: { attendees: 68_647, members: 70_350 },
    essays: { submitted: 4_285, expected: 4_478 },
    firstFinisher: { unitId: 'QN-CA', name: 'Đảng ủy Công an tỉnh', at: '2021-07-15T03:00:00.000Z' },
    overdueCount: 0,
    ...overrides,
  });
  return {
    directive: { code: '01-CT/TW', title: 'Nghiên cứu, học tập, quán triệt Nghị quyết Đại hội XIII', issuer: 'Bộ Chính trị', issuedOn: '2021-03-09' },
    scope: { unitId: 'QN', name: 'Đảng bộ tỉnh Quảng Ninh' },
    asOf: '2021-10-30T03:00:00.000Z',
    rollup: rollupView(rollup),
    late: [],
    overdue: [],
    levels: DEFAULT_LEVEL_DEFINITIONS,
  };
}

test('the Vietnamese report quotes the seed figures with Vietnamese number formatting', () => {
  const text = resultsReportMarkdown(quangNinh());
  expect(text).toContain(
    'Thực hiện Chỉ thị số 01-CT/TW ngày 9/3/2021 của Bộ Chính trị về nghiên cứu, học tập, quán triệt Nghị quyết Đại hội XIII, đến ngày 30/10/2021',
  );
  expect(text).toContain('20/20 đảng bộ cấp huyện và tương đương đã tổ chức hội nghị nghiên cứu, học tập, quán triệt và báo cáo kết quả, đạt tỷ lệ 100%.');
  expect(text).toContain('695/695 chi bộ, đảng bộ cơ sở');
  expect(text).toContain('Tổng số đảng viên tham dự học tập đạt tỷ lệ 97,58% (68.647/70.350 đồng chí).');
  expect(text).toContain('Đã nhận được 4.285/4.478 bài thu hoạch, đạt tỷ lệ 95,69%.');
  expect(text).toContain('Đơn vị hoàn thành sớm nhất là Đảng ủy Công an tỉnh, ngày 15/7/2021.');
  expect(text).toContain('Không có đơn vị nào quá hạn hoặc hoàn thành muộn.');
});

test('the English report uses English number formatting', () => {
  const text = resultsReportMarkdown(quangNinh(), 'en');
  expect(text).toContain('20/20 district-level committees held their study conference and reported (100%).');
  expect(text).toContain('Attendance reached 97.58% of members (68,647/70,350).');
  expect(text).toContain('4,285/4,478 study essays were received (95.69%).');
});

test('late and overdue units are listed by name with their dates', () => {
  const input = quangNinh({ levels: [counts('district', 21, 19, 1, 2)] });
  input.late = [{ unitId: 'QN-D07', name: 'Huyện ủy Ba Chẽ', level: 'district', at: '2021-10-02T02:00:00.000Z' }];
  input.overdue = [{ unitId: 'QN-D09', name: 'Huyện ủy Cô Tô', level: 'district', at: '2021-09-30T16:59:59.999Z' }];
  const text = resultsReportMarkdown(input);
  expect(text).toContain('1 đơn vị hoàn thành muộn');
  expect(text).toContain('2 đơn vị quá hạn chưa báo cáo');
  expect(text).toContain('## Các đơn vị hoàn thành muộn\n\n- Huyện ủy Ba Chẽ (QN-D07) — hoàn thành ngày 2/10/2021');
  expect(text).toContain('## Các đơn vị quá hạn chưa báo cáo\n\n- Huyện ủy Cô Tô (QN-D09) — hạn 30/9/2021');
});

test('the printable HTML escapes every value', () => {
  const input = quangNinh();
  input.scope.name = '<script>alert(1)</script>';
  const html = resultsReportHtml(input);
  expect(html).not.toContain('<script>alert(1)</script>');
  expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
  expect(html).toMatch(/^<!doctype html><html lang="vi">/);
});

test('the report names the directive by its kind: a resolution is a resolution, an unknown kind a neutral document', () => {
  const resolution = { ...quangNinh(), directive: { ...quangNinh().directive, code: '10-NQ/TW' } };
  const vi = resultsReportMarkdown(resolution);
  expect(vi).toContain('# Báo cáo kết quả thực hiện Nghị quyết số 10-NQ/TW');
  expect(vi).toContain('Thực hiện Nghị quyết số 10-NQ/TW ngày 9/3/2021');
  expect(vi).not.toContain('Chỉ thị');
  expect(resultsReportHtml(resolution, 'en')).toContain('Results report on Resolution 10-NQ/TW');
  expect(resultsReportMarkdown({ ...resolution, directive: { ...resolution.directive, code: '12-XY/TU' } })).toContain(
    '# Báo cáo kết quả thực hiện Văn bản số 12-XY/TU',
  );
});

test('the report of a withdrawn directive says it was withdrawn, when and why', () => {
  const withdrawn = { ...quangNinh(), withdrawal: { at: '2021-10-20T03:47:00.000Z', reason: 'Ban hành nhầm' } };
  expect(resultsReportMarkdown(withdrawn)).toContain(
    'Chỉ thị số 01-CT/TW đã được thu hồi lúc 10:47 ngày 20/10/2021 (lý do: Ban hành nhầm); các số liệu dưới đây là kết quả đến khi thu hồi',
  );
  expect(resultsReportMarkdown(withdrawn, 'en')).toContain('Directive 01-CT/TW was withdrawn on 20 October 2021, 10:47 (UTC+7) (reason: Ban hành nhầm)');
  const unknown = resultsReportMarkdown({ ...quangNinh(), withdrawal: { at: null, reason: null } });
  expect(unknown).toContain('Chỉ thị số 01-CT/TW đã được thu hồi; các số liệu');
  expect(resultsReportMarkdown(quangNinh())).not.toContain('thu hồi');
});

test('the report names each level with the directive’s own words, and a level they do not define by its key', () => {
  const rollup = rollupView(
    mergeRollups(['central', 'province', 'commune', 'cell', 'tổ'], {
      levels: [counts('commune', 3, 3), counts('cell', 12, 11), counts('tổ', 2, 1)],
      attendance: { attendees: 0, members: 0 },
      essays: { submitted: 0, expected: 0 },
      firstFinisher: null,
      overdueCount: 0,
    }),
  );
  const input = { ...quangNinh(), rollup, levels: LEVELS_2025 };
  expect(resultsReportMarkdown(input)).toContain('3/3 đảng bộ xã, phường, đặc khu đã tổ chức hội nghị');
  expect(resultsReportMarkdown(input)).toContain('11/12 chi bộ đã tổ chức hội nghị');
  expect(resultsReportMarkdown(input)).toContain('1/2 tổ đã tổ chức hội nghị');
  expect(resultsReportMarkdown(input, 'en')).toContain('3/3 commune, ward and special-zone committees held their study conference');
});
