/** Reorganisation plans (secretariat): rehearse one (`dryRun`) or apply it to the directory and the running directives. */
import { ReorganisationBodySchema, ReorganisationParamsSchema } from '../request/schemas';
import { actorOf } from '../auth/actor';
import type { AccessPolicy } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { parseReorgPlan } from '../../domain/org/reorg-plan';
import { reorgReach } from '../../domain/org/reorg-reach';
import { guard, principalOf, type RoutePlugin } from './route-kit';

/**
 * A committee's secretariat applies (or rehearses) only a plan inside its subtree: every unit it
 * changes strictly under its unit, units hung only under its subtree, nothing of the whole
 * organisation (a level, the levels), carried only into its own directives, named with `directives`
 * (without, a plan reaches every running directive, national ones too). A plan that does not parse
 * is left to the client, which refuses it naming each problem before anything is written.
 */
async function requireInSubtree(access: AccessPolicy, p: Principal, plan: unknown, directives: readonly string[] | undefined): Promise<void> {
  if (access.secretariatScope(p) === undefined) return;
  const parsed = parseReorgPlan(plan);
  if (!parsed.ok) return;
  const reach = reorgReach(parsed.plan);
  for (const what of reach.national) await access.requireSecretariat(p, { central: what });
  if (directives === undefined)
    await access.requireSecretariat(p, { central: 'reorganise every running directive (a committee’s secretariat names its own with `directives`)' });
  for (const directive of directives ?? []) await access.requireSecretariat(p, { directive, what: 'reorganise' });
  for (const unit of reach.changed) await access.requireSecretariat(p, { unit, what: 'reorganise', strict: true });
  for (const unit of reach.anchors) await access.requireSecretariat(p, { unit, what: 'move or create units under' });
}

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
      preValidation: guard((_req, p) => deps.access.requireSecretariat(p, { subtree: 'reorganise' })),
    },
    async (request, reply) => {
      const { plan, directives, dryRun } = request.body;
      await requireInSubtree(deps.access, principalOf(request), plan, directives);
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
