/**
 * Signing supervisors into the dashboard: a `?token=` link once, then an HttpOnly, SameSite=Strict
 * cookie. The page's script then drops the token from the address bar.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CascadeClient } from '../../app/cascade-client';
import type { AccessPolicy } from './access-policy';
import { assertNotRevoked } from './revocation-check';
import { principalFromClaims, refusedToken, type TokenSecrets } from './principal';
import { readCookie, SESSION_COOKIE, sessionCookie } from './session-cookie';
import { UnauthorizedError } from '../errors/http-errors';
import { verifyAccessToken } from '../../security/access-token';

/** An onRequest hook: sets `request.principal` from `?token=` (and the cookie) or the cookie; 401 (revoked too) and 403 pages otherwise. */
export function dashboardSession(deps: { access: AccessPolicy; secrets: TokenSecrets; publicBaseUrl: string; cascade: Pick<CascadeClient, 'revocations'> }) {
  const secure = deps.publicBaseUrl.startsWith('https:');
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const fromQuery = (request.query as { token?: unknown } | undefined)?.token;
    const token = typeof fromQuery === 'string' && fromQuery !== '' ? fromQuery : readCookie(request.headers.cookie, SESSION_COOKIE);
    if (!token) throw new UnauthorizedError('this page needs a supervisor or secretariat access token', 'missing');
    const check = verifyAccessToken(token, deps.secrets.tokenSecret);
    if (!check.ok) throw refusedToken(check.reason);
    const principal = principalFromClaims(check.claims);
    await assertNotRevoked(deps.cascade, principal);
    deps.access.requireSupervisor(principal);
    request.principal = principal;
    if (token === fromQuery) reply.header('set-cookie', sessionCookie(token, check.claims.exp - Date.now() / 1000, secure));
  };
}
