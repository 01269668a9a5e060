/**
 * Signed inbox links: every email carries one, so its reader (a unit, or the committee an overdue
 * unit is escalated to) opens the list of everything its unit owes without an account. The link
 * grants reading ONE unit's inbox until it expires, nothing else; the report form stays behind its
 * own report links. Signed with the report links' key under a context of its own, so neither kind
 * of link can be replayed as the other.
 */
import { assertLinkSecret } from './report-link';
import { openGrant, sealPayload, type GrantCheck } from './signed-payload';

/** What an inbox link grants: reading the inbox of one unit, until `expiresAt` (ISO); `issuedAt` as in ReportGrant. */
export interface InboxGrant {
  unitId: string;
  expiresAt: string;
  issuedAt?: string;
}

/** Result of checking a token: the grant, or why it was refused. */
export type InboxTokenCheck = GrantCheck<InboxGrant>;

/** Default of INBOX_LINK_TTL_DAYS: how long an emailed inbox link stays valid after the email is sent. */
export const DEFAULT_INBOX_LINK_TTL_DAYS = 60;

const DAY_MS = 86_400_000;
// Domain separation from the report links (directive-cascade/report-link/v1.), which share the key.
const MAC_CONTEXT = 'directive-cascade/inbox-link/v1.';

/** Signs a grant into a compact, URL-safe token: base64url(JSON payload) + "." + base64url(HMAC-SHA256). */
export function signInboxToken(grant: InboxGrant, secret: string): string {
  assertLinkSecret(secret);
  const expiresMs = Date.parse(grant.expiresAt);
  if (!Number.isFinite(expiresMs)) throw new RangeError(`expiresAt "${grant.expiresAt}" is not an ISO instant`);
  const issuedMs = grant.issuedAt === undefined ? undefined : Date.parse(grant.issuedAt);
  if (issuedMs !== undefined && !Number.isFinite(issuedMs)) throw new RangeError(`issuedAt "${grant.issuedAt}" is not an ISO instant`);
  return sealPayload(MAC_CONTEXT, { u: grant.unitId, e: expiresMs, ...(issuedMs === undefined ? {} : { i: issuedMs }) }, secret);
}

function readPayload(value: unknown): InboxGrant | null {
  if (typeof value !== 'object' || value === null) return null;
  const { u, e, i } = value as Record<string, unknown>;
  if (typeof u !== 'string' || u === '' || typeof e !== 'number' || !Number.isFinite(e)) return null;
  if (i !== undefined && (typeof i !== 'number' || !Number.isFinite(i))) return null;
  return { unitId: u, expiresAt: new Date(e).toISOString(), ...(i === undefined ? {} : { issuedAt: new Date(i).toISOString() }) };
}

/** Checks a token's shape, signature (in constant time) and expiry at `now` (epoch ms). */
export function verifyInboxToken(token: string, secret: string, now: number = Date.now()): InboxTokenCheck {
  assertLinkSecret(secret);
  return openGrant(MAC_CONTEXT, token, secret, now, readPayload);
}

/** The inbox link of a unit: `${baseUrl}/inbox/${token}`, valid until `ttlDays` days after `issuedAt` (ISO; the email's sending). */
export function inboxLinkFor(baseUrl: string, unitId: string, issuedAt: string, secret: string, ttlDays: number): string {
  const issuedMs = Date.parse(issuedAt);
  if (!Number.isFinite(issuedMs)) throw new RangeError(`issuedAt "${issuedAt}" is not an ISO instant`);
  if (!Number.isFinite(ttlDays) || ttlDays <= 0) throw new RangeError(`ttlDays must be a number of days > 0, got ${ttlDays}`);
  const expiresAt = new Date(issuedMs + ttlDays * DAY_MS).toISOString();
  return `${baseUrl.replace(/\/+$/, '')}/inbox/${signInboxToken({ unitId, expiresAt, issuedAt }, secret)}`;
}
