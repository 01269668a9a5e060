// The opt-in crash hook of sendEmails (src/engine/activities/fault-injection.ts) that the fault suite uses:
// it fires only when a test asks, exactly as often as asked, and leaves the ledger as a crash
// between the SMTP server's acceptance and the ledger write would.
import { createActivities } from '../../src/engine/activities';
import type { EmailRequest } from '../../src/domain/cascade/records';
import { faultCountdown, InjectedFault } from '../../src/engine/activities/fault-injection';
import { createMailer } from '../../src/mail/mailer';
import { startSmtpSink, type SmtpSink } from '../../src/dev/stack/smtp-sink';
import type { TestDatabase } from '../harness/database';
import { LINK_SECRET, QUANG_NINH, directive, insertOrg, migratedDatabase } from './fixtures';

const D = directive('QN');
const NOTICE: EmailRequest = { kind: 'notice', unitId: 'QN-HL', step: 0, deadline: '2021-09-30T16:59:59.999Z' };

let db: TestDatabase;
let sink: SmtpSink;
beforeAll(async () => {
  db = await migratedDatabase();
  await insertOrg(db.pool, QUANG_NINH);
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.stop();
  await db.drop();
});

test('a countdown fires as many times as asked, then never; a bad count is refused up front', () => {
  const fire = faultCountdown(2, 'crashAfterSmtpAccept');
  expect([fire(), fire(), fire(), fire()]).toEqual([true, true, false, false]);
  expect(faultCountdown(undefined, 'crashAfterSmtpAccept')()).toBe(false);
  expect(() => faultCountdown(-1, 'crashAfterSmtpAccept')).toThrow('faults.crashAfterSmtpAccept must be a whole number ≥ 0, got -1');
  expect(() => faultCountdown(1.5, 'crashAfterSmtpAccept')).toThrow(RangeError);
});

test('crashAfterSmtpAccept: the server has the email, the ledger still says sending, the retry sends it again with the same Message-ID', async () => {
  const activities = createActivities({
    pool: db.pool,
    mailer: createMailer(sink.url),
    mailFrom: 'Văn phòng Trung ương <no-reply@cascade.test>',
    publicBaseUrl: 'http://cascade.test',
    linkSecret: LINK_SECRET,
    faults: { crashAfterSmtpAccept: 1 },
  });
  await activities.prepareDirective({ directive: D, spec: {} });
  const copies = () => sink.messages.filter((m) => m.raw.includes(Buffer.from(`<${D.id}.QN-HL.notice.0@directive-cascade>`))).length;
  const status = async () => (await db.pool.query('SELECT status FROM email_ledger WHERE directive_id = $1 AND unit_id = $2', [D.id, 'QN-HL'])).rows[0]?.status;

  await expect(activities.sendEmails({ directive: D, emails: [NOTICE] })).rejects.toThrow(InjectedFault);
  expect(copies()).toBe(1);
  expect(await status()).toBe('sending');

  await expect(activities.sendEmails({ directive: D, emails: [NOTICE] })).resolves.toEqual({ sent: 1, alreadySent: 0, failed: 0, skipped: 0 });
  expect(copies()).toBe(2);
  expect(await status()).toBe('sent');
  await expect(activities.sendEmails({ directive: D, emails: [NOTICE] })).resolves.toEqual({ sent: 0, alreadySent: 1, failed: 0, skipped: 0 });
  expect(copies()).toBe(2);
});
