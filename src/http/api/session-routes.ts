/** Browser sessions listed and revoked: the secretariat every one, a signed-in person their own. */
import { z } from 'zod';
import { TokenIdSchema } from '../../security/access-token';
import { RevocationReasonSchema } from '../../security/revocation-list';
import { ForbiddenError } from '../errors/http-errors';
import type { Principal } from '../auth/principal';
import { actorOf } from '../auth/actor';
import { guard, principalOf, type RoutePlugin } from './route-kit';
import { secretariatListFilter } from './subtree-lists';

const SessionParamsSchema = z.object({ id: TokenIdSchema });
const RevokeBodySchema = z.strictObject({ reason: RevocationReasonSchema.optional() }).optional();

/** Whose sessions the caller may list and revoke: all (null) for the secretariat, a person's own, nobody else's. */
function sessionOwner(p: Principal): string | null {
  if (p.kind === 'secretariat') return null;
  if ((p.kind === 'supervisor' || p.kind === 'inspector') && p.person) return p.person.id;
  throw new ForbiddenError('only the secretariat, or a person signed in by email for their own sessions, may do this');
}

/** Registers GET /sessions and POST /sessions/:id/revoke. */
export const sessionRoutes: RoutePlugin = async (app, deps) => {
  const { cascade, access } = deps;
  const allowed = guard((_req, p) => sessionOwner(p));

  /** The sessions the caller may see, newest first, with their status. */
  app.get(
    '/sessions',
    {
      schema: {
        summary: 'Browser sessions',
        description:
          'The secretariat: every session; a person signed in by email: their own. Answers `[{ id, personId, subject, role, unitId, issuedAt, expiresAt, lastSeenAt, userAgent, status, revokedAt, revokedBy, reason }]`.',
        tags: ['sessions'],
      },
      preValidation: allowed,
    },
    async (request, reply) => {
      const p = principalOf(request);
      // A committee's secretariat sees the sessions of its subtree's people only.
      const inScope = await secretariatListFilter(deps, p);
      return reply.header('cache-control', 'no-store').send(inScope(await cascade.sessions(sessionOwner(p))));
    },
  );

  /** Revokes a session: it fails on every request within the revocation bound (5 s; at once on this server). */
  app.post(
    '/sessions/:id/revoke',
    {
      schema: {
        summary: 'Revoke a session',
        description:
          'Body `{ reason? }` (default "revoked"). Answers the session record; 404 for an unknown id (or another person\'s), 409 when revoked already.',
        tags: ['sessions'],
        params: SessionParamsSchema,
        body: RevokeBodySchema,
      },
      preValidation: allowed,
    },
    async (request) => {
      const p = principalOf(request);
      const owner = sessionOwner(p);
      // Checked against the session's record: a committee's secretariat revokes the sessions of its subtree's people only.
      const authorise = async (session: { unitId: string | null }) =>
        access.requireSecretariat(
          p,
          session.unitId === null ? { central: 'revoke a central secretariat session' } : { unit: session.unitId, what: 'revoke sessions' },
        );
      return cascade.revokeSession(
        request.params.id,
        request.body?.reason ?? 'revoked',
        actorOf(p),
        owner ?? undefined,
        p.kind === 'secretariat' ? authorise : undefined,
      );
    },
  );
};
