/** The journal quarantine (secretariat only): entries PostgreSQL refused for good, set aside so their committee goes on. */
import { DirectiveParamsSchema } from '../request/schemas';
import { guard, rawParam, type RoutePlugin } from './route-kit';

/** Registers the quarantine route. */
export const quarantineRoutes: RoutePlugin = async (app, deps) => {
  /** Secretariat: the quarantined journal entries of a directive, oldest first, each with PostgreSQL's SQLSTATE and message. */
  app.get(
    '/directives/:id/quarantine',
    {
      schema: {
        summary: 'Journal entries in quarantine',
        description:
          'Audit records and unit projection rows of the directive that PostgreSQL refused for good (SQLSTATE class 22, 23 or 54, e.g. a value it cannot hold). ' +
          'The rest of their batch was written and the committee went on; the worker logged an ALERT line for each. ' +
          'Answers `{ entries: [{ id, directiveId, unitId, entryType: "audit" | "projection", kind, entry, errorCode, errorMessage, quarantinedAt }] }`, oldest first; 404 when the directive was never launched.',
        tags: ['secretariat'],
        params: DirectiveParamsSchema,
      },
      preValidation: guard((req, p) => deps.access.requireSecretariat(p, { directive: rawParam(req, 'id'), what: 'read the quarantine of' })),
    },
    async (request) => ({ entries: await deps.cascade.quarantine(request.params.id) }),
  );
};
