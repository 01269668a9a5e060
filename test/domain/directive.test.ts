import {
  DirectiveSpecError,
  checkDirectiveAgainstOrg,
  deadlineForLevel,
  directiveIdFor,
  parseDirectiveSpec,
  requireValidOrg,
  validateDirectiveSpec,
} from '../../src/domain';
import { quangNinhOrg } from './org-fixtures';

const YAML_SPEC = `code: 01-CT/TW
title: Nghiên cứu, học tập, quán triệt Nghị quyết Đại hội XIII
issuer: Bộ Chính trị
issuedOn: 2021-03-09
root: TW
deadlines: { province: Q2/2021, district: "quý III/2021", cell: 30/09/2021 }
reminders: [-14d, -3d, 0d]
escalation: [0d, 7d, 14d]
`;

function issuesOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof DirectiveSpecError) return error.issues.map(({ path, message }) => ({ path, message }));
    throw error;
  }
  throw new Error('expected a DirectiveSpecError');
}

describe('parseDirectiveSpec', () => {
  test('parses the 01-CT/TW example from YAML, keeping issuedOn a date string', () => {
    expect(parseDirectiveSpec(YAML_SPEC, 'yaml')).toEqual({
      code: '01-CT/TW',
      title: 'Nghiên cứu, học tập, quán triệt Nghị quyết Đại hội XIII',
      issuer: 'Bộ Chính trị',
      issuedOn: '2021-03-09',
      root: 'TW',
      deadlines: { province: 'Q2/2021', district: 'quý III/2021', cell: '30/09/2021' },
      reminders: ['-14d', '-3d', '0d'],
      escalation: ['0d', '7d', '14d'],
      deadlineOnDayOff: 'keep',
      language: 'vi',
    });
  });

  test('parses the same spec from JSON, with auto-detection, normalising a Vietnamese issue date', () => {
    const json = JSON.stringify({
      code: '01-CT/TW',
      title: 'T',
      issuer: 'Bộ Chính trị',
      issuedOn: '09/3/2021',
      root: 'TW',
      deadlines: { cell: 'P45D' },
      language: 'en',
    });
    expect(parseDirectiveSpec(json, 'auto')).toMatchObject({ issuedOn: '2021-03-09', deadlines: { cell: 'P45D' }, language: 'en' });
    expect(parseDirectiveSpec(json, 'json').code).toBe('01-CT/TW');
  });

  test('fills in default reminders, escalation and language', () => {
    const spec = parseDirectiveSpec(YAML_SPEC.replace('reminders: [-14d, -3d, 0d]\n', '').replace('escalation: [0d, 7d, 14d]\n', ''), 'yaml');
    expect(spec.reminders).toEqual(['-14d', '-3d', '0d']);
    expect(spec.escalation).toEqual(['0d', '7d', '14d']);
    expect(spec.language).toBe('vi');
  });

  test('normalises a document code with spaces around the dash', () => {
    expect(parseDirectiveSpec(YAML_SPEC.replace('code: 01-CT/TW', 'code: 06 – CTr/TU'), 'yaml').code).toBe('06-CTr/TU');
  });

  test('a bad district deadline is reported at deadlines.district', () => {
    const issues = issuesOf(() => parseDirectiveSpec(YAML_SPEC.replace('"quý III/2021"', '"quý V/2021"'), 'yaml'));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('deadlines.district');
    expect(issues[0]?.message).toMatch(/^"quý V\/2021" is not a valid deadline: there is no quarter V/);
  });

  test('an impossible cell date is reported at deadlines.cell', () => {
    expect(issuesOf(() => parseDirectiveSpec(YAML_SPEC.replace('30/09/2021', '31/09/2021'), 'yaml')).map((i) => i.path)).toEqual(['deadlines.cell']);
  });

  test('a positive reminder and a negative escalation are reported at their index', () => {
    const text = YAML_SPEC.replace('[-14d, -3d, 0d]', '[-14d, 3d]').replace('[0d, 7d, 14d]', '[-1d]');
    expect(issuesOf(() => parseDirectiveSpec(text, 'yaml'))).toEqual([
      { path: 'reminders[1]', message: 'reminder "3d" is after the deadline; reminders must be ≤ 0 (e.g. -3d, 0d)' },
      { path: 'escalation[0]', message: 'escalation "-1d" is before the deadline; escalation steps must be ≥ 0 (e.g. 0d, 7d)' },
    ]);
  });

  test('escalation steps out of time order are reported', () => {
    expect(issuesOf(() => parseDirectiveSpec(YAML_SPEC.replace('[0d, 7d, 14d]', '[0d, 14d, 7d]'), 'yaml'))).toEqual([
      { path: 'escalation[2]', message: 'escalation step 3 (7d) comes before step 2 (14d); list steps in time order' },
    ]);
  });

  test('an unreadable offset is reported with the accepted forms', () => {
    const issues = issuesOf(() => parseDirectiveSpec(YAML_SPEC.replace('[-14d, -3d, 0d]', '[two weeks]'), 'yaml'));
    expect(issues[0]).toMatchObject({ path: 'reminders[0]' });
    expect(issues[0]?.message).toContain('"two weeks" is not an offset');
  });

  test('a misspelt key is an error rather than silently ignored', () => {
    const issues = issuesOf(() => parseDirectiveSpec(YAML_SPEC.replace('reminders:', 'reminder:'), 'yaml'));
    expect(issues).toEqual([{ path: 'reminder', message: 'reminder is not a known field; check its spelling' }]);
  });

  test('missing and malformed fields are each named', () => {
    const text = YAML_SPEC.replace('root: TW\n', '').replace('code: 01-CT/TW', 'code: CT-01').replace('issuedOn: 2021-03-09', 'issuedOn: 2021-02-30');
    expect(issuesOf(() => parseDirectiveSpec(text, 'yaml')).map((i) => i.path)).toEqual(['code', 'issuedOn', 'root']);
  });

  test('an empty deadlines map is refused', () => {
    expect(issuesOf(() => parseDirectiveSpec(YAML_SPEC.replace(/deadlines: .*\n/, 'deadlines: {}\n'), 'yaml'))).toEqual([
      { path: 'deadlines', message: 'deadlines is empty; give at least one level, e.g. { cell: 30/09/2021 }' },
    ]);
  });

  test('a YAML syntax error is reported with its line', () => {
    const issues = issuesOf(() => parseDirectiveSpec('code: [01-CT/TW\n', 'yaml'));
    expect(issues[0]?.message).toMatch(/^the spec is not valid YAML: .*line/s);
  });

  test('a spec that is not a mapping is refused', () => {
    expect(issuesOf(() => parseDirectiveSpec('- a\n- b\n', 'yaml'))[0]?.message).toMatch(/^the spec must be a mapping/);
  });

  test('the error message lists every issue with its path', () => {
    expect(() => parseDirectiveSpec(YAML_SPEC.replace('"quý III/2021"', 'soon'), 'yaml')).toThrow(
      /^directive spec is invalid:\n- deadlines\.district: "soon" is not a valid deadline/,
    );
  });

  test('parses the 2016 Quảng Ninh plan: districts and cells by the end of quý III/2016', () => {
    const text =
      'code: 30-KH/TU\ntitle: Học tập Nghị quyết Đại hội XII\nissuer: Tỉnh ủy Quảng Ninh\nissuedOn: 16/5/2016\nroot: QN\ndeadlines:\n  district: quý III/2016\n  cell: quý III năm 2016\n';
    const spec = parseDirectiveSpec(text, 'auto');
    expect(spec.issuedOn).toBe('2016-05-16');
    expect(deadlineForLevel(spec, 'cell')).toEqual({ kind: 'instant', at: '2016-09-30T16:59:59.999Z', wholeDay: true });
  });

  test('validateDirectiveSpec accepts an object from an API body', () => {
    expect(
      validateDirectiveSpec({
        code: '30-KH/TU',
        title: 'Kế hoạch',
        issuer: 'Tỉnh ủy Quảng Ninh',
        issuedOn: '16/5/2016',
        root: 'QN',
        deadlines: { district: 'quý III/2016' },
      }).issuedOn,
    ).toBe('2016-05-16');
  });
});

