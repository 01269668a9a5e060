/** The weekly digest's opt-outs: a unit opts itself out (or back in); the secretariat sees who did and when. */
import { z } from 'zod';
import { OrgUnitParamsSchema } from '../request/schemas';
import { guard, principalOf, rawParam, type RoutePlugin } from './route-kit';
import { secretariatListFilter } from './subtree-lists';

const DigestBodySchema = z.strictObject({ optOut: z.boolean({ error: 'optOut must be true (no weekly digest) or false (send it again)' }) });

/** Registers GET /digest/opt-outs and POST /units/:id/digest. */
export const digestRoutes: RoutePlugin = async (app, deps) => {
  const { access, cascade } = deps;

  /** Secretariat: every unit that opted out of the weekly digest, when, and who set it. */
  app.get(
    '/digest/opt-outs',
    {
      schema: {
        summary: 'Units that opted out of the weekly digest',
        description: 'Answers `{ optOuts: [{ unitId, name, optedOutAt, actor }] }`, earliest first.',
        tags: ['secretariat'],
      },
      preValidation: guard((_req, p) => access.requireSecretariat(p, { subtree: 'list the digest opt-outs' })),
    },
    async (request) => {
      const optOuts = await cascade.digestOptOuts();
      const inScope = await secretariatListFilter(deps, principalOf(request));
      return { optOuts: inScope(optOuts) };
    },
  );

  /** The unit itself (its token or inbox link) or the secretariat: `{ optOut: true }` stops the unit's weekly digest, `false` resumes it. */
  app.post(
    '/units/:id/digest',
    {
      schema: {
        summary: 'Opt a unit out of the weekly digest, or back in',
        description: 'Answers `{ unitId, optedOut, optedOutAt }`; 404 when the unit is not in the organisation directory.',
        tags: ['unit'],
        params: OrgUnitParamsSchema,
        body: DigestBodySchema,
      },
      // Authorised before validation, so a forbidden caller learns nothing from a 400.
      preValidation: guard((req, p) => access.setDigestPreference(p, rawParam(req, 'id'))),
    },
    async (request) => cascade.setDigestOptOut(request.params.id, request.body.optOut, `api:${principalOf(request).sub}`),
  );
};
