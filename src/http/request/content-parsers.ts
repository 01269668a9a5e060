/**
 * How bodies are read: JSON and HTML form posts as strict UTF-8, CSV and YAML as text (organisation
 * files, directive specs). Decoding invalid UTF-8 leniently turns "Bí thư" into "B� th�" and
 * stores it, so a body whose bytes are not UTF-8 is refused with 400 naming the byte offset and,
 * where it can be told, the field — the way organisation files are refused (src/domain/text/text-encoding.ts).
 */
import type { FastifyInstance } from 'fastify';
import { jsonPathAt } from '../../domain/text/json-path-at';
import { decodeUtf8Strict, type EncodingProblem } from '../../domain/text/text-encoding';
import { RequestValidationError } from '../errors/http-errors';

const SEND_UTF8 = 'send the body as UTF-8 (JSON and form posts must be UTF-8)';

function hexAt(bytes: Uint8Array, offset: number): string {
  return Array.from(bytes.subarray(offset, offset + 4), (b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
}

/** What is wrong with the bytes, for a body (not a file: no spreadsheet advice). */
function describeProblem(problem: EncodingProblem, bytes: Uint8Array, of = 'the body'): string {
  switch (problem.kind) {
    case 'utf16':
    case 'utf32':
      return `the body is ${problem.kind.toUpperCase()} (it starts with a byte-order mark), not UTF-8; ${SEND_UTF8}`;
    case 'nul':
      return `the byte at offset ${problem.offset} of ${of} is a NUL (0x00), which text cannot hold; ${SEND_UTF8}`;
    case 'invalid-utf8':
      return `the bytes at offset ${problem.offset} of ${of} (${hexAt(bytes, problem.offset)}) are not UTF-8; ${SEND_UTF8}`;
  }
}

/** The refusal of a body whose bytes are not UTF-8; `field` is the field they fall in ('' when none can be told). */
function encodingError(field: string, message: string): RequestValidationError {
  // RequestValidationError's message puts the field before the issue's own.
  return new RequestValidationError([{ path: field, rule: 'encoding', message }]);
}

/** A JSON body's text, or the refusal naming the field the first bad byte falls in. */
export function decodeJsonBody(bytes: Uint8Array): string {
  const decoded = decodeUtf8Strict(bytes);
  if (decoded.ok) return decoded.text;
  const { problem } = decoded;
  // The bytes before the bad one are valid UTF-8, so the JSON written up to there can be read for its path.
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, problem.offset));
  throw encodingError(jsonPathAt(before), describeProblem(problem, bytes));
}

/** A text body (YAML, CSV, a form post's raw bytes): strict UTF-8, a BOM dropped; no field can be told before parsing. */
export function decodeTextBody(bytes: Uint8Array): string {
  const decoded = decodeUtf8Strict(bytes);
  if (decoded.ok) return decoded.text;
  throw encodingError('', describeProblem(decoded.problem, bytes));
}

/**
 * A form body's fields. Each name and value is percent-decoded to bytes and then decoded as strict
 * UTF-8 (URLSearchParams would turn `%E0` into U+FFFD); the offset counts bytes of the field's
 * decoded value.
 */
export function decodeFormBody(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const [rawName, rawValue] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const name = strictFormText(rawName, '');
    out[name] = strictFormText(rawValue, name);
  }
  return out;
}

function strictFormText(raw: string, field: string): string {
  const bytes = percentDecode(raw.replace(/\+/g, ' '));
  const decoded = decodeUtf8Strict(bytes);
  if (decoded.ok) return decoded.text;
  throw encodingError(field, describeProblem(decoded.problem, bytes, field ? 'its value' : 'a field name'));
}

/** `%XX` escapes to bytes; anything that is not a valid escape stays as its own UTF-8 bytes, as URLSearchParams does. */
function percentDecode(text: string): Uint8Array {
  const parts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      parts.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const code = text.codePointAt(i) as number;
      if (code > 0xffff) i++;
      parts.push(...Buffer.from(String.fromCodePoint(code), 'utf8'));
    }
  }
  return Uint8Array.from(parts);
}

/** Registers the JSON, form and text parsers on the app. */
export function registerContentParsers(app: FastifyInstance): void {
  // Fastify's own JSON parser (empty bodies, __proto__ and constructor poisoning refused), fed strictly decoded text.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = decodeJsonBody(body as Buffer);
    } catch (err) {
      done(err as Error, undefined);
      return;
    }
    parseJson(request, text, done);
  });
  app.addContentTypeParser(['text/csv', 'text/plain', 'text/yaml', 'application/yaml', 'application/x-yaml'], { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, decodeTextBody(body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  // Form posts are ASCII with %-escapes; raw bytes are checked first, then each decoded field.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, decodeFormBody(decodeTextBody(body as Buffer)));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
