import net from 'node:net';
import { simpleParser } from 'mailparser';
import { createMailer } from '../../src/mail/mailer';
import { buildMimeMessage } from '../../src/mail/mime-message';
import { startSmtpSink, type SmtpSink } from '../../src/dev/stack/smtp-sink';

describe('mail through a real SMTP server on loopback', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(() => sink.stop());

  test('a message sent by the mailer arrives with its headers and Vietnamese text intact', async () => {
    const mailer = createMailer(sink.url);
    const subject = 'Đôn đốc: Chỉ thị 01-CT/TW — hạn chót 30/9/2021';
    const text = 'Kính gửi Thành ủy Hạ Long: đề nghị báo cáo kết quả học tập, quán triệt Nghị quyết Đại hội XIII trước ngày 30/9/2021.';
    const info = { messageId: '<01-CT-TW.HL.reminder.1@directive-cascade>' };
    await mailer.send(
      { from: 'no-reply@cascade.test', to: ['thanhuy@halong.test'] },
      buildMimeMessage({
        from: { name: 'Văn phòng Trung ương', address: 'no-reply@cascade.test' },
        to: { name: 'Thành ủy Hạ Long', address: 'thanhuy@halong.test' },
        subject,
        text,
        html: `<p>${text}</p>`,
        messageId: info.messageId,
        date: new Date(),
        headers: { 'X-Cascade-Directive': '01-CT-TW' },
      }),
    );

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

  test('a sender reset in the middle of a message is dropped; the sink stays up and takes the next one', async () => {
    const before = sink.messages.length;
    const socket = net.connect(sink.port, '127.0.0.1');
    let heard = '';
    socket.on('data', (chunk: Buffer) => (heard += chunk.toString()));
    const until = async (done: () => boolean, what: string) => {
      const deadline = Date.now() + 5_000;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the sink said: ${heard}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    // One command at a time, each after the sink's answer, as a worker's mailer talks.
    const say = async (command: string, answers: number) => {
      const lines = heard.split('\r\n').length;
      socket.write(`${command}\r\n`);
      await until(() => heard.split('\r\n').length >= lines + answers, `the answer to ${command}`);
    };
    await until(() => heard.includes('220 '), 'the greeting');
    await say('EHLO killed-worker.test', 1);
    await until(() => /\r\n250 /.test(heard), 'the end of EHLO');
    await say('MAIL FROM:<no-reply@cascade.test>', 1);
    await say('RCPT TO:<thanhuy@halong.test>', 1);
    await say('DATA', 1);
    expect(heard).toContain('354');
    socket.write('Subject: half a message\r\n\r\nthe sender dies here');
    // Let the sink read the half body first: a reset that overtakes unread data can read as a
    // plain close on this kernel, which is not the case under test.
    await new Promise((resolve) => setTimeout(resolve, 100));
    // SIGKILL of the sending worker: the kernel answers the sink with a TCP reset.
    socket.resetAndDestroy();

    await until(() => sink.connectionErrors.length > 0, 'the sink to notice the reset');
    expect(sink.connectionErrors.map((err) => (err as NodeJS.ErrnoException).code)).toEqual(['ECONNRESET']);
    expect(sink.messages.length).toBe(before);
    await createMailer(sink.url).send(
      { from: 'no-reply@cascade.test', to: ['thanhuy@halong.test'] },
      'Message-ID: <after-the-reset@cascade.test>\r\nSubject: after the reset\r\n\r\nok\r\n',
    );
    await sink.waitFor((m) => m.raw.includes(Buffer.from('<after-the-reset@cascade.test>')));
  });
});
