// Property-based fuzzing of the shared boundary schemas: whatever arrives, a report, an
// organisation import or a directive spec is either accepted whole or rejected with issues that
// each name a field (or a row) — never an exception of the wrong kind, never a partial result.
import fc from 'fast-check';
import { DirectiveSpecError, parseDirectiveSpec } from '../../src/domain/directive/directive';
import { OrgImportError } from '../../src/domain/org/org';
import { importOrg } from '../../src/domain/org/org-import';
import { CompletionReportSchema, validateReport } from '../../src/domain/track/completion-report';

const REPORT_FIELDS = Object.keys(CompletionReportSchema.shape);
const NOW = '2021-10-30T03:00:00.000Z';
const ctx = { unitId: 'QN-HL-017', now: NOW, directiveIssuedOn: '2021-03-09' };

/** Values that look like report fields, right and wrong: numbers, dates in many forms, junk. */
const fieldValue = fc.oneof(
  fc.integer({ min: -5, max: 5000 }),
  fc.double(),
  fc.constantFrom('30/6/2021', '2021-06-30', '31/02/2021', '01/01/2099', '1/1/2020', '30-KH/TU', '06 – CTr/TU', 'KH', ''),
  fc.string(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.integer(), { maxLength: 2 }),
);
const reportLike = fc.record(Object.fromEntries(REPORT_FIELDS.map((f) => [f, fieldValue])), { requiredKeys: [] });

test('every report is accepted satisfying the rules, or rejected naming known fields', () => {
  let rejected = 0;
  fc.assert(
    fc.property(reportLike, (input) => {
      const result = validateReport(input, ctx);
      if (result.ok) {
        const r = result.report;
        return r.attendees <= r.members && r.essaysSubmitted <= r.essaysExpected && r.conferenceDate <= '2021-10-30' && r.conferenceDate >= '2021-03-09';
      }
      rejected += 1;
      return result.issues.length > 0 && result.issues.every((i) => REPORT_FIELDS.includes(i.field) && i.message.length > 0);
    }),
    { numRuns: 2000, seed: 7 },
  );
  expect(rejected).toBeGreaterThan(1500);
});

test('valid reports built from the rules are always accepted', () => {
  const valid = fc
    .record({ members: fc.integer({ min: 0, max: 10_000 }), expected: fc.integer({ min: 0, max: 10_000 }), day: fc.integer({ min: 9, max: 30 }) })
    .chain(({ members, expected, day }) =>
      fc.record({
        conferenceDate: fc.constant(`${day}/10/2021`),
        attendees: fc.integer({ min: 0, max: members }),
        members: fc.constant(members),
        essaysSubmitted: fc.integer({ min: 0, max: expected }),
        essaysExpected: fc.constant(expected),
        documentNumber: fc.constantFrom('30-KH/TU', '06-CTr/TU', '123-CV/TU', '05-KH/ĐU'),
        documentDate: fc.constant('2021-10-09'),
        reportedBy: fc.constantFrom('Văn phòng Thành ủy', 'Bí thư chi bộ'),
      }),
    );
  fc.assert(
    fc.property(valid, (input) => validateReport(input, ctx).ok),
    { numRuns: 1000, seed: 11 },
  );
});

const csvCell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('TW', 'QN', 'central', 'province', 'cell', 'a@b.vn', 'x', '-1', '12', '"', ',', '\n', '=SUM(A1)'),
);
const csvRow = fc.array(csvCell, { minLength: 7, maxLength: 7 });
const header = 'id,name,level,parentId,email,members,essaysExpected';

test('an organisation import either returns a whole tree or throws OrgImportError naming rows', () => {
  fc.assert(
    fc.property(fc.array(csvRow, { maxLength: 8 }), (rows) => {
      const text = [header, ...rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(','))].join('\n');
      try {
        const tree = importOrg(text, 'csv');
        return tree.size === rows.length;
      } catch (err) {
        if (!(err instanceof OrgImportError)) throw err;
        return err.issues.length > 0 && err.issues.every((i) => Number.isInteger(i.row) && i.row >= 0 && i.row <= rows.length && i.message.length > 0);
      }
    }),
    { numRuns: 1500, seed: 3 },
  );
});

test('a directive spec either parses or throws DirectiveSpecError naming a field path', () => {
  const specLike = fc.record(
    {
      code: fc.oneof(fc.constantFrom('01-CT/TW', '05-CT/TW', 'CT'), fc.string()),
      title: fc.oneof(fc.constant('Học tập Nghị quyết'), fc.string()),
      issuer: fc.oneof(fc.constant('Bộ Chính trị'), fc.string()),
      issuedOn: fc.oneof(fc.constantFrom('2021-03-09', '9/3/2021', '31/2/2021'), fc.string()),
      root: fc.oneof(fc.constant('TW'), fc.string()),
      deadlines: fc.dictionary(
        fc.constantFrom('province', 'district', 'cell', ''),
        fc.oneof(fc.constantFrom('Q2/2021', 'quý III/2021', '30/09/2021', 'P45D', 'Q5/2021'), fc.string()),
      ),
      reminders: fc.array(fc.oneof(fc.constantFrom('-14d', '-3d', '0d', '3d'), fc.string()), { maxLength: 3 }),
      escalation: fc.array(fc.oneof(fc.constantFrom('0d', '7d', '-1d'), fc.string()), { maxLength: 3 }),
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(specLike, (spec) => {
      try {
        parseDirectiveSpec(JSON.stringify(spec), 'json');
        return true;
      } catch (err) {
        if (!(err instanceof DirectiveSpecError)) throw err;
        return err.issues.length > 0 && err.issues.every((i) => typeof i.path === 'string' && i.message.length > 0);
      }
    }),
    { numRuns: 1500, seed: 5 },
  );
});
