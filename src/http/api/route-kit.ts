/** What every route module receives, and the small helpers they share for authorising before validation. */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CascadeClient } from '../../app/cascade-client';
import type { AccessPolicy } from '../auth/access-policy';
import type { Principal, TokenSecrets } from '../auth/principal';
import { callerKey, enforceLimit, type LimitedAction, type RateLimits } from '../limits/rate-limits';
import { UnauthorizedError } from '../errors/http-errors';
import type { SignInSettings } from '../auth/sign-in-settings';

/** Dependencies of the route modules. */
export interface RouteDeps {
  cascade: CascadeClient;
  access: AccessPolicy;
  secrets: TokenSecrets;
  publicBaseUrl: string;
  /** Per-caller rate limits of writes that cost the most (reports, token issuing). */
  limits: RateLimits;
  /** Sign-in by email: the mailer and the lifetimes of links and sessions. */
  signIn: SignInSettings;
}

/** A route module: a Fastify plugin with zod types and the route dependencies as options. */
export type RoutePlugin = FastifyPluginAsyncZod<RouteDeps>;

/** The authenticated caller (the hook ran first), or 401. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError('send `Authorization: Bearer <token>`; tokens are issued by the secretariat', 'missing');
  return request.principal;
}

/** A path parameter before validation (authorisation runs first, so a forbidden caller learns nothing from a 400). */
export function rawParam(request: FastifyRequest, name: string): string {
  const value = (request.params as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

/** A query parameter before validation, or undefined when absent or repeated. */
export function rawQuery(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A preValidation hook running an access check with the caller. */
export function guard(check: (request: FastifyRequest, p: Principal) => Promise<unknown> | unknown) {
  return async (request: FastifyRequest): Promise<void> => {
    await check(request, principalOf(request));
  };
}

/** A preValidation hook counting the authenticated caller against a rate limit: 429 before the body is even validated. */
export function limited(limits: RateLimits, action: LimitedAction) {
  return async (request: FastifyRequest): Promise<void> => {
    enforceLimit(limits, action, callerKey(request.principal, request));
  };
}
