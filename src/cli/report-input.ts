/**
 * A completion report from `--file` and/or flags. Flags override the file's fields. Values are
 * passed on as written (counts as numbers when they are plain digits) so the shared report rules
 * in the workflow judge them and name the field, exactly as the API's answer would.
 */
import type { OptionSpec, ParsedArgs } from './args';
import { BadInputError } from './errors';
import { readDataFile } from './files';

/** Flag name → report field, in the order help lists them. */
const FIELDS = {
  attendees: { field: 'attendees', count: true, value: 'N', description: 'members who attended the study conference' },
  members: { field: 'members', count: true, value: 'N', description: 'members of the unit' },
  'essays-submitted': { field: 'essaysSubmitted', count: true, value: 'N', description: 'study essays received' },
  'essays-expected': { field: 'essaysExpected', count: true, value: 'N', description: 'study essays expected' },
  'conference-date': { field: 'conferenceDate', count: false, value: 'DATE', description: 'day of the conference (30/6/2021 or 2021-06-30)' },
  'document-number': { field: 'documentNumber', count: false, value: 'NUMBER', description: "the unit's own plan, e.g. 30-KH/TU" },
  'document-date': { field: 'documentDate', count: false, value: 'DATE', description: 'date of that document' },
  notes: { field: 'notes', count: false, value: 'TEXT', description: 'free notes (optional)' },
  'reported-by': { field: 'reportedBy', count: false, value: 'NAME', description: 'who reports (person or office)' },
} as const;

/** The options `report` and `correct` accept for the report itself. */
export const REPORT_OPTIONS: Record<string, OptionSpec> = {
  file: { type: 'string', value: 'FILE', description: 'the report as JSON (or YAML); flags below override its fields' },
  ...Object.fromEntries(Object.entries(FIELDS).map(([flagName, f]) => [flagName, { type: 'string', value: f.value, description: f.description }])),
};

// Plain digits become numbers; anything else ("1.000", "-3", "abc") stays text so the rules name it.
function asCount(text: string): number | string {
  const t = text.trim();
  return /^\d+$/.test(t) && Number.isSafeInteger(Number(t)) ? Number(t) : t;
}

/** The report object to send, or BadInputError when neither a file nor any report flag was given. */
export function reportFromArgs(args: ParsedArgs): Record<string, unknown> {
  const file = args.options.file;
  let report: Record<string, unknown> = {};
  if (typeof file === 'string') {
    const value = readDataFile(file, 'report file');
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new BadInputError(`report file ${file} must hold one object with the report's fields`);
    report = { ...(value as Record<string, unknown>) };
  }
  let flagged = 0;
  for (const [flagName, f] of Object.entries(FIELDS)) {
    const value = args.options[flagName];
    if (typeof value !== 'string') continue;
    report[f.field] = f.count ? asCount(value) : value;
    flagged++;
  }
  if (typeof file !== 'string' && flagged === 0) {
    throw new BadInputError(
      'no report given: pass --file report.json, or the fields as flags (--attendees, --members, --essays-submitted, --essays-expected, --conference-date, --document-number, --document-date, --reported-by)',
    );
  }
  return report;
}
