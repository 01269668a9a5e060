/**
 * The report form's plumbing: form fields in, a report object out for the shared rules to judge;
 * the rules' issues back out, grouped under the field they name.
 */
import { CompletionReportSchema, type CompletionReport } from '../../domain/track/completion-report';

/** The report's fields, in the order the form shows them. */
export const REPORT_FIELDS = Object.keys(CompletionReportSchema.shape) as Array<keyof CompletionReport>;

const COUNTS: ReadonlySet<string> = new Set(['attendees', 'members', 'essaysSubmitted', 'essaysExpected']);

/** The form's file input: the plan or minutes attached to the report. */
export const ATTACHMENT_FIELD = 'file';

/** One problem, as the API and the workflow word it. */
export type FormIssue = { path: string; rule: string; message: string };

/**
 * Builds the report from posted text: blank fields are left out (so "is required" names them),
 * counts written as plain digits become numbers; anything else stays text and the schema names it.
 */
export function reportFromForm(form: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of REPORT_FIELDS) {
    const text = form[field]?.trim();
    if (text === undefined || text === '') continue;
    out[field] = COUNTS.has(field) && /^\d{1,15}$/.test(text) ? Number(text) : text;
  }
  return out;
}

/** The form's values from a filed report (for a correction). */
export function formFromReport(report: CompletionReport): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of REPORT_FIELDS) {
    const value = report[field];
    if (value !== undefined && value !== null) out[field] = String(value);
  }
  return out;
}

/** Issues under their field; those naming no known field go under ''. */
export function issuesByField(issues: readonly FormIssue[]): Map<string, FormIssue[]> {
  const out = new Map<string, FormIssue[]>();
  for (const issue of issues) {
    const field = (REPORT_FIELDS as readonly string[]).includes(issue.path) || issue.path === ATTACHMENT_FIELD ? issue.path : '';
    out.set(field, [...(out.get(field) ?? []), issue]);
  }
  return out;
}
