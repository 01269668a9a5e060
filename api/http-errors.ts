/** Errors the HTTP layer raises itself (the client's CascadeError covers the engine's answers). */
import type { FieldIssue } from '../domain/fields';

/** No usable credentials (401): missing, malformed, tampered or expired token. */
export class UnauthorizedError extends Error {
  override readonly name = 'Unauthorized';
  constructor(
    message: string,
    readonly reason: 'missing' | 'malformed' | 'bad-signature' | 'expired',
  ) {
    super(message);
  }
}

/** Valid credentials that do not cover this unit, subtree or operation (403). */
export class ForbiddenError extends Error {
  override readonly name = 'Forbidden';
}

/** A body, query or path parameter broke its schema (400); `issues` name each field. */
export class RequestValidationError extends Error {
  override readonly name = 'InvalidInput';
  constructor(readonly issues: readonly FieldIssue[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ') || 'the request is invalid');
  }
}
