// CR/LF smuggled into the values that reach mail headers — unit names (To, escalation Subject),
// addresses, the directive title (Subject) and MAIL_FROM — through the real SMTP sink: the received
// message has only the headers we write and only the intended recipient. The boundaries refuse such
// values already (src/domain/text/fields.ts, OrgUnitSchema); these rows bypass them, as an old database might.
import { simpleParser } from 'mailparser';
import { createActivities, type CascadeActivities } from '../../src/engine/activities';
import type { EmailRequest } from '../../src/domain/cascade/records';
import { createMailer } from '../../src/mail/mailer';
import { loadConfig } from '../../src/config/config';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../../src/dev/stack/smtp-sink';
import type { TestDatabase } from '../harness/database';
import { LINK_SECRET, QUANG_NINH, directive, insertOrg, migratedDatabase } from './fixtures';

const DAY_MS = 86_400_000;
const EVIL = '\r\nBcc: spy@attacker.test\r\nX-Injected: yes';
const D = directive('QN', { id: 'HDR-2021-QN', title: `Học tập Nghị quyết${EVIL}` });
/** Every header our mails may carry (nodemailer's own plus sendEmails'). */
const ALLOWED = new Set([
  'from',
  'to',
  'subject',
  'message-id',
  'date',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'auto-submitted',
  'x-cascade-directive',
  'x-cascade-unit',
  'x-cascade-kind',
]);

let db: TestDatabase;
let sink: SmtpSink;
let activities: CascadeActivities;
let mailer: ReturnType<typeof createMailer>;

/** Header names of a raw message (folded continuation lines belong to the header above). */
function headerBlock(mail: ReceivedMail): string {
  return mail.raw.toString('latin1').split('\r\n\r\n')[0] ?? '';
}

function headerNames(mail: ReceivedMail): string[] {
  return headerBlock(mail)
    .split('\r\n')
    .filter((line) => !/^[ \t]/.test(line))
    .map((line) => line.slice(0, line.indexOf(':')).toLowerCase());
}

function expectClean(mail: ReceivedMail, to: string): void {
  expect(mail.envelope.to).toEqual([to]);
  expect(headerNames(mail).filter((h) => !ALLOWED.has(h))).toEqual([]);
  // The body may quote the text (it is only text there); the header block must not carry it as a header.
  expect(headerBlock(mail)).not.toMatch(/^(bcc|x-injected):/im);
}

beforeAll(async () => {
  db = await migratedDatabase();
  await insertOrg(db.pool, [
    ...QUANG_NINH,
    ['QN-Y1', `Chi bộ khu 9${EVIL}`, 'cell', 'QN-CP', 'cb009@campha.test'],
    ['QN-Y2', 'Chi bộ khu 10', 'cell', 'QN-CP', `cb010@campha.test${EVIL}`],
    ['QN-Y3', 'Chi bộ khu 11', 'cell', 'QN-CP', 'cb011@campha.test, spy@attacker.test'],
    ['QN-Y4', 'Chi bộ khu 12', 'cell', 'QN-CP', 'Spy <spy@attacker.test>'],
  ]);
  sink = await startSmtpSink();
  mailer = createMailer(sink.url);
  activities = createActivities({
    pool: db.pool,
    mailer,
    mailFrom: 'Văn phòng Trung ương <no-reply@cascade.test>',
    publicBaseUrl: 'http://cascade.test',
    linkSecret: LINK_SECRET,
  });
  await activities.prepareDirective({ directive: D, spec: {} });
});
afterAll(async () => {
  await mailer?.close();
  await sink?.stop();
  await db?.drop();
});

test('a CR/LF in the unit name and the title adds no header and no recipient', async () => {
  const deadline = new Date(Date.now() + DAY_MS).toISOString();
  await activities.sendEmails({ directive: D, emails: [{ kind: 'notice', unitId: 'QN-Y1', step: 0, deadline }] });
  const mail = await sink.waitFor((m) => m.envelope.to.includes('cb009@campha.test'), 5_000);
  expectClean(mail, 'cb009@campha.test');
  const parsed = await simpleParser(mail.raw);
  expect(parsed.bcc).toBeUndefined();
  expect(parsed.subject).not.toMatch(/[\r\n]/);
  expect(parsed.from?.value).toEqual([{ address: 'no-reply@cascade.test', name: 'Văn phòng Trung ương' }]);
  expect(parsed.headers.get('x-injected')).toBeUndefined();
});

test('an escalation whose subject carries the overdue unit’s CR/LF name stays one header', async () => {
  const email: EmailRequest = { kind: 'escalation', unitId: 'QN-Y1', step: 0, deadline: new Date(Date.now() - DAY_MS).toISOString(), ancestorIndex: 0 };
  await activities.sendEmails({ directive: D, emails: [email] });
  const mail = await sink.waitFor((m) => m.envelope.to.includes('thanhuy@campha.test'), 5_000);
  expectClean(mail, 'thanhuy@campha.test');
  const parsed = await simpleParser(mail.raw);
  expect(parsed.subject).toMatch(/^Quá hạn: Chi bộ khu 9 Bcc: spy@attacker\.test X-Injected: yes chưa báo cáo/);
});

test('addresses with CR/LF, a second recipient or a display name are refused: recorded failed, nothing sent', async () => {
  const deadline = new Date(Date.now() + DAY_MS).toISOString();
  const before = sink.messages.length;
  const emails: EmailRequest[] = ['QN-Y2', 'QN-Y3', 'QN-Y4'].map((unitId) => ({ kind: 'notice', unitId, step: 0, deadline }));
  await expect(activities.sendEmails({ directive: D, emails })).resolves.toEqual({ sent: 0, alreadySent: 0, failed: 3, skipped: 0 });
  expect(sink.messages.length).toBe(before);
  expect(sink.messages.flatMap((m) => m.envelope.to)).not.toContain('spy@attacker.test');
  const { rows } = await db.pool.query<{ unit_id: string; status: string; error: string }>(
    `SELECT unit_id, status, error FROM email_ledger WHERE directive_id = $1 AND unit_id LIKE 'QN-Y_' AND kind = 'notice' ORDER BY unit_id`,
    [D.id],
  );
  expect(rows.filter((r) => r.unit_id !== 'QN-Y1').map((r) => [r.unit_id, r.status, /no usable email address/.test(r.error)])).toEqual([
    ['QN-Y2', 'failed', true],
    ['QN-Y3', 'failed', true],
    ['QN-Y4', 'failed', true],
  ]);
});

test('a MAIL_FROM with CR/LF or two senders is refused at start, by the config and by the activity factory', () => {
  for (const bad of [
    `Văn phòng <no-reply@cascade.test>${EVIL}`,
    'a@cascade.test, spy@attacker.test',
    'Văn phòng <no-reply@cascade.test> <spy@attacker.test>',
  ]) {
    expect(() => loadConfig({ MAIL_FROM: bad })).toThrow(/MAIL_FROM: must be one sender on one line/);
    expect(() => createActivities({ pool: db.pool, mailer, mailFrom: bad, publicBaseUrl: 'http://cascade.test', linkSecret: LINK_SECRET })).toThrow(
      /MAIL_FROM .* must be one sender on one line/,
    );
  }
  expect(loadConfig({ MAIL_FROM: 'no-reply@cascade.test' }).MAIL_FROM).toBe('no-reply@cascade.test');
});
