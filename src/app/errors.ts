/**
 * Errors the client raises, one per kind of answer an interface gives: the CLI prints the
 * message, the API maps `status` to an HTTP code. Messages always name the unit or field.
 */
import { ApplicationFailure } from '@temporalio/common';
import {
  isGrpcDeadlineError,
  isGrpcServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import type { FieldIssue } from '../domain/text/fields';

/** Base of the client's errors. */
export class CascadeError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409 | 413 | 415 | 503,
    readonly code: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = code;
  }
}

/** Bad input: a field broke a rule (400). */
export class InputError extends CascadeError {
  constructor(message: string, issues: readonly FieldIssue[] = [], code = 'InvalidInput') {
    super(message, 400, code, issues);
  }
}

/** The command is well formed but the unit's state refuses it (409): already reported, withdrawn... */
export class ConflictError extends CascadeError {
  constructor(message: string, code = 'Conflict', issues: readonly FieldIssue[] = []) {
    super(message, 409, code, issues);
  }
}

/** A launch under an id already taken by a directive with another spec (409); each issue names a field that differs. */
export class DirectiveConflictError extends CascadeError {
  constructor(message: string, issues: readonly FieldIssue[]) {
    super(message, 409, 'DirectiveConflict', issues);
  }
}

/**
 * The directive was launched a moment ago and this unit is still being set up: its committee has
 * not yet taken the snapshot or received the unit (503). Nothing is wrong; the same request
 * answers within seconds, so callers are told when to try again instead of "not part of it".
 */
export class SettingUpError extends CascadeError {
  /** Seconds after which the request is worth repeating (the answer's Retry-After). */
  readonly retryAfterSeconds = 2;
  /** The same message in Vietnamese, for the people who read the answer. */
  readonly messageVi: string;
  constructor(directiveId: string, unitId: string) {
    super(
      `directive ${directiveId} was just launched and unit ${unitId} is still being set up (its committee is taking the units on); try again in a few seconds`,
      503,
      'SettingUp',
    );
    this.messageVi = `Văn bản ${directiveId} vừa được ban hành, đơn vị ${unitId} đang được thiết lập; vui lòng thử lại sau vài giây`;
  }
}

/** The directive or unit does not exist (404). */
export class NotFoundError extends CascadeError {
  constructor(message: string) {
    super(message, 404, 'NotFound');
  }
}

/**
 * The engine did not answer in time (overload, a restarting server): the command may or may not
 * have been applied (503). Repeating the same command is safe: it carries the same update id,
 * so Temporal answers a repeat with the first outcome instead of applying it twice.
 */
/** The 404 of a unit that a directive does not hold. */
export function unitNotInDirective(unitId: string, directiveId: string): NotFoundError {
  return new NotFoundError(`unit ${unitId} is not part of directive ${directiveId}`);
}

export class OutcomeUnknownError extends CascadeError {
  constructor(what: string) {
    super(
      `${what}: the engine did not answer in time, so it is not known whether this was recorded; send the same request again (a repeat is recognised and never recorded twice)`,
      503,
      'OutcomeUnknown',
    );
  }
}

/**
 * gRPC codes that say the request was wrong, not that the server failed it: nothing is gained by
 * sending it again (INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, PERMISSION_DENIED, UNIMPLEMENTED,
 * UNAUTHENTICATED). Every other failure of the call leaves its outcome unknown.
 */
const REQUEST_REFUSED_CODES = new Set([3, 5, 6, 7, 12, 16]);

/** gRPC codes of a call that timed out or found the server unavailable or overloaded. */
const TIMEOUT_OR_UNAVAILABLE_CODES = new Set([4, 8, 14]);

/**
 * True when the server answered an update with a failure that is neither a refusal of the request
 * nor a timeout or outage: at 55,000 units, updates it aborted because their committee continued as
 * new meanwhile ("Workflow Update failed"). Such an update was never applied; sending it again
 * reaches the committee's new run.
 */
export function updateAbortedByServer(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(err)) return false;
  const grpc = [err, (err as { cause?: unknown } | null)?.cause].find(isGrpcServiceError);
  return grpc !== undefined && !REQUEST_REFUSED_CODES.has(grpc.code) && !TIMEOUT_OR_UNAVAILABLE_CODES.has(grpc.code);
}

/**
 * True when a call to Temporal failed without saying whether it took effect: a timeout, the server
 * unavailable or overloaded, an update it aborted because the workflow continued as new meanwhile
 * (seen at 55,000 units as "Workflow Update failed", not as one of the codes a timeout has).
 */
export function isOutcomeUnknown(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(err)) return true;
  // The client raises a gRPC error itself or wraps it in a ServiceError's cause.
  const grpc = [err, (err as { cause?: unknown } | null)?.cause].find(isGrpcServiceError);
  return grpc !== undefined && !REQUEST_REFUSED_CODES.has(grpc.code);
}

/**
 * The field each rule of a unit's state refuses, so a 409 names it like a 400 does: an extension
 * that is not later than the deadline in force, or already past, is wrong in `to`; a unit that is
 * closed (reported, exempted) or withdrawn cannot take the command at all, which is `unitId`.
 */
const TRACK_RULE_FIELDS: Readonly<Record<string, string>> = {
  'extension-not-later': 'to',
  'extension-in-past': 'to',
  closed: 'unitId',
  withdrawn: 'unitId',
  moved: 'unitId',
  removed: 'unitId',
};

/** A refusal of a unit's state rules: 409 under the rule's name, naming the field concerned when there is one. */
function trackRuleConflict(message: string, rule: string): ConflictError {
  const field = TRACK_RULE_FIELDS[rule];
  if (!field) return new ConflictError(message, rule);
  return new ConflictError(`${field}: ${message}`, rule, [{ path: field, rule, message }]);
}

interface FailureDetails {
  issues?: Array<{ field?: string; path?: string; rule: string; message: string }>;
  rule?: string;
}

/**
 * True when an update reached a committee between its start and the end of its first workflow task,
 * before it registers its update handlers (it does once its units are loaded): the SDK rejects the
 * update then. The unit's projection row may already be visible, so a caller can be that quick.
 */
export function arrivedBeforeHandlers(err: unknown): boolean {
  const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
  return cause instanceof ApplicationFailure && cause.message.startsWith('No registered handler for update');
}

/** Translates a failed workflow update or query into the client's errors. */
export function fromTemporalError(err: unknown, what: string): never {
  if (err instanceof WorkflowNotFoundError) throw new NotFoundError(`${what}: no such directive or committee is running`);
  if (isOutcomeUnknown(err)) throw new OutcomeUnknownError(what);
  const cause = err instanceof WorkflowUpdateFailedError ? err.cause : err;
  if (cause instanceof ApplicationFailure) {
    const details = (cause.details?.[0] ?? {}) as FailureDetails;
    const issues = (details.issues ?? []).map((i) => ({ path: i.path ?? i.field ?? '', rule: i.rule, message: i.message }));
    switch (cause.type) {
      case 'ReportValidationError':
      case 'CommandValidationError':
      case 'InvalidCommand':
        throw new InputError(cause.message, issues, cause.type);
      case 'TrackRuleError':
        throw trackRuleConflict(cause.message, details.rule ?? 'TrackRuleError');
      case 'UnknownUnitError':
        throw new NotFoundError(cause.message);
    }
  }
  throw err;
}
