import { escapeHtml, renderEmail, stepsText, vnDaysUntil, type EmailContext } from '../../src/domain/report/email-templates';

const END_OF_Q3 = '2021-09-30T16:59:59.999Z'; // 30/9/2021 23:59:59.999 in Vietnam

function ctx(extra: Partial<EmailContext> = {}): EmailContext {
  return {
    now: '2021-03-20T02:00:00.000Z',
    directive: { code: '01-CT/TW', title: 'Nghiên cứu, học tập, quán triệt Nghị quyết Đại hội XIII', issuer: 'Bộ Chính trị', issuedOn: '2021-03-09' },
    recipientName: 'Thành ủy Hạ Long',
    unit: { unitId: 'QN-HL', name: 'Thành ủy Hạ Long', email: 'thanhuy@halong.test' },
    deadline: END_OF_Q3,
    reportLink: 'http://cascade.test/report/abc.def',
    inboxLink: 'http://cascade.test/inbox/ghi.jkl',
    ...extra,
  };
}

describe('notice', () => {
  test('Vietnamese: cites the directive, the deadline with its quarter, the report link and the unit’s inbox', () => {
    const email = renderEmail('notice', ctx(), 'vi');
    expect(email.subject).toBe('Triển khai Chỉ thị số 01-CT/TW: Nghiên cứu, học tập, quán triệt Nghị quyết Đại hội XIII (hạn báo cáo 30/9/2021)');
    expect(email.text).toContain('Kính gửi: Thành ủy Hạ Long');
    expect(email.text).toContain(
      'Thực hiện Chỉ thị số 01-CT/TW ngày 9/3/2021 của Bộ Chính trị về “Nghiên cứu, học tập, quán triệt Nghị quyết Đại hội XIII”, đề nghị Thành ủy Hạ Long',
    );
    expect(email.text).toContain('chậm nhất ngày 30/9/2021 (hết quý III/2021).');
    expect(email.text).toContain('http://cascade.test/report/abc.def');
    expect(email.html).toContain('<a href="http://cascade.test/report/abc.def">');
    expect(email.text).toContain('Mọi chỉ thị và hạn báo cáo của đơn vị:\nhttp://cascade.test/inbox/ghi.jkl');
    expect(email.html).toContain('<a href="http://cascade.test/inbox/ghi.jkl">');
    expect(email.text).toContain('Các đường dẫn trên dành riêng cho Thành ủy Hạ Long; đề nghị không chuyển tiếp.');
    expect(email.html).toContain('<html lang="vi">');
  });

  test('English: the same facts in English', () => {
    const email = renderEmail('notice', ctx(), 'en');
    expect(email.subject).toBe('Directive No. 01-CT/TW: Nghiên cứu, học tập, quán triệt Nghị quyết Đại hội XIII (report due 30 September 2021)');
    expect(email.text).toContain('Pursuant to Directive No. 01-CT/TW of 9 March 2021 issued by Bộ Chính trị');
    expect(email.text).toContain('by 30 September 2021 (end of Q3 2021).');
    expect(email.text).toContain('Report the results here:\nhttp://cascade.test/report/abc.def');
    expect(email.text).toContain('Every directive and deadline of your unit:\nhttp://cascade.test/inbox/ghi.jkl');
    expect(email.text).toContain('These links are for Thành ủy Hạ Long only; please do not forward them.');
  });

  test('a deadline that is not a quarter end has no quarter label', () => {
    expect(renderEmail('notice', ctx({ deadline: '2021-09-15T16:59:59.999Z' })).text).toContain('chậm nhất ngày 15/9/2021.');
  });

  test('a deadline during the day shows its time (Vietnam time)', () => {
    expect(renderEmail('notice', ctx({ deadline: '2021-09-15T10:00:00.000Z' })).text).toContain('chậm nhất 17:00 ngày 15/9/2021.');
  });

  test('a deadline during the day shows its time in the subject too, not only its date', () => {
    const at17 = { deadline: '2021-09-15T10:00:00.000Z' }; // 17:00 on 15/9/2021 in Vietnam
    expect(renderEmail('notice', ctx(at17), 'vi').subject).toMatch(/\(hạn báo cáo 17:00 ngày 15\/9\/2021\)$/);
    expect(renderEmail('reminder', ctx(at17), 'vi').subject).toMatch(/\(hạn báo cáo 17:00 ngày 15\/9\/2021\)$/);
    expect(renderEmail('notice', ctx(at17), 'en').subject).toMatch(/\(report due 15 September 2021, 17:00 \(UTC\+7\)\)$/);
    // A whole-day deadline (23:59 in Vietnam) stays a date.
    expect(renderEmail('notice', ctx(), 'vi').subject).toMatch(/\(hạn báo cáo 30\/9\/2021\)$/);
  });

  test('other document types are named from the number, unknown ones generically', () => {
    const plan = { ...ctx().directive, code: '30-KH/TU', issuer: 'Tỉnh ủy Quảng Ninh', title: 'về học tập Nghị quyết Đại hội XII', issuedOn: '2016-05-16' };
    expect(renderEmail('notice', ctx({ directive: plan })).text).toContain(
      'Thực hiện Kế hoạch số 30-KH/TU ngày 16/5/2016 của Tỉnh ủy Quảng Ninh về học tập Nghị quyết Đại hội XII,',
    );
    expect(renderEmail('notice', ctx({ directive: { ...plan, code: '12-XY/TU' } })).subject).toMatch(/^Triển khai Văn bản số 12-XY\/TU/);
  });
});

