/** Reorganisation plans (secretariat): rehearse one (`dryRun`) or apply it to the directory and the running directives. */
import { ReorganisationBodySchema } from '../request/schemas';
import { guard, principalOf, type RoutePlugin } from './route-kit';

/** Registers POST /reorganisations. */
export const reorganisationRoutes: RoutePlugin = async (app, deps) => {
  /**
   * Secretariat: with `dryRun: true`, what the plan would change in the directory and in each
   * running directive (or those named), and what would stop it being applied now; without, applies
   * it (201), recorded with the caller's token subject. The same plan again resumes or repeats (200).
   */
  app.post(
    '/reorganisations',
    {
      schema: { summary: 'Apply (or rehearse) a reorganisation plan', tags: ['secretariat'], body: ReorganisationBodySchema },
      preValidation: guard((_req, p) => deps.access.requireSecretariat(p)),
    },
    async (request, reply) => {
      const { plan, directives, dryRun } = request.body;
      if (dryRun) return deps.cascade.previewReorganisation(plan, directives);
      const outcome = await deps.cascade.reorganise(plan, `api:${principalOf(request).sub}`, directives);
      return reply.code(outcome.resumed ? 200 : 201).send(outcome);
    },
  );
};
