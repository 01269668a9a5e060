/**
 * The dashboard's sign-in: the cookie of a session opened by an emailed sign-in link (/sign-in), or
 * a `?token=` link once (an access token from POST /api/tokens), kept in the same HttpOnly,
 * SameSite=Strict cookie; the page's script then drops the token from the address bar.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CascadeClient } from '../../app/cascade-client';
import type { AccessPolicy } from './access-policy';
import { assertNotRevoked } from './revocation-check';
import { principalFromClaims, principalFromCookie, refusedToken, type Principal, type TokenSecrets } from './principal';
import { readCookie, SESSION_COOKIE, sessionCookie } from './session-cookie';
import { UnauthorizedError } from '../errors/http-errors';
import { verifyAccessToken } from '../../security/access-token';

/** An onRequest hook: sets `request.principal` from `?token=` (and the cookie) or the cookie; 401 (revoked too) and 403 pages otherwise. */
export function dashboardSession(deps: { access: AccessPolicy; secrets: TokenSecrets; publicBaseUrl: string; cascade: Pick<CascadeClient, 'revocations'> }) {
  const secure = deps.publicBaseUrl.startsWith('https:');
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const fromQuery = (request.query as { token?: unknown } | undefined)?.token;
    let principal: Principal;
    if (typeof fromQuery === 'string' && fromQuery !== '') {
      const check = verifyAccessToken(fromQuery, deps.secrets.tokenSecret);
      if (!check.ok) throw refusedToken(check.reason);
      principal = principalFromClaims(check.claims);
      await assertNotRevoked(deps.cascade, principal);
      deps.access.requireSupervisor(principal);
      reply.header('set-cookie', sessionCookie(fromQuery, check.claims.exp - Date.now() / 1000, secure));
    } else {
      const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
      if (!cookie)
        throw new UnauthorizedError(
          'this page needs you signed in: sign in at /sign-in with your email',
          'missing',
          'Trang này cần đăng nhập: hãy đăng nhập tại /sign-in bằng email của bạn',
        );
      principal = principalFromCookie(cookie, deps.secrets.tokenSecret);
      await assertNotRevoked(deps.cascade, principal);
      deps.access.requireSupervisor(principal);
    }
    request.principal = principal;
  };
}
