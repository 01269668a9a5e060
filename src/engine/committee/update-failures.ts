/**
 * How a committee's update handlers and validators fail: a domain error becomes an
 * ApplicationFailure with its type and details, which the caller receives as such (src/app/errors.ts
 * maps each to an HTTP status), and is never retried.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { CommandValidationError } from '../../domain/directive/commands';
import { ReportValidationError } from '../../domain/track/completion-report';
import { TrackRuleError } from '../../domain/track/track-rules';
import { UnknownUnitError } from './state';

/** Turns domain errors into failures the caller receives with their type and details. */
function asFailure(err: unknown): never {
  if (err instanceof CommandValidationError) {
    throw ApplicationFailure.create({ type: 'CommandValidationError', message: err.message, details: [{ issues: err.issues }], nonRetryable: true });
  }
  if (err instanceof ReportValidationError) {
    throw ApplicationFailure.create({
      type: 'ReportValidationError',
      message: err.message,
      details: [{ unitId: err.unitId, issues: err.issues }],
      nonRetryable: true,
    });
  }
  if (err instanceof TrackRuleError) {
    throw ApplicationFailure.create({ type: 'TrackRuleError', message: err.message, details: [{ unitId: err.unitId, rule: err.rule }], nonRetryable: true });
  }
  if (err instanceof UnknownUnitError) {
    throw ApplicationFailure.create({ type: 'UnknownUnitError', message: err.message, details: [{ unitId: err.unitId }], nonRetryable: true });
  }
  if (err instanceof RangeError || err instanceof TypeError || (err instanceof Error && err.name === 'TimeInputError')) {
    throw ApplicationFailure.create({ type: 'InvalidCommand', message: err.message, nonRetryable: true });
  }
  throw err;
}

/** `fn`, with its domain errors turned into failures the caller receives (asFailure). */
export function guarded<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args: A) => {
    try {
      return fn(...args);
    } catch (err) {
      return asFailure(err);
    }
  };
}
