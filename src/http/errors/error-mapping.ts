/**
 * What each error means over HTTP: one table, used by the one error handler for JSON and pages.
 * Messages of known errors are written for the caller; anything unknown becomes a generic 500.
 */
import { ServiceError } from '@temporalio/client';
import { CascadeError, SettingUpError } from '../../app/errors';
import { CommandValidationError } from '../../domain/directive/commands';
import { DirectiveSpecError } from '../../domain/directive/directive';
import { CalendarOverrideError } from '../../domain/calendar/calendar-override';
import { LevelsError } from '../../domain/org/levels';
import { OrgImportError } from '../../domain/org/org-issues';
import { ReportValidationError } from '../../domain/track/completion-report';
import { TimeInputError } from '../../domain/time/time-error';
import { ForbiddenError, RateLimitedError, RequestValidationError, UnauthorizedError } from './http-errors';

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
  /** The message in Vietnamese, where the answer is about the request as a whole (size, rate). */
  messageVi?: string;
  issues?: IssueBody[];
}

/** Status and body for an error; `internal` marks the ones whose details must stay in the log. */
export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
  internal: boolean;
  /** Headers the answer needs (Retry-After on a 429). */
  headers?: Record<string, string>;
}

/** What the handler knows about the route that failed. */
export interface ErrorContext {
  /** The route's body limit in bytes, for the 413 message. */
  bodyLimit?: number;
}

function mebibytes(bytes: number): string {
  return bytes >= 1_048_576 ? `${Math.round((bytes / 1_048_576) * 10) / 10} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/** 413: says how large a body may be and what to do instead, in English and Vietnamese. */
function tooLarge(limit: number | undefined): ErrorAnswer {
  const size = limit ? mebibytes(limit) : 'the limit';
  return {
    status: 413,
    body: {
      error: 'PayloadTooLarge',
      message: `the request body is larger than ${size} (${limit ?? '?'} bytes), the most this endpoint accepts; send less (organisation files up to 64 MiB go to POST /api/org)`,
      messageVi: `Nội dung gửi lên lớn hơn ${size} (${limit ?? '?'} byte), mức tối đa của địa chỉ này; vui lòng gửi ít hơn (tệp tổ chức tối đa 64 MiB gửi tới POST /api/org)`,
    },
    internal: false,
  };
}

function answer(status: number, error: string, message: string, issues?: readonly IssueBody[]): ErrorAnswer {
  return { status, body: issues && issues.length ? { error, message, issues: [...issues] } : { error, message }, internal: false };
}

/** Maps an error to its HTTP answer. */
export function describeError(err: unknown, requestId: string, context: ErrorContext = {}): ErrorAnswer {
  if (err instanceof UnauthorizedError) {
    const base = answer(401, 'Unauthorized', err.message);
    return err.messageVi ? { ...base, body: { ...base.body, messageVi: err.messageVi } } : base;
  }
  if (err instanceof RateLimitedError) {
    return {
      status: 429,
      body: { error: 'TooManyRequests', message: err.message, messageVi: err.messageVi },
      internal: false,
      headers: { 'retry-after': String(err.retryAfterSeconds) },
    };
  }
  if (err instanceof ForbiddenError) return answer(403, 'Forbidden', err.message);
  if (err instanceof RequestValidationError) return answer(400, 'InvalidInput', err.message, err.issues);
  if (err instanceof SettingUpError) {
    return {
      status: 503,
      body: { error: err.code, message: err.message, messageVi: err.messageVi },
      internal: false,
      headers: { 'retry-after': String(err.retryAfterSeconds) },
    };
  }
  if (err instanceof CascadeError) return answer(err.status, err.code, err.message, err.issues);
  if (err instanceof DirectiveSpecError) return answer(400, 'InvalidDirectiveSpec', err.message, err.issues);
  // The secretariat's own calendar file is broken: nothing can be scheduled until it is mended.
  if (err instanceof CalendarOverrideError) return answer(422, 'InvalidCalendarFile', err.message, err.issues);
  if (err instanceof CommandValidationError) return answer(400, 'InvalidCommand', err.message, err.issues);
  if (err instanceof ReportValidationError) {
    return answer(
      400,
      'ReportValidationError',
      err.message,
      err.issues.map((i) => ({ path: i.field, rule: i.rule, message: i.message })),
    );
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
  if (fastify.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return tooLarge(context.bodyLimit);
  if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500 && typeof fastify.message === 'string') {
    return answer(fastify.statusCode, typeof fastify.code === 'string' ? fastify.code : 'BadRequest', fastify.message);
  }
  return { ...answer(500, 'InternalError', `something went wrong on our side; it was logged as request ${requestId}`), internal: true };
}
