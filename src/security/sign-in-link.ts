/**
 * The sign-in links emailed to people: the id of a `sign_in_links` row and its expiry, signed with
 * the access tokens' key under a context of its own. The signature lets a forged link be refused
 * before any query; the row makes the link single-use (src/store/sessions.ts consumes it once).
 */
import { openGrant, sealPayload, type GrantCheck } from './signed-payload';
import { TokenIdSchema } from './access-token';

const SIGN_IN_CONTEXT = 'directive-cascade/sign-in-link/v1.';

/** Default life of a sign-in link: long enough to open the email, short enough that a forwarded one is stale. */
export const DEFAULT_SIGN_IN_LINK_TTL_MINUTES = 15;

/** What a sign-in link grants: consuming the row `id` once, until `expiresAt` (ISO). */
export interface SignInGrant {
  id: string;
  expiresAt: string;
}

/** Signs a sign-in link's token. */
export function sealSignInToken(grant: SignInGrant, secret: string): string {
  return sealPayload(SIGN_IN_CONTEXT, { id: grant.id, expiresAt: grant.expiresAt }, secret);
}

function readGrant(value: unknown): SignInGrant | null {
  const v = value as Partial<SignInGrant> | null;
  if (typeof v !== 'object' || v === null || typeof v.expiresAt !== 'string' || Number.isNaN(Date.parse(v.expiresAt))) return null;
  const id = TokenIdSchema.safeParse(v.id);
  return id.success ? { id: id.data, expiresAt: v.expiresAt } : null;
}

/** Checks a sign-in link's token: signature, shape and expiry at `now` (epoch ms). Single use is the store's to check. */
export function verifySignInToken(token: string, secret: string, now: number = Date.now()): GrantCheck<SignInGrant> {
  return openGrant(SIGN_IN_CONTEXT, token, secret, now, readGrant);
}
