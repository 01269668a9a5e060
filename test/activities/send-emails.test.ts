import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { createActivities, type CascadeActivities } from '../../src/engine/activities';
import type { EmailRequest } from '../../src/domain/cascade/records';
import { createMailer } from '../../src/mail/mailer';
import { freePort } from '../../src/dev/toolchain/free-port';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../../src/dev/stack/smtp-sink';
import { verifyInboxToken } from '../../src/security/inbox-link';
import { verifyReportToken } from '../../src/security/report-link';
import type { TestDatabase } from '../harness/database';
import { activitiesWithoutMail, LINK_SECRET, QUANG_NINH, directive, insertOrg, migratedDatabase } from './fixtures';
import { startScriptedSmtp } from './scripted-smtp';

const DAY_MS = 86_400_000;
const D = directive('QN');
const BASE_URL = 'http://cascade.test';

/** The unit and expiry an email's inbox link grants (its token checked against the key), or null when it has none. */
function inboxGrant(parsed: ParsedMail): { unitId: string; expiresMs: number } | null {
  const token = /http:\/\/cascade\.test\/inbox\/([A-Za-z0-9_.-]+)/.exec(parsed.text ?? '')?.[1];
  const check = token ? verifyInboxToken(token, LINK_SECRET) : null;
  return check?.ok ? { unitId: check.unitId, expiresMs: Date.parse(check.expiresAt) } : null;
}

function activitiesFor(db: TestDatabase, smtpUrl: string, mailer = createMailer(smtpUrl)): CascadeActivities {
  return createActivities({
    pool: db.pool,
    mailer,
    mailFrom: 'Văn phòng Trung ương <no-reply@cascade.test>',
    publicBaseUrl: `${BASE_URL}/`,
    linkSecret: LINK_SECRET,
  });
}

const messageId = (e: Pick<EmailRequest, 'unitId' | 'kind' | 'step'>) => `<${D.id}.${e.unitId}.${e.kind}.${e.step}@directive-cascade>`;

function recipients(parsed: ParsedMail): { address?: string; name: string }[] {
  const to = parsed.to as AddressObject | undefined;
  return to?.value.map((v) => ({ address: v.address, name: v.name })) ?? [];
}

async function ledger(db: TestDatabase, unitId: string, kind: string, step: number) {
  const { rows } = await db.pool.query<{ status: string; recipient: string; message_id: string | null; error: string | null; sent_at: Date | null }>(
    'SELECT status, recipient, message_id, error, sent_at FROM email_ledger WHERE directive_id = $1 AND unit_id = $2 AND kind = $3 AND step = $4',
    [D.id, unitId, kind, step],
  );
  return rows;
}