describe('reminder: days left in Vietnam calendar days', () => {
  test.each([
    ['2021-09-27T18:00:00Z', 'còn 2 ngày'], // 28/9 01:00 in Vietnam, still 27/9 in UTC
    ['2021-09-29T16:30:00Z', 'còn 1 ngày'], // 29/9 23:30 in Vietnam
    ['2021-09-29T17:30:00Z', 'hôm nay là hạn chót'], // 30/9 00:30 in Vietnam, still 29/9 in UTC
    ['2021-09-30T16:00:00Z', 'hôm nay là hạn chót'], // 30/9 23:00 in Vietnam
  ])('at %s the subject says "%s"', (now, phrase) => {
    const email = renderEmail('reminder', ctx({ now }), 'vi');
    expect(email.subject).toBe(`Đôn đốc: Chỉ thị số 01-CT/TW — ${phrase} (hạn báo cáo 30/9/2021)`);
    expect(email.text).toContain(`hạn báo cáo kết quả của Thành ủy Hạ Long là ngày 30/9/2021 (hết quý III/2021); ${phrase}.`);
  });

  test('a reminder carries the report link and the unit’s inbox, in both languages', () => {
    for (const [language, inboxLabel] of [
      ['vi', 'Mọi chỉ thị và hạn báo cáo của đơn vị'],
      ['en', 'Every directive and deadline of your unit'],
    ] as const) {
      const email = renderEmail('reminder', ctx(), language);
      expect(email.text).toContain('http://cascade.test/report/abc.def');
      expect(email.text).toContain(`${inboxLabel}:\nhttp://cascade.test/inbox/ghi.jkl`);
      expect(email.html).toContain('<a href="http://cascade.test/inbox/ghi.jkl">');
    }
  });

  test('English counts the same way', () => {
    expect(renderEmail('reminder', ctx({ now: '2021-09-27T18:00:00Z' }), 'en').subject).toBe(
      'Reminder: Directive No. 01-CT/TW — 2 days left (report due 30 September 2021)',
    );
    expect(renderEmail('reminder', ctx({ now: '2021-09-29T17:30:00Z' }), 'en').subject).toContain('today is the deadline');
  });

  test('vnDaysUntil crosses the Vietnam midnight, not the UTC one', () => {
    expect(vnDaysUntil('2021-09-29T16:59:59.999Z', END_OF_Q3)).toBe(1);
    expect(vnDaysUntil('2021-09-29T17:00:00.000Z', END_OF_Q3)).toBe(0);
    expect(vnDaysUntil('2021-10-07T00:00:00.000Z', END_OF_Q3)).toBe(-7);
  });
});

