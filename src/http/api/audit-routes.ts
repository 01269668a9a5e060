/** The administration audit trail: the secretariat lists who launched, withdrew, imported, reorganised, issued and revoked what. */
import { z } from 'zod';
import { guard, principalOf, type RoutePlugin } from './route-kit';

// Checked again by the client (src/app/admin-audit.ts); here only the query's text becomes a number.
const AuditQuerySchema = z.object({
  action: z.string().optional(),
  actor: z.string().optional(),
  limit: z.coerce.number({ error: 'limit must be a whole number between 1 and 1000' }).optional(),
});

/** Registers GET /audit. */
export const auditRoutes: RoutePlugin = async (app, deps) => {
  /** Secretariat: the administrative actions, newest first; a committee's secretariat sees those that touched its subtree. */
  app.get(
    '/audit',
    {
      schema: {
        summary: 'Administration audit trail',
        description:
          'Answers `{ entries: [{ id, at, action, target, scopeUnit, details, actor: { kind: "token" | "session" | "link" | "declared", credentialId?, sub, role, unitId }, actorDescription: { vi, en } }] }`, newest first. ' +
          '`actor` is proven by the credential named (its id); `declared` is the CLI’s free-text --actor, not verified. Filters: `action`, `actor` (subject or credential id), `limit` 1–1000 (default 200).',
        tags: ['secretariat'],
        querystring: AuditQuerySchema,
      },
      preValidation: guard((_req, p) => deps.access.requireSecretariat(p, { subtree: 'list the audit trail' })),
    },
    async (request, reply) => {
      const { action, actor, limit } = request.query;
      const query = { ...(action === undefined ? {} : { action }), ...(actor === undefined ? {} : { actor }), ...(limit === undefined ? {} : { limit }) };
      const entries = await deps.cascade.adminAudit(query, deps.access.secretariatScope(principalOf(request)));
      return reply.header('cache-control', 'no-store').send({ entries });
    },
  );
};