describe('sendEmails through a real SMTP server', () => {
  let db: TestDatabase;
  let sink: SmtpSink;
  let activities: CascadeActivities;

  const arrived = async (email: Pick<EmailRequest, 'unitId' | 'kind' | 'step'>): Promise<{ mail: ReceivedMail; parsed: ParsedMail }> => {
    const mail = await sink.waitFor((m) => m.raw.includes(Buffer.from(messageId(email))), 5_000);
    return { mail, parsed: await simpleParser(mail.raw) };
  };
  const countAtSink = (email: Pick<EmailRequest, 'unitId' | 'kind' | 'step'>) =>
    sink.messages.filter((m) => m.raw.includes(Buffer.from(messageId(email)))).length;

  beforeAll(async () => {
    db = await migratedDatabase();
    await insertOrg(db.pool, [...QUANG_NINH, ['QN-XX', 'Chi bộ khu 9\r\nBcc: spy@attacker.test', 'cell', 'QN-CP', 'cb009@campha.test']]);
    sink = await startSmtpSink();
    activities = activitiesFor(db, sink.url);
    await activities.prepareDirective({ directive: D, spec: {} });
  });
  afterAll(async () => {
    await sink.stop();
    await db.drop();
  });

  test('a notice reaches the unit with a Vietnamese subject and a signed report link that verifies', async () => {
    const deadline = '2021-09-30T16:59:59.999Z';
    const email: EmailRequest = { kind: 'notice', unitId: 'QN-HL', step: 0, deadline };
    await expect(activities.sendEmails({ directive: D, emails: [email] })).resolves.toEqual({ sent: 1, alreadySent: 0, failed: 0, skipped: 0 });

    const { mail, parsed } = await arrived(email);
    expect(mail.envelope).toEqual({ from: 'no-reply@cascade.test', to: ['thanhuy@halong.test'] });
    expect(recipients(parsed)).toEqual([{ address: 'thanhuy@halong.test', name: 'Thành ủy Hạ Long' }]);
    expect(parsed.from?.value[0]).toEqual({ address: 'no-reply@cascade.test', name: 'Văn phòng Trung ương' });
    expect(parsed.subject).toBe('Triển khai Chỉ thị số 01-CT/TW: Nghiên cứu, học tập, quán triệt Nghị quyết Đại hội XIII (hạn báo cáo 30/9/2021)');
    expect(parsed.messageId).toBe(messageId(email));
    expect(parsed.text).toContain('Kính gửi: Thành ủy Hạ Long');
    expect(parsed.text).toContain('chậm nhất ngày 30/9/2021 (hết quý III/2021)');

    const link = /http:\/\/cascade\.test\/report\/([A-Za-z0-9_.-]+)/.exec(parsed.text ?? '');
    expect(link).not.toBeNull();
    expect(parsed.html).toContain(`href="${link?.[0]}"`);
    const check = verifyReportToken(link?.[1] ?? '', LINK_SECRET, Date.parse(deadline));
    expect(check).toEqual({
      ok: true,
      directiveId: D.id,
      unitId: 'QN-HL',
      expiresAt: new Date(Date.parse(deadline) + 30 * DAY_MS).toISOString(),
      issuedAt: expect.any(String),
    });
    // The unit's own inbox, valid 60 days (INBOX_LINK_TTL_DAYS by default) from the sending.
    const inbox = inboxGrant(parsed);
    expect(inbox?.unitId).toBe('QN-HL');
    expect(Math.abs((inbox?.expiresMs ?? 0) - (Date.now() + 60 * DAY_MS))).toBeLessThan(60_000);
    // Both links were minted at the sending, the instant a revocation of their family is compared with.
    expect(check.ok && check.issuedAt).toBe(new Date((inbox?.expiresMs ?? 0) - 60 * DAY_MS).toISOString());

    const [row] = await ledger(db, 'QN-HL', 'notice', 0);
    expect(row).toMatchObject({ status: 'sent', recipient: 'thanhuy@halong.test', message_id: messageId(email), error: null });
    expect(row?.sent_at).toBeInstanceOf(Date);
    const audit = await db.pool.query('SELECT kind, unit_id, payload FROM audit_log WHERE dedupe_key = $1', [`email/${D.id}/QN-HL/notice/0`]);
    expect(audit.rows).toEqual([
      { kind: 'notice', unit_id: 'QN-HL', payload: expect.objectContaining({ recipient: 'thanhuy@halong.test', messageId: messageId(email) }) },
    ]);
  });

  test('a reminder reaches the cell and counts the days left', async () => {
    const email: EmailRequest = { kind: 'reminder', unitId: 'QN-HL-017', step: 1, deadline: new Date(Date.now() + 3 * DAY_MS).toISOString() };
    await activities.sendEmails({ directive: D, emails: [email] });
    const { mail, parsed } = await arrived(email);
    expect(mail.envelope.to).toEqual(['cb017@halong.test']);
    // A deadline three days from now has a time of day, which the subject shows (unless it happens to be 23:59).
    expect(parsed.subject).toMatch(/^Đôn đốc: Chỉ thị số 01-CT\/TW — còn 3 ngày \(hạn báo cáo (?:\d{2}:\d{2} ngày )?\d+\/\d+\/\d{4}\)$/);
    const token = /\/report\/(\S+)/.exec(parsed.text ?? '')?.[1] ?? '';
    expect(verifyReportToken(token, LINK_SECRET)).toMatchObject({ ok: true, unitId: 'QN-HL-017' });
  });

  test('escalations go to the parent, the grandparent, and no higher than the root', async () => {
    const deadline = new Date(Date.now() - 7 * DAY_MS).toISOString();
    // QN-HL-017's ancestors are QN-HL and QN: step 1 goes to the parent, step 2 to the root.
    const emails: EmailRequest[] = [0, 1].map((ancestorIndex, step) => ({ kind: 'escalation', unitId: 'QN-HL-018', step, deadline, ancestorIndex }));
    await expect(activities.sendEmails({ directive: D, emails })).resolves.toEqual({ sent: 2, alreadySent: 0, failed: 0, skipped: 0 });
    const received = await Promise.all(emails.map(arrived));
    expect(received.map((r) => r.mail.envelope.to)).toEqual([['thanhuy@halong.test'], ['tu@quangninh.test']]);
    const { parsed } = received[1] ?? {};
    expect(parsed?.subject).toBe('Quá hạn: Chi bộ khu 8, phường Hồng Gai chưa báo cáo kết quả Chỉ thị số 01-CT/TW (quá hạn 7 ngày)');
    expect(parsed?.text).toContain('Kính gửi: Tỉnh ủy Quảng Ninh');
    expect(parsed?.text).toContain('Liên hệ của đơn vị: cb018@halong.test');
    // Each superior gets its own inbox (where the overdue unit is listed), not a page that needs an access token.
    expect(received.map((r) => inboxGrant(r.parsed)?.unitId)).toEqual(['QN-HL', 'QN']);
    expect(parsed?.text).not.toContain('/dashboard/');
    expect(parsed?.text).not.toContain('/report/');
  });

  test('steps the cap sends to the root go as one email saying "bước 2–3"; the ledger still has each step, marked sent by that message', async () => {
    const deadline = new Date(Date.now() - 7 * DAY_MS).toISOString();
    // Steps 2 and 3 (and a sixth) are all capped at the root QN: one message for the three.
    const emails: EmailRequest[] = [0, 1, 2, 5].map((ancestorIndex, step) => ({ kind: 'escalation', unitId: 'QN-HL-017', step, deadline, ancestorIndex }));
    await expect(activities.sendEmails({ directive: D, emails })).resolves.toEqual({ sent: 4, alreadySent: 0, failed: 0, skipped: 0 });
    const [toParent, toRoot] = await Promise.all([arrived(emails[0] as EmailRequest), arrived(emails[1] as EmailRequest)]);
    expect(toParent?.mail.envelope.to).toEqual(['thanhuy@halong.test']);
    expect(toRoot?.mail.envelope.to).toEqual(['tu@quangninh.test']);
    expect(toRoot?.parsed.subject).toBe('Quá hạn (bước 2–3, 6): Chi bộ khu 7, phường Hồng Gai chưa báo cáo kết quả Chỉ thị số 01-CT/TW (quá hạn 7 ngày)');
    expect(toRoot?.parsed.text).toContain('Thư này thay cho các bước 2–3, 6 của việc báo cáo quá hạn lên cấp trên');
    await new Promise((resolve) => setTimeout(resolve, 200)); // a second message to the root, if any, would have arrived by now
    expect(sink.messages.filter((m) => m.envelope.to.includes('tu@quangninh.test') && m.raw.includes(Buffer.from('QN-HL-017'))).length).toBe(1);
    expect(emails.map(countAtSink)).toEqual([1, 1, 0, 0]);

    const rows = await Promise.all(emails.map((e) => ledger(db, e.unitId, e.kind, e.step)));
    expect(rows.map((r) => [r[0]?.status, r[0]?.message_id])).toEqual([
      ['sent', messageId(emails[0] as EmailRequest)],
      ['sent', messageId(emails[1] as EmailRequest)],
      ['sent', messageId(emails[1] as EmailRequest)],
      ['sent', messageId(emails[1] as EmailRequest)],
    ]);
    const audit = await db.pool.query('SELECT count(*)::int AS n FROM audit_log WHERE kind = $1 AND unit_id = $2', ['escalation', 'QN-HL-017']);
    expect(audit.rows[0]).toEqual({ n: 4 });
    // The same batch again (a retried activity) sends nothing more.
    await expect(activities.sendEmails({ directive: D, emails })).resolves.toEqual({ sent: 0, alreadySent: 4, failed: 0, skipped: 0 });
  });

  test('sending the same batch twice sends each email once', async () => {
    const deadline = new Date(Date.now() + 10 * DAY_MS).toISOString();
    const emails: EmailRequest[] = ['QN-CP', 'QN-CP-001', 'QN-CA', 'QN-HL-018'].map((unitId) => ({ kind: 'notice', unitId, step: 0, deadline }));
    await expect(activities.sendEmails({ directive: D, emails })).resolves.toEqual({ sent: 4, alreadySent: 0, failed: 0, skipped: 0 });
    await Promise.all(emails.map(arrived));
    await expect(activities.sendEmails({ directive: D, emails: [...emails, ...emails] })).resolves.toEqual({ sent: 0, alreadySent: 4, failed: 0, skipped: 0 });
    await new Promise((resolve) => setTimeout(resolve, 200)); // a duplicate, if any, would have arrived by now
    expect(emails.map(countAtSink)).toEqual([1, 1, 1, 1]);
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS n FROM email_ledger WHERE directive_id = $1 AND kind = 'notice' AND unit_id = ANY($2) AND status = 'sent'`,
      [D.id, emails.map((e) => e.unitId)],
    );
    expect(rows[0]).toEqual({ n: 4 });
  });

  test('a reminder or escalation whose unit closed meanwhile (a batch retried through an SMTP outage) is skipped, a notice is not', async () => {
    const deadline = new Date(Date.now() + 3 * DAY_MS).toISOString();
    const now = new Date().toISOString();
    // The unit reported while the batch waited: its projection already says done.
    await activities.recordJournal({
      audit: [],
      projections: [
        {
          directiveId: D.id,
          unitId: 'QN-CA',
          level: 'cell',
          parentId: 'QN',
          ancestors: ['QN'],
          status: 'done-on-time',
          deadline,
          receivedAt: now,
          completedAt: now,
          attendees: 20,
          members: 20,
          essaysSubmitted: 5,
          essaysExpected: 5,
          version: 2,
        },
      ],
    });
    const emails: EmailRequest[] = [
      { kind: 'reminder', unitId: 'QN-CA', step: 7, deadline },
      { kind: 'escalation', unitId: 'QN-CA', step: 7, deadline, ancestorIndex: 0 },
      { kind: 'notice', unitId: 'QN-CA', step: 5, deadline },
    ];
    await expect(activities.sendEmails({ directive: D, emails })).resolves.toEqual({ sent: 1, alreadySent: 0, failed: 0, skipped: 2 });
    await arrived(emails[2]!);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(emails.map(countAtSink)).toEqual([0, 0, 1]);
    const ledger = await db.pool.query(`SELECT kind, status FROM email_ledger WHERE directive_id = $1 AND unit_id = 'QN-CA' AND step IN (5, 7) ORDER BY kind`, [
      D.id,
    ]);
    expect(ledger.rows).toEqual([
      { kind: 'escalation', status: 'skipped' },
      { kind: 'notice', status: 'sent' },
      { kind: 'reminder', status: 'skipped' },
    ]);
    const audit = await db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE kind = 'email-skipped' AND unit_id = 'QN-CA'`);
    expect(audit.rows[0]).toEqual({ n: 2 });
    // A retry of the same batch changes nothing.
    await expect(activities.sendEmails({ directive: D, emails })).resolves.toEqual({ sent: 0, alreadySent: 1, failed: 0, skipped: 2 });
    // The later tests expect QN-CA open again.
    await db.pool.query(`DELETE FROM unit_projection WHERE directive_id = $1 AND unit_id = 'QN-CA'`, [D.id]);
  });

  test('a unit name carrying CR/LF cannot inject a header or a recipient', async () => {
    const email: EmailRequest = { kind: 'notice', unitId: 'QN-XX', step: 0, deadline: new Date(Date.now() + DAY_MS).toISOString() };
    await activities.sendEmails({ directive: D, emails: [email] });
    const { mail, parsed } = await arrived(email);
    expect(mail.envelope.to).toEqual(['cb009@campha.test']);
    expect(recipients(parsed)).toEqual([{ address: 'cb009@campha.test', name: 'Chi bộ khu 9 Bcc: spy@attacker.test' }]);
    expect(parsed.bcc).toBeUndefined();
    const header = mail.raw.toString('latin1').split('\r\n\r\n')[0] ?? '';
    expect(header).not.toMatch(/^bcc:/im);
  });

  test('escalating the root itself is recorded as failed, not sent anywhere', async () => {
    const email: EmailRequest = { kind: 'escalation', unitId: 'QN', step: 0, deadline: new Date(Date.now() - DAY_MS).toISOString(), ancestorIndex: 0 };
    const before = sink.messages.length;
    await expect(activities.sendEmails({ directive: D, emails: [email] })).resolves.toEqual({ sent: 0, alreadySent: 0, failed: 1, skipped: 0 });
    expect(sink.messages.length).toBe(before);
    expect(await ledger(db, 'QN', 'escalation', 0)).toEqual([
      expect.objectContaining({ status: 'failed', error: expect.stringMatching(/root of the cascade/) }),
    ]);
  });

  test('a unit outside the snapshot fails the batch without retry, before anything is sent', async () => {
    const deadline = new Date(Date.now() + DAY_MS).toISOString();
    const emails: EmailRequest[] = [
      { kind: 'reminder', unitId: 'QN-HL', step: 7, deadline },
      { kind: 'reminder', unitId: 'TW', step: 7, deadline },
    ];
    const error = await activities.sendEmails({ directive: D, emails }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ nonRetryable: true, message: expect.stringMatching(/unit TW not in the snapshot/) });
    expect(await ledger(db, 'QN-HL', 'reminder', 7)).toEqual([]);
  });

  test('a deadline that is not an instant fails the batch without retry, naming the request', async () => {
    const emails: EmailRequest[] = [{ kind: 'notice', unitId: 'QN-HL', step: 9, deadline: '30/9/2021' }];
    await expect(activities.sendEmails({ directive: D, emails })).rejects.toMatchObject({
      nonRetryable: true,
      type: 'CascadeInvalidInput',
      message: expect.stringMatching(/notice\/9 for unit QN-HL .* "30\/9\/2021" is not an ISO-8601 instant/),
    });
    expect(await ledger(db, 'QN-HL', 'notice', 9)).toEqual([]);
  });

  test("inside an activity context it heartbeats as emails go, the last beat with the batch's totals", async () => {
    const env = new MockActivityEnvironment();
    const beats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => beats.push(details));
    const deadline = new Date(Date.now() + 5 * DAY_MS).toISOString();
    const emails: EmailRequest[] = ['QN-HL', 'QN-CP'].map((unitId) => ({ kind: 'reminder', unitId, step: 4, deadline }));
    await expect(env.run(activities.sendEmails, { directive: D, emails })).resolves.toEqual({ sent: 2, alreadySent: 0, failed: 0, skipped: 0 });
    expect(beats).toEqual([
      { sent: 1, failed: 0 },
      { sent: 2, failed: 0 },
    ]);
  });

  test('English directives get English emails', async () => {
    const email: EmailRequest = { kind: 'reminder', unitId: 'QN-CA', step: 3, deadline: new Date(Date.now() + 2 * DAY_MS).toISOString() };
    await activities.sendEmails({ directive: { ...D, language: 'en' }, emails: [email] });
    const { parsed } = await arrived(email);
    expect(parsed.subject).toMatch(/^Reminder: Directive No\. 01-CT\/TW — 2 days left \(report due \d+ \w+ \d{4}(?:, \d{2}:\d{2} \(UTC\+7\))?\)$/);
  });
});

