// A worker that caches no workflow replays each committee's whole history before every workflow
// task, so any decision that differs between the live run and a replay (a command chosen by the
// clock, two loops racing within an activation) fails here as a nondeterminism error instead of
// wedging a committee under overload, when workflow tasks time out and are retried elsewhere.
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { committeeWorkflowId } from '../../src/engine/protocol';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { SMALL_ORG, smallReport, smallSpec } from '../engine/small-org';

let env: CascadeEnv;
beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false, maxCachedWorkflows: 0 });
  await env.importOrg(SMALL_ORG);
}, 120_000);
afterAll(() => env?.stop());

test('reports, corrections and rollups with every task replayed: no workflow task fails', async () => {
  const today = vnIsoDate(new Date().toISOString());
  // Districts due a minute after receipt: their status turns overdue while reports come in.
  const spec = {
    ...smallSpec('51-CT/TW', today, Number(today.slice(0, 4)) + 1),
    deadlines: { province: `Q4/${Number(today.slice(0, 4)) + 1}`, district: 'PT20S', cell: `Q4/${Number(today.slice(0, 4)) + 1}` },
    reminders: ['-PT10S'],
    escalation: ['0d'],
  };
  const { directiveId, started } = await env.cascade.launch(spec);
  expect(started).toBe(true);
  await eventually(
    async () => (await env.cascade.rollup(directiveId)).levels.reduce((n, l) => n + l.expected, 0) === 10,
    60_000,
    'the cascade to reach every unit',
  );

  const cells = SMALL_ORG.filter((u) => u.level === 'cell').map((u) => u.id);
  await Promise.all(cells.map((id, i) => env.cascade.report(directiveId, id, smallReport(id, today, 15 + i), `Bí thư ${id}`)));
  await env.cascade.correct(directiveId, cells[0]!, smallReport(cells[0]!, today, 11), `Bí thư ${cells[0]}`);
  const rollup = await eventually(
    async () => {
      const r = await env.cascade.rollup(directiveId);
      return r.levels.find((l) => l.level === 'cell')?.done === cells.length && r.levels.find((l) => l.level === 'district')?.overdue === 3 && r;
    },
    60_000,
    'every cell done and the districts overdue in the root rollup',
  );
  const expected = cells.reduce((sum, _, i) => sum + 15 + i, 0) - 15 + 11;
  expect(rollup.attendance.attendees).toBe(expected);

  const failedTasks: string[] = [];
  for (const unit of ['TW', 'QN', 'D1', 'D2', 'D3']) {
    const history = await env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, unit)).fetchHistory();
    for (const event of history.events ?? []) {
      if (event.workflowTaskFailedEventAttributes)
        failedTasks.push(`${unit}#${event.eventId}: ${event.workflowTaskFailedEventAttributes.failure?.message ?? ''}`);
    }
  }
  expect(failedTasks).toEqual([]);
}, 150_000);
