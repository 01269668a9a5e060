// Reports and corrections arriving together at committees whose workflow tasks all run cold.
//
// A worker that caches nothing runs every workflow task from the whole history. Temporal's core
// then merges a previous task that issued no commands (an activity that finished, a timer that
// fired) into the activation of a task that brings updates: the live run sees
// [update, update, resolveActivity] in one activation, every later replay sees [resolveActivity]
// and then [update, update]. Workflow code that issues commands in between the update responses
// writes histories that no longer replay (docs/decisions.md, v1). This test makes that happen on
// purpose, many times, and requires every committee history to replay and no task to fail.
// On the workflow code of commit a6c1b1d (before the journal loop waited for the activation to
// settle) this scenario with 30 districts left 30 of 32 committee histories unreplayable and 52
// workflow tasks failed.
import { Worker } from '@temporalio/worker';
import type { OrgUnitInput } from '../../src/domain/org/org';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { bundleWorkflows } from '../../src/engine/worker/create-worker';
import { committeeWorkflowId } from '../../src/engine/protocol';
import { eventually, startCascadeEnv, type CascadeEnv, type LoggedActivation } from '../harness/cascade-env';
import { smallReport } from '../engine/small-org';

const DISTRICTS = 12;
const CELLS = 3;
const CORRECTION_ROUNDS = 3;
const districts = Array.from({ length: DISTRICTS }, (_, d) => `D${d}`);
const ORG: OrgUnitInput[] = [
  { id: 'TW', name: 'Bộ Chính trị', level: 'central', parentId: null, email: 'vptw@cascade.test', members: 0, essaysExpected: 0 },
  { id: 'P', name: 'Tỉnh ủy', level: 'province', parentId: 'TW', email: 'tinhuy@cascade.test', members: 10, essaysExpected: 1 },
  ...districts.flatMap((d) => [
    { id: d, name: `Huyện ủy ${d}`, level: 'district', parentId: 'P', email: `${d.toLowerCase()}@cascade.test`, members: 10, essaysExpected: 1 },
    ...Array.from({ length: CELLS }, (_, c) => ({
      id: `${d}-C${c}`,
      name: `Chi bộ ${d}.${c}`,
      level: 'cell',
      parentId: d,
      email: `${d.toLowerCase()}c${c}@cascade.test`,
      members: 20,
      essaysExpected: 5,
    })),
  ]),
];
const reporting = ORG.filter((u) => u.level !== 'central');
const membersOf = (id: string) => ORG.find((u) => u.id === id)?.members ?? 0;

const activations: LoggedActivation[] = [];
let env: CascadeEnv;
beforeAll(async () => {
  // Short journal timing keeps timers firing and journal activities resolving all through the burst
  // of reports and corrections, so updates meet a job of an earlier task in the same activation on
  // every run, not only when a notice batch happens to finish during the burst.
  env = await startCascadeEnv({
    timeSkipping: false,
    maxCachedWorkflows: 0,
    activationLog: activations,
    limits: { lazyJournalMs: 200, parentRollupIntervalMs: 300 },
  });
  await env.importOrg(ORG);
}, 120_000);
afterAll(() => env?.stop());

test('updates merged with an earlier task in one cold activation: every committee history replays', async () => {
  const today = vnIsoDate(new Date().toISOString());
  const year = Number(today.slice(0, 4)) + 1;
  const { directiveId, started } = await env.cascade.launch({
    code: '53-CT/TW',
    title: 'Nghiên cứu, học tập, quán triệt Nghị quyết',
    issuer: 'Bộ Chính trị',
    issuedOn: today,
    root: 'TW',
    deadlines: { province: `Q2/${year}`, district: `Q3/${year}`, cell: `Q3/${year}` },
  });
  expect(started).toBe(true);
  await eventually(
    async () => (await env.cascade.rollup(directiveId)).levels.reduce((n, l) => n + l.expected, 0) === reporting.length,
    60_000,
    'the cascade to reach every unit',
  );

  // Every unit reports at once (a district's own report and its cells' land in the same tasks),
  // then every unit corrects its figures at once, a few times over.
  const attendeesIn = (round: number, id: string) => membersOf(id) - 1 - round;
  const everyone = (round: number, send: (id: string, report: Record<string, unknown>) => Promise<unknown>) =>
    Promise.all(reporting.map((u) => send(u.id, smallReport(u.id, today, attendeesIn(round, u.id), membersOf(u.id)))));
  await everyone(0, (id, report) => env.cascade.report(directiveId, id, report, `Văn phòng ${id}`));
  for (let round = 1; round <= CORRECTION_ROUNDS; round++) {
    await everyone(round, (id, report) => env.cascade.correct(directiveId, id, report, `Văn phòng ${id}`));
  }

  // The root's rollup arrives at the last round's figures exactly.
  const expectedAttendees = reporting.reduce((sum, u) => sum + attendeesIn(CORRECTION_ROUNDS, u.id), 0);
  const rollup = await eventually(
    async () => {
      const r = await env.cascade.rollup(directiveId);
      return r.attendance.attendees === expectedAttendees && r.levels.every((l) => l.done === l.expected) && r;
    },
    60_000,
    'the last corrections in the root rollup',
  );
  expect(rollup.attendance.members).toBe(reporting.reduce((sum, u) => sum + u.members, 0));

  // The scenario happened: live activations carried updates together with a job of an earlier task.
  const merged = activations.filter(
    (a) => a.jobs.includes('doUpdate') && a.jobs.some((j) => ['fireTimer', 'resolveActivity', 'resolveSignalExternalWorkflow'].includes(j)),
  );
  expect(merged.length).toBeGreaterThan(0);

  const committees = ['TW', 'P', ...districts];
  const histories = await Promise.all(
    committees.map(async (unit) => {
      const workflowId = committeeWorkflowId(directiveId, unit);
      return { workflowId, history: await env.temporal.workflow.getHandle(workflowId).fetchHistory() };
    }),
  );
  const failedTasks = histories.flatMap(({ workflowId, history }) =>
    (history.events ?? [])
      .filter((e) => e.workflowTaskFailedEventAttributes)
      .map((e) => `${workflowId}#${e.eventId}: ${e.workflowTaskFailedEventAttributes?.failure?.message ?? ''}`),
  );
  expect(failedTasks).toEqual([]);
  const unreplayable: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: await bundleWorkflows() }, histories)) {
    if (result.error) unreplayable.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(unreplayable).toEqual([]);
}, 240_000);
