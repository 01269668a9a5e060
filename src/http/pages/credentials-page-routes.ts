/** The secretariat's credentials page in the browser: what `cascade credentials` and `cascade sessions` list, with revoke buttons. */
import { z } from 'zod';
import { principalOf } from '../api/route-kit';
import { secretariatListFilter } from '../api/subtree-lists';
import { dashboardSession } from '../auth/session-auth';
import { sendPage, type PagePlugin } from './page-kit';
import { viewerShell } from './viewer-shell';
import { credentialsPage } from './views/credentials-view';

const PageQuery = z.object({ lang: z.enum(['vi', 'en']).default('vi') });

/** Registers GET /dashboard/credentials (secretariat). */
export const credentialsPageRoutes: PagePlugin = async (app, deps) => {
  app.addHook('onRequest', dashboardSession(deps));

  /** Tokens, sessions and revoked link families; revoking calls the API with the page's CSRF token. */
  app.get('/dashboard/credentials', { config: { page: true }, schema: { hide: true, querystring: PageQuery } }, async (request, reply) => {
    const p = principalOf(request);
    await deps.access.requireSecretariat(p, { subtree: 'list the credentials' });
    // What the API lists for the caller: a committee's secretariat sees its subtree's.
    const [listing, sessions, inScope] = await Promise.all([deps.cascade.credentials(), deps.cascade.sessions(null), secretariatListFilter(deps, p)]);
    const { lang } = request.query;
    return sendPage(
      reply,
      credentialsPage({
        lang,
        url: request.url,
        tokens: inScope(listing.tokens),
        sessions: inScope(sessions),
        linkFamilies: inScope(listing.linkFamilies),
        ...viewerShell(deps, p),
      }),
    );
  });
};
