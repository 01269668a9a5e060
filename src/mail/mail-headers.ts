/** Header hygiene and SMTP error classification for outgoing mail. */
import type { EmailRequest } from '../domain/cascade/records';

/** Header-safe display name: control characters (CR, LF, tabs…) become spaces, so nothing can inject a header. */
export function headerSafeName(name: string): string {
  return name
    .normalize('NFC')
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

// Deliberately strict: no whitespace, control characters, quotes, brackets or separators, so an
// address can neither break the header nor smuggle a second recipient in.
const PLAIN_ADDRESS = /^[^\s\p{Cc}@<>()[\]\\,;:"]+@[^\s\p{Cc}@<>()[\]\\,;:"]+$/u;

/** The address trimmed, or null when it is not a single plain address. */
export function headerSafeAddress(address: string): string | null {
  const trimmed = address.trim();
  return PLAIN_ADDRESS.test(trimmed) ? trimmed : null;
}

/**
 * A sender such as MAIL_FROM (`Văn phòng Trung ương <no-reply@example.org>` or a bare address) as
 * the name and address nodemailer should write, or null when it is not exactly one mailbox on one
 * line: a CR/LF there would otherwise turn into a broken From or a header of its own.
 */
export function headerSafeMailbox(text: string): { name: string; address: string } | null {
  if (/\p{Cc}/u.test(text)) return null;
  const match = /^\s*(?:([^<>]*?)\s*<([^<>]+)>|([^<>\s]+))\s*$/u.exec(text);
  if (!match) return null;
  const address = headerSafeAddress(match[2] ?? match[3] ?? '');
  if (address === null) return null;
  return { name: headerSafeName((match[1] ?? '').replace(/^"(.*)"$/u, '$1')), address };
}

/**
 * Deterministic Message-ID of an email: the same ledger key always yields the same id, so a
 * receiver can drop the duplicate that a crash between sending and writing the ledger may cause.
 */
export function messageIdFor(directiveId: string, email: Pick<EmailRequest, 'unitId' | 'kind' | 'step'>): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  return `<${safe(directiveId)}.${safe(email.unitId)}.${email.kind}.${email.step}@directive-cascade>`;
}

/** What nodemailer puts on SMTP errors. */
interface SmtpErrorFields {
  code?: unknown;
  responseCode?: unknown;
  command?: unknown;
}

/**
 * True when the server refused this one email for good: a 5xx reply to RCPT TO (recipient
 * rejected) or to the message itself. Everything else (connection refused, timeouts, 4xx, and 5xx
 * to MAIL FROM or AUTH, which would fail every email alike and need an operator) is worth retrying.
 */
export function isPermanentRejection(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, responseCode, command } = error as SmtpErrorFields;
  if (code === 'EENVELOPE' && command === 'API') return true; // nodemailer refused the address itself
  if (typeof responseCode !== 'number' || responseCode < 500 || responseCode > 599) return false;
  return command === 'RCPT TO' || (code === 'EMESSAGE' && command === 'DATA');
}
