// Experiment: worker CPU per notice outside SMTP — template rendering and MIME composition (nodemailer stream transport).
import nodemailer from 'nodemailer';
import { renderEmail } from '../../../src/domain/report/email-templates';

async function main(): Promise<void> {
  const n = 2_000;
  const context = {
    now: new Date().toISOString(),
    directive: { code: '99-CT/TW', title: 'Benchmark: nghiên cứu, học tập, quán triệt Nghị quyết', issuer: 'Bộ Chính trị', issuedOn: '2026-11-22' },
    recipientName: 'Chi bộ 12 (P01-D03)',
    unit: { unitId: 'P01-D03-C012', name: 'Chi bộ 12 (P01-D03)', email: 'p01-d03-c012@bench.cascade.test' },
    deadline: '2027-12-31T16:59:59.999Z',
    link: 'http://127.0.0.1:3000/report/x?sig=abc',
  };
  let t = performance.now();
  const messages = Array.from({ length: n }, () => renderEmail('notice', context, 'vi'));
  console.log(`renderEmail: ${((performance.now() - t) / n).toFixed(3)} ms each`);
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  t = performance.now();
  for (const m of messages) {
    await transport.sendMail({
      from: 'a@b.test',
      to: 'c@d.test',
      subject: m.subject,
      text: m.text,
      html: m.html,
      messageId: '<x@y>',
      headers: { 'X-Cascade-Kind': 'notice' },
    });
  }
  console.log(`nodemailer compose: ${((performance.now() - t) / n).toFixed(3)} ms each`);
}

/** Variants: text only, and a raw RFC 5322 message from a template (what a precomposed notice would cost). */
async function variants(): Promise<void> {
  const n = 2_000;
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const m = renderEmail(
    'notice',
    {
      now: new Date().toISOString(),
      directive: { code: '99-CT/TW', title: 'Benchmark', issuer: 'Bộ Chính trị', issuedOn: '2026-11-22' },
      recipientName: 'Chi bộ 12',
      unit: { unitId: 'P01-D03-C012', name: 'Chi bộ 12', email: 'x@y.test' },
      deadline: '2027-12-31T16:59:59.999Z',
      link: 'http://x/y',
    },
    'vi',
  );
  let t = performance.now();
  for (let i = 0; i < n; i++) await transport.sendMail({ from: 'a@b.test', to: 'c@d.test', subject: m.subject, text: m.text, messageId: '<x@y>' });
  console.log(`nodemailer compose, text only: ${((performance.now() - t) / n).toFixed(3)} ms each`);
  const body = Buffer.from(m.html)
    .toString('base64')
    .replace(/(.{76})/g, '$1\r\n');
  t = performance.now();
  for (let i = 0; i < n; i++) {
    const raw = `From: a@b.test\r\nTo: c${i}@d.test\r\nSubject: =?UTF-8?B?${Buffer.from(m.subject).toString('base64')}?=\r\nMessage-ID: <${i}@y>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${body}`;
    await transport.sendMail({ envelope: { from: 'a@b.test', to: [`c${i}@d.test`] }, raw });
  }
  console.log(`nodemailer raw (precomposed body): ${((performance.now() - t) / n).toFixed(3)} ms each`);
}
main()
  .then(variants)
  .catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
