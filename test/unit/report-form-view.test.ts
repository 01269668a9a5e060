// The report form's verdicts in the page's language: the shared rules judge the posted form, and
// the page says what is wrong per field in Vietnamese (English on the English page), never a rule
// code or the API's English sentence.
import { validateReport } from '../../src/domain/track/completion-report';
import { issuesByField, reportFromForm } from '../../src/http/pages/report-form';
import { reportFormPage, type ReportFormModel } from '../../src/http/pages/views/report-form-view';
import type { Lang } from '../../src/http/pages/i18n';

const POSTED = {
  conferenceDate: '31/02/2026',
  attendees: '30',
  members: '28',
  essaysSubmitted: '5',
  essaysExpected: '3000000000',
  documentNumber: 'kế hoạch bảy',
  documentDate: '2026-03-02',
  reportedBy: '',
  notes: '',
};

function page(lang: Lang, posted: Record<string, string> = POSTED, formError: ReportFormModel['formError'] = null): string {
  const verdict = validateReport(reportFromForm(posted), { unitId: 'QN-HL-002', now: '2026-03-10T03:00:00.000Z', directiveIssuedOn: '2026-03-01' });
  const issues = verdict.ok ? [] : verdict.issues.map((i) => ({ path: i.field, rule: i.rule, message: i.message }));
  return reportFormPage({
    lang,
    url: '/report/t',
    action: '/report/t',
    directive: { code: '10-NQ/TW', title: 'Về công tác xây dựng Đảng' },
    unit: {
      directiveId: '10-NQ-TW-2026',
      unitId: 'QN-HL-002',
      name: 'Chi bộ khu 2',
      level: 'cell',
      parentId: 'QN-HL',
      status: 'pending',
      receivedAt: '2026-03-01T01:00:00.000Z',
      deadline: '2026-06-30T16:59:59.999Z',
      extendedTo: null,
      acknowledgedAt: null,
      completedAt: null,
      report: null,
      corrections: 0,
      exemptedAt: null,
      withdrawnAt: null,
    },
    values: posted,
    errors: issuesByField(issues),
    formError,
    today: '2026-03-10',
  });
}

/** The text of the error block of one field. */
function fieldErrors(html: string, field: string): string {
  const block = new RegExp(`data-field="${field}"[\\s\\S]*?<div class="field-error"[^>]*>([\\s\\S]*?)</div>`).exec(html)?.[1] ?? '';
  return block
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

test('the Vietnamese page words each refused field in Vietnamese, quoting what was typed, with no rule code', () => {
  const html = page('vi');
  expect(fieldErrors(html, 'attendees')).toBe('Số đảng viên tham dự (30) lớn hơn tổng số đảng viên (28); sửa lại một trong hai số.');
  expect(fieldErrors(html, 'conferenceDate')).toBe(
    'Ngày tổ chức hội nghị “31/02/2026” không phải là ngày có thật; nhập theo dạng ngày/tháng/năm, ví dụ 22/11/2026.',
  );
  expect(fieldErrors(html, 'essaysExpected')).toBe('Số bài thu hoạch phải nộp “3000000000” quá lớn: tối đa 2.147.483.647; kiểm tra lại số.');
  expect(fieldErrors(html, 'documentNumber')).toContain('Số hiệu kế hoạch của đơn vị “kế hoạch bảy” không đúng dạng số hiệu văn bản');
  expect(fieldErrors(html, 'reportedBy')).toBe('Chưa nhập người báo cáo; ô này bắt buộc.');
  // No rule code and none of the rules' English sentences reach the text of the page.
  const text = html.replace(/<[^>]+>/g, ' ');
  for (const code of ['attendees-exceed-members', 'document-number', 'schema', 'date']) expect(text).not.toMatch(new RegExp(`\\b${code}\\b(?!/)`));
  expect(text).not.toMatch(/exceeds|is required|for unit|must be/);
  expect(html).not.toContain('<code>');
});

test('the English page words the same verdicts in English, still without rule codes', () => {
  const html = page('en');
  expect(fieldErrors(html, 'attendees')).toBe('Members who attended (30) is more than members (28); correct one of the two.');
  expect(fieldErrors(html, 'reportedBy')).toBe('Reported by is required.');
  expect(html).not.toContain('<code>');
});

test("a refusal of the unit's state is said in the page's language above the form", () => {
  const valid = { ...POSTED, conferenceDate: '02/03/2026', attendees: '20', essaysExpected: '5', documentNumber: '7-KH/CB', reportedBy: 'Bí thư' };
  const refused = { code: 'already-reported', message: 'unit QN-HL-002 already reported on 10/03/2026 09:00 (Vietnam time); send a correction to change it' };
  expect(page('vi', valid, refused)).toContain('Đơn vị đã báo cáo trước đó, nên báo cáo này không được ghi nhận lần nữa.');
  expect(page('vi', valid, refused)).not.toContain('send a correction');
  expect(page('en', valid, refused)).toContain('The unit had already reported');
});

test("the form is titled with the directive's kind", () => {
  expect(page('vi')).toContain('Báo cáo kết quả thực hiện Nghị quyết số <span class="nowrap">10-NQ/TW</span>');
  expect(page('en')).toContain('<title>Results report on Resolution 10-NQ/TW');
});
