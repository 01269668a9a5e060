/**
 * Secret directives (tài liệu mật): `secret: true` in the spec, and `readers`, the roles named at
 * launch who may see it beyond the units it reaches. Who sees one is decided by the access policy
 * (src/http/auth/secret-visibility.ts); this module holds the spec's fields and their checks.
 */
import { z } from 'zod';
import type { FieldIssue } from '../text/fields';
import type { OrgTree } from '../org/org-tree';
import { unitIdField } from '../org/unit-id';

/** Most readers one directive names: a few commissions and secretariats, never a list of people. */
export const MAX_SECRET_READERS = 50;

/**
 * A reader named at launch: the inspection commission of a unit (`{ role: inspector, unit: QN }`),
 * the central secretariat (`{ role: secretariat }`) or a committee's (`{ role: secretariat, unit: QN }`).
 */
export const SecretReaderSchema = z.strictObject({
  role: z.enum(['inspector', 'secretariat'], { error: 'role must be "inspector" or "secretariat"' }),
  unit: unitIdField('unit').optional(),
});

/** A reader named at launch. */
export type SecretReader = z.output<typeof SecretReaderSchema>;

/** The `readers` field of a spec: the roles named at launch, at most MAX_SECRET_READERS, each once. */
export const SecretReadersSchema = z
  .array(SecretReaderSchema, { error: 'readers must be a list like [{ role: secretariat }, { role: inspector, unit: QN }]' })
  .superRefine((readers, ctx) => {
    if (readers.length > MAX_SECRET_READERS)
      ctx.addIssue({ code: 'custom', message: `readers has ${readers.length} entries; give at most ${MAX_SECRET_READERS}`, params: { rule: 'too-many' } });
    const seen = new Set<string>();
    readers.forEach((reader, i) => {
      if (reader.role === 'inspector' && reader.unit === undefined)
        ctx.addIssue({
          code: 'custom',
          path: [i, 'unit'],
          message: 'an inspector reader names the unit whose inspection commission it is, e.g. { role: inspector, unit: QN }',
          params: { rule: 'required' },
        });
      const key = `${reader.role}/${reader.unit ?? ''}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: `reader ${describeReader(reader)} is named twice`, params: { rule: 'duplicate' } });
      seen.add(key);
    });
  });

/** What a spec says of its secrecy. */
export interface SpecSecrecy {
  secret?: boolean | undefined;
  readers?: readonly SecretReader[] | undefined;
}

/** `inspector of QN`, `the central secretariat`, `secretariat of QN`. */
export function describeReader(reader: SecretReader): string {
  if (reader.role === 'secretariat') return reader.unit === undefined ? 'the central secretariat' : `secretariat of ${reader.unit}`;
  return `inspector of ${reader.unit ?? '?'}`;
}

/**
 * The spec's own rules of secrecy: readers only for a secret directive, and a secret one names a
 * secretariat, or no one could manage (withdraw) it from the API or the dashboard.
 */
export function checkSecrecy(spec: SpecSecrecy): FieldIssue[] {
  if (!spec.secret) {
    return spec.readers === undefined
      ? []
      : [{ path: 'readers', rule: 'not-secret', message: 'readers are named only for a secret directive; add secret: true, or remove readers' }];
  }
  if ((spec.readers ?? []).some((r) => r.role === 'secretariat')) return [];
  return [
    {
      path: 'readers',
      rule: 'no-secretariat',
      message:
        'a secret directive names the secretariat that manages it among its readers ({ role: secretariat } for the central one, { role: secretariat, unit: QN } for a committee’s); no one else may withdraw it',
    },
  ];
}

/**
 * Readers against the organisation: every unit named is in the directory, and an inspection
 * commission is of a unit the directive reaches (the root or under it), or it would see nothing.
 */
export function checkReadersAgainstOrg(spec: SpecSecrecy & { root: string }, tree: OrgTree): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const reached = tree.has(spec.root) ? new Set(tree.subtreeIds(spec.root)) : new Set<string>();
  (spec.readers ?? []).forEach((reader, i) => {
    if (reader.unit === undefined) return;
    if (!tree.has(reader.unit)) {
      issues.push({ path: `readers[${i}].unit`, rule: 'unknown-unit', message: `"${reader.unit}" is not a unit of the organisation` });
    } else if (reader.role === 'inspector' && !reached.has(reader.unit)) {
      issues.push({
        path: `readers[${i}].unit`,
        rule: 'not-reached',
        message: `the inspector of ${reader.unit} would see nothing: ${reader.unit} is not ${spec.root} nor under it, where the directive goes`,
      });
    }
  });
  return issues;
}
