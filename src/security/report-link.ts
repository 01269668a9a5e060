/**
 * Signed report links: a unit reports through a link that names the directive and the unit and
 * expires, so no account is needed, and a forged or edited link is refused. HMAC-SHA256 over the payload.
 */
import { openGrant, sealPayload, type GrantCheck } from './signed-payload';

/**
 * What a report link grants: reporting for one unit in one directive, until `expiresAt` (ISO).
 * `issuedAt` (ISO) is when it was minted, which a revocation of its family is compared with;
 * links minted before links carried it have none, and any revocation of their family refuses them.
 */
export interface ReportGrant {
  directiveId: string;
  unitId: string;
  expiresAt: string;
  issuedAt?: string;
}

/** Result of checking a token: the grant, or why it was refused. */
export type ReportTokenCheck = GrantCheck<ReportGrant>;

/** Shortest accepted secret: HMAC-SHA256 deserves a key as long as its output. */
export const MIN_SECRET_BYTES = 32;

/** How long a report link stays valid after the unit's deadline, in days, unless the worker is told otherwise: late reports are still wanted. */
export const REPORT_LINK_TTL_DAYS = 30;

const DAY_MS = 86_400_000;
// Domain separation: a MAC made here can never be replayed as some other signed thing of ours.
const MAC_CONTEXT = 'directive-cascade/report-link/v1.';

/** Throws, saying how to fix it, when the signing secret is too short to be safe. */
export function assertLinkSecret(secret: string): void {
  const bytes = Buffer.byteLength(secret ?? '', 'utf8');
  if (bytes < MIN_SECRET_BYTES) {
    throw new Error(
      `LINK_SIGNING_SECRET must be at least ${MIN_SECRET_BYTES} bytes (got ${bytes}); ` +
        'generate one with `openssl rand -base64 48` and set it in the environment as LINK_SIGNING_SECRET',
    );
  }
}

/** Signs a grant into a compact, URL-safe token: base64url(JSON payload) + "." + base64url(HMAC-SHA256). */
export function signReportToken(grant: ReportGrant, secret: string): string {
  assertLinkSecret(secret);
  const expiresMs = Date.parse(grant.expiresAt);
  if (!Number.isFinite(expiresMs)) throw new RangeError(`expiresAt "${grant.expiresAt}" is not an ISO instant`);
  const issuedMs = grant.issuedAt === undefined ? undefined : Date.parse(grant.issuedAt);
  if (issuedMs !== undefined && !Number.isFinite(issuedMs)) throw new RangeError(`issuedAt "${grant.issuedAt}" is not an ISO instant`);
  return sealPayload(MAC_CONTEXT, { d: grant.directiveId, u: grant.unitId, e: expiresMs, ...(issuedMs === undefined ? {} : { i: issuedMs }) }, secret);
}

function readPayload(value: unknown): ReportGrant | null {
  if (typeof value !== 'object' || value === null) return null;
  const { d, u, e, i } = value as Record<string, unknown>;
  if (typeof d !== 'string' || typeof u !== 'string' || typeof e !== 'number' || !Number.isFinite(e)) return null;
  if (i !== undefined && (typeof i !== 'number' || !Number.isFinite(i))) return null;
  return { directiveId: d, unitId: u, expiresAt: new Date(e).toISOString(), ...(i === undefined ? {} : { issuedAt: new Date(i).toISOString() }) };
}

/** Checks a token's shape, signature (in constant time) and expiry at `now` (epoch ms). */
export function verifyReportToken(token: string, secret: string, now: number = Date.now()): ReportTokenCheck {
  assertLinkSecret(secret);
  return openGrant(MAC_CONTEXT, token, secret, now, readPayload);
}

/** The link a unit reports through: `${baseUrl}/report/${token}`, valid until `ttlDays` days after its deadline, minted at `issuedAt` (ISO, default now). */
export function reportLinkFor(
  baseUrl: string,
  directiveId: string,
  unitId: string,
  deadline: string,
  secret: string,
  ttlDays: number,
  issuedAt: string = new Date().toISOString(),
): string {
  const deadlineMs = Date.parse(deadline);
  if (!Number.isFinite(deadlineMs)) throw new RangeError(`deadline "${deadline}" is not an ISO instant`);
  if (!Number.isFinite(ttlDays) || ttlDays < 0) throw new RangeError(`ttlDays must be a number of days ≥ 0, got ${ttlDays}`);
  const expiresAt = new Date(deadlineMs + ttlDays * DAY_MS).toISOString();
  return `${baseUrl.replace(/\/+$/, '')}/report/${signReportToken({ directiveId, unitId, expiresAt, issuedAt }, secret)}`;
}
