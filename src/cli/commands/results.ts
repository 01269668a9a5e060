/** `cascade export` and `cascade summary`: the units as CSV, and the results report. */
import { NotFoundError } from '../../app/errors';
import { UNIT_STATUSES } from '../../domain/track/unit-track';
import { choiceOption, flag, positional, stringOption } from '../args';
import { type Command } from '../command';
import type { CliContext } from '../context';
import { writeOutputFile } from '../files';
import { directiveLevelOption } from '../level-option';
import { plural } from '../output';

const DIRECTIVE = { name: 'DIRECTIVE', description: 'the directive id (see `cascade directives`)' };

/** Prints a document on stdout, or writes it to --out and says so on stderr. */
function emit(ctx: CliContext, text: string, out: string | undefined, what: string): void {
  if (out === undefined) {
    ctx.output.write(text);
    return;
  }
  writeOutputFile(out, text);
  ctx.output.err(`wrote ${what} to ${out}`);
}

/** `cascade export DIRECTIVE --format csv`: every unit's status and figures, safe to open in a spreadsheet. */
export const exportCommand: Command = {
  name: 'export',
  summary: "Export a directive's units with status, deadline and figures as CSV.",
  positionals: [DIRECTIVE],
  options: {
    format: { type: 'string', value: 'csv', description: 'the export format; csv is the only one (default)' },
    out: { type: 'string', value: 'FILE', description: 'write to FILE instead of stdout' },
    unit: { type: 'string', value: 'UNIT', description: 'only the units under UNIT' },
    level: { type: 'string', value: 'LEVEL', description: 'only units of this level of the directive (e.g. commune)' },
    status: { type: 'string', value: 'STATUS', description: `only units with this status (${UNIT_STATUSES.join(', ')})` },
  },
  details: [
    'CSV with a UTF-8 BOM and CRLF line ends (RFC 4180), columns unitId,name,level,parentId,status,deadline,',
    'completedAt,attendees,members,essaysSubmitted,essaysExpected. Text starting with = + - @ is prefixed',
    "with ' so a spreadsheet never runs it as a formula. The listing follows the live state within seconds.",
    'Example: cascade export 01-CT-TW-2021 --format csv --out units.csv',
  ],
  async run(ctx, args) {
    const directiveId = positional(args, 'DIRECTIVE');
    choiceOption(args, 'format', ['csv'], this);
    const status = choiceOption(args, 'status', UNIT_STATUSES, this);
    const client = await ctx.client({ temporal: false });
    // listUnits answers an unknown directive with no rows; say so instead of printing an empty file.
    if (!(await client.directives()).some((d) => d.id === directiveId)) {
      throw new NotFoundError(`directive ${directiveId} has not been launched (\`cascade directives\` lists those that have)`);
    }
    const level = await directiveLevelOption(args, client, directiveId, this);
    const csv = await client.exportCsv(directiveId, { under: stringOption(args, 'unit'), level, status });
    const rows = csv.split('\r\n').length - 2;
    emit(ctx, csv, stringOption(args, 'out'), plural(rows, 'unit'));
  },
};

/** `cascade summary DIRECTIVE`: the narrative results report, Vietnamese by default. */
export const summaryCommand: Command = {
  name: 'summary',
  summary: 'Print the results report (báo cáo kết quả) from live state, Vietnamese or English.',
  positionals: [DIRECTIVE],
  options: {
    unit: { type: 'string', value: 'UNIT', description: 'the subtree under this unit, which must have units under it (default: the whole directive)' },
    lang: { type: 'string', value: 'vi|en', description: 'language of the report (default vi)' },
    html: { type: 'boolean', description: 'printable HTML instead of Markdown' },
    out: { type: 'string', value: 'FILE', description: 'write to FILE instead of stdout' },
  },
  details: ['Example: cascade summary 01-CT-TW-2021 --unit QN --lang en --html --out report.html'],
  async run(ctx, args) {
    const directiveId = positional(args, 'DIRECTIVE');
    const lang = choiceOption(args, 'lang', ['vi', 'en'] as const, this) ?? 'vi';
    const unitId = stringOption(args, 'unit');
    const client = await ctx.client({ temporal: true });
    let text: string;
    try {
      text = await client.resultsReport(directiveId, { unitId, lang, format: flag(args, 'html') ? 'html' : 'markdown' });
    } catch (err) {
      // A unit with nothing under it runs no committee, so there is no subtree rollup to report on.
      if (!(err instanceof NotFoundError) || unitId === undefined) throw err;
      await client.ancestors(directiveId, unitId);
      throw new NotFoundError(
        `unit ${unitId} has no units under it, so it has no results report of its own; see it with \`cascade status ${directiveId} --unit ${unitId}\``,
      );
    }
    emit(ctx, text.endsWith('\n') ? text : `${text}\n`, stringOption(args, 'out'), 'the results report');
  },
};
