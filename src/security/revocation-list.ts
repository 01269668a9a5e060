/**
 * What every request is checked against: the access tokens and link families the secretariat
 * revoked. Pure, so the matching rules are tested without a database; the app keeps one list in
 * memory for a few seconds (src/app/credentials.ts) instead of a query per request.
 */
import { z } from 'zod';
import { singleLineText } from '../domain/text/fields';

/** The kinds of emailed links, each revoked as a family. */
export const LINK_KINDS = ['report', 'inbox'] as const;
/** A kind of emailed link. */
export type LinkKind = (typeof LINK_KINDS)[number];

/** Why a credential is revoked: one line the secretariat writes, stored with the revocation. */
export const RevocationReasonSchema = singleLineText('reason', 500);

/** One revoked credential as the store holds it: a token's id, or a link family's key, and when. */
export interface RevokedCredential {
  id: string;
  revokedAt: string;
}

/**
 * The key of a link family: every report link of a unit in one directive (or, with no directive,
 * in all of them), or every inbox link of a unit. Unit ids never hold ":" (src/domain/org/unit-id.ts).
 */
export function linkFamilyId(kind: LinkKind, unitId: string, directiveId?: string): string {
  return kind === 'report' ? `report-links:${unitId}:${directiveId ?? '*'}` : `inbox-links:${unitId}`;
}

/** The revocations in force at one moment. */
export class RevocationList {
  private readonly revokedAt: ReadonlyMap<string, number>;

  constructor(revoked: readonly RevokedCredential[]) {
    this.revokedAt = new Map(revoked.map((r) => [r.id, Date.parse(r.revokedAt)]));
  }

  /** When the token was revoked (ISO), or null while it stands. */
  token(tokenId: string): string | null {
    const at = this.revokedAt.get(tokenId);
    return at === undefined ? null : new Date(at).toISOString();
  }

  /**
   * When the link's family was revoked (ISO), or null while the link stands: a link minted after
   * the revocation works (the family is cut off at an instant, not for ever); a link that carries
   * no minting instant predates every revocation. A report link answers to its directive's family
   * and to the unit's all-directives family, whichever cut off later.
   */
  link(kind: LinkKind, unitId: string, directiveId: string | undefined, issuedAt: string | undefined): string | null {
    const families = kind === 'report' ? [linkFamilyId('report', unitId, directiveId), linkFamilyId('report', unitId)] : [linkFamilyId('inbox', unitId)];
    const cutOff = Math.max(...families.map((f) => this.revokedAt.get(f) ?? -Infinity));
    if (cutOff === -Infinity) return null;
    const minted = issuedAt === undefined ? -Infinity : Date.parse(issuedAt);
    return minted <= cutOff ? new Date(cutOff).toISOString() : null;
  }
}

/** The body of a link family's revocation, as the API and the CLI take it. */
export const LinkRevocationSchema = z
  .strictObject({
    kind: z.enum(LINK_KINDS, { error: 'kind must be "report" or "inbox"' }),
    directiveId: z
      .string()
      .trim()
      .min(1, { error: 'directiveId must not be empty' })
      .max(200, { error: 'directiveId is longer than 200 characters' })
      .optional(),
    reason: RevocationReasonSchema,
  })
  .refine((b) => b.kind === 'report' || b.directiveId === undefined, {
    error: 'directiveId names the directive of report links; inbox links are revoked for the whole unit',
    path: ['directiveId'],
  });

/** A validated link family revocation. */
export type LinkRevocation = z.infer<typeof LinkRevocationSchema>;
