/**
 * fast-check arbitraries of inputs that are invalid for a known reason: a valid report, organisation
 * or directive spec with one to three fields replaced by values the shared zod schemas (or the rules
 * on top of them) must refuse. Each case carries the fields it broke, so a test can demand that the
 * rejection names one of them — not just that something failed.
 */
import fc from 'fast-check';
import type { OrgUnitInput } from '../../domain/org';
import { ORG_CSV_COLUMNS } from '../../domain/org-import';
import { CompletionReportSchema } from '../../domain/report';

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
  const counts = [-1, 1.5, 'mười', null, [], {}, 1e20, '12'];
  const dates = ['31/02/2026', 'hôm qua', '', 20260101, `1/1/${year + 1}`, '1/1/2000', '2026-13-01'];
  return {
    conferenceDate: dates,
    attendees: [...counts, 10_000], // 10 000 > members: the cross-field rule names attendees
    members: counts,
    essaysSubmitted: [...counts, 10_000],
    essaysExpected: counts,
    documentNumber: ['', 'KH', '30-KH', 42, 'x'.repeat(300), null],
    documentDate: dates,
    notes: ['x'.repeat(2001), 42, null],
    reportedBy: ['', 'Bí thư\r\nBcc: spy@attacker.test', 'x'.repeat(201), 42, null, '\t'],
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
const BAD_SPEC_VALUES: Record<string, unknown[]> = {
  code: ['', '###', 'x', 42],
  title: ['', 'Học tập\nNghị quyết', 'x'.repeat(501), 42],
  issuer: ['', 'x'.repeat(301), null],
  issuedOn: ['31/02/2026', 'hôm nay', '', 20260101],
  root: ['NOPE', 'Đ-01', '', 'a b'],
  deadlines: [{}, { cell: 'Q5/2026' }, { province: 'sớm' }, 'Q2/2026', []],
  reminders: [['3d'], ['abc'], 'x', [7]],
  escalation: [['-1d'], ['7d', '0d'], ['zz'], 5],
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

/** Values each organisation column must refuse, for unit `id` (the column being replaced in that unit's row). */
function badOrgValues(id: string, earlierId: string | null): Record<Column, Array<string | number | null>> {
  return {
    // A duplicate is reported on the later of the two rows, so only an earlier row's id is copied.
    id: ['', 'ĐV-01', 'a b', 'x'.repeat(65), ...(earlierId ? [earlierId] : [])],
    name: ['', 'Chi bộ\tkhu 1', 'x'.repeat(301)],
    level: ['ward', ''],
    parentId: ['NOPE', id],
    email: ['not-an-email', 'a@b.test\r\nBcc: spy@attacker.test', 'a@b.test, c@d.test'],
    members: [-1, 1.5, 'abc', '', '1.000'],
    essaysExpected: [-1, 'mười', ''],
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
      const values = badOrgValues(String(row.id), earlier)[column];
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

// Launch bounds (issue 13, items 2, 4 and 5): offsets and durations with no sane instant, more
// steps than a spec may have, years out of range, and an issue date after today.
const nextYear = new Date().getUTCFullYear() + 1;
BAD_SPEC_VALUES.reminders?.push(['-99999999999999w'], Array.from({ length: 11 }, (_v, i) => `-${i}d`));
BAD_SPEC_VALUES.escalation?.push(['0d', '99999999999999w'], Array.from({ length: 5000 }, (_v, i) => `${i}m`));
BAD_SPEC_VALUES.deadlines?.push({ province: 'P99999999D', district: `Q3/${nextYear}`, cell: `Q3/${nextYear}` }, { province: 'Q4/9999', district: `Q3/${nextYear}`, cell: `Q3/${nextYear}` });
BAD_SPEC_VALUES.issuedOn?.push(`${nextYear}-01-01`, '01/01/1900');
