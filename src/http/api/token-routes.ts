/** Access tokens for supervisors and units, issued by the secretariat and recorded, so each can be listed and revoked. */
import { actorOf } from '../auth/actor';
import { TokenBodySchema } from '../request/schemas';
import { guard, limited, principalOf, type RoutePlugin } from './route-kit';

/** Registers POST /tokens. */
export const tokenRoutes: RoutePlugin = async (app, deps) => {
  /** Secretariat: issues a signed bearer token, recorded with the caller as its issuer; the dashboard link signs its holder in once. */
  app.post(
    '/tokens',
    {
      schema: {
        summary: 'Issue an access token',
        description:
          'Answers `{ id, token, expiresAt, dashboardUrl }`; `id` is how GET /api/credentials lists it and POST /api/credentials/:id/revoke revokes it.',
        tags: ['secretariat'],
        body: TokenBodySchema,
      },
      preValidation: [guard((_req, p) => deps.access.requireSecretariat(p, { subtree: 'issue tokens' })), limited(deps.limits, 'tokens')],
    },
    async (request, reply) => {
      const { sub, role, unitId, ttlDays } = request.body;
      // A committee's secretariat issues tokens for units of its subtree only, and never a central secretariat's.
      await deps.access.requireSecretariat(
        principalOf(request),
        unitId === undefined ? { central: 'issue a central secretariat token (one without a unitId)' } : { unit: unitId, what: 'issue tokens' },
      );
      const { token, record } = await deps.cascade.issueAccessToken(
        { sub, role, unitId },
        { secret: deps.secrets.tokenSecret, ttlSeconds: ttlDays * 86_400, actor: actorOf(principalOf(request)) },
      );
      const dashboardUrl = role === 'unit' ? null : `${deps.publicBaseUrl.replace(/\/+$/, '')}/dashboard?token=${token}`;
      return reply.code(201).header('cache-control', 'no-store').send({ id: record.id, token, expiresAt: record.expiresAt, dashboardUrl });
    },
  );
};
