/**
 * Signed report links: a unit reports through a link that names the directive and the unit and
 * expires, so no account is needed, and a forged or edited link is refused. HMAC-SHA256 over the payload.
 */
import crypto from 'node:crypto';

/** What a report link grants: reporting for one unit in one directive, until `expiresAt` (ISO). */
export interface ReportGrant {
  directiveId: string;
  unitId: string;
  expiresAt: string;
}

/** Result of checking a token: the grant, or why it was refused. */
export type ReportTokenCheck = ({ ok: true } & ReportGrant) | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

/** Shortest accepted secret: HMAC-SHA256 deserves a key as long as its output. */
export const MIN_SECRET_BYTES = 32;

const DAY_MS = 86_400_000;
// Domain separation: a MAC made here can never be replayed as some other signed thing of ours.
const MAC_CONTEXT = 'directive-cascade/report-link/v1.';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

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

function mac(payload: string, secret: string): Buffer {
  return crypto.createHmac('sha256', secret).update(MAC_CONTEXT).update(payload).digest();
}

/** Signs a grant into a compact, URL-safe token: base64url(JSON payload) + "." + base64url(HMAC-SHA256). */
export function signReportToken(grant: ReportGrant, secret: string): string {
  assertLinkSecret(secret);
  const expiresMs = Date.parse(grant.expiresAt);
  if (!Number.isFinite(expiresMs)) throw new RangeError(`expiresAt "${grant.expiresAt}" is not an ISO instant`);
  const payload = Buffer.from(JSON.stringify({ d: grant.directiveId, u: grant.unitId, e: expiresMs }), 'utf8').toString('base64url');
  return `${payload}.${mac(payload, secret).toString('base64url')}`;
}

function readPayload(payload: string): ReportGrant | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return null;
    const { d, u, e } = value as Record<string, unknown>;
    if (typeof d !== 'string' || typeof u !== 'string' || typeof e !== 'number' || !Number.isFinite(e)) return null;
    return { directiveId: d, unitId: u, expiresAt: new Date(e).toISOString() };
  } catch {
    return null;
  }
}

/** Checks a token's shape, signature (in constant time) and expiry at `now` (epoch ms). */
export function verifyReportToken(token: string, secret: string, now: number = Date.now()): ReportTokenCheck {
  assertLinkSecret(secret);
  const parts = typeof token === 'string' ? token.split('.') : [];
  const [payload, signature] = parts;
  if (parts.length !== 2 || !payload || !signature || !BASE64URL.test(payload) || !BASE64URL.test(signature)) {
    return { ok: false, reason: 'malformed' };
  }
  // Compared as canonical base64url text, not decoded bytes: decoding ignores the spare bits of the last
  // character, so another spelling of the same MAC would otherwise pass. timingSafeEqual needs equal lengths.
  const given = Buffer.from(signature, 'utf8');
  const expected = Buffer.from(mac(payload, secret).toString('base64url'), 'utf8');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  const grant = readPayload(payload);
  if (!grant) return { ok: false, reason: 'malformed' };
  if (now > Date.parse(grant.expiresAt)) return { ok: false, reason: 'expired' };
  return { ok: true, ...grant };
}

/** The link a unit reports through: `${baseUrl}/report/${token}`, valid until `ttlDays` days after its deadline. */
export function reportLinkFor(baseUrl: string, directiveId: string, unitId: string, deadline: string, secret: string, ttlDays: number): string {
  const deadlineMs = Date.parse(deadline);
  if (!Number.isFinite(deadlineMs)) throw new RangeError(`deadline "${deadline}" is not an ISO instant`);
  if (!Number.isFinite(ttlDays) || ttlDays < 0) throw new RangeError(`ttlDays must be a number of days ≥ 0, got ${ttlDays}`);
  const expiresAt = new Date(deadlineMs + ttlDays * DAY_MS).toISOString();
  return `${baseUrl.replace(/\/+$/, '')}/report/${signReportToken({ directiveId, unitId, expiresAt }, secret)}`;
}
