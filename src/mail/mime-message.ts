/**
 * Builds an outgoing email as one finished RFC 5322 / MIME message (multipart/alternative: plain
 * text and HTML, both UTF-8 in base64) for smtp-sender.ts to send as it is.
 *
 * Why not let nodemailer compose it: at a national launch the worker sends one notice per unit,
 * and nodemailer's composer streams every message through several Node streams. Measured on this
 * machine, composing cost about 0.75 ms of CPU per notice, as much again as the SMTP exchange
 * itself, on the thread that also runs every activity. Built here in one pass it costs a few
 * hundredths of that, and the sender writes the finished bytes to the socket at once.
 *
 * Header values go through nodemailer's own RFC 2047 encoder; a header can hold no CR or LF of
 * ours, so nothing in a name, subject or id can add a header (mail-header-injection test).
 */
import { encodeWord, encodeWords } from 'nodemailer/lib/mime-funcs';
import { headerSafeName } from './mail-headers';

/** A mailbox: display name (may be empty) and a plain address (headerSafeAddress). */
export interface Mailbox {
  name: string;
  address: string;
}

/** What one message says and where it goes. */
export interface MimeMessageInput {
  from: Mailbox;
  to: Mailbox;
  subject: string;
  text: string;
  html: string;
  /** `<…>`, as messageIdFor makes it. */
  messageId: string;
  date: Date;
  /** Extra headers; names are ours (constants), values may be any text. */
  headers: Readonly<Record<string, string>>;
}

const CRLF = '\r\n';
/** Printable ASCII that can stand in a header as it is. */
const PLAIN_HEADER_TEXT = /^[\x20-\x7e]*$/;
/** A display name that needs no quoting (RFC 5322 atext words separated by single spaces). */
const ATOM_PHRASE = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(?: [A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/;
/** Lines of base64 at most 76 characters (RFC 2045). */
const BASE64_LINE = 76;

/** Most encoded header texts kept by `encodedOnce`. */
const ENCODED_KEPT = 64;
const encoded = new Map<string, string>();

/**
 * An encoding worked out once per text: the emails of a batch share their subject and sender, and
 * nodemailer's encoder cost more than the rest of the message (about 60 µs for a Vietnamese
 * subject). Bounded: emptied when full, so texts that never come back cannot pile up.
 */
function encodedOnce(key: string, encode: () => string): string {
  const known = encoded.get(key);
  if (known !== undefined) return known;
  const value = encode();
  if (encoded.size >= ENCODED_KEPT) encoded.clear();
  encoded.set(key, value);
  return value;
}

/** A header value, control characters made spaces: as it is when short printable ASCII, else RFC 2047 encoded words, folded. */
function headerText(value: string): string {
  const clean = headerSafeName(value);
  if (PLAIN_HEADER_TEXT.test(clean) && clean.length <= 900) return clean;
  // Encoded words of at most 52 characters, joined by spaces; each space between two of them
  // becomes a fold, so no line of the header grows past RFC 5322's 78 characters.
  return encodedOnce(`text\u0000${clean}`, () => folded(encodeWords(clean, 'B', 52)));
}

/** Puts each encoded word after the first on a line of its own (RFC 5322 folding). */
function folded(encodedWords: string): string {
  return encodedWords.replace(/\?= =\?/g, `?=${CRLF} =?`);
}

/** A mailbox header value; `shared` (the sender, the same in every email) keeps its encoded name for the next message. */
function mailbox(box: Mailbox, shared: boolean): string {
  const name = headerSafeName(box.name);
  if (name === '') return `<${box.address}>`;
  if (ATOM_PHRASE.test(name)) return `${name} <${box.address}>`;
  if (PLAIN_HEADER_TEXT.test(name) && !/["\\]/.test(name)) return `"${name}" <${box.address}>`;
  // The whole name in encoded words: a bare atom beside them could not carry its quotes or commas.
  const encode = () => folded(encodeWord(name, 'B', 52));
  return `${shared ? encodedOnce(`name\u0000${name}`, encode) : encode()} <${box.address}>`;
}

function base64Body(content: string): string {
  const encoded = Buffer.from(content, 'utf8').toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += BASE64_LINE) lines.push(encoded.slice(i, i + BASE64_LINE));
  return lines.join(CRLF);
}

/** RFC 5322 date-time in UTC: `Sun, 22 Nov 2026 12:00:00 +0000`. */
function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/**
 * The boundary between the parts: `_` and `.` never occur in base64, so no line of either part
 * can be taken for it.
 */
function boundaryFor(messageId: string): string {
  return `----_dc.alt.${messageId.replace(/[^A-Za-z0-9]/g, '').slice(0, 40)}`;
}

/** The finished message, CRLF line ends throughout. */
export function buildMimeMessage(input: MimeMessageInput): Buffer {
  const boundary = boundaryFor(input.messageId);
  const headers = [
    `From: ${mailbox(input.from, true)}`,
    `To: ${mailbox(input.to, false)}`,
    `Subject: ${headerText(input.subject)}`,
    `Message-ID: ${input.messageId.replace(/[\r\n\s]+/g, '')}`,
    `Date: ${rfc5322Date(input.date)}`,
    'MIME-Version: 1.0',
    ...Object.entries(input.headers).map(([name, value]) => `${name}: ${headerText(value)}`),
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ];
  const part = (type: string, content: string) =>
    [`--${boundary}`, `Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', base64Body(content)].join(CRLF);
  return Buffer.from([...headers, '', part('text/plain', input.text), part('text/html', input.html), `--${boundary}--`, ''].join(CRLF), 'utf8');
}
