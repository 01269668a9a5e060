// Faults of the mail path, on a real SMTP server:
//  1. the server is down when reminders fall due: the sends fail and Temporal retries them, and
//     once the server is back every reminder arrives, each recorded once in the ledger (one
//     unit reports during the outage: whether its already-queued reminder still goes out after
//     its report is measured);
//  2. a crash between the server's acceptance of an email and the ledger write (injected with
//     createActivities' `faults` option): the retry sends that email again. The ledger still
//     holds it once; the receiving server gets one duplicate per crash, with the same
//     deterministic Message-ID, so a server that dedupes by Message-ID would drop it.
// Temporal is not restarted here, so the tests use the shared dev server with task queues of
// their own; the database is a fresh one on the shared PostgreSQL cluster.
import { migrate } from '../../src/store/migrate';
import { requireValidOrg } from '../../src/domain/org/org';
import { committeeWorkflowId } from '../../src/engine/protocol';
import { SMALL_ORG } from '../engine/small-org';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { eventually } from '../harness/cascade-env';
import { requiredTestEnv } from '../harness/env';
import { auditTally, ledgerKind, ledgerStatusByUnit, ledgerTally } from './db-tally';
import { farSpec, figuresFor, reportBody, reportSummary, shortSpec } from './fault-fixtures';
import { startFaultStack, type FaultStack } from './fault-stack';
import { kindTally, tallyMail } from './mail-tally';
import { retryingActivity } from './workflow-diagnostics';
import { startRestartableSink, type RestartableSink } from './restartable-sink';
import { waitUntil } from './wait-until';

const UNITS = SMALL_ORG.length - 1; // every unit but the root (the issuer) receives the directive
const CRASHES = 3;
const REMINDER_AFTER_RECEIPT_MS = 30_000;
/** The committees of SMALL_ORG that hold units (the root, the issuer, holds none). */
const COMMITTEES = ['QN', 'D1', 'D2', 'D3'];

let db: TestDatabase;
let sink: RestartableSink;
const stacks: FaultStack[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  await migrate(db.pool);
  sink = await startRestartableSink();
}, 120_000);

afterAll(async () => {
  for (const stack of stacks) await stack.stop();
  await sink?.dispose();
  await db?.drop();
}, 120_000);

/** The instant the last unit's reminder falls due: its receipt (in the projection) plus the offset. */
async function lastReminderInstant(directiveId: string, afterReceiptMs: number): Promise<number> {
  const { rows } = await db.pool.query<{ last: Date | null; n: string }>(
    'SELECT max(received_at) AS last, count(*) AS n FROM unit_projection WHERE directive_id = $1',
    [directiveId],
  );
  if (!rows[0]?.last || Number(rows[0].n) !== UNITS) throw new Error(`the projection holds ${rows[0]?.n ?? 0} of ${UNITS} units of ${directiveId}`);
  return rows[0].last.getTime() + afterReceiptMs;
}

