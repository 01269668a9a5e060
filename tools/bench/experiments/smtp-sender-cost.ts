// Experiment: main-thread CPU per finished message, nodemailer's pooled transport (sendMail with
// `raw`) against src/mail/smtp-sender.ts, both over 8 connections to src/dev/stack/smtp-sink.ts.
// `npx tsx tools/bench/experiments/smtp-sender-cost.ts [messages]` (default 5000). The sink runs in a
// child process, so process.cpuUsage() here counts the sender's side only.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { renderEmail } from '../../../src/domain/report/email-templates';
import { runLimited } from '../../../src/engine/activities/concurrency';
import { createMailer } from '../../../src/mail/mailer';
import { buildMimeMessage } from '../../../src/mail/mime-message';
import { startSmtpSink } from '../../../src/dev/stack/smtp-sink';

/** As sendEmails: 8 messages in flight, 8 connections. */
const CONCURRENCY = 8;
const FROM = 'no-reply@directive-cascade.local';

type Send = (envelope: { from: string; to: string[] }, raw: Buffer) => Promise<void>;
type Message = { to: string; raw: Buffer };

/** Child mode: a sink that prints its port and counts what it takes. */
async function sink(): Promise<void> {
  const s = await startSmtpSink();
  process.stdout.write(`${s.port}\n`);
  // Keep memory flat over several rounds: only the count matters.
  setInterval(() => s.messages.splice(0), 1_000).unref();
  process.stdin.resume();
  process.stdin.on('end', () => void s.stop().then(() => process.exit(0)));
}

function startSinkProcess(): Promise<{ url: string; child: ChildProcess }> {
  const tsx = path.join(__dirname, '../../node_modules/tsx/dist/cli.mjs');
  const child = spawn(process.execPath, [tsx, __filename, '--sink'], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`sink exited with ${code}`)));
    child.stdout?.once('data', (chunk: Buffer) => resolve({ url: `smtp://127.0.0.1:${chunk.toString().trim()}`, child }));
  });
}

/** Finished notices as sendEmails builds them, one per unit; built before timing starts. */
function messages(n: number): Message[] {
  return Array.from({ length: n }, (_, i) => {
    const unitId = `P01-D03-C${String(i).padStart(4, '0')}`;
    const to = `${unitId.toLowerCase()}@bench.cascade.test`;
    const m = renderEmail(
      'notice',
      {
        now: new Date().toISOString(),
        directive: { code: '99-CT/TW', title: 'Benchmark: nghiên cứu, học tập, quán triệt Nghị quyết', issuer: 'Bộ Chính trị', issuedOn: '2026-11-22' },
        recipientName: `Chi bộ ${i}`,
        unit: { unitId, name: `Chi bộ ${i}`, email: to },
        deadline: '2027-12-31T16:59:59.999Z',
        link: `http://127.0.0.1:3000/report/99/${unitId}?sig=abc`,
      },
      'vi',
    );
    const raw = buildMimeMessage({
      from: { name: 'Văn phòng Trung ương', address: FROM },
      to: { name: `Chi bộ ${i}`, address: to },
      subject: m.subject,
      text: m.text,
      html: m.html,
      messageId: `<99.${unitId}.notice.0@directive-cascade>`,
      date: new Date(),
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Cascade-Directive': '99', 'X-Cascade-Unit': unitId, 'X-Cascade-Kind': 'notice' },
    });
    return { to, raw };
  });
}

async function measure(name: string, send: Send, batch: Message[]): Promise<{ name: string; cpuMsPerMessage: number; messagesPerSecond: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await runLimited(batch, CONCURRENCY, (m) => send({ from: FROM, to: [m.to] }, m.raw));
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    name,
    cpuMsPerMessage: Math.round(((used.user + used.system) / 1_000 / batch.length) * 1_000) / 1_000,
    messagesPerSecond: Math.round((batch.length * 1_000) / wallMs),
  };
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 5_000);
  if (!Number.isSafeInteger(n) || n < 100) throw new Error(`messages must be a whole number ≥ 100, got ${process.argv[2]}`);
  const { url, child } = await startSinkProcess();
  const batch = messages(n);
  const transport = nodemailer.createTransport({ url, pool: true, maxConnections: CONCURRENCY });
  const sender = createMailer(url, { pooled: true, maxConnections: CONCURRENCY });
  const senders: Record<string, Send> = {
    'nodemailer pool sendMail(raw)': async (envelope, raw) => void (await transport.sendMail({ envelope, raw })),
    'smtp-sender': (envelope, raw) => sender.send(envelope, raw),
  };
  try {
    // Warm-up: JIT and connections, not counted.
    for (const send of Object.values(senders)) await measure('warm-up', send, batch.slice(0, 500));
    const results = [];
    // Alternating rounds, so neither side gets a warmer machine.
    for (let round = 0; round < 2; round++) for (const [name, send] of Object.entries(senders)) results.push(await measure(name, send, batch));
    console.table(results);
    console.log(JSON.stringify({ messages: n, concurrency: CONCURRENCY, results }));
  } finally {
    transport.close();
    await sender.close();
    child.stdin?.end();
  }
}

if (process.argv.includes('--sink')) void sink();
else
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
