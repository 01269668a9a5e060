/**
 * fast-check arbitraries of inputs that are invalid for a known reason: a valid report, organisation
 * or directive spec with one to three fields replaced by values the shared zod schemas (or the rules
 * on top of them) must refuse. Each case carries the fields it broke, so a test can demand that the
 * rejection names one of them — not just that something failed.
 */
import fc from 'fast-check';
import type { OrgUnitInput } from '../../src/domain/org/org';
import { ORG_CSV_COLUMNS } from '../../src/domain/org/org-import';
import { CompletionReportSchema } from '../../src/domain/track/completion-report';

/** An input and the fields (report/spec keys, or CSV columns with their 1-based row) it breaks. */
export interface InvalidCase<T> {
  input: T;
  fields: string[];
  /** The organisation row broken (1-based), for organisation cases. */
  row?: number;
}

/** Report fields, straight from the schema, so a new field without bad values here fails the check below. */
export const REPORT_FIELDS = Object.keys(CompletionReportSchema.shape);

/** Values each report field must refuse, given a valid report dated `today` for a directive issued `issuedOn`. */
function badReportValues(year: number): Record<string, unknown[]> {
  // 2^31 and 3e9 pass a plain integer check but not PostgreSQL `integer`.
  const counts = [-1, 1.5, 'mười', null, [], {}, 1e20, '12', 2 ** 31, 3e9];
  const dates = ['31/02/2026', 'hôm qua', '', 20260101, `1/1/${year + 1}`, '1/1/2000', '2026-13-01'];
  return {
    conferenceDate: dates,
    attendees: [...counts, 10_000], // 10 000 > members: the cross-field rule names attendees
    members: counts,
    essaysSubmitted: [...counts, 10_000],
    essaysExpected: counts,
    documentNumber: ['', 'KH', '30-KH', 42, 'x'.repeat(300), null],
    documentDate: dates,
    // NUL and lone surrogates: text and jsonb cannot hold them (the pg driver would write U+FFFD for a surrogate).
    notes: ['x'.repeat(2001), 42, null, 'Đã học\u0000tập', 'Đã học tập \uD83D', '\uDE00 Đã học tập'],
    reportedBy: ['', 'Bí thư\r\nBcc: spy@attacker.test', 'x'.repeat(201), 42, null, '\t', 'Bí thư\u0000', 'Bí thư \uDBFF'],
  };
}

/** Reports with 1–3 fields broken. */
export function invalidReports(base: Record<string, unknown>, year: number): fc.Arbitrary<InvalidCase<Record<string, unknown>>> {
  const bad = badReportValues(year);
  const missing = REPORT_FIELDS.filter((f) => !(f in bad));
  if (missing.length) throw new Error(`no bad values for report fields ${missing.join(', ')}`);
  const pair = fc.constantFrom(...REPORT_FIELDS).chain((field) => fc.constantFrom(...(bad[field] as unknown[])).map((value) => [field, value] as const));
  return fc.uniqueArray(pair, { minLength: 1, maxLength: 3, selector: ([field]) => field }).map((pairs) => {
    const input = { ...base };
    for (const [field, value] of pairs) input[field] = value;
    return { input, fields: pairs.map(([field]) => field) };
  });
}

/** Values each directive-spec field must refuse (the organisation has no unit NOPE and levels central..cell). */
const nextYear = new Date().getUTCFullYear() + 1;
/**
 * Values each spec field must refuse. Besides the shapes: offsets and durations with no sane
 * instant, more steps than a spec may have, years out of range, an issue date after today.
 */
