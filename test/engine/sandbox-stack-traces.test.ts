// The workflow sandbox's own stack formatter (src/engine/worker/stack-trace-preload.ts), with the
// production bundle on the time-skipping server: the SDK's promise hook keeps no stack for the
// promises a committee waits on (so its stack-trace query is empty), while an error thrown in
// workflow code still carries its message and one `at` line per frame.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { committeeWorkflowId, reportUpdate } from '../../src/engine/protocol';
import { startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { launchSmallDirective } from './small-org';

let env: CascadeEnv;
let directiveId: string;
beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: true });
  directiveId = await launchSmallDirective(env, '88-CT/TW', vnIsoDate((await env.now()).toISOString()));
}, 120_000);
afterAll(() => env?.stop());

test("a committee waiting on its pumps and timers holds no promise stacks: the hook's captures are left unformatted", async () => {
  const root = env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, 'TW'));
  const district = env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, 'D1'));
  // Both are running and answer queries (their rollups), and both are blocked on promises.
  await expect(root.describe()).resolves.toMatchObject({ status: { name: 'RUNNING' } });
  await expect(district.describe()).resolves.toMatchObject({ status: { name: 'RUNNING' } });
  expect(await root.query<string>('__stack_trace')).toBe('');
  expect(await district.query<string>('__stack_trace')).toBe('');
});

test('an error raised in workflow code still carries its message and the frames it was thrown from', async () => {
  const district = env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, 'D1'));
  // Straight to the committee, past the client's checks: its update validator refuses the report.
  const refused = await district.executeUpdate(reportUpdate, { args: [{ unitId: 'D1-C1', report: { attendees: 'many' }, actor: 'Bí thư chi bộ' }] }).then(
    () => null,
    (error: unknown) => error,
  );
  expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (refused as WorkflowUpdateFailedError).cause as Error;
  expect(cause.message).toMatch(/attendees|report/);
  const frames = (cause.stack ?? '').split('\n').filter((line) => /^ {4}at \S/.test(line));
  expect(frames.length).toBeGreaterThan(1);
});
