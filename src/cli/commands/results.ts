/** `cascade export` and `cascade summary`: the units as CSV or XLSX, and the results report (Markdown, HTML, DOCX, PDF). */
import { NotFoundError } from '../../app/errors';
import type { CascadeClient } from '../../app/cascade-client';
import type { ReportFileOptions } from '../../app/report-files';
import { documentNumberField } from '../../domain/directive/document-number';
import { signerField } from '../../domain/report/results-document';
import { UNIT_STATUSES } from '../../domain/track/unit-track';
import { choiceOption, flag, positional, stringOption } from '../args';
import { BadInputError } from '../errors';
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

/** --out for a binary format: required, since such a file is never printed on a terminal. */
function binaryOut(args: Parameters<typeof stringOption>[0], format: string): string {
  const out = stringOption(args, 'out');
  if (out === undefined) throw new BadInputError(`--format ${format} makes a binary file: give --out FILE to write it to (e.g. --out report.${format})`);
  return out;
}

/** Makes a DOCX, PDF or XLSX file of the results report and writes it to `out`. */
async function writeReportFile(
  ctx: CliContext,
  client: CascadeClient,
  directiveId: string,
  opts: Omit<ReportFileOptions, 'chartSvg'>,
  out: string,
): Promise<void> {
  const file = await client.resultsReportFile(directiveId, opts);
  writeOutputFile(out, file.bytes);
  ctx.output.err(
    `wrote ${opts.format === 'xlsx' ? 'the workbook' : 'the results report'} (${opts.format.toUpperCase()}, ${file.bytes.length} bytes) to ${out}`,
  );
}

