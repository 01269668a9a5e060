/**
 * The envelope of the signed links in emails: base64url(JSON payload) + "." + base64url(HMAC-SHA256
 * over a context and the payload). Each kind of link passes its own context (domain separation), so
 * a MAC made for one kind never verifies as another, even under the same key.
 */
import crypto from 'node:crypto';

/** An opened envelope: the payload (its shape still to be checked by the caller), or why it was refused. */
export type OpenedPayload = { ok: true; value: unknown } | { ok: false; reason: 'malformed' | 'bad-signature' };

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function mac(context: string, payload: string, secret: string): string {
  return crypto.createHmac('sha256', secret).update(context).update(payload).digest('base64url');
}

/** Signs `value` (JSON) under `context` into a compact, URL-safe token. */
export function sealPayload(context: string, value: unknown, secret: string): string {
  const payload = Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  return `${payload}.${mac(context, payload, secret)}`;
}

/** Checks a token's shape and its signature under `context` (in constant time), and decodes its JSON payload. */
export function openPayload(context: string, token: string, secret: string): OpenedPayload {
  const parts = typeof token === 'string' ? token.split('.') : [];
  const [payload, signature] = parts;
  if (parts.length !== 2 || !payload || !signature || !BASE64URL.test(payload) || !BASE64URL.test(signature)) {
    return { ok: false, reason: 'malformed' };
  }
  // Compared as canonical base64url text, not decoded bytes: decoding ignores the spare bits of the last
  // character, so another spelling of the same MAC would otherwise pass. timingSafeEqual needs equal lengths.
  const given = Buffer.from(signature, 'utf8');
  const expected = Buffer.from(mac(context, payload, secret), 'utf8');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  try {
    return { ok: true, value: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}

/** A checked grant of a signed link: what it grants, or why it was refused. */
export type GrantCheck<G> = ({ ok: true } & G) | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

/**
 * Opens a link's token under `context`, reads its payload with `read` (null: not a grant of this
 * kind) and checks its expiry at `now` (epoch ms).
 */
export function openGrant<G extends { expiresAt: string }>(
  context: string,
  token: string,
  secret: string,
  now: number,
  read: (value: unknown) => G | null,
): GrantCheck<G> {
  const opened = openPayload(context, token, secret);
  if (!opened.ok) return opened;
  const grant = read(opened.value);
  if (!grant) return { ok: false, reason: 'malformed' };
  if (now > Date.parse(grant.expiresAt)) return { ok: false, reason: 'expired' };
  return { ok: true, ...grant };
}
