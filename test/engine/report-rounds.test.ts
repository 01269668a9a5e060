// Periodic report rounds on Temporal's time-skipping server (months in seconds): each round opens
// as a cascade of its own when its window opens (a reminder dated before it opened is skipped, not
// sent with the notice); a report counts only in its round; a unit that
// reported round 1 is reminded for round 2; withdrawing the directive withdraws its rounds.
import { roundDirectiveId } from '../../src/app/report-rounds';
import { planRounds } from '../../src/domain/directive/periodic';
import { validateDirectiveSpec } from '../../src/domain/directive/directive';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { recordHistories } from '../harness/record-histories';
import { SMALL_ORG, smallReport, smallSpec } from './small-org';

const HOUR = 3_600_000;
let env: CascadeEnv;

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: true });
  await env.importOrg(SMALL_ORG);
}, 120_000);
afterAll(() => env?.stop());

const after = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const cells = async (directiveId: string) => (await env.cascade.rollup(directiveId)).levels.find((l) => l.level === 'cell');
const sentTo = async (directiveId: string, unitId: string, kind: string) =>
  (
    await env.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM email_ledger WHERE directive_id = $1 AND unit_id = $2 AND kind = $3 AND status = 'sent'`,
      [directiveId, unitId, kind],
    )
  ).rows[0]!.n;

test('rounds open on time, count apart, remind a unit that reported the round before, and end with their directive', async () => {
  const today = vnIsoDate((await env.now()).toISOString());
  const year = Number(today.slice(0, 4)) + 1;
  const spec = {
    ...smallSpec('76-CT/TW', today, year),
    periodic: [{ name: 'Báo cáo tháng', every: '1 month', from: `01/01/${year}`, until: `28/02/${year}`, due: '10 days after each' }],
  };
  const [first, second] = planRounds(validateDirectiveSpec(spec).periodic!);
  expect(second).toBeDefined();
  const { directiveId } = await env.cascade.launch(spec);
  const [r1, r2] = [roundDirectiveId(directiveId, 'r1'), roundDirectiveId(directiveId, 'r2')];

  // Nothing of round 1 exists before its window opens.
  await env.skipTo(after(first!.opensAt, -HOUR));
  await new Promise((r) => setTimeout(r, 1_000));
  expect((await env.cascade.directives()).map((d) => d.id)).not.toContain(r1);

  await env.skipTo(after(first!.opensAt, HOUR));
  await eventually(async () => (await env.cascade.listUnits(r1).catch(() => ({ total: 0 }))).total === SMALL_ORG.length - 1, 60_000, 'round 1 opened');
  expect((await env.cascade.directives()).find((d) => d.id === r1)?.title).toContain('Báo cáo tháng (01/01/');
  expect((await env.cascade.unit(r1, 'D1-C1')).deadline).toBe(first!.deadline);
  expect((await env.cascade.rounds(directiveId)).map((r) => [r.key, r.status, r.directiveId])).toEqual([
    ['r1', 'active', r1],
    ['r2', 'planned', null],
  ]);

  // A report in round 1 counts there only.
  await env.cascade.report(r1, 'D1-C1', smallReport('D1-C1', vnIsoDate((await env.now()).toISOString())), 'Chi bộ 1.1');
  await eventually(async () => (await cells(r1))?.done === 1, 30_000, 'round 1 counts the report');
  expect((await cells(directiveId))?.done).toBe(0);
  // The -14d reminder's day came before the round opened: recorded as skipped, not sent with the notice.
  const skipped = await eventually(
    async () => {
      const { rows } = await env.db.pool.query<{ error: string }>(
        `SELECT error FROM email_ledger WHERE directive_id = $1 AND unit_id = 'D1-C1' AND kind = 'reminder' AND status = 'skipped'`,
        [r1],
      );
      return rows.length > 0 && rows;
    },
    30_000,
    'the skipped round 1 reminder',
  );
  expect(skipped[0]!.error).toContain('before the unit received the directive');
  expect(await sentTo(r1, 'D1-C1', 'reminder')).toBe(0);

  // Round 2 opens; the unit that reported round 1 owes it and is reminded before its deadline.
  await env.skipTo(after(second!.opensAt, HOUR));
  await eventually(async () => (await env.cascade.listUnits(r2).catch(() => ({ total: 0 }))).total === SMALL_ORG.length - 1, 60_000, 'round 2 opened');
  expect((await env.cascade.unit(r2, 'D1-C1')).status).toBe('pending');
  expect((await cells(r2))?.done).toBe(0);
  await env.skipTo(after(second!.deadline, -12 * HOUR));
  await eventually(async () => (await sentTo(r2, 'D1-C1', 'reminder')) > 0, 30_000, 'a round 2 reminder to D1-C1');
  expect(await sentTo(r1, 'D1-C1', 'reminder')).toBe(0);

  // Round 1's committees: launched with reminders dated before receipt skipped, one report taken.
  await recordHistories(env.temporal, 'report-round', r1, ['TW', 'QN', 'D1']);

  // Withdrawing the directive withdraws its rounds.
  await env.cascade.withdraw(directiveId, 'Văn phòng Trung ương', 'Thay bằng chỉ thị mới');
  const statuses = async () => Object.fromEntries((await env.cascade.directives()).map((d) => [d.id, d.status]));
  await eventually(async () => (await statuses())[r2] === 'withdrawn', 30_000, 'round 2 withdrawn');
  expect((await statuses())[r1]).toBe('withdrawn');
}, 240_000);
