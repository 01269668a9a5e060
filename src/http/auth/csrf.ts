/**
 * Cross-site request forgery: a write to the API authenticated by the browser's cookie must carry
 * `X-CSRF-Token` equal to the token of the credential in that cookie, which only pages of this
 * server embed (`<meta name="csrf-token">`). A token is an HMAC of the credential's id (a session's
 * or, for the `?token=` sign-in, an access token's), so it needs no storage and dies with its
 * credential. Bearer-token writes need none: a browser never adds that header on its own.
 */
import crypto from 'node:crypto';
import { ForbiddenError } from '../errors/http-errors';

/** The request header a browser write carries. */
export const CSRF_HEADER = 'x-csrf-token';

const CSRF_CONTEXT = 'directive-cascade/csrf/v1.';

/** The part of a principal its CSRF token is made from: its session's or access token's id (links have neither). */
export interface CsrfHolder {
  kind: string;
  sessionId?: string;
  tokenId?: string;
}

/** The CSRF token of the principal's credential (for a page to embed), or null when it has none (links, tokens without an id). */
export function csrfTokenFor(p: CsrfHolder, secret: string): string | null {
  const id = p.sessionId ?? p.tokenId;
  return id === undefined ? null : crypto.createHmac('sha256', secret).update(CSRF_CONTEXT).update(id).digest('base64url');
}

/** Throws 403 unless `given` is the principal's CSRF token (compared in constant time); nothing has run yet. */
export function assertCsrf(given: unknown, p: CsrfHolder, secret: string): void {
  const expected = csrfTokenFor(p, secret);
  const ok =
    expected !== null &&
    typeof given === 'string' &&
    given.length === expected.length &&
    crypto.timingSafeEqual(Buffer.from(given, 'utf8'), Buffer.from(expected, 'utf8'));
  if (!ok) {
    throw new ForbiddenError(
      `a write signed in by the browser's cookie needs the ${CSRF_HEADER} header of its page (<meta name="csrf-token">); scripts and other programs send Authorization: Bearer instead`,
    );
  }
}
