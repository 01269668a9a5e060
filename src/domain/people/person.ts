/**
 * People who sign in by email: the secretariat, supervisors and inspectors, each named, with the
 * committee they act for. What a new person must be, field by field, as storage holds it.
 */
import { z } from 'zod';
import { unitIdField } from '../org/unit-id';
import { singleLineText } from '../text/fields';

/** The roles a person signs in with (units keep their emailed links). */
export const PERSON_ROLES = ['secretariat', 'supervisor', 'inspector'] as const;
/** A person's role. */
export type PersonRole = (typeof PERSON_ROLES)[number];

// One address, no display name: the local part and a domain with a dot, nothing that could break a header.
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:".]+(?:\.[^\s@<>()[\]\\,;:".]+)+$/u;

/** An email address as people are known by: trimmed, lower-cased, at most 254 characters (RFC 5321). */
export function emailField(field: string) {
  return singleLineText(field, 254)
    .transform((s) => s.toLowerCase())
    .refine((s) => EMAIL.test(s), { error: (iss) => `${field} "${String(iss.input)}" is not an email address like ten@example.org` });
}

/** A person as the secretariat adds one: email, name, role, and the committee (required for supervisors and inspectors). */
export const PersonInputSchema = z
  .strictObject({
    email: emailField('email'),
    name: singleLineText('name', 200),
    role: z.enum(PERSON_ROLES, { error: `role must be one of ${PERSON_ROLES.join(', ')}` }),
    unitId: unitIdField('unitId').optional(),
  })
  .refine((p) => p.role === 'secretariat' || p.unitId !== undefined, {
    error: 'unitId is required for supervisors and inspectors: the committee whose subtree they read',
    path: ['unitId'],
  });
