// What a launch must refuse before anything starts: offsets and counts out of bounds (schema),
// an issue date after today, deadlines before the issue date or out of range, and any instant
// the workflows would need that is not a real moment (the same schedule code the workflows run).
import { DirectiveSpecError, validateDirectiveSpec, type DirectiveSpec } from '../../src/domain/directive/directive';
import { checkLaunchTimes } from '../../src/domain/directive/launch-check';

const NOW = '2026-12-03T02:36:00.000Z'; // 09:36 on 03/12/2026 in Vietnam
const LEVELS = ['province', 'district', 'cell'];

function spec(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code: '01-CT/TW',
    title: 'Nghiên cứu, học tập, quán triệt Nghị quyết',
    issuer: 'Bộ Chính trị',
    issuedOn: '2026-12-01',
    root: 'TW',
    deadlines: { province: 'Q2/2027', district: 'quý III/2027', cell: '30/09/2027' },
    ...overrides,
  };
}

function schemaIssues(input: Record<string, unknown>): Array<[string, string]> {
  try {
    validateDirectiveSpec(input);
  } catch (error) {
    if (error instanceof DirectiveSpecError) return error.issues.map((i) => [i.path, i.rule]);
    throw error;
  }
  return [];
}

function launchIssues(input: Record<string, unknown>, now = NOW): Array<[string, string]> {
  return checkLaunchTimes(validateDirectiveSpec(input) as DirectiveSpec, LEVELS, now).map((i) => [i.path, i.rule]);
}

describe('spec bounds (schema, no clock)', () => {
  test('a reminder more than 366 days before the deadline is refused naming its index', () => {
    expect(schemaIssues(spec({ reminders: ['-3d', '-99999999999999w'] }))).toEqual([['reminders[1]', 'offset-range']]);
    expect(schemaIssues(spec({ reminders: ['-367d'] }))).toEqual([['reminders[0]', 'offset-range']]);
    expect(schemaIssues(spec({ reminders: ['-366d', '-P52W'] }))).toEqual([]);
  });

  test('an escalation step more than 366 days after the deadline is refused naming its index', () => {
    expect(schemaIssues(spec({ escalation: ['0d', '99999999999999w'] }))).toEqual([['escalation[1]', 'offset-range']]);
    expect(schemaIssues(spec({ escalation: ['P367D'] }))).toEqual([['escalation[0]', 'offset-range']]);
    expect(schemaIssues(spec({ escalation: ['0d', '366d'] }))).toEqual([]);
  });

  test('at most 10 reminders and 10 escalation steps', () => {
    const many = (n: number, sign: string) => Array.from({ length: n }, (_v, i) => `${sign}${i}h`);
    expect(schemaIssues(spec({ reminders: many(10, '-') }))).toEqual([]);
    expect(schemaIssues(spec({ reminders: many(11, '-') }))).toEqual([['reminders', 'too-many']]);
    expect(schemaIssues(spec({ escalation: many(5000, '') }))).toEqual([['escalation', 'too-many']]);
  });

  test('a duration deadline must be longer than nothing and at most 1,826 days', () => {
    expect(schemaIssues(spec({ deadlines: { cell: 'P99999999D' } }))).toEqual([['deadlines.cell', 'deadline-range']]);
    expect(schemaIssues(spec({ deadlines: { cell: 'P1827D' } }))).toEqual([['deadlines.cell', 'deadline-range']]);
    expect(schemaIssues(spec({ deadlines: { cell: 'P0D' } }))).toEqual([['deadlines.cell', 'deadline-range']]);
    expect(schemaIssues(spec({ deadlines: { cell: 'P1826D', district: 'PT20S' } }))).toEqual([]);
  });
});

describe('checkLaunchTimes (at launch, against the clock)', () => {
  test('a valid spec launched today passes', () => {
    expect(launchIssues(spec())).toEqual([]);
    expect(launchIssues(spec({ issuedOn: '2026-12-03', deadlines: { province: 'P45D', district: 'PT20S', cell: 'Q3/2036' } }))).toEqual([]);
  });

  test('issuedOn after today in Vietnam is refused, today itself is not', () => {
    // 17:30 UTC on 3 December is already 4 December in Vietnam.
    expect(launchIssues(spec({ issuedOn: '2026-12-04' }))).toEqual([['issuedOn', 'issued-in-future']]);
    expect(launchIssues(spec({ issuedOn: '2026-12-04' }), '2026-12-03T17:30:00.000Z')).toEqual([]);
    expect(launchIssues(spec({ issuedOn: '2026-12-03' }))).toEqual([]);
  });

  test('an issue date before 03/02/1930 is refused as a mistyped year', () => {
    expect(launchIssues(spec({ issuedOn: '1026-12-01' }))).toEqual([['issuedOn', 'issued-too-early']]);
    expect(launchIssues(spec({ issuedOn: '1930-02-03' }))).toEqual([]);
  });

  test('a deadline before the issue date or more than ten years ahead is refused naming its level; one already past is not', () => {
    expect(launchIssues(spec({ issuedOn: '2026-12-01', deadlines: { province: '30/11/2026', district: 'Q3/2027', cell: '30/9/2027' } }))).toEqual([
      ['deadlines.province', 'deadline-before-issue'],
    ]);
    // A late launch: its units are overdue at once, as the secretariat catching up expects.
    expect(launchIssues(spec({ issuedOn: '2026-01-05', deadlines: { province: '30/11/2026', district: 'Q3/2027', cell: '30/9/2027' } }))).toEqual([]);
    expect(launchIssues(spec({ deadlines: { province: 'Q4/9999', district: 'Q1/2037', cell: '30/9/2027' } }))).toEqual([
      ['deadlines.province', 'deadline-too-far'],
      ['deadlines.district', 'deadline-too-far'],
    ]);
  });

  test('only levels that have units under the root are checked', () => {
    expect(checkLaunchTimes(validateDirectiveSpec(spec({ deadlines: { province: 'Q4/9999', cell: '30/9/2027' } })), ['cell'], NOW)).toEqual([]);
  });

  test('instants are computed with the workflows’ own schedule code: one that is no real moment names its offset', () => {
    // Reminders and escalation steps are bounded by the schema, so a spec that passed it cannot
    // produce one; the check still runs every instant through reminderInstants/escalationInstants.
    const unchecked = { ...validateDirectiveSpec(spec()), reminders: ['-99999999999999w'], escalation: ['0d', '99999999999999w'] } as DirectiveSpec;
    expect(checkLaunchTimes(unchecked, LEVELS, NOW).map((i) => [i.path, i.rule])).toEqual([
      ['reminders[0]', 'instant'],
      ['escalation[1]', 'instant'],
    ]);
  });
});