describe('sendEmails when the SMTP server refuses', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await migratedDatabase();
    await insertOrg(db.pool, QUANG_NINH);
    await activitiesWithoutMail(db.pool).prepareDirective({
      directive: D,
      spec: {},
    });
  });
  afterAll(() => db.drop());

  const deadline = '2021-09-30T16:59:59.999Z';

  test('a recipient rejected with 550 is recorded as failed while the rest of the batch is sent', async () => {
    const server = await startScriptedSmtp({ 'thanhuy@campha.test': 550 });
    try {
      const activities = activitiesFor(db, server.url);
      const emails: EmailRequest[] = [
        { kind: 'notice', unitId: 'QN-CP', step: 0, deadline },
        { kind: 'notice', unitId: 'QN-CP-001', step: 0, deadline },
      ];
      await expect(activities.sendEmails({ directive: D, emails })).resolves.toEqual({ sent: 1, alreadySent: 0, failed: 1, skipped: 0 });
      expect(server.received.map((m) => m.to)).toEqual([['cb001@campha.test']]);
      expect(await ledger(db, 'QN-CP', 'notice', 0)).toEqual([
        expect.objectContaining({ status: 'failed', sent_at: null, error: expect.stringMatching(/550/) }),
      ]);
      const audit = await db.pool.query('SELECT kind, payload FROM audit_log WHERE dedupe_key = $1', [`email/${D.id}/QN-CP/notice/0`]);
      expect(audit.rows).toEqual([
        { kind: 'email-failed', payload: expect.objectContaining({ recipient: 'thanhuy@campha.test', reason: expect.stringMatching(/550/) }) },
      ]);

      // A retried batch neither resends the delivered email nor knocks again at the refusing mailbox.
      await expect(activities.sendEmails({ directive: D, emails })).resolves.toEqual({ sent: 0, alreadySent: 1, failed: 1, skipped: 0 });
      expect(server.received).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });

  test('a 451 (try later) throws a retryable error and leaves the email to send', async () => {
    const server = await startScriptedSmtp({ 'cb017@halong.test': 451 });
    try {
      const email: EmailRequest = { kind: 'notice', unitId: 'QN-HL-017', step: 0, deadline };
      const error = await activitiesFor(db, server.url)
        .sendEmails({ directive: D, emails: [email] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(ApplicationFailure);
      expect((error as Error).message).toMatch(/SMTP could not take notice step 0 for unit QN-HL-017 .*451/);
      expect(await ledger(db, 'QN-HL-017', 'notice', 0)).toEqual([expect.objectContaining({ status: 'sending' })]);
    } finally {
      await server.stop();
    }
  });

  test('a dead SMTP port throws a retryable error; the retry against a live server sends everything once', async () => {
    const emails: EmailRequest[] = [
      { kind: 'notice', unitId: 'QN-HL', step: 0, deadline },
      { kind: 'notice', unitId: 'QN-HL-018', step: 0, deadline },
    ];
    const dead = `smtp://127.0.0.1:${await freePort()}`;
    const error = await activitiesFor(db, dead)
      .sendEmails({ directive: D, emails })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ApplicationFailure);
    expect((error as Error).message).toMatch(/SMTP could not take notice/);

    const sink = await startSmtpSink();
    try {
      await expect(activitiesFor(db, sink.url).sendEmails({ directive: D, emails })).resolves.toEqual({ sent: 2, alreadySent: 0, failed: 0, skipped: 0 });
      expect(sink.messages.map((m) => m.envelope.to).sort()).toEqual([['cb018@halong.test'], ['thanhuy@halong.test']]);
    } finally {
      await sink.stop();
    }
  });
});