describe('deadlines per level', () => {
  test('deadlineForLevel parses the level deadline, and is undefined for a level without one', () => {
    const spec = parseDirectiveSpec(YAML_SPEC, 'yaml');
    expect(deadlineForLevel(spec, 'province')).toEqual({ kind: 'instant', at: '2021-06-30T16:59:59.999Z', wholeDay: true });
    expect(deadlineForLevel(spec, 'central')).toBeUndefined();
  });

  test('checkDirectiveAgainstOrg is empty when the spec fits the organisation', () => {
    expect(checkDirectiveAgainstOrg(parseDirectiveSpec(YAML_SPEC, 'yaml'), requireValidOrg(quangNinhOrg()))).toEqual([]);
  });

  test('checkDirectiveAgainstOrg names a level under the root that has no deadline, and unknown levels', () => {
    const spec = { root: 'TW', deadlines: { province: 'Q2/2021', district: 'quý III/2021', ward: '30/09/2021' } };
    expect(checkDirectiveAgainstOrg(spec, requireValidOrg(quangNinhOrg())).map((i) => [i.path, i.message])).toEqual([
      ['deadlines.ward', '"ward" is not a level of this organisation (central, province, district, cell); rename or remove it'],
      ['deadlines.cell', 'no deadline for level "cell", which has 4 units under TW; add one'],
    ]);
  });

  test('checkDirectiveAgainstOrg names a root that is not in the organisation', () => {
    expect(checkDirectiveAgainstOrg({ root: 'HN', deadlines: { cell: 'P45D' } }, requireValidOrg(quangNinhOrg()))).toEqual([
      { path: 'root', rule: 'unknown-unit', message: 'root "HN" is not a unit of the organisation; use the id of the issuing unit' },
    ]);
  });
});

describe('directiveIdFor', () => {
  test('turns slashes into dashes: 01-CT/TW → 01-CT-TW', () => {
    expect(directiveIdFor('01-CT/TW')).toBe('01-CT-TW');
    expect(directiveIdFor('03-HD/BTGTW')).toBe('03-HD-BTGTW');
  });

  test('is deterministic and ignores spacing variants of the same code', () => {
    expect(directiveIdFor('06 – CTr/TU')).toBe(directiveIdFor('06-CTr/TU'));
  });

  test('keeps Đ distinct from D by spelling it DD', () => {
    expect(directiveIdFor('05-KH/ĐU')).toBe('05-KH-DDU');
    expect(directiveIdFor('05-KH/ĐU')).not.toBe(directiveIdFor('05-KH/DU'));
  });

  test('appends the issue year so 01-CT/TW of 2016 and of 2021 get different ids', () => {
    expect(directiveIdFor('01-CT/TW', '2016-03-22')).toBe('01-CT-TW-2016');
    expect(directiveIdFor('01-CT/TW', '09/3/2021')).toBe('01-CT-TW-2021');
  });
});
