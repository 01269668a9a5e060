/** The API's rate limits (reports, token issuing, sign-in emails per address and per client), built from the configuration, and the check routes call. */
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal';
import { RateLimitedError } from '../errors/http-errors';
import { FixedWindowLimiter } from './fixed-window-limiter';

/** RATE_LIMIT_* from src/config/config.ts; absent values switch that limit off (tests building the app bare). */
export interface RateLimitSettings {
  RATE_LIMIT_WINDOW_SECONDS?: number;
  RATE_LIMIT_REPORTS?: number;
  RATE_LIMIT_TOKENS?: number;
  RATE_LIMIT_SIGN_IN_EMAIL?: number;
  RATE_LIMIT_SIGN_IN_IP?: number;
}

/** What is limited. */
export type LimitedAction = 'reports' | 'tokens' | 'signInEmail' | 'signInIp';

/** The limiters of one app. */
export type RateLimits = Record<LimitedAction, FixedWindowLimiter>;

/** Builds the limiters; `now` is for tests. */
export function createRateLimits(settings: RateLimitSettings, now?: () => number): RateLimits {
  const windowMs = (settings.RATE_LIMIT_WINDOW_SECONDS ?? 60) * 1000;
  return {
    reports: new FixedWindowLimiter({ max: settings.RATE_LIMIT_REPORTS ?? 0, windowMs, now }),
    tokens: new FixedWindowLimiter({ max: settings.RATE_LIMIT_TOKENS ?? 0, windowMs, now }),
    signInEmail: new FixedWindowLimiter({ max: settings.RATE_LIMIT_SIGN_IN_EMAIL ?? 0, windowMs, now }),
    signInIp: new FixedWindowLimiter({ max: settings.RATE_LIMIT_SIGN_IN_IP ?? 0, windowMs, now }),
  };
}

/**
 * Who is counted: the authenticated holder (a unit's report and inbox links and its unit token
 * share one budget per unit, so a second token buys nothing), else the client's address.
 */
export function callerKey(principal: Principal | null, request: Pick<FastifyRequest, 'ip'>): string {
  if (!principal) return `ip:${request.ip}`;
  switch (principal.kind) {
    case 'secretariat':
      return `secretariat:${principal.sub}`;
    case 'report-link':
    case 'inbox-link':
      return `unit:${principal.unitId}`;
    default:
      return `${principal.kind === 'unit' ? 'unit' : `supervisor:${principal.sub}`}:${principal.unitId}`;
  }
}

/** Counts the request against `action`'s limit; throws RateLimitedError (429) once the caller is over it. */
export function enforceLimit(limits: RateLimits, action: LimitedAction, key: string): void {
  const verdict = limits[action].take(key);
  if (!verdict.allowed) throw new RateLimitedError(action, limits[action].max, verdict.retryAfterSeconds);
}