describe('escalation', () => {
  const overdue = ctx({
    now: '2021-10-06T17:00:00.000Z', // 7/10/2021 00:00 in Vietnam
    recipientName: 'Tỉnh ủy Quảng Ninh',
    unit: { unitId: 'QN-HL-017', name: 'Chi bộ khu 7', email: 'cb017@halong.test' },
    reportLink: undefined,
    inboxLink: 'http://cascade.test/inbox/tu.qn',
  });

  test('Vietnamese: tells the superior which unit is late, since when, by how much, and how to reach it', () => {
    const email = renderEmail('escalation', overdue, 'vi');
    expect(email.subject).toBe('Quá hạn: Chi bộ khu 7 chưa báo cáo kết quả Chỉ thị số 01-CT/TW (quá hạn 7 ngày)');
    expect(email.text).toContain('Kính gửi: Tỉnh ủy Quảng Ninh');
    expect(email.text).toContain('Đến 00:00 ngày 7/10/2021, Chi bộ khu 7 (mã QN-HL-017) chưa báo cáo kết quả thực hiện Chỉ thị số 01-CT/TW');
    expect(email.text).toContain('Hạn chót là ngày 30/9/2021 (hết quý III/2021); đơn vị đã quá hạn 7 ngày.');
    expect(email.text).toContain('Liên hệ của đơn vị: cb017@halong.test');
    expect(email.text).toContain('Đề nghị Tỉnh ủy Quảng Ninh đôn đốc');
    expect(email.text).toContain('Theo dõi các đơn vị trực thuộc còn nợ báo cáo:\nhttp://cascade.test/inbox/tu.qn');
    expect(email.html).toContain('href="http://cascade.test/inbox/tu.qn"');
    expect(email.text).toContain('Đường dẫn trên dành riêng cho Tỉnh ủy Quảng Ninh; đề nghị không chuyển tiếp.');
    expect(email.text).not.toContain('/report/');
  });

  test('steps that the cap sends to the same superior are one email saying "bước 2–3"', () => {
    const merged = renderEmail('escalation', { ...overdue, escalationSteps: [3, 2] }, 'vi');
    expect(merged.subject).toBe('Quá hạn (bước 2–3): Chi bộ khu 7 chưa báo cáo kết quả Chỉ thị số 01-CT/TW (quá hạn 7 ngày)');
    expect(merged.text).toContain(
      'Thư này thay cho các bước 2–3 của việc báo cáo quá hạn lên cấp trên: các bước ấy cùng gửi đến Tỉnh ủy Quảng Ninh nên chỉ gửi một thư.',
    );
    const english = renderEmail('escalation', { ...overdue, escalationSteps: [2, 3] }, 'en');
    expect(english.subject).toBe('Overdue (steps 2–3): Chi bộ khu 7 has not reported on Directive No. 01-CT/TW (overdue by 7 days)');
    expect(english.text).toContain('This message stands for escalation steps 2–3: those steps all go to Tỉnh ủy Quảng Ninh, so they come as one message.');
    const single = renderEmail('escalation', { ...overdue, escalationSteps: [1] }, 'vi');
    expect(single.subject).toMatch(/^Quá hạn \(bước 1\): /);
    expect(single.text).not.toContain('Thư này thay cho');
  });

  test('stepsText collapses runs and keeps gaps', () => {
    expect(stepsText([2, 3, 4], 'vi')).toBe('bước 2–4');
    expect(stepsText([1, 3, 4, 4], 'vi')).toBe('bước 1, 3–4');
    expect(stepsText([5], 'en')).toBe('step 5');
  });

  test('one minute before the Vietnam midnight it is a day less overdue', () => {
    expect(renderEmail('escalation', { ...overdue, now: '2021-10-06T16:59:00.000Z' }).subject).toContain('(quá hạn 6 ngày)');
  });

  test('English', () => {
    const email = renderEmail('escalation', overdue, 'en');
    expect(email.subject).toBe('Overdue: Chi bộ khu 7 has not reported on Directive No. 01-CT/TW (overdue by 7 days)');
    expect(email.text).toContain('The deadline was 30 September 2021 (end of Q3 2021); the unit is overdue by 7 days.');
    expect(email.text).toContain('Unit contact: cb017@halong.test');
    expect(email.text).toContain('Follow the units below you that still owe a report:\nhttp://cascade.test/inbox/tu.qn');
    expect(email.text).toContain('This link is for Tỉnh ủy Quảng Ninh only; please do not forward it.');
  });
});

describe('escaping', () => {
  const hostile = ctx({
    recipientName: '<script>alert("x")</script>',
    unit: { unitId: 'QN-HL', name: 'Chi bộ "A" & <B>', email: 'a@b.test' },
    directive: { code: '01-CT/TW', title: "Tiêu đề <img src=x onerror='1'>\r\nBcc: spy@attacker.test", issuer: 'Bộ Chính trị', issuedOn: '2021-03-09' },
    reportLink: 'http://cascade.test/report/a"><script>x</script>',
    inboxLink: 'http://cascade.test/inbox/a"><script>x</script>',
  });

  test.each(['notice', 'reminder', 'escalation'] as const)('%s HTML escapes every value', (kind) => {
    const { html } = renderEmail(kind, hostile, 'vi');
    expect(html).not.toMatch(/<script|<img|<B>|onerror='/);
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain('href="http://cascade.test/inbox/a&#34;&#62;&#60;script&#62;x&#60;/script&#62;"');
    if (kind !== 'escalation') expect(html).toContain('href="http://cascade.test/report/a&#34;&#62;&#60;script&#62;x&#60;/script&#62;"');
  });

  test('the plain text keeps the values as they are', () => {
    expect(renderEmail('notice', hostile).text).toContain('Kính gửi: <script>alert("x")</script>');
  });

  test('a subject never carries CR or LF', () => {
    expect(renderEmail('notice', hostile).subject).not.toMatch(/[\r\n]/);
    expect(renderEmail('notice', hostile).subject).toContain("onerror='1'> Bcc: spy@attacker.test");
  });

  test('escapeHtml covers the five characters that matter', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&#38;&#60;&#62;&#34;&#39;');
  });
});
