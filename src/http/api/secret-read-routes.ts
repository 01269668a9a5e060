/** The central secretariat lists the reads of secret directives. */
import { z } from 'zod';
import { ForbiddenError } from '../errors/http-errors';
import { guard, type RoutePlugin } from './route-kit';

// Checked again by the client (src/app/secret-reads.ts); here only the query's text becomes a number.
const SecretReadsQuerySchema = z.object({
  directive: z.string().optional(),
  sub: z.string().optional(),
  limit: z.coerce.number({ error: 'limit must be a whole number between 1 and 1000' }).optional(),
});

/** Registers GET /secret-reads. */
export const secretReadRoutes: RoutePlugin = async (app, deps) => {
  /** Central secretariat: every read of a secret directive (the newest `limit`, oldest first), of one directive and/or one subject. */
  app.get(
    '/secret-reads',
    {
      schema: {
        summary: 'Reads of secret directives',
        description:
          'Answers `{ entries: [{ id, at, directiveId, subject, role, credential, unitId, method, route, path, targetUnit, status }] }`, oldest first; `limit` 1–1000 (default 200). Refused reads are there too (status 404).',
        tags: ['secretariat'],
        querystring: SecretReadsQuerySchema,
      },
      preValidation: guard((_req, p) => {
        deps.access.requireSecretariat(p);
        // A committee's secretariat would learn of secret directives elsewhere (their ids, who reads them).
        if ('unitId' in p && typeof p.unitId === 'string')
          throw new ForbiddenError(`only the central secretariat lists the reads of secret directives; the caller is the secretariat of ${p.unitId}`);
      }),
    },
    async (request, reply) => {
      const { directive, sub, limit } = request.query;
      const entries = await deps.cascade.secretReads({
        ...(directive === undefined ? {} : { directive }),
        ...(sub === undefined ? {} : { sub }),
        ...(limit === undefined ? {} : { limit }),
      });
      return reply.header('cache-control', 'no-store').send({ entries });
    },
  );
};
