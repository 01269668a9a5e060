/** Reorganisation plans (secretariat): rehearse one (`dryRun`) or apply it to the directory and the running directives. */
import { ReorganisationBodySchema, ReorganisationParamsSchema } from '../request/schemas';
import { actorOf } from '../auth/actor';
import { guard, principalOf, type RoutePlugin } from './route-kit';

/** Registers the reorganisation routes. */
export const reorganisationRoutes: RoutePlugin = async (app, deps) => {
  /**
   * Secretariat: with `dryRun: true`, what the plan would change in the directory and in each
   * running directive (or those named), and what would stop it being applied now; without, applies
   * it (201), recorded with the caller's token subject, or schedules it when its effective instant
   * is ahead (202). The same plan again resumes or repeats (200).
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
      const outcome = await deps.cascade.reorganise(plan, actorOf(principalOf(request)), directives);
      return reply.code(outcome.resumed ? 200 : outcome.scheduled ? 202 : 201).send(outcome);
    },
  );

  /** Secretariat: the reorganisations scheduled and applied, newest first, with where each stands. */
  app.get(
    '/reorganisations',
    { schema: { summary: 'List reorganisations', tags: ['secretariat'] }, preValidation: guard((_req, p) => deps.access.requireSecretariat(p)) },
    async () => ({ reorganisations: await deps.cascade.reorganisationList() }),
  );

  /** Secretariat: cancels a reorganisation still scheduled for a later instant (409 once applied). */
  app.post(
    '/reorganisations/:id/cancel',
    {
      schema: { summary: 'Cancel a scheduled reorganisation', tags: ['secretariat'], params: ReorganisationParamsSchema },
      preValidation: guard((_req, p) => deps.access.requireSecretariat(p)),
    },
    async (request) => {
      await deps.cascade.cancelReorganisation(request.params.id);
      return { cancelled: request.params.id };
    },
  );
};