/** `cascade export DIRECTIVE --format csv`: every unit's status and figures, safe to open in a spreadsheet. */
export const exportCommand: Command = {
  name: 'export',
  summary: "Export a directive's units with status, deadline and figures as CSV.",
  positionals: [DIRECTIVE],
  options: {
    format: { type: 'string', value: 'csv|xlsx', description: 'csv (default) or xlsx: a summary sheet and a sheet per level (needs --out)' },
    out: { type: 'string', value: 'FILE', description: 'write to FILE instead of stdout (required for xlsx)' },
    unit: { type: 'string', value: 'UNIT', description: 'only the units under UNIT' },
    level: { type: 'string', value: 'LEVEL', description: 'only units of this level of the directive (e.g. commune)' },
    status: { type: 'string', value: 'STATUS', description: `only units with this status (${UNIT_STATUSES.join(', ')})` },
  },
  details: [
    'CSV with a UTF-8 BOM and CRLF line ends (RFC 4180), columns unitId,name,level,parentId,status,deadline,',
    'completedAt,attendees,members,essaysSubmitted,essaysExpected. Text starting with = + - @ is prefixed',
    "with ' so a spreadsheet never runs it as a formula. The listing follows the live state within seconds.",
    'XLSX: a summary sheet (per level: units, done, on time, late, overdue, attendance and essays) and a sheet',
    'per level listing its units; counts are numbers, rates formulas, times Vietnam time; text is made inert',
    'by the same rule as the CSV. --level and --status apply to CSV only.',
    'Example: cascade export 01-CT-TW-2021 --format csv --out units.csv',
    'Example: cascade export 01-CT-TW-2021 --unit QN --format xlsx --out units.xlsx',
  ],
  async run(ctx, args) {
    const directiveId = positional(args, 'DIRECTIVE');
    const format = choiceOption(args, 'format', ['csv', 'xlsx'] as const, this) ?? 'csv';
    const xlsxOut = format === 'xlsx' ? binaryOut(args, format) : undefined;
    const status = choiceOption(args, 'status', UNIT_STATUSES, this);
    const client = await ctx.client({ temporal: false });
    // listUnits answers an unknown directive with no rows; say so instead of printing an empty file.
    if (!(await client.directives()).some((d) => d.id === directiveId)) {
      throw new NotFoundError(`directive ${directiveId} has not been launched (\`cascade directives\` lists those that have)`);
    }
    if (xlsxOut !== undefined) {
      await writeReportFile(ctx, client, directiveId, { format: 'xlsx', unitId: stringOption(args, 'unit') }, xlsxOut);
      return;
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
  summary: 'Print the results report (báo cáo kết quả) from live state, Vietnamese or English; or write it as DOCX or PDF.',
  positionals: [DIRECTIVE],
  options: {
    unit: { type: 'string', value: 'UNIT', description: 'the subtree under this unit, which must have units under it (default: the whole directive)' },
    lang: { type: 'string', value: 'vi|en', description: 'language of the report (default vi)' },
    format: {
      type: 'string',
      value: 'markdown|html|docx|pdf',
      description: 'markdown (default), printable html, or a Party-format document as docx or pdf (needs --out)',
    },
    html: { type: 'boolean', description: 'printable HTML instead of Markdown (same as --format html)' },
    number: {
      type: 'string',
      value: 'NUMBER',
      description: "the report's document number for docx/pdf, e.g. 12-BC/TU (default: left blank for the office to fill)",
    },
    signer: { type: 'string', value: 'NAME', description: 'who signs the docx/pdf, e.g. "Nguyễn Văn A" (default: a blank for the signature and name)' },
    'signer-title': { type: 'string', value: 'POSITION', description: 'the signer\'s position over the signature, e.g. "Phó Bí thư" (default: Bí thư)' },
    out: { type: 'string', value: 'FILE', description: 'write to FILE instead of stdout (required for docx and pdf)' },
  },
  details: [
    'DOCX and PDF follow Hướng dẫn 36-HD/VPTW: the committee and "Số ...-BC/..." top left, "ĐẢNG CỘNG SẢN VIỆT NAM"',
    'with place and date top right, "BÁO CÁO" and its subject, the report, a table of the levels, the progress',
    'chart, the signature block and "Nơi nhận".',
    'Example: cascade summary 01-CT-TW-2021 --unit QN --lang en --html --out report.html',
    'Example: cascade summary 01-CT-TW-2021 --unit QN --format docx --number 12-BC/TU --out bao-cao.docx',
    'Example: cascade summary 01-CT-TW-2021 --unit QN --format pdf --signer "Nguyễn Văn A" --signer-title "Phó Bí thư" --out bao-cao.pdf',
  ],
  async run(ctx, args) {
    const directiveId = positional(args, 'DIRECTIVE');
    const lang = choiceOption(args, 'lang', ['vi', 'en'] as const, this) ?? 'vi';
    const format = choiceOption(args, 'format', ['markdown', 'html', 'docx', 'pdf'] as const, this) ?? (flag(args, 'html') ? 'html' : 'markdown');
    if (flag(args, 'html') && format !== 'html') throw new BadInputError(`--html and --format ${format} disagree; give one of them`);
    const binary = format === 'docx' || format === 'pdf' ? format : null;
    const out = binary ? binaryOut(args, binary) : stringOption(args, 'out');
    const numberText = stringOption(args, 'number');
    if (numberText !== undefined && !binary) throw new BadInputError('--number goes on the DOCX or PDF document: add --format docx or --format pdf');
    const number = numberText === undefined ? undefined : documentNumber(numberText);
    const signer = { name: signerPart(args, 'signer', binary), position: signerPart(args, 'signer-title', binary) };
    const unitId = stringOption(args, 'unit');
    const client = await ctx.client({ temporal: true });
    let text = '';
    try {
      if (binary) await writeReportFile(ctx, client, directiveId, { format: binary, unitId, lang, number, signer }, out as string);
      else if (format === 'markdown' || format === 'html') text = await client.resultsReport(directiveId, { unitId, lang, format });
    } catch (err) {
      // A unit with nothing under it runs no committee, so there is no subtree rollup to report on.
      if (!(err instanceof NotFoundError) || unitId === undefined) throw err;
      await client.ancestors(directiveId, unitId);
      throw new NotFoundError(
        `unit ${unitId} has no units under it, so it has no results report of its own; see it with \`cascade status ${directiveId} --unit ${unitId}\``,
      );
    }
    if (!binary) emit(ctx, text.endsWith('\n') ? text : `${text}\n`, out, 'the results report');
  },
};

/** --signer or --signer-title: one line of text, only on a DOCX or PDF; the error names the option. */
function signerPart(args: Parameters<typeof stringOption>[0], option: 'signer' | 'signer-title', binary: string | null): string | undefined {
  const text = stringOption(args, option);
  if (text === undefined) return undefined;
  if (!binary) throw new BadInputError(`--${option} goes on the DOCX or PDF document: add --format docx or --format pdf`);
  const parsed = signerField(`--${option}`).safeParse(text);
  if (!parsed.success) throw new BadInputError(parsed.error.issues[0]?.message ?? `--${option} is not a line of text`);
  return parsed.data;
}

/** --number checked and normalised as the launch checks a directive's code; the error names --number. */
function documentNumber(text: string): string {
  const parsed = documentNumberField('--number').safeParse(text);
  if (!parsed.success) throw new BadInputError(parsed.error.issues[0]?.message ?? `--number "${text}" is not a document number`);
  return parsed.data;
}
