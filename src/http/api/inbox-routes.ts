/** A unit's inbox over the API: every directive it is in and what it (and, for a committee, its units below) still owes. */
import { OrgUnitParamsSchema } from '../request/schemas';
import { guard, principalOf, rawParam, type RoutePlugin } from './route-kit';
import { noteDirectivesShown } from '../auth/secret-read-log';

/** Registers GET /units/:id/inbox. */
export const inboxRoutes: RoutePlugin = async (app, deps) => {
  const { access, cascade } = deps;

  /**
   * The unit's inbox, with a signed report link on each line it can still file on. Read by the unit
   * (its token or an inbox link from its emails), a supervisor whose directory subtree holds it, or the secretariat.
   */
  app.get(
    '/units/:id/inbox',
    {
      schema: { summary: 'A unit’s inbox: every directive it is in, what it and its units below still owe', tags: ['unit'], params: OrgUnitParamsSchema },
      // Authorised before validation, so a forbidden caller learns nothing from a 400.
      preValidation: guard((req, p) => access.readInbox(p, rawParam(req, 'id'))),
    },
    async (request) => {
      const inbox = await cascade.inbox(request.params.id, { baseUrl: deps.publicBaseUrl, secret: deps.secrets.linkSecret });
      // A secret directive hidden from the caller is not in the inbox they read (a supervisor above its root, an inspector not named).
      const directives = await access.withoutHiddenSecrets(principalOf(request), inbox.directives, (d) => d.directiveId);
      const shownIds = directives.map((d) => d.directiveId);
      noteDirectivesShown(request, shownIds);
      return { ...inbox, directives };
    },
  );
};
