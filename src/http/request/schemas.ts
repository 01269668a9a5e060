/**
 * Route schemas: the shared domain schemas (completion report, commands, unit ids), plus the few
 * path and query shapes only HTTP has. Each drives validation, the OpenAPI document and the handler's types.
 */
import { z } from 'zod';
import { ExemptCommandSchema, ExtendCommandSchema, WithdrawCommandSchema } from '../../domain/directive/commands';
import { documentNumberField } from '../../domain/directive/document-number';
import { signerField } from '../../domain/report/results-document';
import { storable } from '../../domain/text/fields';
import { SUBTREE_MODES, UnitPatchSchema } from '../../domain/org/directory-edit';
import { ORG_FORMATS } from '../../domain/org/org-import';
import { OrgUnitSchema } from '../../domain/org/org-unit';
import { unitIdField } from '../../domain/org/org-unit';
import { CompletionReportSchema } from '../../domain/track/completion-report';
import { UNIT_STATUSES } from '../../domain/track/unit-track';
import { ACCESS_ROLES } from '../../security/access-token';
import { DIRECTIVE_STATUSES } from '../../app/list-filters';
import { parseVnInstant } from '../../domain/time/vn-instant';
import { TimeInputError } from '../../domain/time/time-error';

/** A directive id as `directiveIdFor` makes it: `01-CT-TW-2021`. */
export const DirectiveIdSchema = z
  .string()
  .max(200, { error: 'id is longer than 200 characters' })
  .regex(/^[A-Za-z0-9._-]+$/, {
    error: (iss) => `directive id "${String(iss.input)}" may contain only letters A–Z, digits, ".", "_" and "-" (e.g. 01-CT-TW-2021)`,
  });

/** `/api/directives/:id`. */
export const DirectiveParamsSchema = z.object({ id: DirectiveIdSchema });
/** `/api/directives/:id/.../:unitId`. */
export const UnitParamsSchema = z.object({ id: DirectiveIdSchema, unitId: unitIdField('unitId') });
/** A unit's attachment: its directive, its unit and its number. */
export const AttachmentIdParamsSchema = UnitParamsSchema.extend({
  attachmentId: z.string().regex(/^\d{1,18}$/, { error: 'attachmentId must be the number of an attachment (see its unit’s list of attachments)' }),
});

function count(field: string, min: number, max: number) {
  return z.coerce
    .number({ error: `${field} must be a whole number between ${min} and ${max}` })
    .int({ error: `${field} must be a whole number between ${min} and ${max}` })
    .min(min, { error: `${field} must be a whole number between ${min} and ${max}` })
    .max(max, { error: `${field} must be a whole number between ${min} and ${max}` });
}

/** One status or a comma-separated list: `overdue`, `done-on-time,done-late`. */
const StatusFilterSchema = z
  .string()
  .max(500, { error: 'status is longer than 500 characters; list at most the known statuses' })
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.enum(UNIT_STATUSES, { error: (iss) => `status "${String(iss.input)}" is not one of ${UNIT_STATUSES.join(', ')}` }))
      .min(1, { error: 'status must name at least one status' }),
  );

/**
 * `?q=`: a search, folded like the text it is compared with (src/domain/text/search-fold.ts).
 * Control characters are refused: none is in a name, and U+001F separates name and id in the folded key.
 */
function searchField(description: string) {
  return z
    .string()
    .refine(...storable('q'))
    .refine((s) => !/\p{Cc}/u.test(s), { error: 'q must be text on one line, without control characters' })
    .normalize('NFC')
    .trim()
    .min(1, { error: 'q must not be empty' })
    .max(100, { error: 'q is longer than 100 characters' })
    .optional()
    .meta({ description });
}

/** `?level=`: a level name (checked against the list's own levels where the list is read). */
function levelField() {
  // Level names and names are stored NFC (src/domain/text/fields.ts); a decomposed query must find them too.
  // A NUL in a filter would reach PostgreSQL as a parameter it refuses (500), so it is refused here naming the field.
  return z
    .string()
    .refine(...storable('level'))
    .normalize('NFC')
    .trim()
    .min(1, { error: 'level must not be empty' })
    .max(64, { error: 'level is longer than 64 characters' })
    .optional();
}

/**
 * `?asOf=`: the instant a read answers as of (rebuilt from the audit trail), as Vietnamese write it
 * (dd/mm/yyyy HH:mm or dd/mm/yyyy, Vietnam time) or ISO-8601 with its offset; becomes the ISO instant.
 */
function asOfField() {
  return z
    .string()
    .max(100, { error: 'asOf is longer than 100 characters; write dd/mm/yyyy HH:mm (Vietnam time) or an ISO-8601 instant' })
    .transform((text, ctx) => {
      try {
        return parseVnInstant(text);
      } catch (err) {
        if (!(err instanceof TimeInputError || err instanceof RangeError)) throw err;
        ctx.addIssue({ code: 'custom', message: `asOf: ${err.message}`, input: text });
        return z.NEVER;
      }
    })
    .optional()
    .meta({ description: 'Answer as the directive stood at this instant: dd/mm/yyyy HH:mm or dd/mm/yyyy (Vietnam time), or ISO-8601' });
}

