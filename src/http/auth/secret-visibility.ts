/**
 * Secret directives on every route and page: a root preValidation hook, so it runs after the API's
 * and the dashboard's authentication and before any route's own check, answers 404 (the answer for
 * a directive never launched, so nothing leaks, not even that it exists) to a caller the directive
 * is hidden from (AccessPolicy.requireDirectiveVisible).
 */
import type { FastifyRequest } from 'fastify';
import type { SecretReader } from '../../domain/directive/secrecy';
import type { Principal } from './principal';
import { DirectiveIdSchema } from '../request/schemas';

/** The directive a request's path names: `:directiveId`, or `:id` in a `/directives/:id` route. */
export function directiveIdOf(request: FastifyRequest): string | undefined {
  const params = request.params as Record<string, unknown> | undefined;
  const route = request.routeOptions.url ?? '';
  const value = params?.directiveId ?? (/\/directives\/:id(\/|$)/.test(route) ? params?.id : undefined);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Whether the caller is among the readers a secret directive's spec names: a secretariat (central or a committee's) or an inspection commission. */
export function isNamedReader(p: Principal, readers: readonly SecretReader[]): boolean {
  if (p.kind === 'secretariat') {
    // A committee's secretariat carries its unit; the central one none.
    const unit = 'unitId' in p && typeof p.unitId === 'string' ? p.unitId : undefined;
    return readers.some((r) => r.role === 'secretariat' && r.unit === unit);
  }
  if (p.kind === 'inspector') return readers.some((r) => r.role === 'inspector' && r.unit === p.unitId);
  return false;
}

/**
 * The hook: 404 for a secret directive the caller may not see (and for one never launched, so the two
 * answer alike), before anything else is checked. An id no directive can have is left to the route's
 * own checks and validation (its 403 or 400 says nothing of any directive).
 */
export function secretVisibilityHook(access: { requireDirectiveVisible(p: Principal, directiveId: string): Promise<void> }) {
  return async (request: FastifyRequest): Promise<void> => {
    const p = request.principal;
    const directiveId = directiveIdOf(request);
    if (p && directiveId && DirectiveIdSchema.safeParse(directiveId).success) await access.requireDirectiveVisible(p, directiveId);
  };
}
