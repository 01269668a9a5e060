// A committee continues as new when its run has taken many updates (forced low here): its units,
// reports, pending reminders and rollups carry over, and nothing is sent twice. On the dev server
// (a real Temporal server) with deadlines a minute away: the time-skipping test server sometimes
// rejected a committee's completion while signals arrived during it (see withdrawal.test.ts).
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { committeeWorkflowId } from '../../src/engine/protocol';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { recordHistories } from '../harness/record-histories';
import { messageKey, SMALL_ORG, smallReport, smallSpec } from './small-org';

let env: CascadeEnv;
beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false, limits: { maxUpdatesPerRun: 2 } });
  await env.importOrg(SMALL_ORG);
}, 120_000);
afterAll(() => env?.stop());

test('state survives continue-as-new: reports, rollup, reminders, and no duplicate notice', async () => {
  const today = vnIsoDate(new Date().toISOString());
  const year = Number(today.slice(0, 4)) + 1;
  // Cells are due a minute after receipt and reminded 40 s and 20 s before (steps 0 and 1).
  const spec = {
    ...smallSpec('17-CT/TW', today, year),
    deadlines: { province: `Q4/${year}`, district: `Q4/${year}`, cell: 'PT60S' },
    reminders: ['-PT40S', '-PT20S'],
    escalation: ['0d'],
  };
  const { directiveId, started } = await env.cascade.launch(spec);
  expect(started).toBe(true);
  const mails = (kind: string, unit?: string) =>
    env.mails(
      (m) => messageKey(m.messageId)?.directive === directiveId && messageKey(m.messageId)?.kind === kind && (!unit || messageKey(m.messageId)?.unit === unit),
    );
  await eventually(async () => (await mails('notice')).length === 10, 60_000, 'notices');

  const d1 = env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, 'D1'));
  const firstRun = (await d1.describe()).runId;
  await env.cascade.report(directiveId, 'D1-C1', smallReport('D1-C1', today, 18), 'c1');
  await env.cascade.report(directiveId, 'D1-C2', smallReport('D1-C2', today, 17), 'c2');
  // The second update reached the limit: the run continues as new once its handlers finished.
  await eventually(async () => (await d1.describe()).runId !== firstRun, 30_000, 'continue-as-new of D1');

  expect((await env.cascade.unit(directiveId, 'D1-C1')).report?.attendees).toBe(18);
  expect((await env.cascade.unit(directiveId, 'D1-C2')).status).toBe('done-on-time');
  const own = await env.cascade.report(directiveId, 'D1', smallReport('D1', today, 40, 40), 'd1');
  expect(own.status).toBe('done-on-time');

  const rollup = await eventually(
    async () => {
      const r = await env.cascade.rollup(directiveId);
      return r.levels.find((l) => l.level === 'cell')?.done === 2 && r.levels.find((l) => l.level === 'district')?.done === 1 && r;
    },
    30_000,
    'the rollup after continue-as-new',
  );
  expect(rollup.attendance).toMatchObject({ attendees: 18 + 17 + 40, members: 20 + 20 + 40 });

  // Both reminders go only to the cells that have not reported, across the continue-as-new of D1.
  const cellReminders = async (step: number) =>
    (await mails('reminder'))
      .map((m) => messageKey(m.messageId)!)
      .filter((k) => k.unit.includes('-C') && k.step === step)
      .map((k) => k.unit)
      .sort();
  await eventually(async () => (await cellReminders(1)).length >= 4, 90_000, 'the second cell reminders');
  expect(await cellReminders(0)).toEqual(['D2-C1', 'D2-C2', 'D3-C1', 'D3-C2']);
  expect(await cellReminders(1)).toEqual(['D2-C1', 'D2-C2', 'D3-C1', 'D3-C2']);
  expect(await mails('notice')).toHaveLength(10);

  await recordHistories(env.temporal, 'continue-as-new', directiveId, ['TW', 'QN', 'D1', 'D2']);
}, 150_000);
