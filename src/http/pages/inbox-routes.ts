/** The inbox page a unit (or the committee an overdue unit is escalated to) reaches from the inbox link in its emails. */
import { z } from 'zod';
import { refusedToken } from '../auth/principal';
import { noteDirectivesShown, noteLinkReader } from '../auth/secret-read-log';
import { assertLinkNotRevoked } from '../auth/revocation-check';
import { verifyInboxToken } from '../../security/inbox-link';
import type { LevelDefinition } from '../../domain/org/levels';
import { sendPage, type PagePlugin } from './page-kit';
import { inboxPage } from './views/inbox-view';
import { href } from './views/layout';

const TokenPath = z.object({ token: z.string().min(1).max(2000) });
const LangQuery = z.object({ lang: z.enum(['vi', 'en']).default('vi') });
const DigestForm = z.object({ optOut: z.enum(['true', 'false'], { error: 'optOut must be true or false' }) });

/** Registers GET /inbox/:token and POST /inbox/:token/digest. */
export const inboxPageRoutes: PagePlugin = async (app, deps) => {
  const { cascade } = deps;

  /** Every directive the unit is in, with a button to each report form; a tampered or expired link is the report form's 401 page. */
  app.get('/inbox/:token', { config: { page: true }, schema: { hide: true, params: TokenPath, querystring: LangQuery } }, async (request, reply) => {
    const check = verifyInboxToken(request.params.token, deps.secrets.linkSecret);
    if (!check.ok) throw refusedToken(check.reason);
    await assertLinkNotRevoked(deps.cascade, { kind: 'inbox', unitId: check.unitId, directiveId: undefined, issuedAt: check.issuedAt });
    // Report links as paths on this server: the page works whatever name the browser reached it by.
    const inbox = await cascade.inbox(check.unitId, { baseUrl: '', secret: deps.secrets.linkSecret });
    const ids = inbox.directives.map((d) => d.directiveId);
    // The unit's own inbox shows its secret directives too; each is a read, logged like any other.
    noteLinkReader(request, { kind: 'inbox-link', sub: `inbox link of ${check.unitId}`, unitId: check.unitId, expiresAt: check.expiresAt });
    noteDirectivesShown(request, ids);
    const levels = new Map<string, readonly LevelDefinition[]>(await Promise.all(ids.map(async (id) => [id, await cascade.directiveLevels(id)] as const)));
    const digest = { preference: await cascade.digestPreference(check.unitId), action: `/inbox/${request.params.token}/digest` };
    return sendPage(reply, inboxPage({ lang: request.query.lang, url: request.url, inbox, levels, digest }));
  });

  /** The inbox's weekly digest form: the inbox link is the permission to stop (or resume) its own unit's digest; back to the inbox after. */
  app.post(
    '/inbox/:token/digest',
    { config: { page: true }, schema: { hide: true, params: TokenPath, querystring: LangQuery, body: DigestForm } },
    async (request, reply) => {
      const check = verifyInboxToken(request.params.token, deps.secrets.linkSecret);
      if (!check.ok) throw refusedToken(check.reason);
      await assertLinkNotRevoked(deps.cascade, { kind: 'inbox', unitId: check.unitId, directiveId: undefined, issuedAt: check.issuedAt });
      await cascade.setDigestOptOut(check.unitId, request.body.optOut === 'true', `inbox link of ${check.unitId}`);
      return reply.redirect(href(`/inbox/${request.params.token}`, request.query.lang), 303);
    },
  );
};
