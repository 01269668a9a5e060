/**
 * The secretariat's workplace pages: launching (form or uploaded spec, with its preview) and the
 * organisation. The pages only show forms; what they change goes through the API's routes
 * (assets/workplace.js), so the checks of the API are the only ones.
 */
import { z } from 'zod';
import { guard, principalOf } from '../api/route-kit';
import { LaunchBodySchema } from '../request/schemas';
import { dashboardSession } from '../auth/session-auth';
import { sendPage, type PagePlugin } from './page-kit';
import { viewerShell } from './viewer-shell';
import { launchPage, launchPreviewFragment } from './views/launch-view';
import { organisationPage } from './views/organisation-view';
import { peoplePage } from './views/people-view';
import { auditPage } from './views/audit-view';
import { secretariatListFilter } from '../api/subtree-lists';
import { ADMIN_ACTIONS } from '../../domain/audit/admin-actor';

const PageQuery = z.object({ lang: z.enum(['vi', 'en']).default('vi'), token: z.string().max(4000).optional() });
const page = { page: true } as const;
const AuditQuery = PageQuery.extend({ action: z.enum(ADMIN_ACTIONS).or(z.literal('')).optional() });
/** Changes shown on the organisation page. */
const HISTORY_SHOWN = 30;
/** Entries shown on the audit page. */
const AUDIT_SHOWN = 200;

/** Registers the workplace pages (secretariat sessions). */
export const workplaceRoutes: PagePlugin = async (app, deps) => {
  const { cascade, access } = deps;
  app.addHook('onRequest', dashboardSession(deps));

  /** The launch form. */
  app.get('/workplace/launch', { config: page, schema: { hide: true, querystring: PageQuery } }, async (request, reply) => {
    const p = principalOf(request);
    await access.requireSecretariat(p, { subtree: 'launch directives' });
    const levels = await cascade.organisationLevels();
    // A committee's secretariat launches at its own unit (or under it): the form starts there.
    const root = p.kind === 'secretariat' ? p.unitId : undefined;
    return sendPage(reply, launchPage({ lang: request.query.lang, url: request.url, levels, ...(root ? { root } : {}), shell: viewerShell(deps, p) }));
  });

  /**
   * The launch's preview as a piece of the page (the API's dry run, drawn): nothing is recorded, so
   * it needs no CSRF token; a refused spec answers the API's JSON error naming its fields.
   */
  app.post(
    '/workplace/launch/preview',
    {
      schema: { hide: true, body: LaunchBodySchema, querystring: PageQuery },
      preValidation: guard((_req, p) => access.requireSecretariat(p, { subtree: 'rehearse launches' })),
    },
    async (request, reply) => {
      const p = principalOf(request);
      const preview = await cascade.previewLaunch(request.body, {
        authorise: (root) => access.requireSecretariat(p, { unit: root, what: 'rehearse launches' }),
      });
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(launchPreviewFragment(preview, request.query.lang).value);
    },
  );

  /** Importing the organisation, adding, editing and removing units, and the latest changes. */
  app.get('/workplace/organisation', { config: page, schema: { hide: true, querystring: PageQuery } }, async (request, reply) => {
    const p = principalOf(request);
    await access.requireSecretariat(p, { subtree: 'edit the organisation' });
    const [levels, history] = await Promise.all([cascade.organisationLevels(), cascade.organisationHistory(access.secretariatScope(p), HISTORY_SHOWN)]);
    return sendPage(reply, organisationPage({ lang: request.query.lang, url: request.url, levels, history, shell: viewerShell(deps, p) }));
  });

  /** The people who sign in by email (the caller's subtree's), the invitation form and disabling. */
  app.get('/workplace/people', { config: page, schema: { hide: true, querystring: PageQuery } }, async (request, reply) => {
    const p = principalOf(request);
    await access.requireSecretariat(p, { subtree: 'list people' });
    const inScope = await secretariatListFilter(deps, p);
    const people = inScope(await cascade.listPeople());
    return sendPage(reply, peoplePage({ lang: request.query.lang, url: request.url, people, shell: viewerShell(deps, p) }));
  });

  /** The administration trail (the caller's subtree's), newest first, of one action when asked. */
  app.get('/workplace/audit', { config: page, schema: { hide: true, querystring: AuditQuery } }, async (request, reply) => {
    const p = principalOf(request);
    await access.requireSecretariat(p, { subtree: 'list the audit trail' });
    const action = request.query.action || undefined;
    const entries = await cascade.adminAudit({ ...(action ? { action } : {}), limit: AUDIT_SHOWN }, access.secretariatScope(p));
    return sendPage(reply, auditPage({ lang: request.query.lang, url: request.url, entries, ...(action ? { action } : {}), shell: viewerShell(deps, p) }));
  });
};
