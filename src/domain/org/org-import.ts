/**
 * Reading an organisation from CSV, JSON or YAML text; nothing partial is ever returned. A JSON or
 * YAML file may declare its levels (`{ levels: [...], units: [...] }`); a CSV file or a plain list
 * of units is read against the levels the caller passes (the directory's current ones).
 */
import { parse as parseYaml } from 'yaml';
import { CsvSyntaxError, parseCsv } from '../text/csv';
import { flattenZodError } from '../text/fields';
import { DEFAULT_LEVEL_DEFINITIONS, type LevelDefinition, LevelsSchema } from './levels';
import { type OrgIssue, OrgImportError } from './org-issues';
import type { OrgTree } from './org-tree';
import { requireValidOrg } from './org';
import { decodeUtf8Strict } from '../text/text-encoding';

/** The formats of an organisation file. */
export const ORG_FORMATS = ['csv', 'json', 'yaml'] as const;

/** One of ORG_FORMATS. */
export type OrgFormat = (typeof ORG_FORMATS)[number];

/** What a JSON or YAML organisation file holds: the levels it declares (null when none) and its units, still unchecked. */
export interface OrgDocument {
  levels: LevelDefinition[] | null;
  units: unknown[];
}

/** The CSV columns, in the documented order (files may order them differently). */
export const ORG_CSV_COLUMNS = ['id', 'name', 'level', 'parentId', 'email', 'members', 'essaysExpected'] as const;

type OrgCsvColumn = (typeof ORG_CSV_COLUMNS)[number];

/** A CSV row before validation: text fields, and counts as numbers when written as plain digits. */
export type RawOrgRow = Record<Exclude<OrgCsvColumn, 'members' | 'essaysExpected'>, string> & {
  members: number | string | undefined;
  essaysExpected: number | string | undefined;
};

const NUMERIC: ReadonlySet<string> = new Set(['members', 'essaysExpected']);

function fail(issues: OrgIssue[]): never {
  throw new OrgImportError(issues);
}

// Plain digits become numbers, however large, so the schema says a count of 3000000000 is too large
// rather than "not a number"; anything else ("1.000", "12,5", "-3") stays text so the schema names it.
function toCount(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^\d+$/.test(t) && Number.isFinite(Number(t)) ? Number(t) : t;
}

function columnOrder(header: readonly string[]): number[] {
  const names = header.map((h) => h.trim());
  const issues: OrgIssue[] = [];
  const expected = ORG_CSV_COLUMNS.join(',');
  for (const [i, name] of names.entries()) {
    if (!(ORG_CSV_COLUMNS as readonly string[]).includes(name)) {
      issues.push({
        row: 0,
        field: name,
        rule: 'csv',
        message: `header: column ${i + 1} "${name}" is not a known column; the header must be ${expected} (any order)`,
      });
    } else if (names.indexOf(name) !== i) {
      issues.push({ row: 0, field: name, rule: 'csv', message: `header: column "${name}" appears twice; keep one` });
    }
  }
  for (const column of ORG_CSV_COLUMNS) {
    if (!names.includes(column))
      issues.push({ row: 0, field: column, rule: 'csv', message: `header: column "${column}" is missing; the header must be ${expected} (any order)` });
  }
  if (issues.length > 0) fail(issues);
  return ORG_CSV_COLUMNS.map((c) => names.indexOf(c));
}

/**
 * Parses organisation CSV (UTF-8, optional BOM, header `id,name,level,parentId,email,members,essaysExpected`
 * in any order) into raw rows; text is NFC-normalised. Throws `OrgImportError` for structural problems.
 */
export function parseOrgCsv(text: string): RawOrgRow[] {
  // Excel writes a BOM; decomposed (NFD) Vietnamese from macOS must compare equal to NFC.
  const body = text.replace(/^\uFEFF/, '').normalize('NFC');
  let records: string[][];
  try {
    records = parseCsv(body);
  } catch (error) {
    if (error instanceof CsvSyntaxError) fail([{ row: error.record, rule: 'csv', message: error.message }]);
    throw error;
  }
  // Blank lines at the end are harmless; elsewhere they would shift every row number after them.
  while (records.length > 0 && isBlank(records[records.length - 1] as string[])) records.pop();
  const [header, ...data] = records;
  if (!header) fail([{ row: 0, rule: 'csv', message: `the file is empty; the first line must be the header ${ORG_CSV_COLUMNS.join(',')}` }]);
  const order = columnOrder(header);
  const issues: OrgIssue[] = [];
  const rows = data.map((fields, index) => {
    const row = index + 1;
    if (isBlank(fields)) issues.push({ row, rule: 'csv', message: `row ${row} is empty; delete the blank line` });
    else if (fields.length !== header.length) {
      issues.push({
        row,
        rule: 'csv',
        message: `row ${row} has ${fields.length} fields but the header has ${header.length}; quote any field that contains a comma`,
      });
    }
    const out: Record<string, number | string | undefined> = {};
    ORG_CSV_COLUMNS.forEach((column, c) => {
      const value = fields[order[c] ?? -1] ?? '';
      out[column] = NUMERIC.has(column) ? toCount(value) : value;
    });
    return out as RawOrgRow;
  });
  if (issues.length > 0) fail(issues);
  return rows;
}

