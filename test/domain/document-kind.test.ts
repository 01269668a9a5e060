import { documentKindName, documentKindOf, documentTypeLetters } from '../../src/domain/directive/document-kind';
import { renderEmail } from '../../src/domain/report/email-templates';

describe('the kind of a document, from the type letters of its number', () => {
  test.each([
    ['01-CT/TW', 'Chỉ thị', 'Directive'],
    ['10-NQ/TW', 'Nghị quyết', 'Resolution'],
    ['12-HD/BTGTW', 'Hướng dẫn', 'Guidance'],
    ['30-KH/TU', 'Kế hoạch', 'Plan'],
    ['15-QĐ/TW', 'Quyết định', 'Decision'],
    ['22-QĐi/TW', 'Quy định', 'Regulation'],
    ['04-QC/TU', 'Quy chế', 'Rules'],
    ['123-CV/TU', 'Công văn', 'Official letter'],
    ['45-TB/TW', 'Thông báo', 'Notice'],
    ['21-KL/TW', 'Kết luận', 'Conclusion'],
    ['06-CTr/TU', 'Chương trình hành động', 'Action programme'],
  ])('%s is a %s (%s)', (code, vi, en) => {
    expect([documentKindName(code, 'vi'), documentKindName(code, 'en')]).toEqual([vi, en]);
  });

  test('unknown letters are a neutral "Văn bản" / "Document", never "Chỉ thị"', () => {
    expect(documentKindOf('12-XY/TU')).toEqual({ letters: null, vi: 'Văn bản', en: 'Document' });
    expect(documentKindName('not a number', 'vi')).toBe('Văn bản');
  });

  test('the number is read as the schema normalises it: dashes, spaces, case and decomposed Đ', () => {
    expect(documentTypeLetters('06 – CTr / TU')).toBe('CTr');
    expect(documentKindName('15-Q\u0110/TW'.normalize('NFD'), 'vi')).toBe('Quyết định');
    expect(documentKindName('10-nq/TW', 'en')).toBe('Resolution');
  });

  test('emails name the kind the same way (one table for both)', () => {
    const directive = { code: '10-NQ/TW', title: 'Về công tác xây dựng Đảng', issuer: 'Ban Chấp hành Trung ương', issuedOn: '2026-01-05' };
    const ctx = {
      now: '2026-02-01T02:00:00.000Z',
      directive,
      recipientName: 'X',
      unit: { unitId: 'X', name: 'X', email: 'x@x.test' },
      deadline: '2026-06-30T16:59:59.999Z',
      reportLink: 'http://x.test/r',
      inboxLink: 'http://x.test/i',
    };
    expect(renderEmail('notice', ctx, 'vi').subject).toMatch(/^Triển khai Nghị quyết số 10-NQ\/TW:/);
    expect(renderEmail('notice', ctx, 'en').subject).toMatch(/^Resolution No\. 10-NQ\/TW:/);
  });
});
