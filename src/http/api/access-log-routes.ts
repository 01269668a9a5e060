/** The secretariat lists the inspectors' access log. */
import { z } from 'zod';
import { guard, principalOf, type RoutePlugin } from './route-kit';
import { secretariatListFilter } from './subtree-lists';

// Checked again by the client (src/app/access-log.ts); here only the query's text becomes a number.
const AccessLogQuerySchema = z.object({
  sub: z.string().optional(),
  limit: z.coerce.number({ error: 'limit must be a whole number between 1 and 1000' }).optional(),
});

/** Registers GET /access-log. */
export const accessLogRoutes: RoutePlugin = async (app, deps) => {
  /** Secretariat: the requests inspectors made (the newest `limit`, oldest first), of one token subject when `sub` is given. */
  app.get(
    '/access-log',
    {
      schema: {
        summary: 'Inspectors’ access log',
        description:
          'Answers `{ entries: [{ id, at, subject, tokenId, unitId, method, route, path, directiveId, targetUnit, status }] }`, oldest first; `limit` 1–1000 (default 200).',
        tags: ['secretariat'],
        querystring: AccessLogQuerySchema,
      },
      preValidation: guard((_req, p) => deps.access.requireSecretariat(p, { subtree: 'list the inspectors’ access log' })),
    },
    async (request, reply) => {
      const { sub, limit } = request.query;
      const entries = await deps.cascade.inspectorAccessLog({ ...(sub === undefined ? {} : { sub }), ...(limit === undefined ? {} : { limit }) });
      // A committee's secretariat sees the requests of its subtree's inspection commissions (the newest `limit` of all, narrowed).
      const inScope = await secretariatListFilter(deps, principalOf(request));
      return reply.header('cache-control', 'no-store').send({ entries: inScope(entries) });
    },
  );
};
