/** The secretariat lists the credentials issued and revokes them: one access token, or a unit's family of emailed links. */
import { z } from 'zod';
import { TokenIdSchema } from '../../security/access-token';
import { RevocationReasonSchema } from '../../security/revocation-list';
import { actorOf } from '../auth/actor';
import { OrgUnitParamsSchema } from '../request/schemas';
import { guard, principalOf, type RoutePlugin } from './route-kit';

const CredentialParamsSchema = z.object({ id: TokenIdSchema });
// The reason's rules are the client's (src/security/revocation-list.ts), so the CLI and the API refuse the same reasons.
const RevokeBodySchema = z.strictObject({ reason: RevocationReasonSchema });

/** Registers GET /credentials, POST /credentials/:id/revoke and POST /units/:id/links/revoke. */
export const credentialRoutes: RoutePlugin = async (app, deps) => {
  const { access, cascade } = deps;
  const secretariat = guard((_req, p) => access.requireSecretariat(p));

  /** Secretariat: every access token issued (newest first, with its status) and every link family revoked. */
  app.get(
    '/credentials',
    {
      schema: {
        summary: 'Access tokens issued and link families revoked',
        description:
          'Answers `{ tokens: [{ id, subject, role, unitId, issuedAt, issuedBy, expiresAt, status, revokedAt, revokedBy, reason }], linkFamilies: [{ id, kind, unitId, directiveId, revokedAt, revokedBy, reason }] }`.',
        tags: ['secretariat'],
      },
      preValidation: secretariat,
    },
    async (_request, reply) => reply.header('cache-control', 'no-store').send(await cascade.credentials()),
  );

  /** Secretariat: revokes one access token with a reason; it fails on every route and page within the revocation cache's bound (5 s). */
  app.post(
    '/credentials/:id/revoke',
    {
      schema: {
        summary: 'Revoke an access token',
        description: 'Body `{ reason }`. Answers the token record; 404 for an unknown id, 409 when it was revoked already (saying when and by whom).',
        tags: ['secretariat'],
        params: CredentialParamsSchema,
        body: RevokeBodySchema,
      },
      preValidation: secretariat,
    },
    async (request) => cascade.revokeAccessToken(request.params.id, request.body.reason, actorOf(principalOf(request))),
  );

  /**
   * Secretariat: revokes a unit's report links (of one directive, or of all without `directiveId`)
   * or its inbox links, every one minted until now; the next email or the inbox page brings fresh ones.
   */
  app.post(
    '/units/:id/links/revoke',
    {
      schema: {
        summary: "Revoke a unit's emailed links",
        description:
          'Body `{ kind: "report" | "inbox", directiveId?, reason }`. Answers the family record. Revoking a family again moves its cut-off to now (links minted since are refused too).',
        tags: ['secretariat'],
        params: OrgUnitParamsSchema,
        body: z.record(z.string(), z.unknown(), { error: 'send a JSON object { kind, directiveId?, reason }' }),
      },
      preValidation: secretariat,
    },
    async (request) => cascade.revokeLinks(request.params.id, request.body, actorOf(principalOf(request))),
  );
};
