import { simpleParser, type AddressObject } from 'mailparser';
import { buildMimeMessage, type MimeMessageInput } from '../../src/mail/mime-message';

const base: MimeMessageInput = {
  from: { name: 'Văn phòng Trung ương', address: 'no-reply@cascade.test' },
  to: { name: 'Chi bộ Khu phố 3', address: 'kp3@halong.test' },
  subject: 'Thông báo: Chỉ thị 01-CT/TW về việc tổ chức học tập, quán triệt, tuyên truyền Nghị quyết Đại hội XIII của Đảng — hạn chót 30/9/2021',
  text: 'Kính gửi Chi bộ Khu phố 3,\nĐề nghị báo cáo kết quả trước ngày 30/9/2021.\n' + 'Dòng dài '.repeat(40),
  html: '<p>Kính gửi <b>Chi bộ Khu phố 3</b></p>',
  messageId: '<01-CT-TW-2021.QN-HL-017.notice.0@directive-cascade>',
  date: new Date('2021-09-01T01:02:03.000Z'),
  headers: { 'Auto-Submitted': 'auto-generated', 'X-Cascade-Unit': 'QN-HL-017' },
};

const headerBlock = (raw: Buffer) => raw.toString('latin1').split('\r\n\r\n')[0] ?? '';
const headerNames = (raw: Buffer) =>
  headerBlock(raw)
    .split('\r\n')
    .filter((line) => !/^[ \t]/.test(line))
    .map((line) => line.slice(0, line.indexOf(':')).toLowerCase());

describe('buildMimeMessage', () => {
  test('a mail reader gets back the subject, both bodies, the addresses, the ids and the date', async () => {
    const parsed = await simpleParser(buildMimeMessage(base));
    expect(parsed.subject).toBe(base.subject);
    expect(parsed.text?.trim()).toBe(base.text.trim());
    expect(parsed.html).toBe(base.html);
    expect(parsed.from?.value).toEqual([{ address: 'no-reply@cascade.test', name: 'Văn phòng Trung ương' }]);
    expect((parsed.to as AddressObject).value).toEqual([{ address: 'kp3@halong.test', name: 'Chi bộ Khu phố 3' }]);
    expect(parsed.messageId).toBe(base.messageId);
    expect(parsed.date?.toISOString()).toBe('2021-09-01T01:02:03.000Z');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.headers.get('x-cascade-unit')).toBe('QN-HL-017');
  });

  test('subjects and senders encoded once are reused for their own text only, also after more texts than are kept', async () => {
    // 70 distinct subjects and senders (more than the encodings kept), then the first again.
    const inputs = Array.from({ length: 70 }, (_, k) => ({
      ...base,
      from: { ...base.from, name: `Văn phòng Tỉnh ủy số ${k}` },
      subject: `Đôn đốc: Chỉ thị số ${k}-CT/TW — còn ${k} ngày`,
    }));
    const first = inputs[0] as MimeMessageInput;
    const firstRaw = buildMimeMessage(first);
    for (const input of inputs) {
      const parsed = await simpleParser(buildMimeMessage(input));
      expect(parsed.subject).toBe(input.subject);
      expect(parsed.from?.value).toEqual([{ address: input.from.address, name: input.from.name }]);
    }
    expect(buildMimeMessage(first).equals(firstRaw)).toBe(true);
  });

  test('every line is CRLF-terminated 7-bit text, header lines within 78 characters and base64 lines within 76', () => {
    const raw = buildMimeMessage(base);
    const text = raw.toString('latin1');
    expect(text).not.toMatch(/[^\r]\n/);
    expect([...raw].every((byte) => byte < 0x80)).toBe(true);
    const [head = '', ...rest] = text.split('\r\n\r\n');
    for (const line of head.split('\r\n').filter((l) => !l.startsWith('Content-Type: multipart'))) expect(line.length).toBeLessThanOrEqual(78);
    for (const line of rest.join('\r\n\r\n').split('\r\n')) if (/^[A-Za-z0-9+/=]+$/.test(line)) expect(line.length).toBeLessThanOrEqual(76);
  });

  test('names with quotes, commas or angle brackets stay one mailbox', async () => {
    const parsed = await simpleParser(
      buildMimeMessage({
        ...base,
        to: { name: 'Chi bộ "Khu phố 3", <Phường> Hồng Gai', address: 'kp3@halong.test' },
        from: { name: 'Office, "Central"', address: 'no-reply@cascade.test' },
      }),
    );
    expect((parsed.to as AddressObject).value).toEqual([{ address: 'kp3@halong.test', name: 'Chi bộ "Khu phố 3", <Phường> Hồng Gai' }]);
    expect(parsed.from?.value).toEqual([{ address: 'no-reply@cascade.test', name: 'Office, "Central"' }]);
  });

  test('CR/LF in a subject, a name or a header value cannot add a header or a recipient', async () => {
    const raw = buildMimeMessage({
      ...base,
      subject: 'Nhắc hạn\r\nBcc: spy@attacker.test',
      to: { name: 'Chi bộ\r\nBcc: spy@attacker.test', address: 'kp3@halong.test' },
      headers: { 'X-Cascade-Unit': 'QN\r\nBcc: spy@attacker.test' },
    });
    expect(headerNames(raw)).toEqual(['from', 'to', 'subject', 'message-id', 'date', 'mime-version', 'x-cascade-unit', 'content-type']);
    expect(raw.toString('latin1')).not.toMatch(/^Bcc:/im);
    const parsed = await simpleParser(raw);
    expect(parsed.bcc).toBeUndefined();
    expect((parsed.to as AddressObject).value).toEqual([{ address: 'kp3@halong.test', name: 'Chi bộ Bcc: spy@attacker.test' }]);
  });

  test('an ASCII subject and name are written as they are', () => {
    const head = headerBlock(buildMimeMessage({ ...base, subject: 'Reminder: 01-CT/TW', to: { name: 'Ha Long cell', address: 'kp3@halong.test' } }));
    expect(head).toContain('\r\nSubject: Reminder: 01-CT/TW\r\n');
    expect(head).toContain('\r\nTo: Ha Long cell <kp3@halong.test>\r\n');
  });
});
