// Schema bounds match what PostgreSQL holds: counts fit `integer` (int4), text holds no NUL and no
// lone UTF-16 surrogate. Each refusal names the field (and, for organisation files, the row).
import { ExtendCommandSchema, parseCommand, CommandValidationError } from '../../src/domain/directive/commands';
import { MAX_WHOLE_NUMBER, multiLineText, singleLineText, wholeNumber, flattenZodError } from '../../src/domain/text/fields';
import { jsonPathAt } from '../../src/domain/text/json-path-at';
import { OrgImportError, type OrgIssue } from '../../src/domain/org/org';
import { importOrg } from '../../src/domain/org/org-import';
import { validateReport } from '../../src/domain/track/completion-report';

const HEADER = 'id,name,level,parentId,email,members,essaysExpected';
const ctx = { unitId: 'QN-HL-017', now: '2021-10-30T03:00:00.000Z', directiveIssuedOn: '2021-03-09' };
const REPORT = {
  conferenceDate: '15/10/2021',
  attendees: 19,
  members: 20,
  essaysSubmitted: 18,
  essaysExpected: 20,
  documentNumber: '30-KH/TU',
  documentDate: '15/10/2021',
  reportedBy: 'Bí thư chi bộ',
};

function refusal(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: unknown): string[] {
  const result = schema.safeParse(value) as { success: boolean; error?: Parameters<typeof flattenZodError>[0] };
  return result.success ? [] : flattenZodError(result.error as Parameters<typeof flattenZodError>[0]).map((i) => i.message);
}

function orgIssues(text: string, format: 'csv' | 'json'): OrgIssue[] {
  try {
    importOrg(text, format);
  } catch (error) {
    if (error instanceof OrgImportError) return [...error.issues];
    throw error;
  }
  return [];
}

describe('counts fit PostgreSQL integer', () => {
  test('the bound is int4’s largest value, and that value is a valid count', () => {
    expect([MAX_WHOLE_NUMBER, refusal(wholeNumber('members'), 2_147_483_647)]).toEqual([2 ** 31 - 1, []]);
  });

  test.each([2 ** 31, 3e9, 1e20])('%d is refused with one message naming the field and the limit', (n) => {
    expect(refusal(wholeNumber('members'), n)).toEqual([`members is ${n}, more than 2,147,483,647, the largest count that can be stored; check the number`]);
  });

  test('a report with members 3000000000 is refused naming members, not accepted', () => {
    const result = validateReport({ ...REPORT, members: 3_000_000_000, essaysExpected: 2 ** 31 }, ctx);
    expect(result.ok ? [] : result.issues.map((i) => i.field)).toEqual(['members', 'essaysExpected']);
  });

  test.each(['csv', 'json'] as const)('an organisation %s file with a count of 2^31 is refused naming the row and the field', (format) => {
    const units = [
      { id: 'TW', name: 'Trung ương', level: 'central', parentId: null, email: 'tw@example.vn', members: 200, essaysExpected: 0 },
      { id: 'QN', name: 'Quảng Ninh', level: 'province', parentId: 'TW', email: 'qn@example.vn', members: 2 ** 31, essaysExpected: 3 },
    ];
    const text =
      format === 'json'
        ? JSON.stringify(units)
        : [HEADER, ...units.map((u) => [u.id, u.name, u.level, u.parentId ?? '', u.email, u.members, u.essaysExpected].join(','))].join('\n');
    expect(orgIssues(text, format).map((i) => [i.row, i.field, i.message])).toEqual([
      [2, 'members', 'row 2 (unit QN): members is 2147483648, more than 2,147,483,647, the largest count that can be stored; check the number'],
    ]);
  });

  test('a CSV count of many digits is too large, not "not a number"', () => {
    const issues = orgIssues(`${HEADER}\nTW,Trung ương,central,,tw@example.vn,99999999999999999999999,0`, 'csv');
    expect(issues.map((i) => [i.field, /more than 2,147,483,647/.test(i.message)])).toEqual([['members', true]]);
  });
});

describe('text holds no NUL and no lone surrogate', () => {
  test.each([
    ['NUL', 'Chi bộ\u0000 1', 'a NUL character (U+0000) at character 7'],
    ['a lone high surrogate', 'Chi bộ \uD83D', 'a lone UTF-16 surrogate (U+D83D) at character 8'],
    ['a lone low surrogate', '\uDE00Chi bộ', 'a lone UTF-16 surrogate (U+DE00) at character 1'],
  ])('%s is refused in single-line and multi-line text, naming the field and where', (_what, text, where) => {
    expect([refusal(singleLineText('reportedBy', 200), text), refusal(multiLineText('notes', 2000), text)]).toEqual([
      [`reportedBy contains ${where}, which cannot be stored; remove it (or re-type the text)`],
      [`notes contains ${where}, which cannot be stored; remove it (or re-type the text)`],
    ]);
  });

  test('a surrogate pair (an emoji) is ordinary text and kept', () => {
    expect(multiLineText('notes', 2000).parse('Hoàn thành 👍')).toBe('Hoàn thành 👍');
  });

  test('a report with NUL in notes is refused naming notes', () => {
    const result = validateReport({ ...REPORT, notes: 'Đã học tập\u0000' }, ctx);
    expect(result.ok ? [] : result.issues.map((i) => [i.field, i.rule])).toEqual([['notes', 'unstorable-character']]);
  });

  test('an extension reason with a lone surrogate is refused naming reason', () => {
    let error: unknown;
    try {
      parseCommand(ExtendCommandSchema, { unitId: 'D1-C1', actor: 'QN', to: '31/12/2027', reason: 'bão \uD800' });
    } catch (err) {
      error = err;
    }
    expect(error instanceof CommandValidationError && error.issues.map((i) => i.path)).toEqual(['reason']);
  });

  test.each([
    ['name', 'Chi bộ\u0000'],
    ['level', 'cell\uDC00'],
    ['email', `${'a'.repeat(250)}@example.vn`],
    ['parentId', 'TW\u0000'],
  ])('an organisation row with a bad %s is refused naming row and field', (field, value) => {
    const units = [
      { id: 'TW', name: 'Trung ương', level: 'central', parentId: null, email: 'tw@example.vn', members: 200, essaysExpected: 0 },
      { id: 'QN', name: 'Quảng Ninh', level: 'province', parentId: 'TW', email: 'qn@example.vn', members: 20, essaysExpected: 3, [field]: value },
    ];
    expect(orgIssues(JSON.stringify(units), 'json').map((i) => [i.row, i.field])).toEqual([[2, field]]);
  });

  test('a document number longer than 100 characters is refused naming the field', () => {
    const result = validateReport({ ...REPORT, documentNumber: `30-${'K'.repeat(120)}/TU` }, ctx);
    expect(result.ok ? [] : result.issues.map((i) => i.field)).toEqual(['documentNumber']);
  });
});

describe('jsonPathAt: the field a cut-off JSON text is inside', () => {
  test.each([
    ['{"notes":"B', 'notes'],
    ['{"deadlines":{"cell":"Q', 'deadlines.cell'],
    ['{"reminders":["3d","7', 'reminders[1]'],
    ['[{"id":"TW"},{"name":"Chi', '[1].name'],
    ['{"a":"x\\"y","to":"31', 'to'],
    ['{"deadlines":{"ce', 'deadlines'],
    ['"B', ''],
  ])('%s → %s', (prefix, path) => {
    expect(jsonPathAt(prefix)).toBe(path);
  });
});
