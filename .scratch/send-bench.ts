import { spawn } from 'node:child_process';
import MailComposer from 'nodemailer/lib/mail-composer';
import { createMailer } from '../activities/mailer';
import { renderEmail } from '../domain/email-templates';
const ctx = { now: '2026-04-01T03:00:00.000Z', directive: { code: '01-CT/TW', title: 'về việc tổ chức học tập, quán triệt, tuyên truyền Nghị quyết Đại hội XIII của Đảng', issuer: 'Bộ Chính trị', issuedOn: '2021-03-09' }, recipientName: 'Chi bộ Khu phố 3, Phường Hồng Gai', unit: { unitId: 'P11-D04-C0123', name: 'Chi bộ Khu phố 3', email: 'kp3@halong.test' }, deadline: '2026-09-30T16:59:59.999Z', link: 'https://cascade.example/r/abc.def.ghi-very-long-signature-1234567890abcdef' };
function opts(i: number) {
  const m = renderEmail('notice', { ...ctx, link: ctx.link + i });
  return { from: { name: 'Văn phòng Trung ương', address: 'no-reply@x.test' }, to: { name: 'Chi bộ ' + i, address: `u${i}@x.test` }, subject: m.subject, text: m.text, html: m.html, messageId: `<m${i}@x>`, headers: { 'X-A': 'b' } };
}
async function build(o: Record<string, unknown>): Promise<Buffer> {
  return new Promise((res, rej) => new MailComposer(o as never).compile().build((e: Error | null, b: Buffer) => (e ? rej(e) : res(b))));
}
async function run(label: string, N: number, url: string, make: (i: number) => Promise<Record<string, unknown>>, prebuild = false) {
  const mailer = createMailer(url, { pooled: true });
  const items = prebuild ? await Promise.all(Array.from({ length: N }, (_, i) => make(i))) : null;
  const c0 = process.cpuUsage(); const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => { while (next < N) { const i = next++; await mailer.sendMail(items ? items[i]! : await make(i)); } }));
  const c = process.cpuUsage(c0); const t = performance.now() - t0;
  console.log(label, 'wall', (t / N).toFixed(3), 'ms/msg; cpu', ((c.user + c.system) / 1000 / N).toFixed(3), 'ms/msg');
  mailer.close();
}
(async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sink-proc.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((r) => child.stdout!.once('data', (d: Buffer) => r(d.toString().trim())));
  const url = `smtp://127.0.0.1:${port}`;
  const N = 3000;
  await run('warmup', 500, url, async (i) => opts(i));
  if (!process.env.RAW_ONLY) await run('nodemailer', N, url, async (i) => opts(i));
  await run('raw prebuilt (transport only)', N, url, async (i) => { const o = opts(i); return { envelope: { from: 'no-reply@x.test', to: [o.to.address] }, raw: await build(o) }; }, true);
  if (!process.env.RAW_ONLY) await run('nodemailer again', N, url, async (i) => opts(i));
  child.kill();
})();
