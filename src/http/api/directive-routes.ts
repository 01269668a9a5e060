/** Directives as a whole: launch and withdraw (secretariat), list (everyone, filtered to what they may see). */
import { actorOf } from '../auth/actor';
import { rawParam } from './route-kit';
import { narrowDirectives } from '../../app/list-filters';
import { DirectiveListQuerySchema, DirectiveParamsSchema, LaunchBodySchema, WithdrawBodySchema } from '../request/schemas';
import { guard, principalOf, rawQuery, type RoutePlugin } from './route-kit';
import { noteDirectivesShown } from '../auth/secret-read-log';

/** Registers the directive routes. */
export const directiveRoutes: RoutePlugin = async (app, deps) => {
  /** Secretariat: launches a directive from a spec (JSON object or YAML text); 201 when started, 200 when it was already running. */
  app.post(
    '/directives',
    {
      schema: { summary: 'Launch a directive', tags: ['secretariat'], body: LaunchBodySchema },
      preValidation: guard((_req, p) => deps.access.requireSecretariat(p, { subtree: 'launch directives' })),
    },
    async (request, reply) => {
      const p = principalOf(request);
      // A committee's secretariat launches only at its unit or under it: checked with the spec's root, before anything is recorded.
      const authorise = (root: string) => deps.access.requireSecretariat(p, { unit: root, what: 'launch directives' });
      const result = await deps.cascade.launch(request.body, { authorise, actor: actorOf(p) });
      return reply.code(result.started ? 201 : 200).send(result);
    },
  );

  /** Secretariat: a launch's dry run: its checks, units per level, deadlines and the real instants of reminders and escalations; nothing starts. */
  app.post(
    '/directives/preview',
    {
      schema: { summary: 'Rehearse a launch', tags: ['secretariat'], body: LaunchBodySchema },
      preValidation: guard((_req, p) => deps.access.requireSecretariat(p, { subtree: 'rehearse launches' })),
    },
    async (request) =>
      deps.cascade.previewLaunch(request.body, {
        authorise: (root) => deps.access.requireSecretariat(principalOf(request), { unit: root, what: 'rehearse launches' }),
      }),
  );

  /**
   * Launched directives, newest first: all for the secretariat, those that reach the caller's unit for
   * others; narrowed by `q` (code, title or id, accents aside), `status` and `under` (those that reach
   * that unit, which a supervisor must hold in its subtree).
   */
  app.get(
    '/directives',
    {
      schema: { summary: 'List directives (filtered)', tags: ['supervisor'], querystring: DirectiveListQuerySchema },
      // `under` must be a unit the caller reads in the directory: a supervisor's or inspector's own subtree (403 outside).
      preValidation: guard(async (req, p) => {
        const under = rawQuery(req, 'under');
        if (under !== undefined) await deps.access.directoryScope(p, under);
      }),
    },
    async (request) => {
      const all = await deps.cascade.directives();
      const directives = await narrowDirectives(deps.cascade, await deps.access.visibleDirectives(principalOf(request), all), request.query);
      const shownIds = directives.map((d) => d.id);
      noteDirectivesShown(request, shownIds);
      return { directives };
    },
  );

  /** A periodic directive's report rounds: planned (with when each opens and is due) and, once open, each one's own directive id. */
  app.get(
    '/directives/:id/rounds',
    {
      schema: { summary: 'A directive’s report rounds', tags: ['supervisor'], params: DirectiveParamsSchema },
      preValidation: guard((_req, p) => deps.access.requireSupervisor(p)),
    },
    async (request) => ({ rounds: await deps.cascade.rounds(request.params.id) }),
  );

  /** Secretariat: withdraws a directive; everything pending stops, all the way down. */
  app.post(
    '/directives/:id/withdraw',
    {
      schema: { summary: 'Withdraw a directive', tags: ['secretariat'], params: DirectiveParamsSchema, body: WithdrawBodySchema },
      preValidation: guard((req, p) => deps.access.requireSecretariat(p, { directive: rawParam(req, 'id'), what: 'withdraw' })),
    },
    async (request) => deps.cascade.withdraw(request.params.id, actorOf(principalOf(request)), request.body.reason),
  );
};
