/** The secretariat lists the credentials issued and revokes them: one access token, or a unit's family of emailed links. */
import { z } from 'zod';
import { TokenIdSchema } from '../../security/access-token';
import { RevocationReasonSchema } from '../../security/revocation-list';
import { actorOf } from '../auth/actor';
import { OrgUnitParamsSchema } from '../request/schemas';
import { guard, principalOf, rawParam, type RoutePlugin } from './route-kit';
import { secretariatListFilter } from './subtree-lists';

const CredentialParamsSchema = z.object({ id: TokenIdSchema });
// The reason's rules are the client's (src/security/revocation-list.ts), so the CLI and the API refuse the same reasons.
const RevokeBodySchema = z.strictObject({ reason: RevocationReasonSchema });

/** Registers GET /credentials, POST /credentials/:id/revoke and POST /units/:id/links/revoke. */
export const credentialRoutes: RoutePlugin = async (app, deps) => {
  const { access, cascade } = deps;
  const secretariat = (what: string) => guard((_req, p) => access.requireSecretariat(p, { subtree: what }));

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
      preValidation: secretariat('list the credentials'),
    },
    async (request, reply) => {
      const listing = await cascade.credentials();
      const inScope = await secretariatListFilter(deps, principalOf(request));
      return reply.header('cache-control', 'no-store').send({ ...listing, tokens: inScope(listing.tokens), linkFamilies: inScope(listing.linkFamilies) });
    },
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
      preValidation: secretariat('revoke tokens'),
    },
    async (request) => {
      const p = principalOf(request);
      // Checked against the token's record: a committee's secretariat revokes tokens of its subtree only, never a central one.
      const authorise = async (token: { unitId: string | null }) =>
        access.requireSecretariat(p, token.unitId === null ? { central: 'revoke a central secretariat token' } : { unit: token.unitId, what: 'revoke tokens' });
      return cascade.revokeAccessToken(request.params.id, request.body.reason, actorOf(p), authorise);
    },
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
      preValidation: guard((req, p) => access.requireSecretariat(p, { unit: rawParam(req, 'id'), what: 'revoke the links of' })),
    },
    async (request) => cascade.revokeLinks(request.params.id, request.body, actorOf(principalOf(request))),
  );
};