const BAD_SPEC_VALUES: Record<string, unknown[]> = {
  code: ['', '###', 'x', 42],
  title: ['', 'Học tập\nNghị quyết', 'x'.repeat(501), 42],
  issuer: ['', 'x'.repeat(301), null],
  issuedOn: ['31/02/2026', 'hôm nay', '', 20260101, `${nextYear}-01-01`, '01/01/1900'],
  root: ['NOPE', 'Đ-01', '', 'a b'],
  deadlines: [
    {},
    { cell: 'Q5/2026' },
    { province: 'sớm' },
    'Q2/2026',
    [],
    { province: 'P99999999D', district: `Q3/${nextYear}`, cell: `Q3/${nextYear}` },
    { province: 'Q4/9999', district: `Q3/${nextYear}`, cell: `Q3/${nextYear}` },
  ],
  reminders: [['3d'], ['abc'], 'x', [7], ['-99999999999999w'], Array.from({ length: 11 }, (_v, i) => `-${i}d`)],
  escalation: [['-1d'], ['7d', '0d'], ['zz'], 5, ['0d', '99999999999999w'], Array.from({ length: 5000 }, (_v, i) => `${i}m`)],
  language: ['fr', 42],
  deadline: ['Q2/2026'], // a misspelt key: the spec is strict
};

/** Directive specs with 1–2 fields broken. */
export function invalidSpecs(base: Record<string, unknown>): fc.Arbitrary<InvalidCase<Record<string, unknown>>> {
  const fields = Object.keys(BAD_SPEC_VALUES);
  const pair = fc.constantFrom(...fields).chain((field) => fc.constantFrom(...(BAD_SPEC_VALUES[field] as unknown[])).map((value) => [field, value] as const));
  return fc.uniqueArray(pair, { minLength: 1, maxLength: 2, selector: ([field]) => field }).map((pairs) => {
    const input = { ...base };
    for (const [field, value] of pairs) input[field] = value;
    return { input, fields: pairs.map(([field]) => field) };
  });
}

type Column = (typeof ORG_CSV_COLUMNS)[number];

/**
 * Values each organisation column must refuse, for unit `id` (the column being replaced in that unit's row).
 * NUL and lone surrogates only in JSON, where they arrive as \u escapes: a CSV file cannot carry a lone
 * surrogate in UTF-8 at all, and its NUL bytes are refused as an encoding problem of the row.
 */
function badOrgValues(id: string, earlierId: string | null, format: 'csv' | 'json'): Record<Column, Array<string | number | null>> {
  const json = format === 'json';
  return {
    // A duplicate is reported on the later of the two rows, so only an earlier row's id is copied.
    id: ['', 'ĐV-01', 'a b', 'x'.repeat(65), ...(earlierId ? [earlierId] : [])],
    name: ['', 'Chi bộ\tkhu 1', 'x'.repeat(301), ...(json ? ['Chi bộ\u0000', 'Chi bộ \uD800'] : [])],
    level: ['ward', '', ...(json ? ['cell\uDC00'] : [])],
    parentId: ['NOPE', id],
    email: ['not-an-email', 'a@b.test\r\nBcc: spy@attacker.test', 'a@b.test, c@d.test'],
    members: [-1, 1.5, 'abc', '', '1.000', 2 ** 31, 3e9],
    essaysExpected: [-1, 'mười', '', 2 ** 31, '99999999999999999999'],
  };
}

/** An organisation as rows of text cells (CSV) or objects (JSON), with one cell broken. */
export function invalidOrgs(units: readonly OrgUnitInput[]): fc.Arbitrary<InvalidCase<{ format: 'csv' | 'json'; rows: Array<Record<Column, unknown>> }>> {
  const rows = units.map((u) => ({ ...u, parentId: u.parentId ?? '' }) as Record<Column, unknown>);
  return fc
    .record({
      format: fc.constantFrom('csv' as const, 'json' as const),
      index: fc.integer({ min: 0, max: rows.length - 1 }),
      column: fc.constantFrom(...ORG_CSV_COLUMNS),
      pick: fc.nat(),
    })
    .map(({ format, index, column, pick }) => {
      const row = rows[index] as Record<Column, unknown>;
      const earlier = index > 0 ? String((rows[index - 1] as Record<Column, unknown>).id) : null;
      const values = badOrgValues(String(row.id), earlier, format)[column];
      const value = values[pick % values.length];
      const broken = rows.map((r, i) => (i === index ? { ...r, [column]: value } : r));
      return { input: { format, rows: broken }, fields: [column], row: index + 1 };
    });
}