/** `?unit=`: the subtree to read (a supervisor's own committee by default). */
export const ScopeQuerySchema = z.object({ unit: unitIdField('unit').optional() });

/** `GET /directives/:id/rollup`: the subtree, and the instant to answer as of (live when absent). */
export const RollupQuerySchema = ScopeQuerySchema.extend({ asOf: asOfField() });

/** Filters of the unit listing and the CSV export. */
export const UnitFilterQuerySchema = z.object({
  status: StatusFilterSchema.optional(),
  level: levelField(),
  under: unitIdField('under').optional(),
  membersMismatch: z
    .enum(['true', 'false'], { error: 'membersMismatch must be "true" or "false"' })
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: 'true: only units that reported a member count other than the directory’s; false: only the others' }),
  q: searchField('Units whose name or id contains this text, accents, đ and case aside ("chi bo" finds "Chi bộ")'),
  asOf: asOfField(),
});

/** Filters and paging of the unit listing. */
export const UnitListQuerySchema = UnitFilterQuerySchema.extend({
  limit: count('limit', 1, 1000).default(50),
  offset: count('offset', 0, 10_000_000).default(0),
});

/** `GET /directives?q=&status=&under=`: the directive list narrowed (each filter optional). */
export const DirectiveListQuerySchema = z.object({
  q: searchField('Directives whose code, title or id contains this text, accents, đ and case aside'),
  status: z
    .string()
    .max(100, { error: 'status is longer than 100 characters; list at most the known statuses' })
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.enum(DIRECTIVE_STATUSES, { error: (iss) => `status "${String(iss.input)}" is not one of ${DIRECTIVE_STATUSES.join(', ')}` }))
        .min(1, { error: 'status must name at least one status' }),
    )
    .optional()
    .meta({ description: 'active (running) or withdrawn, or both comma-separated' }),
  under: unitIdField('under').optional().meta({ description: 'only the directives that reach this unit (a supervisor: a unit of its own subtree)' }),
});

/** `GET /org/units?q=&level=&under=&limit=&offset=`: the directory as a list. */
export const DirectoryListQuerySchema = z.object({
  q: searchField('Units whose name or id contains this text, accents, đ and case aside'),
  level: levelField(),
  under: unitIdField('under').optional().meta({ description: 'only this unit and the units under it (a supervisor’s own unit by default)' }),
  limit: count('limit', 1, 1000).default(50),
  offset: count('offset', 0, 10_000_000).default(0),
});

/** The results report: language, format (text, a Party-format document, or the XLSX workbook), subtree and the document's number. */
export const ResultsReportQuerySchema = ScopeQuerySchema.extend({
  lang: z.enum(['vi', 'en'], { error: 'lang must be "vi" or "en"' }).default('vi'),
  format: z.enum(['markdown', 'html', 'docx', 'pdf', 'xlsx'], { error: 'format must be "markdown", "html", "docx", "pdf" or "xlsx"' }).default('markdown'),
  number: documentNumberField('number')
    .optional()
    .meta({ description: 'the report’s document number on a docx or pdf, e.g. 12-BC/TU (left blank for the office to fill when absent)' }),
  signer: signerField('signer')
    .optional()
    .meta({ description: 'who signs the docx or pdf, e.g. Nguyễn Văn A (a blank for the signature and name when absent)' }),
  signerTitle: signerField('signerTitle')
    .optional()
    .meta({ description: 'the signer’s position over the signature on a docx or pdf, e.g. Phó Bí thư (Bí thư when absent)' }),
}).superRefine((query, ctx) => {
  for (const field of ['number', 'signer', 'signerTitle'] as const)
    if (query[field] !== undefined && query.format !== 'docx' && query.format !== 'pdf')
      ctx.addIssue({ code: 'custom', path: [field], message: `${field} goes on a docx or pdf document: add format=docx or format=pdf` });
});

/** Progress over time: subtree, the language of its labels, and the instant it ends at (now when absent). */
export const ProgressQuerySchema = RollupQuerySchema.extend({
  lang: z.enum(['vi', 'en'], { error: 'lang must be "vi" or "en"' }).default('vi'),
});

/** A unit's completion report, as the shared schema defines it (the workflow adds the cross-field rules). */
export const ReportBodySchema = CompletionReportSchema;
/** Extending a deadline: `{ to, reason? }` of the shared extend command (unit and actor come from the path and token). */
export const ExtendBodySchema = ExtendCommandSchema.pick({ to: true, reason: true });
/** Exempting a unit: `{ reason }`. */
export const ExemptBodySchema = ExemptCommandSchema.pick({ reason: true });
/** Withdrawing a directive: `{ reason }`. */
export const WithdrawBodySchema = WithdrawCommandSchema.pick({ reason: true });

