/** One unit of the organisation tree (a committee or cell) as imported: the single schema for CSV, JSON and API. */
import { z } from 'zod';
import { singleLineText, wholeNumber } from '../text/fields';
import { UnitIdSchema, unitIdField } from './unit-id';

export { UnitIdSchema, unitIdField } from './unit-id';

/** One organisation unit. `parentId` is null for a root; CSV gives "" for that, which is read as null. */
export const OrgUnitSchema = z.object({
  id: UnitIdSchema,
  name: singleLineText('name', 300),
  level: singleLineText('level', 64),
  // A parent is named by its id, so a non-empty parentId obeys the id rules (ASCII, at most 64 characters).
  parentId: z
    .union([z.string(), z.null(), z.undefined()], { error: 'parentId must be a unit id, or empty for a root' })
    .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v.trim()))
    .pipe(unitIdField('parentId').nullable()),
  email: z
    .string({ error: (iss) => (iss.input === undefined ? 'email is required' : 'email must be text') })
    .trim()
    // RFC 5321 caps an address at 254 characters; longer is never deliverable.
    .max(254, { error: (iss) => `email is longer than 254 characters (${String(iss.input).length}); no mail server accepts it`, abort: true })
    .pipe(z.email({ error: (iss) => `email "${String(iss.input)}" is not a valid email address` })),
  members: wholeNumber('members'),
  essaysExpected: wholeNumber('essaysExpected'),
});

/** A validated organisation unit. */
export type OrgUnit = z.infer<typeof OrgUnitSchema>;

/** A unit as given, before validation (e.g. straight from JSON or API input). */
export type OrgUnitInput = z.input<typeof OrgUnitSchema>;
