/** Who is calling: a bearer access token, the dashboard cookie, or a report or inbox link from an email. */
import type { FastifyRequest } from 'fastify';
import { verifyAccessToken, type AccessClaims } from '../../security/access-token';
import { verifyInboxToken } from '../../security/inbox-link';
import { verifyReportToken } from '../../security/report-link';
import { UnauthorizedError } from '../errors/http-errors';
import { readCookie, SESSION_COOKIE } from './session-cookie';
import { verifySessionToken, type SessionClaims } from '../../security/session-token';
import { assertCsrf, CSRF_HEADER } from './csrf';

/**
 * An authenticated caller. A report link grants exactly one unit in one directive; an inbox link reading one unit's inbox.
 * `tokenId` is an access token's id (absent in tokens signed before tokens had one), `issuedAt` when a link was minted:
 * what its revocation is checked by (src/http/auth/revocation-check.ts). A person signed in by email has a
 * `sessionId` instead of a `tokenId`, and their `person` (id, name); `sub` is their email.
 */
export type Principal =
  | { kind: 'secretariat'; sub: string; tokenId?: string; unitId?: string; sessionId?: string; person?: SessionPerson }
  | { kind: 'supervisor'; sub: string; unitId: string; tokenId?: string; sessionId?: string; person?: SessionPerson }
  | { kind: 'inspector'; sub: string; unitId: string; tokenId?: string; sessionId?: string; person?: SessionPerson }
  | { kind: 'unit'; sub: string; unitId: string; tokenId?: string }
  | { kind: 'report-link'; sub: string; directiveId: string; unitId: string; expiresAt: string; issuedAt?: string }
  | { kind: 'inbox-link'; sub: string; unitId: string; expiresAt: string; issuedAt?: string };

/** The person a session is for. */
export interface SessionPerson {
  id: string;
  name: string;
}

/** The keys tokens are checked with. */
export interface TokenSecrets {
  tokenSecret: string;
  linkSecret: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook of the API and the dashboard. */
    principal: Principal | null;
  }
}

const REASONS = {
  malformed: 'the token is not in the form this server issues; copy the whole token or link',
  'bad-signature': 'the token was not issued by this server or has been altered',
  expired: 'the token or link has expired; ask the secretariat (or your superior committee) for a new one',
} as const;

/** The principal an access token's claims describe. */
export function principalFromClaims(claims: AccessClaims): Principal {
  const { sub, role, unitId, jti } = claims;
  const id = jti === undefined ? {} : { tokenId: jti };
  // A secretariat token with a unit is that committee's secretariat (src/http/auth/access-policy.ts); without, the central one.
  if (role === 'secretariat') return { kind: 'secretariat', sub, ...id, ...(unitId === undefined ? {} : { unitId }) };
  return { kind: role, sub, unitId: unitId as string, ...id };
}

/** The principal a session's claims describe. */
export function principalFromSession(c: SessionClaims): Principal {
  const session = { sessionId: c.sid, person: { id: c.personId, name: c.name } };
  if (c.role === 'secretariat') return { kind: 'secretariat', sub: c.sub, ...(c.unitId ? { unitId: c.unitId } : {}), ...session };
  return { kind: c.role, sub: c.sub, unitId: c.unitId as string, ...session };
}

/**
 * Reads the browser's cookie into a principal: a session opened by an emailed sign-in link, or (the
 * `?token=` sign-in, kept for links made with POST /api/tokens) an access token; 401 saying why otherwise.
 */
export function principalFromCookie(value: string, tokenSecret: string, now: number = Date.now()): Principal {
  const session = verifySessionToken(value, tokenSecret, now);
  if (session.ok) return principalFromSession(session.claims);
  const access = verifyAccessToken(value, tokenSecret, now);
  if (access.ok) return principalFromClaims(access.claims);
  if (session.reason === 'expired') {
    throw new UnauthorizedError('your session has ended; sign in again at /sign-in', 'expired', 'Phiên đăng nhập đã hết hạn; hãy đăng nhập lại tại /sign-in');
  }
  const reasons = [session.reason, access.reason];
  throw refusedToken(reasons.includes('expired') ? 'expired' : reasons.every((r) => r === 'malformed') ? 'malformed' : 'bad-signature');
}

/** The 401 for a refused token, saying why. */
export function refusedToken(reason: 'malformed' | 'bad-signature' | 'expired'): UnauthorizedError {
  return new UnauthorizedError(REASONS[reason], reason);
}

/** Reads a token (access token, report-link or inbox-link token) into a principal, or throws UnauthorizedError saying why. */
export function principalFromToken(token: string, secrets: TokenSecrets, now: number = Date.now()): Principal {
  const access = verifyAccessToken(token, secrets.tokenSecret, now);
  if (access.ok) return principalFromClaims(access.claims);
  const link = verifyReportToken(token, secrets.linkSecret, now);
  if (link.ok)
    return {
      kind: 'report-link',
      sub: `report link of ${link.unitId}`,
      directiveId: link.directiveId,
      unitId: link.unitId,
      expiresAt: link.expiresAt,
      ...(link.issuedAt === undefined ? {} : { issuedAt: link.issuedAt }),
    };
  const inbox = verifyInboxToken(token, secrets.linkSecret, now);
  if (inbox.ok)
    return {
      kind: 'inbox-link',
      sub: `inbox link of ${inbox.unitId}`,
      unitId: inbox.unitId,
      expiresAt: inbox.expiresAt,
      ...(inbox.issuedAt === undefined ? {} : { issuedAt: inbox.issuedAt }),
    };
  const reasons = [access.reason, link.reason, inbox.reason];
  const reason = reasons.includes('expired') ? 'expired' : reasons.every((r) => r === 'malformed') ? 'malformed' : 'bad-signature';
  throw refusedToken(reason);
}

/** The token a request carries: `Authorization: Bearer`, else the session cookie when `cookie` is allowed. */
export function requestToken(request: FastifyRequest, opts: { cookie: boolean }): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new UnauthorizedError('the Authorization header must be `Bearer <token>`', 'malformed');
    return match[1];
  }
  return opts.cookie ? readCookie(request.headers.cookie, SESSION_COOKIE) : undefined;
}

/**
 * Authenticates a request's signature and expiry or throws 401; the revocation check follows
 * (src/http/auth/revocation-check.ts). The browser's cookie (a session, or a `?token=` sign-in)
 * counts for reads, and for writes only with the page's CSRF token in `X-CSRF-Token` (403 otherwise).
 */
export function authenticate(request: FastifyRequest, secrets: TokenSecrets): Principal {
  if (request.headers.authorization) return principalFromToken(requestToken(request, { cookie: false }) as string, secrets);
  const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
  if (!cookie) throw new UnauthorizedError('send `Authorization: Bearer <token>`; tokens are issued by the secretariat', 'missing');
  const principal = principalFromCookie(cookie, secrets.tokenSecret);
  if (request.method !== 'GET' && request.method !== 'HEAD') assertCsrf(request.headers[CSRF_HEADER], principal, secrets.tokenSecret);
  return principal;
}
