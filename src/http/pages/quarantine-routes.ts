/** The secretariat's dashboard page of a directive's quarantined journal entries. */
import { z } from 'zod';
import { principalOf } from '../api/route-kit';
import { DirectiveIdSchema } from '../request/schemas';
import { findDirective, sendPage, type PagePlugin } from './page-kit';
import { dashboardSession } from '../auth/session-auth';
import { quarantinePage } from './views/quarantine-view';
import { viewerShell } from './viewer-shell';

const PageQuery = z.object({ lang: z.enum(['vi', 'en']).default('vi'), token: z.string().max(4000).optional() });
const DirectivePath = z.object({ directiveId: DirectiveIdSchema });

/** Registers the quarantine page (a secretariat session; supervisors get 403 like the API's route). */
export const quarantineRoutes: PagePlugin = async (app, deps) => {
  app.addHook('onRequest', dashboardSession(deps));

  /** Entries PostgreSQL refused for good, with its reason; the committee went on without them. */
  app.get(
    '/dashboard/:directiveId/quarantine',
    { config: { page: true }, schema: { hide: true, params: DirectivePath, querystring: PageQuery } },
    async (request, reply) => {
      const p = principalOf(request);
      await deps.access.requireSecretariat(p, { directive: request.params.directiveId, what: 'read the quarantine of' });
      const directive = await findDirective(deps.cascade, request.params.directiveId);
      const entries = await deps.cascade.quarantine(directive.id);
      return sendPage(reply, quarantinePage({ lang: request.query.lang, url: request.url, directive, entries, shell: viewerShell(deps, p) }));
    },
  );
};