test('reminders that fall due while the SMTP server is down are delivered once it returns, each once in the ledger', async () => {
  const started = Date.now();
  const stack = await startFaultStack({ address: requiredTestEnv('TEST_TEMPORAL_ADDRESS'), pool: db.pool, smtpUrl: sink.url });
  stacks.push(stack);
  await stack.cascade.importOrganisation(requireValidOrg(SMALL_ORG));
  // Reminders 30 s after each unit receives the directive (deadline 60 s, no escalation): time
  // enough to see every notice arrive and stop the server before any reminder is due.
  const { directiveId } = await stack.cascade.launch(shortSpec('21-CT/TW', 'PT60S', ['-PT30S'], []));
  await waitUntil(`${UNITS} notices before the outage`, 90_000, async () => {
    const notices = kindTally(tallyMail(sink.messages(), directiveId), 'notice');
    return { done: notices.distinct === UNITS, state: notices };
  });

  sink.stop();
  const outageStart = Date.now();
  // The outage lasts until every unit's reminder has fallen due and the sends have failed and
  // been retried: a committee sends its email batches one after another, so while the first
  // batch retries, its later reminders wait in the workflow, claimed in the ledger only later.
  const lastReminderDue = await eventually(() => lastReminderInstant(directiveId, REMINDER_AFTER_RECEIPT_MS), 60_000, `the projection of all ${UNITS} units`);
  const retrying = await waitUntil('every reminder due, and sendEmails of D1 retried against the stopped SMTP server', 120_000, async () => {
    const activity = await retryingActivity(stack.temporal, committeeWorkflowId(directiveId, 'D1'), 'sendEmails');
    const state = { ...(activity ?? { attempt: 0, lastFailure: 'no pending sendEmails' }), msToLastReminder: lastReminderDue - Date.now() };
    return { done: state.attempt >= 3 && state.msToLastReminder < 0, state };
  });
  const claimed = ledgerKind(await ledgerTally(db.pool, directiveId), 'reminder');
  expect(claimed.sent).toBe(0); // nothing got through while the server was down
  // A unit whose reminder sits in a batch being retried reports now. The pump took the batch off
  // the workflow's queue before the report arrived, so the report cannot withdraw it: whether
  // that reminder still goes out after the unit has finished is measured, not asserted.
  const inRetriedBatch = [...(await ledgerStatusByUnit(db.pool, directiveId, 'reminder'))].filter(([, status]) => status === 'sending').map(([unit]) => unit);
  expect(inRetriedBatch.length).toBeGreaterThan(0);
  const reportedDuringOutage = inRetriedBatch[0] as string;
  await stack.cascade.report(directiveId, reportedDuringOutage, reportBody(reportedDuringOutage, figuresFor(0)), 'Bí thư chi bộ');
  await sink.start();
  const outageEnd = Date.now();

  const others = SMALL_ORG.map((u) => u.id).filter((id) => id !== 'TW' && id !== reportedDuringOutage);
  await waitUntil(`the reminders of the ${others.length} open units sent, and no sendEmails left retrying`, 360_000, async () => {
    const statuses = await ledgerStatusByUnit(db.pool, directiveId, 'reminder');
    const unsent = others.filter((id) => statuses.get(id) !== 'sent');
    const retryingNow = await Promise.all(COMMITTEES.map((unit) => retryingActivity(stack.temporal, committeeWorkflowId(directiveId, unit), 'sendEmails')));
    const stillRetrying = COMMITTEES.filter((_, i) => retryingNow[i] !== null);
    return { done: unsent.length === 0 && stillRetrying.length === 0, state: { unsent, stillRetrying } };
  });
  const ledger = await ledgerTally(db.pool, directiveId);
  const mail = tallyMail(sink.messages(), directiveId);
  const reminders = kindTally(mail, 'reminder');
  const audit = await auditTally(db.pool, directiveId);
  const delivered = (unit: string) => mail.keys.has(`${unit}/reminder/0`);
  const deliveredAfterOutage = others.filter((unit) => (mail.firstArrival.get(`${unit}/reminder/0`) ?? 0) >= outageEnd).length;
  const reminderAfterCompletion = delivered(reportedDuringOutage) ? 1 : 0;

  reportSummary({
    test: 'smtp-outage',
    faultsInjected: { smtpOutages: 1, failedSendAttemptsSeen: retrying.attempt - 1 },
    remindersClaimedDuringOutage: claimed.sending,
    units: { expected: others.length, found: others.filter(delivered).length },
    lost: { reminders: others.filter((unit) => !delivered(unit)).length, notices: UNITS - kindTally(mail, 'notice').distinct },
    duplicates: {
      ledger: ledgerKind(ledger, 'reminder').duplicates + ledgerKind(ledger, 'notice').duplicates,
      sink: mail.total.duplicates,
      auditReminders: audit.reminder?.duplicates ?? 0,
    },
    outageSeconds: Math.round((outageEnd - outageStart) / 100) / 10,
    remindersDeliveredAfterOutage: deliveredAfterOutage,
    reportedDuringOutage: { unit: reportedDuringOutage, reminderDeliveredAfterItsReport: reminderAfterCompletion },
    lastFailureDuringOutage: retrying.lastFailure.slice(0, 160),
    seconds: Math.round((Date.now() - started) / 1000),
  });
  expect(others.filter((unit) => !delivered(unit))).toEqual([]);
  expect(deliveredAfterOutage).toBe(others.length);
  expect(reminders.distinct).toBe(others.length + reminderAfterCompletion);
  expect(ledgerKind(ledger, 'reminder')).toMatchObject({ rows: UNITS, sent: others.length + reminderAfterCompletion, failed: 0, duplicates: 0 });
  expect(ledgerKind(ledger, 'notice')).toMatchObject({ rows: UNITS, sent: UNITS, duplicates: 0 });
  expect(audit.reminder).toEqual({ rows: reminders.distinct, units: reminders.distinct, duplicates: 0 });
  // The server refused connections outright, so nothing was half-delivered: no duplicates at all.
  expect(mail.total.duplicates).toBe(0);
  expect(stack.workerFailure()).toBeNull();
}, 600_000);

test('a crash between SMTP acceptance and the ledger write: the ledger holds each email once, the server gets one duplicate per crash', async () => {
  const started = Date.now();
  await sink.start(); // running again even if the outage test above failed midway
  const stack = await startFaultStack({
    address: requiredTestEnv('TEST_TEMPORAL_ADDRESS'),
    pool: db.pool,
    smtpUrl: sink.url,
    faults: { crashAfterSmtpAccept: CRASHES },
  });
  stacks.push(stack);
  const { directiveId } = await stack.cascade.launch(farSpec('22-CT/TW'));

  const ledger = await waitUntil(`all ${UNITS} notices recorded as sent despite ${CRASHES} injected crashes`, 240_000, async () => {
    const t = await ledgerTally(db.pool, directiveId);
    return { done: ledgerKind(t, 'notice').sent === UNITS, state: t };
  });
  const notices = kindTally(tallyMail(sink.messages(), directiveId), 'notice');
  const audit = await auditTally(db.pool, directiveId);

  reportSummary({
    test: 'smtp-crash-after-accept',
    faultsInjected: { crashesAfterSmtpAccept: CRASHES },
    units: { expected: UNITS, found: notices.distinct },
    lost: { notices: UNITS - notices.distinct },
    duplicates: {
      ledger: ledgerKind(ledger, 'notice').duplicates,
      auditNotices: audit.notice?.duplicates ?? 0,
      sink: notices.duplicates,
      sinkAfterMessageIdDedupe: notices.distinct - UNITS,
    },
    seconds: Math.round((Date.now() - started) / 1000),
  });
  expect(notices.distinct).toBe(UNITS);
  expect(ledgerKind(ledger, 'notice')).toEqual({ rows: UNITS, sent: UNITS, sending: 0, failed: 0, duplicates: 0 });
  expect(audit.notice).toEqual({ rows: UNITS, units: UNITS, duplicates: 0 });
  // Each crash left one accepted email unrecorded, and its retry delivered it once more.
  expect(notices.duplicates).toBe(CRASHES);
  expect(stack.workerFailure()).toBeNull();
}, 600_000);
