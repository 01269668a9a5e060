/**
 * The browser session's cookie value: the session's id and who it is for (person, role, unit), until
 * when, signed with the access tokens' key under a context of its own, so neither an access token
 * nor a link can pass for a session. The row of the session (src/store/sessions.ts) is what is
 * listed and revoked; the signature and `exp` let every request check a session without a query,
 * the revocation list (read once per 5 s) does the rest.
 */
import { z } from 'zod';
import { UnitIdSchema } from '../domain/org/org';
import { PERSON_ROLES } from '../domain/people/person';
import { TokenIdSchema } from './access-token';
import { openPayload, sealPayload } from './signed-payload';

const SESSION_CONTEXT = 'directive-cascade/session/v1.';

/** Default life of a session from sign-in: a working day and its evening (docs/decisions.md, 2026-12-03 fifth session). */
export const DEFAULT_SESSION_TTL_HOURS = 12;

/** What a session cookie says: its id, the person, role and unit, and its end in epoch seconds. */
export const SessionClaimsSchema = z.strictObject({
  sid: TokenIdSchema,
  personId: z.string().min(1).max(64),
  sub: z.string().min(1).max(254),
  name: z.string().min(1).max(200),
  role: z.enum(PERSON_ROLES),
  unitId: UnitIdSchema.optional(),
  exp: z.number().int().positive(),
});

/** Verified claims of a session cookie. */
export type SessionClaims = z.infer<typeof SessionClaimsSchema>;

/** A checked session cookie: its claims, or why it was refused. */
export type SessionTokenCheck = { ok: true; claims: SessionClaims } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

/** Signs a session's claims into the cookie's value. */
export function sealSessionToken(claims: SessionClaims, secret: string): string {
  return sealPayload(SESSION_CONTEXT, SessionClaimsSchema.parse(claims), secret);
}

/** Checks a cookie value's signature, shape and expiry at `now` (epoch ms). */
export function verifySessionToken(token: string, secret: string, now: number = Date.now()): SessionTokenCheck {
  const opened = openPayload(SESSION_CONTEXT, token, secret);
  if (!opened.ok) return opened;
  const claims = SessionClaimsSchema.safeParse(opened.value);
  if (!claims.success) return { ok: false, reason: 'malformed' };
  if (now >= claims.data.exp * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, claims: claims.data };
}
