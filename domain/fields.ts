/** Reusable zod field builders, so every schema words its errors the same way and names the field. */
import { z } from 'zod';

/** Unicode control characters (C0, DEL, C1), which include CR and LF. */
const CONTROL_CHAR = /\p{Cc}/u;

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
    .normalize('NFC')
    .trim()
    .max(max, { error: (iss) => `${field} is longer than ${max} characters (${String(iss.input).length}); shorten it` });
}

/** A count: a whole number ≥ 0 (CSV importers convert digit-only text to numbers before this runs). */
export function wholeNumber(field: string) {
  return z
    .int({ error: (iss) => (iss.input === undefined ? `${field} is required` : `${field} must be a whole number ≥ 0, got ${describe(iss.input)}`) })
    .min(0, { error: (iss) => `${field} must be a whole number ≥ 0, got ${describe(iss.input)}` });
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