/** CSV text of rows, every field quoted. */
export function rowsToCsv(rows: ReadonlyArray<Record<string, unknown>>): string {
  const q = (v: unknown) => `"${String(v ?? '').replace(/"/g, '""')}"`;
  return [ORG_CSV_COLUMNS.join(','), ...rows.map((r) => ORG_CSV_COLUMNS.map((c) => q(r[c])).join(','))].join('\n');
}

/** JSON text of rows: counts as numbers when they are numbers, an empty parentId as null. */
export function rowsToJson(rows: ReadonlyArray<Record<string, unknown>>): string {
  return JSON.stringify(rows.map((r) => ({ ...r, parentId: r.parentId === '' ? null : r.parentId })));
}

/** A refused extension: the command's `to` (and `reason`), the unit it is sent for, the fields it breaks and the answer expected. */
export interface BadExtension {
  kind: string;
  to: unknown;
  reason?: unknown;
  /** 'open' for a unit that may be extended, 'closed' for one that has reported. */
  unit: 'open' | 'closed';
  fields: string[];
  /** 400 for bad input, 409 for a rule of the unit's state. */
  status: 400 | 409;
}

/**
 * The kinds of refused extensions, for an open unit whose deadline in force is 30/09/`year` (and a
 * closed unit): unreadable and impossible dates, durations, past dates, dates not later than the
 * deadline, characters that cannot be stored, and a unit that has already reported.
 */
export function badExtensions(year: number): BadExtension[] {
  const to = (kind: string, value: unknown, status: 400 | 409 = 400): BadExtension => ({ kind, to: value, unit: 'open', fields: ['to'], status });
  return [
    to('impossible date 31/02', `31/02/${year + 1}`),
    to('impossible date 30/02', `30/02/${year + 1}`),
    to('29/02 of a common year', '29/02/2027'),
    to('month 13', `${year + 1}-13-01`),
    to('words', 'tuần sau'),
    to('empty', ''),
    to('blank', '   '),
    to('ISO duration', 'P10D'),
    to('hours duration', 'PT36H'),
    to('quarter 5', `Q5/${year + 1}`),
    to('quý V', `quý V/${year + 1}`),
    to('date-time without offset', `${year + 1}-06-30T17:00`),
    to('impossible date-time', `${year + 1}-06-31T17:00:00+07:00`),
    to('a past date', '01/01/2020', 409),
    to('a past quarter', 'Q1/2020', 409),
    to('before the deadline in force', `01/01/${year}`, 409),
    to('the deadline in force itself', `30/09/${year}`, 409),
    to('NUL', `31/12/${year}\u0000`),
    to('lone surrogate', `31/12/${year}\uD800`),
    to('too long', `31/12/${year}${' '.repeat(60)}x`),
    to('line break', `31/12\n/${year}`),
    to('a number', 20271231),
    to('missing', null),
    { kind: 'reason with NUL', to: `31/12/${year}`, reason: 'bão\u0000', unit: 'open', fields: ['reason'], status: 400 },
    { kind: 'reason too long', to: `31/12/${year}`, reason: 'x'.repeat(1001), unit: 'open', fields: ['reason'], status: 400 },
    { kind: 'closed unit', to: `31/12/${year + 2}`, unit: 'closed', fields: ['unitId'], status: 409 },
  ];
}

/** Byte sequences that are not UTF-8: Windows-1258 "í ", an overlong "/", an encoded surrogate, bytes UTF-8 never uses, a cut-off sequence. */
export const NOT_UTF8: readonly number[][] = [[0xed, 0x20], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xff], [0xe1, 0xba]];

/** A JSON body with the bytes `bad` inside the string value of `field` (which must hold a string in `body`). */
export function jsonWithBytes(body: Record<string, unknown>, field: string, bad: readonly number[]): Buffer {
  const marker = '\u2063MARK\u2063';
  const [head, tail] = JSON.stringify({ ...body, [field]: `B${marker}th` }).split(marker) as [string, string];
  return Buffer.concat([Buffer.from(head), Buffer.from(bad), Buffer.from(tail)]);
}