describe('sendEmails throughput', () => {
  let db: TestDatabase;
  let sink: SmtpSink;
  beforeAll(async () => {
    db = await migratedDatabase();
    await insertOrg(db.pool, [
      ['BIG', 'Huyện ủy Ba Chẽ', 'district', null, 'huyenuy@bache.test'],
      ...Array.from({ length: 300 }, (_, i): [string, string, string, string, string] => [`BIG-${i}`, `Chi bộ ${i}`, 'cell', 'BIG', `cb${i}@bache.test`]),
    ]);
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.stop();
    await db.drop();
  });

  test('300 notices in one batch all arrive once, through a pooled mailer', async () => {
    const mailer = createMailer(sink.url, { pooled: true });
    try {
      const activities = activitiesFor(db, sink.url, mailer);
      const d = directive('BIG');
      await activities.prepareDirective({ directive: d, spec: {} });
      const emails: EmailRequest[] = Array.from({ length: 300 }, (_, i) => ({
        kind: 'notice',
        unitId: `BIG-${i}`,
        step: 0,
        deadline: '2021-09-30T16:59:59.999Z',
      }));
      const started = performance.now();
      await expect(activities.sendEmails({ directive: d, emails })).resolves.toEqual({ sent: 300, alreadySent: 0, failed: 0, skipped: 0 });
      const ms = performance.now() - started;
      if (process.env.CASCADE_TIMINGS) process.stderr.write(`300 emails in ${ms.toFixed(0)} ms: ${((300 * 1000) / ms).toFixed(0)} emails/s\n`);
      expect(new Set(sink.messages.flatMap((m) => m.envelope.to)).size).toBe(300);
      expect(sink.messages).toHaveLength(300);
    } finally {
      await mailer.close();
    }
  });

  test('a 451 in the middle of a big batch: every email the server took before it is marked sent and audited, and the retry sends only the rest', async () => {
    const d = directive('BIG');
    const refused = 'cb45@bache.test';
    const server = await startScriptedSmtp({ [refused]: 451 });
    const mailer = createMailer(server.url, { pooled: true });
    try {
      const activities = activitiesFor(db, server.url, mailer);
      await activities.prepareDirective({ directive: d, spec: {} });
      // More than one group of ledger marks, so accepted emails sit in an unwritten group when the 451 comes.
      const emails: EmailRequest[] = Array.from({ length: 80 }, (_, i) => ({
        kind: 'reminder',
        unitId: `BIG-${i}`,
        step: 7,
        deadline: '2021-09-30T16:59:59.999Z',
      }));
      await expect(activities.sendEmails({ directive: d, emails })).rejects.toThrow(/SMTP could not take reminder step 7 for unit BIG-45 .*451/);
      const accepted = server.received.flatMap((m) => m.to);
      expect(accepted.length).toBeGreaterThan(32);
      expect(accepted).not.toContain(refused);
      const marked = await db.pool.query<{ unit_id: string; status: string }>(
        "SELECT unit_id, status FROM email_ledger WHERE directive_id = $1 AND kind = 'reminder' AND step = 7 AND status = 'sent'",
        [d.id],
      );
      const byUnit = (unitIds: string[]) => unitIds.map((u) => `cb${u.slice('BIG-'.length)}@bache.test`).sort();
      expect(byUnit(marked.rows.map((r) => r.unit_id))).toEqual([...accepted].sort());
      const audited = await db.pool.query<{ n: string }>(
        "SELECT count(*) AS n FROM audit_log WHERE directive_id = $1 AND kind = 'reminder' AND dedupe_key LIKE $2",
        [d.id, `email/${d.id}/%/reminder/7`],
      );
      expect(Number(audited.rows[0]?.n)).toBe(accepted.length);

      const retry = await activitiesFor(db, sink.url).sendEmails({ directive: d, emails });
      expect(retry).toEqual({ sent: 80 - accepted.length, alreadySent: accepted.length, failed: 0, skipped: 0 });
      const retried = sink.messages.filter((m) => m.raw.includes(Buffer.from('.reminder.7@directive-cascade'))).flatMap((m) => m.envelope.to);
      expect([...retried, ...accepted].sort()).toEqual(emails.map((e) => `cb${e.unitId.slice('BIG-'.length)}@bache.test`).sort());
    } finally {
      await mailer.close();
      await server.stop();
    }
  });
});
