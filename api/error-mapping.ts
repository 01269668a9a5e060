/**
 * What each error means over HTTP: one table, used by the one error handler for JSON and pages.
 * Messages of known errors are written for the caller; anything unknown becomes a generic 500.
 */
import { ServiceError } from '@temporalio/client';
import { CascadeError } from '../client/errors';
import { CommandValidationError } from '../domain/commands';
import { DirectiveSpecError } from '../domain/directive';
import { LevelsError } from '../domain/levels';
import { OrgImportError } from '../domain/org-issues';
import { ReportValidationError } from '../domain/report';
import { TimeInputError } from '../domain/time-error';
import { ForbiddenError, RequestValidationError, UnauthorizedError } from './http-errors';

/** One problem with the input: the field's path, the rule it broke, and what to do. */
export interface IssueBody {
  path: string;
  rule: string;
  message: string;
  row?: number;
  unitId?: string;
}

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: string;
  message: string;
  issues?: IssueBody[];
}

/** Status and body for an error; `internal` marks the ones whose details must stay in the log. */
export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
  internal: boolean;
}

function answer(status: number, error: string, message: string, issues?: readonly IssueBody[]): ErrorAnswer {
  return { status, body: issues && issues.length ? { error, message, issues: [...issues] } : { error, message }, internal: false };
}

/** Maps an error to its HTTP answer. */
export function describeError(err: unknown, requestId: string): ErrorAnswer {
  if (err instanceof UnauthorizedError) return answer(401, 'Unauthorized', err.message);
  if (err instanceof ForbiddenError) return answer(403, 'Forbidden', err.message);
  if (err instanceof RequestValidationError) return answer(400, 'InvalidInput', err.message, err.issues);
  if (err instanceof CascadeError) return answer(err.status, err.code, err.message, err.issues);
  if (err instanceof DirectiveSpecError) return answer(400, 'InvalidDirectiveSpec', err.message, err.issues);
  if (err instanceof CommandValidationError) return answer(400, 'InvalidCommand', err.message, err.issues);
  if (err instanceof ReportValidationError) {
    return answer(400, 'ReportValidationError', err.message, err.issues.map((i) => ({ path: i.field, rule: i.rule, message: i.message })));
  }
  if (err instanceof OrgImportError) {
    const issues = err.issues.map((i) => ({ path: i.field ?? '', rule: i.rule, message: i.message, row: i.row, ...(i.unitId ? { unitId: i.unitId } : {}) }));
    return answer(400, 'InvalidOrganisation', err.message, issues);
  }
  if (err instanceof LevelsError || err instanceof TimeInputError) return answer(400, err.name, err.message);
  if (err instanceof ServiceError) {
    return { ...answer(503, 'Unavailable', `the workflow service did not answer; try again shortly (request ${requestId})`), internal: true };
  }
  // Fastify's own 4xx (unsupported media type, bad JSON, body too large) carry safe, useful messages.
  const fastify = err as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500 && typeof fastify.message === 'string') {
    return answer(fastify.statusCode, typeof fastify.code === 'string' ? fastify.code : 'BadRequest', fastify.message);
  }
  return { ...answer(500, 'InternalError', `something went wrong on our side; it was logged as request ${requestId}`), internal: true };
}
