/** The web pages served by the API: supervisor dashboard, report form, unit inbox, their assets, and error pages. */
import type { PagePlugin } from './page-kit';
import { assetRoutes } from './asset-routes';
import { dashboardRoutes } from './dashboard-routes';
import { inboxPageRoutes } from './inbox-routes';
import { quarantineRoutes } from './quarantine-routes';
import { reportLinkRoutes } from './report-link-routes';
import { signInRoutes } from './sign-in-routes';
import { credentialsPageRoutes } from './credentials-page-routes';
import { workplaceRoutes } from './workplace-routes';

export { renderErrorPage } from './error-page';

/** Registers every page route; the supervisor pages get their own session hook. */
export const dashboardPlugin: PagePlugin = async (app, deps) => {
  await app.register(assetRoutes, deps);
  await app.register(reportLinkRoutes, deps);
  await app.register(inboxPageRoutes, deps);
  await app.register(dashboardRoutes, deps);
  await app.register(quarantineRoutes, deps);
  await app.register(signInRoutes, deps);
  await app.register(credentialsPageRoutes, deps);
  await app.register(workplaceRoutes, deps);
  /** The root goes to the dashboard. */
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/dashboard', 302));
};
