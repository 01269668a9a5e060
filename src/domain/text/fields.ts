/** Reusable zod field builders, so every schema words its errors the same way and names the field. */
import { z } from 'zod';
import { formatEnNumber } from './numbers';

/** Unicode control characters (C0, DEL, C1), which include CR and LF. */
const CONTROL_CHAR = /\p{Cc}/u;

/**
 * The largest count a field may hold: PostgreSQL `integer` (int4), the type of every count column
 * (org_units, directive_units, unit_projection). A larger count would pass into workflow state and
 * then fail every journal write of its committee (22003), so it is refused where it enters.
 */
export const MAX_WHOLE_NUMBER = 2_147_483_647;

/**
 * Characters text and jsonb columns cannot hold: NUL (22P05 / "unsupported Unicode escape sequence")
 * and lone UTF-16 surrogates, which the pg driver silently writes as U+FFFD. With the `u` flag a
 * surrogate pair is one code point, so `\p{Cs}` matches only the lone halves.
 */
const UNSTORABLE_CHAR = /[\u0000\p{Cs}]/u;

/** Where and what the first character PostgreSQL cannot store is, or null when the text is storable. */
export function unstorableCharacter(text: string): { index: number; what: string } | null {
  const match = UNSTORABLE_CHAR.exec(text);
  if (!match) return null;
  const code = match[0].charCodeAt(0);
  const what = code === 0 ? 'a NUL character (U+0000)' : `a lone UTF-16 surrogate (U+${code.toString(16).toUpperCase()})`;
  return { index: match.index, what };
}

/** The message for text holding a character that cannot be stored; names the field and the position. */
export function unstorableMessage(field: string, text: string): string | null {
  const found = unstorableCharacter(text);
  return found ? `${field} contains ${found.what} at character ${found.index + 1}, which cannot be stored; remove it (or re-type the text)` : null;
}

/**
 * Options of a `.refine` refusing NUL and lone surrogates, naming the field; it aborts, so later
 * checks (control characters, length) do not report the same text again.
 */
export function storable(field: string) {
  return [
    (text: string) => unstorableCharacter(text) === null,
    {
      error: (iss: { input?: unknown }) => unstorableMessage(field, String(iss.input)) ?? `${field} cannot be stored`,
      abort: true,
      params: { rule: 'unstorable-character' },
    },
  ] as const;
}

function describe(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (typeof input === 'string') return `"${input.length > 40 ? `${input.slice(0, 40)}…` : input}"`;
  if (typeof input === 'number' || typeof input === 'boolean') return String(input);
  return Array.isArray(input) ? 'a list' : typeof input;
}

/** Text on a single line: NFC-normalised (Vietnamese often arrives decomposed), trimmed, 1..max characters. */
export function singleLineText(field: string, max: number) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? `${field} is required` : `${field} must be text, got ${describe(iss.input)}`) })
    .refine(...storable(field))
    .normalize('NFC')
    .trim()
    .min(1, { error: `${field} must not be empty` })
    .max(max, { error: (iss) => `${field} is longer than ${max} characters (${String(iss.input).length}); shorten it` })
    .refine((s) => !CONTROL_CHAR.test(s), { error: `${field} must be a single line without control characters (no CR, LF or tabs)` });
}

/** Free text that may span lines (notes): NFC-normalised, trimmed, at most max characters. */
export function multiLineText(field: string, max: number) {
  return z
    .string({ error: (iss) => `${field} must be text, got ${describe(iss.input)}` })
    .refine(...storable(field))
    .normalize('NFC')
    .trim()
    .max(max, { error: (iss) => `${field} is longer than ${max} characters (${String(iss.input).length}); shorten it` });
}

/**
 * A count: a whole number from 0 to MAX_WHOLE_NUMBER (CSV importers convert digit-only text to numbers
 * before this runs). One issue per value: each check aborts, so 1e20 is not also "not a safe integer".
 */
export function wholeNumber(field: string) {
  const tooLarge = (input: unknown) =>
    `${field} is ${describe(input)}, more than ${formatEnNumber(MAX_WHOLE_NUMBER)}, the largest count that can be stored; check the number`;
  return z
    .int({
      error: (iss) => {
        const input: unknown = iss.input;
        if (input === undefined) return `${field} is required`;
        // Past Number.MAX_SAFE_INTEGER the int check itself fails (too_big): still "too large", not "not whole".
        return typeof input === 'number' && input > MAX_WHOLE_NUMBER ? tooLarge(input) : `${field} must be a whole number ≥ 0, got ${describe(input)}`;
      },
      abort: true,
    })
    .min(0, { error: (iss) => `${field} must be a whole number ≥ 0, got ${describe(iss.input)}`, abort: true })
    .max(MAX_WHOLE_NUMBER, { error: (iss) => tooLarge(iss.input) });
}

/** A flattened zod issue: dotted path, the rule that failed, and the human message. */
export type FieldIssue = { path: string; rule: string; message: string };

/** Dotted path for a zod issue path: ['deadlines','district'] → 'deadlines.district', ['reminders',1] → 'reminders[1]'. */
export function joinPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Flattens a zod error; custom issues may carry `params.rule`, everything else is rule 'schema'. */
export function flattenZodError(error: z.ZodError): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = joinPath([...issue.path, key]);
        out.push({ path, rule: 'unknown-field', message: `${path} is not a known field; check its spelling` });
      }
      continue;
    }
    const params = issue.code === 'custom' ? (issue.params as { rule?: unknown } | undefined) : undefined;
    const rule = typeof params?.rule === 'string' ? params.rule : 'schema';
    out.push({ path: joinPath(issue.path), rule, message: issue.message });
  }
  return out;
}
