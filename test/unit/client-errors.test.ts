// How the client names what Temporal answered: above all, a timeout is "outcome unknown, send it
// again", never a plain failure the caller might take to mean "not recorded".
import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { arrivedBeforeHandlers, fromTemporalError, OutcomeUnknownError } from '../../src/app/errors';
import { updateIdFor } from '../../src/app/unit-commands';

const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
};

test('an update whose RPC timed out is a 503 saying the outcome is unknown and a repeat is safe', () => {
  const err = thrown(() =>
    fromTemporalError(new WorkflowUpdateRPCTimeoutOrCancelledError('Timed out waiting for update response'), 'unit D1-C1 of 01-CT-TW-2021'),
  );
  expect(err).toBeInstanceOf(OutcomeUnknownError);
  expect(err).toMatchObject({
    status: 503,
    code: 'OutcomeUnknown',
    message: expect.stringMatching(/^unit D1-C1 of 01-CT-TW-2021: .*not known whether this was recorded.*never recorded twice/),
  });
});

test('a gRPC deadline or an unavailable server is also "outcome unknown"; other service errors pass through', () => {
  for (const code of [4, 14]) {
    const grpc = Object.assign(new Error(`grpc ${code}`), { code, details: '', metadata: {} });
    expect(thrown(() => fromTemporalError(new ServiceError('call failed', { cause: grpc }), 'x'))).toBeInstanceOf(OutcomeUnknownError);
  }
  const denied = new ServiceError('call failed', { cause: Object.assign(new Error('grpc 7'), { code: 7, details: '', metadata: {} }) });
  expect(thrown(() => fromTemporalError(denied, 'x'))).toBe(denied);
});

test('the same command gets the same update id; any change of content, unit or kind a different one', () => {
  const report = { unitId: 'D1-C1', report: { attendees: 18, members: 20 }, actor: 'unit:D1-C1' };
  const id = updateIdFor('report', report);
  expect(id).toMatch(/^report\/D1-C1\/[A-Za-z0-9_-]{22}$/);
  expect(updateIdFor('report', { ...report })).toBe(id);
  expect(updateIdFor('report', { ...report, report: { attendees: 19, members: 20 } })).not.toBe(id);
  expect(updateIdFor('correct', report)).not.toBe(id);
  expect(updateIdFor('report', { ...report, unitId: 'D1-C2' })).not.toBe(id);
});

test('an update rejected because the committee had not registered its handlers yet is told apart from every other failure', () => {
  const early = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.nonRetryable('No registered handler for update: report'));
  const refused = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type: 'TrackRuleError', message: 'already reported' }));
  expect([arrivedBeforeHandlers(early), arrivedBeforeHandlers(refused), arrivedBeforeHandlers(early.cause)]).toEqual([true, false, false]);
});
