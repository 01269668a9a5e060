// A directive is withdrawn once: a second withdrawal is refused as a conflict saying when (and why)
// the first one happened, and the results report of a withdrawn directive says so. On the dev
// server, with the directive code used by no other dev-server test file.
import { ConflictError } from '../../src/app/errors';
import { formatEnDateTime, formatViDateTime } from '../../src/domain/time/time';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { committeeWorkflowId } from '../../src/engine/protocol';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { launchSmallDirective } from './small-org';

let env: CascadeEnv;
beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
}, 120_000);
afterAll(() => env?.stop());

test('a second withdrawal is a 409 already-withdrawn saying when and why, and the results report says it was withdrawn', async () => {
  const today = vnIsoDate(new Date().toISOString());
  const directiveId = await launchSmallDirective(env, '93-NQ/TW', today);
  const { withdrawnAt } = await env.cascade.withdraw(directiveId, 'Văn phòng Trung ương', 'Ban hành nhầm');

  // At once, before the committees have written their withdrawal records, the root knows when.
  const again = await env.cascade.withdraw(directiveId, 'Văn phòng Trung ương', 'lần nữa').then(
    () => null,
    (error: unknown) => error,
  );
  expect(again).toBeInstanceOf(ConflictError);
  expect(again).toMatchObject({ status: 409, code: 'already-withdrawn' });
  expect((again as Error).message).toContain(`directive ${directiveId} was already withdrawn on ${formatEnDateTime(withdrawnAt)}`);
  expect((again as Error).message).not.toMatch(/no such directive/);

  // Once the tree has closed and its records are written, the answer also says who and why.
  await env.temporal.workflow.getHandle(committeeWorkflowId(directiveId, 'TW')).result();
  const later = await eventually(
    async () => {
      const error = await env.cascade.withdraw(directiveId, 'Văn phòng Trung ương', 'lần nữa').then(
        () => null,
        (e: unknown) => e as Error,
      );
      return error?.message.includes('Ban hành nhầm') ? error : null;
    },
    30_000,
    'the withdrawal record in PostgreSQL',
  );
  expect(later).toMatchObject({ status: 409, code: 'already-withdrawn' });
  expect(later.message).toBe(
    `directive ${directiveId} was already withdrawn on ${formatEnDateTime(withdrawnAt)} by Văn phòng Trung ương (reason: Ban hành nhầm); nothing more is sent or recorded for it, so there is nothing to withdraw again`,
  );

  const summary = await env.cascade.resultsReport(directiveId);
  expect(summary).toContain('# Báo cáo kết quả thực hiện Nghị quyết số 93-NQ/TW');
  expect(summary).toContain(`Nghị quyết số 93-NQ/TW đã được thu hồi lúc ${formatViDateTime(withdrawnAt)} (lý do: Ban hành nhầm)`);
  expect(await env.cascade.resultsReport(directiveId, { lang: 'en' })).toContain(
    `Resolution 93-NQ/TW was withdrawn on ${formatEnDateTime(withdrawnAt)} (reason: Ban hành nhầm)`,
  );
}, 150_000);