function isBlank(fields: readonly string[]): boolean {
  return fields.length === 1 && (fields[0] ?? '').trim() === '';
}

/**
 * The document in a parsed JSON or YAML value: an array of units, or an object with a "units"
 * array and, optionally, the "levels" the units are read against (checked with LevelsSchema; each
 * problem names its field, `levels[2].name`). Throws `OrgImportError` for anything else.
 */
function orgDocument(value: unknown, syntax: 'JSON' | 'YAML'): OrgDocument {
  if (Array.isArray(value)) return { levels: null, units: value };
  const rule = syntax === 'JSON' ? 'json' : 'yaml';
  const object = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  const units = object?.units;
  if (!object || !Array.isArray(units)) fail([{ row: 0, rule, message: `${syntax} must be an array of units or an object with a "units" array` }]);
  // A misspelt "levels" would otherwise import the units against the directory's levels, silently.
  const unknown = Object.keys(object).filter((key) => key !== 'levels' && key !== 'units');
  if (unknown.length > 0) {
    fail(
      unknown.map((key) => ({
        row: 0,
        field: key,
        rule,
        message: `"${key}" is not a field of an organisation file, which holds "units" and, optionally, "levels"; check its spelling`,
      })),
    );
  }
  if (!('levels' in object)) return { levels: null, units };
  const levels = LevelsSchema.safeParse(object.levels);
  if (!levels.success) fail(flattenZodError(levels.error).map((issue) => ({ row: 0, field: `levels${issue.path}`, rule: 'levels', message: issue.message })));
  return { levels: levels.data, units };
}

/** The value of a JSON or YAML file, or `OrgImportError` naming its syntax error (row 0: the file as a whole). */
function parseDocument(text: string, format: 'JSON' | 'YAML', parse: (text: string) => unknown): unknown {
  try {
    return parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    fail([
      {
        row: 0,
        rule: format === 'JSON' ? 'json' : 'yaml',
        message: `the file is not valid ${format} (${error instanceof Error ? error.message : String(error)}); fix the syntax and import again`,
      },
    ]);
  }
}

/** Parses organisation JSON: an array of units, or `{ "levels": [...], "units": [...] }`. Throws `OrgImportError` when it is neither. */
export function parseOrgJson(text: string): OrgDocument {
  return orgDocument(parseDocument(text, 'JSON', JSON.parse), 'JSON');
}

/** Parses organisation YAML, the same shapes as JSON. Throws `OrgImportError` when it is neither. */
export function parseOrgYaml(text: string): OrgDocument {
  // The core schema, as for directive specs: no YAML 1.1 readings of yes/no or dates behind the schema's back.
  return orgDocument(
    parseDocument(text, 'YAML', (t) => parseYaml(t, { schema: 'core', uniqueKeys: true })),
    'YAML',
  );
}

/**
 * Parses and validates an organisation in one step; returns the tree or throws `OrgImportError`
 * listing every problem. The units are read against the levels the file declares, else against
 * `directoryLevels` (the directory's current levels; the 2021 four by default).
 */
export function importOrg(text: string, format: OrgFormat, directoryLevels: readonly LevelDefinition[] = DEFAULT_LEVEL_DEFINITIONS): OrgTree {
  const document: OrgDocument = format === 'csv' ? { levels: null, units: parseOrgCsv(text) } : format === 'json' ? parseOrgJson(text) : parseOrgYaml(text);
  return requireValidOrg(document.units, document.levels ?? directoryLevels);
}

/**
 * The text of an organisation file's bytes: UTF-8 with or without a BOM. Anything else (UTF-16,
 * Windows-1258, Latin-1) is refused with `OrgImportError` naming the row (CSV: line n is row n−1,
 * the header being row 0) and the encoding, so nothing is imported with mangled names.
 */
export function decodeOrgFile(bytes: Uint8Array, format: OrgFormat): string {
  const decoded = decodeUtf8Strict(bytes);
  if (decoded.ok) return decoded.text;
  const { line, message } = decoded.problem;
  const row = format === 'csv' ? Math.max(0, line - 1) : 0;
  const where = format === 'csv' ? (row === 0 ? 'header (row 0)' : `row ${row}`) : `line ${line}`;
  fail([{ row, rule: 'encoding', message: `${where}: ${message}` }]);
}

/** `importOrg` over raw file bytes: strict UTF-8 first (see decodeOrgFile), then parse and validate. */
export function importOrgBytes(bytes: Uint8Array, format: OrgFormat, directoryLevels: readonly LevelDefinition[] = DEFAULT_LEVEL_DEFINITIONS): OrgTree {
  return importOrg(decodeOrgFile(bytes, format), format, directoryLevels);
}
