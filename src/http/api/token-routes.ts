/** Access tokens for supervisors and units, issued by the secretariat. */
import { issueAccessToken } from '../../security/access-token';
import { TokenBodySchema } from '../request/schemas';
import { guard, limited, type RoutePlugin } from './route-kit';

/** Registers POST /tokens. */
export const tokenRoutes: RoutePlugin = async (app, deps) => {
  /** Secretariat: issues a signed bearer token; the dashboard link signs its holder in once. */
  app.post(
    '/tokens',
    {
      schema: { summary: 'Issue an access token', tags: ['secretariat'], body: TokenBodySchema },
      preValidation: [guard((_req, p) => deps.access.requireSecretariat(p)), limited(deps.limits, 'tokens')],
    },
    async (request, reply) => {
      const { sub, role, unitId, ttlDays } = request.body;
      const ttlSeconds = ttlDays * 86_400;
      const token = issueAccessToken({ sub, role, unitId }, deps.secrets.tokenSecret, { ttlSeconds });
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000).toISOString();
      const dashboardUrl = role === 'unit' ? null : `${deps.publicBaseUrl.replace(/\/+$/, '')}/dashboard?token=${token}`;
      return reply.code(201).header('cache-control', 'no-store').send({ token, expiresAt, dashboardUrl });
    },
  );
};
