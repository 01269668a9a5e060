/** The store's refusals as non-retryable activity failures, typed so the retry policies and the client recognise them. */
import { ApplicationFailure } from '@temporalio/common';
import { SnapshotRefusal, type SnapshotRefusalReason } from '../../store/snapshot-refusal';
import { FAILURE_TYPES } from './failure-types';

const FAILURE_TYPE_OF: Record<SnapshotRefusalReason, string> = {
  'unknown-unit': FAILURE_TYPES.unknownUnit,
  'directive-conflict': FAILURE_TYPES.directiveConflict,
  'root-not-found': FAILURE_TYPES.rootNotFound,
};

/** Awaits `work`; a SnapshotRefusal becomes a non-retryable ApplicationFailure with the same message, anything else passes unchanged. */
export async function failingWithoutRetryOnRefusal<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof SnapshotRefusal) throw ApplicationFailure.nonRetryable(err.message, FAILURE_TYPE_OF[err.reason]);
    throw err;
  }
}
