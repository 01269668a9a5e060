/**
 * Unit ids as every boundary checks them. A module of its own so workflow code can check a unit
 * id without also building the organisation-import schema (OrgUnitSchema and its email check),
 * which the workflow thread would otherwise load too.
 */
import { z } from 'zod';

/**
 * Unit ids travel into workflow ids, URLs and CSV files, so they stay ASCII: letters, digits, `.`, `_`, `-`.
 * Not exported: the workflow thread freezes what its shared modules export, and zod's check resets
 * the expression's `lastIndex` on every test (src/engine/worker/domain-preload.ts).
 */
const UNIT_ID_PATTERN = /^[A-Za-z0-9._-]+$/;

/** A unit id field: trimmed, 1–64 characters of `[A-Za-z0-9._-]`. */
export function unitIdField(field: string) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? `${field} is required` : `${field} must be text`) })
    .trim()
    .min(1, { error: `${field} must not be empty` })
    .max(64, { error: (iss) => `${field} is longer than 64 characters (${String(iss.input).length})` })
    .regex(UNIT_ID_PATTERN, { error: (iss) => `${field} "${String(iss.input)}" may contain only letters A–Z, digits, ".", "_" and "-"` });
}

/** A unit id such as `QN-HL-017`. */
export const UnitIdSchema = unitIdField('id');
