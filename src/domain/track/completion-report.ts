/** Completion reports ("báo cáo kết quả") a unit files once its study conference is held, and the rules they must pass. */
import { z } from 'zod';
import { calendarDateField, toIsoDate } from '../time/calendar-date';
import { documentNumberField } from '../directive/document-number';
import { flattenZodError, multiLineText, singleLineText, wholeNumber } from '../text/fields';
import type { InstantInput } from '../time/instant';
import { vnIsoDate } from '../time/vn-time';

/** The report a unit files: conference, attendance, essays, and the unit's own implementing document. */
export const CompletionReportSchema = z.object(
  {
    conferenceDate: calendarDateField('conferenceDate'),
    attendees: wholeNumber('attendees'),
    members: wholeNumber('members'),
    essaysSubmitted: wholeNumber('essaysSubmitted'),
    essaysExpected: wholeNumber('essaysExpected'),
    documentNumber: documentNumberField('documentNumber'),
    documentDate: calendarDateField('documentDate'),
    notes: multiLineText('notes', 2000).optional(),
    reportedBy: singleLineText('reportedBy', 200),
  },
  { error: 'a report must be an object with conferenceDate, attendees, members, essaysSubmitted, essaysExpected, documentNumber, documentDate and reportedBy' },
);

/** A validated completion report; dates are ISO `YYYY-MM-DD`, the document number normalised. */
export type CompletionReport = z.output<typeof CompletionReportSchema>;
/** A completion report as submitted. */
export type CompletionReportInput = z.input<typeof CompletionReportSchema>;

/** What a report is checked against: whose it is, the current instant, and when the directive was issued. */
export type ReportContext = { unitId: string; now: InstantInput; directiveIssuedOn: string };

/** One problem with a report; the message names the unit. */
export type ReportIssue = { field: string; rule: string; message: string };

/** Result of validating a report. */
export type ReportValidation = { ok: true; report: CompletionReport } | { ok: false; issues: ReportIssue[] };

/** Thrown when a report is rejected; `issues` lists every problem. */
export class ReportValidationError extends Error {
  override readonly name = 'ReportValidationError';
  constructor(
    readonly unitId: string,
    readonly issues: readonly ReportIssue[],
  ) {
    super([`report for unit ${unitId} was rejected:`, ...issues.map((i) => `- ${i.message}`)].join('\n'));
  }
}

type Fields = Partial<CompletionReport>;

/** Parses each field on its own, so cross-field rules can still run on the fields that are fine. */
function usableFields(input: unknown): Fields {
  if (typeof input !== 'object' || input === null) return {};
  const raw = input as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(CompletionReportSchema.shape)) {
    const parsed = schema.safeParse(raw[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  return out as Fields;
}

function crossFieldIssues(f: Fields, ctx: ReportContext, issuedOn: string): ReportIssue[] {
  const issues: ReportIssue[] = [];
  const unit = `for unit ${ctx.unitId}`;
  if (f.attendees !== undefined && f.members !== undefined && f.attendees > f.members) {
    issues.push({ field: 'attendees', rule: 'attendees-exceed-members', message: `attendees (${f.attendees}) exceeds members (${f.members}) ${unit}` });
  }
  if (f.essaysSubmitted !== undefined && f.essaysExpected !== undefined && f.essaysSubmitted > f.essaysExpected) {
    issues.push({
      field: 'essaysSubmitted',
      rule: 'essays-exceed-expected',
      message: `essaysSubmitted (${f.essaysSubmitted}) exceeds essaysExpected (${f.essaysExpected}) ${unit}`,
    });
  }
  // "Today" is the Vietnam calendar day: a conference held this morning in Hà Nội is yesterday in UTC until 07:00.
  const today = vnIsoDate(ctx.now);
  for (const field of ['conferenceDate', 'documentDate'] as const) {
    const date = f[field];
    if (date === undefined) continue;
    if (date > today) issues.push({ field, rule: 'date-in-future', message: `${field} ${date} is in the future (today in Vietnam is ${today}) ${unit}` });
    else if (date < issuedOn)
      issues.push({ field, rule: 'date-before-directive', message: `${field} ${date} is before the directive was issued (${issuedOn}) ${unit}` });
  }
  return issues;
}

/** Checks a report: its schema, attendees ≤ members, essays ≤ expected, and dates between the directive's issue date and today. */
export function validateReport(input: unknown, ctx: ReportContext): ReportValidation {
  const issuedOn = toIsoDate(ctx.directiveIssuedOn);
  const parsed = CompletionReportSchema.safeParse(input);
  const schemaIssues: ReportIssue[] = parsed.success
    ? []
    : flattenZodError(parsed.error).map((i) => ({ field: i.path, rule: i.rule, message: `${i.message} for unit ${ctx.unitId}` }));
  const fields = parsed.success ? parsed.data : usableFields(input);
  const issues = [...schemaIssues, ...crossFieldIssues(fields, ctx, issuedOn)];
  if (issues.length > 0 || !parsed.success) return { ok: false, issues };
  return { ok: true, report: parsed.data };
}

/** Like `validateReport` but returns the report or throws `ReportValidationError`; for update validators. */
export function requireValidReport(input: unknown, ctx: ReportContext): CompletionReport {
  const result = validateReport(input, ctx);
  if (!result.ok) throw new ReportValidationError(ctx.unitId, result.issues);
  return result.report;
}

/** True when two validated reports say the same thing, field by field (a repeated correction); no notes and empty notes are the same. */
export function sameReport(a: CompletionReport, b: CompletionReport): boolean {
  return (Object.keys(CompletionReportSchema.shape) as (keyof CompletionReport)[]).every((key) => (a[key] ?? '') === (b[key] ?? ''));
}
