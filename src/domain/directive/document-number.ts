/** Party document numbers ("số hiệu văn bản"): 30-KH/TU, 06-CTr/TU, 03-HD/BTGTW, 05-KH/ĐU. */
import { z } from 'zod';

/**
 * Number, dash, document-type letters, then one or more `/`-separated issuer segments.
 * Letters are Latin-script so Đ/đ and other Vietnamese letters are allowed.
 */
const DOCUMENT_NUMBER = /^\d{1,6}-\p{Script=Latin}+(?:\/[\p{Script=Latin}\d]+)+$/u;

/** Longest document number accepted: real ones are under 30 characters; the bound keeps junk out of emails and rows. */
export const MAX_DOCUMENT_NUMBER_LENGTH = 100;

/** Example forms, for error messages. */
export const DOCUMENT_NUMBER_FORMS = '30-KH/TU, 06-CTr/TU, 123-CV/TU, 03-HD/BTGTW, 05-KH/ĐU';

/**
 * Canonical spelling: NFC, trimmed, any dash (– — ‐ −) turned into `-`, and spaces around `-` and `/` removed,
 * because press copies write "06 – CTr/TU" for 06-CTr/TU.
 */
export function normaliseDocumentNumber(input: string): string {
  return input
    .normalize('NFC')
    .trim()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s*([-/])\s*/g, '$1');
}

/** True when the text, once normalised, is a well-formed document number. */
export function isDocumentNumber(input: string): boolean {
  return DOCUMENT_NUMBER.test(normaliseDocumentNumber(input));
}

/** A document-number field: normalises, then checks the form; errors name the field and show examples. */
export function documentNumberField(field: string) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? `${field} is required` : `${field} must be text like ${DOCUMENT_NUMBER_FORMS}`) })
    .max(MAX_DOCUMENT_NUMBER_LENGTH, {
      error: (iss) =>
        `${field} is longer than ${MAX_DOCUMENT_NUMBER_LENGTH} characters (${String(iss.input).length}); write number-TYPE/ISSUER like ${DOCUMENT_NUMBER_FORMS}`,
      abort: true,
    })
    .transform((text, ctx) => {
      const normalised = normaliseDocumentNumber(text);
      if (DOCUMENT_NUMBER.test(normalised)) return normalised;
      ctx.addIssue({
        code: 'custom',
        message: `${field} "${text}" is not a document number; write number-TYPE/ISSUER like ${DOCUMENT_NUMBER_FORMS}`,
        params: { rule: 'document-number' },
      });
      return z.NEVER;
    });
}

/** A document number (normalised), e.g. `06-CTr/TU`. */
export const DocumentNumberSchema = documentNumberField('document number');
