// On the time-skipping server: every reminder step leaves a ledger row (one whose day came before
// the unit received the directive is recorded as skipped, not sent with the notice), and a correction that repeats the report in force records nothing. (Here timers fire exactly on time; a reminder at the
// deadline whose timer fires just after it is covered in test/unit/track-schedule.test.ts.)
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { recordHistories } from '../harness/record-histories';
import { messageKey, SMALL_ORG, smallReport, smallSpec } from './small-org';

const DAY = 24 * 3_600_000;

let env: CascadeEnv;
let directiveId: string;
let today: string;

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: true });
  await env.importOrg(SMALL_ORG);
  today = vnIsoDate((await env.now()).toISOString());
  // Ten days after receipt: the -14d and -12d reminders are dated before the launch (both skipped),
  // the 0m one is due at the deadline itself.
  const spec = {
    ...smallSpec('72-CT/TW', today, Number(today.slice(0, 4)) + 1),
    deadlines: { province: 'P10D', district: 'P10D', cell: 'P10D' },
    reminders: ['-14d', '-12d', '0m'],
    escalation: ['1d'],
  };
  directiveId = (await env.cascade.launch(spec)).directiveId;
  await eventually(async () => (await env.cascade.listUnits(directiveId)).total === SMALL_ORG.length - 1, 60_000, 'every unit projected');
}, 120_000);
afterAll(() => env?.stop());

const ledger = async (kind: string) =>
  (
    await env.db.pool.query<{ unit_id: string; step: number; status: string }>(
      'SELECT unit_id, step, status FROM email_ledger WHERE directive_id = $1 AND kind = $2 ORDER BY unit_id, step',
      [directiveId, kind],
    )
  ).rows;

const OPEN_UNITS = SMALL_ORG.filter((u) => u.id !== 'TW')
  .map((u) => u.id)
  .sort();

test('reminders dated before the units received the directive are recorded as skipped, saying why, and none goes out with the notice', async () => {
  const rows = await eventually(
    async () => {
      const r = await ledger('reminder');
      return r.length === 2 * OPEN_UNITS.length && r.every((row) => row.status !== 'sending') && r;
    },
    30_000,
    'both early reminder steps of every unit closed in the ledger',
  );
  expect(rows.map((r) => `${r.unit_id}/${r.step}/${r.status}`)).toEqual(OPEN_UNITS.flatMap((u) => [`${u}/0/skipped`, `${u}/1/skipped`]));
  const { rows: reasons } = await env.db.pool.query<{ error: string }>(
    `SELECT DISTINCT error FROM email_ledger WHERE directive_id = $1 AND kind = 'reminder'`,
    [directiveId],
  );
  expect(reasons.map((r) => r.error)).toEqual([expect.stringContaining('before the unit received the directive')]);
  const sent = await env.mails((m) => messageKey(m.messageId)?.directive === directiveId && messageKey(m.messageId)?.kind === 'reminder');
  expect(sent).toEqual([]);
});

test('a correction that repeats the report in force records nothing, whoever sends it', async () => {
  await env.cascade.report(directiveId, 'D1-C1', smallReport('D1-C1', today), 'report-link');
  const corrected = { ...smallReport('D1-C1', today), attendees: 18 };
  expect((await env.cascade.correct(directiveId, 'D1-C1', corrected, 'report-link')).corrections).toBe(1);
  // The same figures by another way in (the API after the form): the answer is the unit as it is.
  const again = await env.cascade.correct(directiveId, 'D1-C1', { ...corrected }, 'secretary@d1');
  expect([again.corrections, again.report?.attendees]).toEqual([1, 18]);
  const audit = await env.db.pool.query('SELECT kind FROM audit_log WHERE directive_id = $1 AND unit_id = $2 AND kind = $3', [
    directiveId,
    'D1-C1',
    'correction',
  ]);
  expect(audit.rowCount).toBe(1);
});

test('the reminder at the deadline goes to every unit still open', async () => {
  const launchedAt = (await env.now()).getTime();
  await env.skipTo(new Date(launchedAt + 10 * DAY + 3_600_000).toISOString());
  const open = OPEN_UNITS.filter((u) => u !== 'D1-C1');
  const rows = await eventually(
    async () => {
      const r = (await ledger('reminder')).filter((row) => row.step === 2);
      return r.length === open.length && r.every((row) => row.status === 'sent') && r;
    },
    30_000,
    'the reminders at the deadline sent',
  );
  expect(rows.map((r) => r.unit_id)).toEqual(open);
  await recordHistories(env.temporal, 'reminders-and-corrections', directiveId, ['TW', 'QN', 'D1', 'D2']);
});
