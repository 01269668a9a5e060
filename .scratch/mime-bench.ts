import MailComposer from 'nodemailer/lib/mail-composer';
import { renderEmail } from '/work/main/domain/email-templates';
const ctx = { now: '2026-04-01T03:00:00.000Z', directive: { code: '01-CT/TW', title: 'về việc tổ chức học tập, quán triệt, tuyên truyền Nghị quyết Đại hội XIII của Đảng', issuer: 'Bộ Chính trị', issuedOn: '2021-03-09' }, recipientName: 'Chi bộ Khu phố 3, Phường Hồng Gai', unit: { unitId: 'P11-D04-C0123', name: 'Chi bộ Khu phố 3', email: 'kp3@halong.test' }, deadline: '2026-09-30T16:59:59.999Z', link: 'https://cascade.example/r/abc.def.ghi-very-long-signature-1234567890abcdef' };
async function build(opts: Record<string, unknown>): Promise<Buffer> {
  return new Promise((res, rej) => new MailComposer(opts as never).compile().build((e: Error | null, b: Buffer) => (e ? rej(e) : res(b))));
}
(async () => {
  const N = 3000;
  for (const variant of ['default', 'base64']) {
    const t0 = performance.now(); let bytes = 0;
    for (let i = 0; i < N; i++) {
      const m = renderEmail('notice', { ...ctx, link: ctx.link + i });
      const b = await build({ from: { name: 'Văn phòng Trung ương', address: 'no-reply@x.test' }, to: { name: 'Chi bộ ' + i, address: `u${i}@x.test` }, subject: m.subject, text: m.text, html: m.html, messageId: `<m${i}@x>`, headers: { 'X-A': 'b' }, ...(variant === 'base64' ? { textEncoding: 'base64' } : {}) });
      bytes += b.length;
    }
    const t = performance.now() - t0;
    console.log(variant, (t / N).toFixed(3), 'ms/msg', Math.round(bytes / N), 'bytes');
  }
  const t0 = performance.now();
  for (let i = 0; i < N; i++) renderEmail('notice', { ...ctx, link: ctx.link + i });
  console.log('render only', ((performance.now() - t0) / N).toFixed(3));
})();
