import { simpleParser } from 'mailparser';
import { createMailer } from '../../activities/mailer';
import { startSmtpSink, type SmtpSink } from '../../infra/smtp-sink';

describe('mail through a real SMTP server on loopback', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(() => sink.stop());

  test('a message sent by nodemailer arrives with its headers and Vietnamese text intact', async () => {
    const mailer = createMailer(sink.url);
    const subject = 'Đôn đốc: Chỉ thị 01-CT/TW — hạn chót 30/9/2021';
    const text = 'Kính gửi Thành ủy Hạ Long: đề nghị báo cáo kết quả học tập, quán triệt Nghị quyết Đại hội XIII trước ngày 30/9/2021.';
    const info = await mailer.sendMail({
      from: 'Văn phòng Trung ương <no-reply@cascade.test>',
      to: 'Thành ủy Hạ Long <thanhuy@halong.test>',
      subject,
      text,
      headers: { 'X-Cascade-Directive': '01-CT-TW' },
    });

    const received = await sink.waitFor((m) => m.raw.includes(Buffer.from(info.messageId)));
    expect(received.envelope).toEqual({ from: 'no-reply@cascade.test', to: ['thanhuy@halong.test'] });
    const parsed = await simpleParser(received.raw);
    expect(parsed.subject).toBe(subject);
    expect(parsed.text?.trim()).toBe(text);
    expect(parsed.from?.value[0]).toEqual({ address: 'no-reply@cascade.test', name: 'Văn phòng Trung ương' });
    expect(parsed.headers.get('x-cascade-directive')).toBe('01-CT-TW');
    expect(parsed.messageId).toBe(info.messageId);
    // The text must be the NFC form we sent, not decomposed on the way.
    expect(parsed.text?.normalize('NFC')).toBe(parsed.text);
  });
});
