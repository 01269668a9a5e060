/** Errors the HTTP layer raises itself (the client's CascadeError covers the engine's answers). */
import type { FieldIssue } from '../../domain/text/fields';

/** No usable credentials (401): missing, malformed, tampered, expired or revoked token. */
export class UnauthorizedError extends Error {
  override readonly name = 'Unauthorized';
  constructor(
    message: string,
    readonly reason: 'missing' | 'malformed' | 'bad-signature' | 'expired' | 'revoked',
    /** The same message in Vietnamese, for the pages (a revoked link's holder reads it there). */
    readonly messageVi?: string,
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

const LIMITED_WHAT = {
  reports: { vi: 'báo cáo', en: 'reports' },
  tokens: { vi: 'lần cấp mã truy cập', en: 'token requests' },
  signInEmail: { vi: 'yêu cầu đăng nhập cho địa chỉ email này', en: 'sign-in requests for this email address' },
  signInIp: { vi: 'yêu cầu đăng nhập từ máy này', en: 'sign-in requests from this address' },
} as const;

/** Too many requests from one caller in the current window (429); `retryAfterSeconds` goes into Retry-After. */
export class RateLimitedError extends Error {
  override readonly name = 'TooManyRequests';
  /** The same message in Vietnamese, for pages and for clients that show it to users. */
  readonly messageVi: string;
  constructor(
    readonly action: keyof typeof LIMITED_WHAT,
    readonly max: number,
    readonly retryAfterSeconds: number,
  ) {
    const what = LIMITED_WHAT[action];
    super(`too many ${what.en}: at most ${max} per window for one caller; try again in ${retryAfterSeconds} s`);
    this.messageVi = `Quá nhiều ${what.vi}: mỗi người dùng tối đa ${max} trong một khoảng thời gian; vui lòng thử lại sau ${retryAfterSeconds} giây`;
  }
}
