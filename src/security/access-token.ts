/**
 * Bearer tokens of the API and dashboard: who is calling (`sub`), in which role, scoped to which
 * unit, until when. HMAC-SHA256 over a base64url JSON payload, so the server keeps no sessions
 * and a forged or edited token is refused. The key comes from API_TOKEN_SECRET (≥ 32 bytes).
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import { UnitIdSchema } from '../domain/org/org';

/** The kinds of callers a token is issued to. */
export const ACCESS_ROLES = ['secretariat', 'supervisor', 'inspector', 'unit'] as const;
/** A caller's role: secretariat (everything), supervisor (a subtree), inspector (reads a subtree, writes nothing), unit (itself). */
export type AccessRole = (typeof ACCESS_ROLES)[number];

/** Shortest accepted secret: HMAC-SHA256 deserves a key as long as its output. */
export const MIN_ACCESS_SECRET_BYTES = 32;

// Domain separation: a report-link MAC (same key or not) can never pass as an access token.
const MAC_CONTEXT = 'directive-cascade/access-token/v1.';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A token's id (`jti`): the key of its row in the credentials table, by which it is listed and revoked. */
export const TokenIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'a token id is 8–64 characters of letters, digits, "_" and "-"' });

/**
 * What a token says: its id, subject, role, the unit it is scoped to (all but the central secretariat;
 * a secretariat token with a unit is that committee's secretariat),
 * expiry in epoch seconds. The id is optional here only so a token signed before tokens had one
 * still parses and can be refused by name (src/http/auth/revocation-check.ts).
 */
export const AccessClaimsSchema = z
  .object({
    jti: TokenIdSchema.optional(),
    sub: z.string().trim().min(1).max(200),
    role: z.enum(ACCESS_ROLES),
    unitId: UnitIdSchema.optional(),
    exp: z.number().int().positive(),
  })
  .refine((c) => c.role === 'secretariat' || c.unitId !== undefined, {
    error: 'supervisor, inspector and unit tokens must name their unitId',
    path: ['unitId'],
  });

/** Verified claims of a token. */
export type AccessClaims = z.infer<typeof AccessClaimsSchema>;

/** Result of checking a token: its claims, or why it was refused. */
export type AccessTokenCheck = { ok: true; claims: AccessClaims } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

/** Throws, saying how to fix it, when the signing secret is too short to be safe. */
export function assertAccessSecret(secret: string): void {
  const bytes = Buffer.byteLength(secret ?? '', 'utf8');
  if (bytes < MIN_ACCESS_SECRET_BYTES) {
    throw new Error(
      `API_TOKEN_SECRET must be at least ${MIN_ACCESS_SECRET_BYTES} bytes (got ${bytes}); ` +
        'generate one with `openssl rand -base64 48` and set it in the environment as API_TOKEN_SECRET',
    );
  }
}

function mac(payload: string, secret: string): string {
  return crypto.createHmac('sha256', secret).update(MAC_CONTEXT).update(payload).digest('base64url');
}

/**
 * Signs claims into `base64url(JSON).base64url(HMAC)`; `ttlSeconds` from `now` (epoch ms) sets `exp`;
 * the id is `grant.jti`, or a fresh random one.
 */
export function issueAccessToken(
  grant: { sub: string; role: AccessRole; unitId?: string; jti?: string },
  secret: string,
  opts: { ttlSeconds: number; now?: number },
): string {
  assertAccessSecret(secret);
  if (!Number.isFinite(opts.ttlSeconds) || opts.ttlSeconds <= 0) throw new RangeError(`ttlSeconds must be a number of seconds > 0, got ${opts.ttlSeconds}`);
  const exp = Math.floor((opts.now ?? Date.now()) / 1000 + opts.ttlSeconds);
  const claims = AccessClaimsSchema.parse({ ...grant, jti: grant.jti ?? crypto.randomUUID(), exp });
  const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

/** Checks a token's shape, signature (constant time) and expiry at `now` (epoch ms). */
export function verifyAccessToken(token: string, secret: string, now: number = Date.now()): AccessTokenCheck {
  assertAccessSecret(secret);
  const parts = typeof token === 'string' ? token.split('.') : [];
  const [payload, signature] = parts;
  if (parts.length !== 2 || !payload || !signature || !BASE64URL.test(payload) || !BASE64URL.test(signature)) return { ok: false, reason: 'malformed' };
  // Compared as canonical base64url text: decoding would accept other spellings of the same MAC.
  const given = Buffer.from(signature, 'utf8');
  const expected = Buffer.from(mac(payload, secret), 'utf8');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const claims = AccessClaimsSchema.safeParse(decoded);
  if (!claims.success) return { ok: false, reason: 'malformed' };
  if (now >= claims.data.exp * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, claims: claims.data };
}
