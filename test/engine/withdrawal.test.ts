// Two directives in flight over the same organisation; withdrawing one stops everything it had
// pending (workflows finish, no reminder follows) while the other carries on. On the dev server
// (a real Temporal server) with deadlines seconds away: the time-skipping test server rejected a
// province's last workflow task when its districts' closing signals arrived during it ("invalid
// history builder state for action") and the withdrawn cascade never finished.
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { committeeWorkflowId, type CommitteeResult } from '../../src/engine/protocol';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { recordHistories } from '../harness/record-histories';
import { messageKey, SMALL_ORG, smallReport, smallSpec } from './small-org';

let env: CascadeEnv;
beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  await env.importOrg(SMALL_ORG);
}, 120_000);
afterAll(() => env?.stop());

const mailsFor = async (directive: string, kind: string) =>
  (await env.mails((m) => messageKey(m.messageId)?.directive === directive && messageKey(m.messageId)?.kind === kind)).length;

test('withdrawing one of two running directives stops it everywhere and leaves the other running', async () => {
  const today = vnIsoDate(new Date().toISOString());
  const year = Number(today.slice(0, 4)) + 1;
  // Districts are due 45 s after receipt, reminded 20 s before and escalated at the deadline; B is
  // withdrawn within seconds of its launch, long before either.
  const spec = (code: string) => ({
    ...smallSpec(code, today, year),
    deadlines: { province: `Q4/${year}`, district: 'PT45S', cell: `Q4/${year}` },
    reminders: ['-PT20S'],
    escalation: ['0d'],
  });
  const a = await env.cascade.launch(spec('15-CT/TW'));
  const b = await env.cascade.launch(spec('16-CT/TW'));
  expect(a.directiveId).not.toBe(b.directiveId);
  await eventually(async () => (await mailsFor(a.directiveId, 'notice')) === 10 && (await mailsFor(b.directiveId, 'notice')) === 10, 60_000, 'both launches');

  await env.cascade.report(b.directiveId, 'D1-C1', smallReport('D1-C1', today), 'd1c1');
  const { withdrawnAt } = await env.cascade.withdraw(b.directiveId, 'Văn phòng Trung ương', 'Ban hành nhầm');
  expect(withdrawnAt).toBeTruthy();

  // Every committee workflow of B finishes; the finished cell keeps its report, the rest are withdrawn.
  const rootResult = await env.temporal.workflow.getHandle(committeeWorkflowId(b.directiveId, 'TW')).result();
  for (const unit of ['QN', 'D1', 'D2', 'D3']) {
    const description = await env.temporal.workflow.getHandle(committeeWorkflowId(b.directiveId, unit)).describe();
    expect([unit, description.status.name]).toEqual([unit, 'COMPLETED']);
  }
  const byLevel = Object.fromEntries((rootResult as CommitteeResult).rollup.levels.map((l) => [l.level, [l.done, l.withdrawn]]));
  expect(byLevel).toEqual({ central: [0, 0], province: [0, 1], district: [0, 3], cell: [1, 5] });

  // The districts' deadlines pass: A's reminders and escalations go out, B's never do.
  await eventually(
    async () => (await mailsFor(a.directiveId, 'reminder')) > 0 && (await mailsFor(a.directiveId, 'escalation')) > 0,
    60_000,
    "A's reminders and escalations",
  );
  expect(await mailsFor(b.directiveId, 'reminder')).toBe(0);
  expect(await mailsFor(b.directiveId, 'escalation')).toBe(0);

  // The withdrawn directive accepts nothing more; the projection shows why.
  await expect(env.cascade.report(b.directiveId, 'D2-C1', smallReport('D2-C1', today), 'd2c1')).rejects.toMatchObject({ status: 409 });
  const withdrawn = await eventually(
    async () => {
      const l = await env.cascade.listUnits(b.directiveId, { status: 'withdrawn' });
      return l.total === 9 && l;
    },
    30_000,
    'withdrawn units in the projection',
  );
  expect(withdrawn.units.map((u) => u.unitId)).not.toContain('D1-C1');
  await recordHistories(env.temporal, 'withdrawal', b.directiveId, ['TW', 'QN', 'D1']);
}, 150_000);