/** A reorganisation plan (checked as a whole by the shared ReorgPlanSchema) and whether only to rehearse it. */
export const ReorganisationBodySchema = z.strictObject({
  plan: z.record(z.string(), z.unknown(), { error: 'plan must be the reorganisation plan as a JSON object: effectiveAt, operations, levels?' }),
  directives: z.array(z.string().min(1).max(200), { error: 'directives must be a list of directive ids' }).max(1000).optional(),
  dryRun: z.boolean({ error: 'dryRun must be true or false' }).optional(),
});

/** `/calendar/:year`: a year the calendar computes. */
export const CalendarYearParamsSchema = z.object({
  year: z.coerce
    .number({ error: 'year must be a four-digit year, e.g. 2027' })
    .int({ error: 'year must be a whole year, e.g. 2027' })
    .min(1900, { error: 'year must be from 1900 to 2199' })
    .max(2199, { error: 'year must be from 1900 to 2199' }),
});

/** Applying the calendar files to running directives: all, or those named; `dryRun` only says what would change. */
export const CalendarApplyBodySchema = z.strictObject({
  directives: z.array(z.string().min(1).max(200), { error: 'directives must be a list of directive ids' }).max(1000).optional(),
  dryRun: z.boolean({ error: 'dryRun must be true or false' }).optional(),
});

/** A reorganisation's id in a path. */
export const ReorganisationParamsSchema = z.object({ id: z.string().regex(/^reorg-[0-9a-f]{20}$/, { error: 'id must be a reorganisation id (reorg-…)' }) });

/** A directive spec: JSON object, or YAML/JSON text; checked field by field by the shared DirectiveSpecSchema in `launch`. */
export const LaunchBodySchema = z
  .union([z.string().min(1, { error: 'the spec is empty' }), z.record(z.string(), z.unknown())], {
    error: 'send the directive spec as a JSON object, or as YAML text (Content-Type: text/yaml)',
  })
  .meta({ description: 'Directive spec: code, title, issuer, issuedOn, root, deadlines, reminders?, escalation?, language? — JSON object or YAML text' });

/** The organisation file: CSV (`text/csv`), JSON (`application/json`) or YAML (`text/yaml`) text. */
export const OrgBodySchema = z.string().min(1, { error: 'the organisation file is empty' }).meta({
  description:
    'CSV with header id,name,level,parentId,email,members,essaysExpected; or JSON (YAML with Content-Type: text/yaml): an array of units, or { levels: [{ name, label: { vi, en }, plural?, short? }, ...], units: [...] } declaring the levels top first. Without declared levels the directory keeps its own.',
});

/** `POST /org?under=UNIT&mode=replace|merge`: where the file goes (the whole directory without `under`). */
export const OrgImportQuerySchema = z
  .object({
    under: unitIdField('under').optional().meta({ description: 'import the file below this unit instead of replacing the whole directory' }),
    mode: z
      .enum(SUBTREE_MODES, { error: `mode must be one of ${SUBTREE_MODES.join(', ')}` })
      .optional()
      .meta({ description: 'with under: replace the units below it (default) or merge into them' }),
  })
  .refine((q) => q.mode === undefined || q.under !== undefined, { error: 'mode applies to an import under a unit; add under=UNIT', path: ['mode'] });

/** `/org/units/:id`. */
export const OrgUnitParamsSchema = z.object({ id: unitIdField('id') });

/** Editing one unit: the fields to change, checked by the shared schema (unknown fields are refused by name). */
export const OrgUnitPatchSchema = UnitPatchSchema;

/** Adding one unit: the import's unit schema. */
export const OrgUnitBodySchema = OrgUnitSchema;

/** `GET /org/export?format=csv|json|yaml&under=UNIT`. */
export const OrgExportQuerySchema = z.object({
  format: z.enum(ORG_FORMATS, { error: `format must be one of ${ORG_FORMATS.join(', ')}` }).default('csv'),
  under: unitIdField('under').optional().meta({ description: 'only the units below this unit (a supervisor’s own unit by default)' }),
});

/** `GET /org/history?unit=UNIT&limit=N`. */
export const OrgHistoryQuerySchema = z.object({
  unit: unitIdField('unit').optional(),
  limit: count('limit', 1, 1000).default(200),
});

/** Issuing an access token (secretariat). */
export const TokenBodySchema = z
  .object({
    sub: z
      .string()
      .refine(...storable('sub'))
      .normalize('NFC')
      .trim()
      .min(1, { error: 'sub must name the holder' })
      .max(200, { error: 'sub is longer than 200 characters' }),
    role: z.enum(ACCESS_ROLES, { error: `role must be one of ${ACCESS_ROLES.join(', ')}` }),
    unitId: unitIdField('unitId').optional(),
    ttlDays: count('ttlDays', 1, 400).default(30),
  })
  .refine((t) => t.role === 'secretariat' || t.unitId !== undefined, {
    error: 'unitId is required for supervisor, inspector and unit tokens',
    path: ['unitId'],
  });
