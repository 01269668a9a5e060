/**
 * The id a secret directive runs under: `m-` and 20 hex digits of an HMAC of its code and issue
 * date, keyed by PAYLOAD_ENCRYPTION_KEY (which a secret launch needs anyway). Deterministic, so a
 * relaunch finds the same directive; opaque, so Temporal's workflow ids, search attributes and
 * every tool that lists them show neither the code nor anything read from it. A code's slug always
 * ends in its year (`-2026`), so it never takes this form.
 */
import crypto from 'node:crypto';

/** The opaque id of the secret directive `code` issued on `issuedOn` (ISO date), under `keyBase64`. */
export function secretDirectiveId(code: string, issuedOn: string, keyBase64: string): string {
  const mac = crypto.createHmac('sha256', Buffer.from(keyBase64, 'base64'));
  // A label, so this MAC is never the same as any other use of the key; NUL cannot occur in either field.
  mac.update(`directive-cascade secret directive id\u0000${code.normalize('NFC').trim()}\u0000${issuedOn}`);
  return `m-${mac.digest('hex').slice(0, 20)}`;
}
