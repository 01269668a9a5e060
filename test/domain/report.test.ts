import { ReportValidationError, requireValidReport, validateReport } from '../../src/domain';

const ctx = { unitId: 'QN-HL-017', now: '2021-06-30T03:00:00Z', directiveIssuedOn: '2021-03-09' };

const good = {
  conferenceDate: '10/4/2021',
  attendees: 785,
  members: 790,
  essaysSubmitted: 208,
  essaysExpected: 218,
  documentNumber: '17-KH/HU',
  documentDate: '2021-04-12',
  notes: 'Hội nghị trực tuyến\ntới 17/21 điểm cầu',
  reportedBy: 'Nguyễn Văn A',
};

function issuesOf(input: unknown, context = ctx) {
  const result = validateReport(input, context);
  if (result.ok) throw new Error('expected the report to be rejected');
  return result.issues;
}

describe('validateReport', () => {
  test('accepts a good report and normalises its dates to ISO', () => {
    const result = validateReport(good, ctx);
    expect(result).toEqual({ ok: true, report: { ...good, conferenceDate: '2021-04-10', documentDate: '2021-04-12' } });
  });

  test('attendees above members is rejected with a message naming the unit', () => {
    expect(issuesOf({ ...good, attendees: 812 })).toEqual([
      { field: 'attendees', rule: 'attendees-exceed-members', message: 'attendees (812) exceeds members (790) for unit QN-HL-017' },
    ]);
  });

  test('essays submitted above essays expected is rejected', () => {
    expect(issuesOf({ ...good, essaysSubmitted: 230 })).toEqual([
      { field: 'essaysSubmitted', rule: 'essays-exceed-expected', message: 'essaysSubmitted (230) exceeds essaysExpected (218) for unit QN-HL-017' },
    ]);
  });

  test('a conference date after today in Vietnam is rejected', () => {
    expect(issuesOf({ ...good, conferenceDate: '01/07/2021' })).toEqual([
      {
        field: 'conferenceDate',
        rule: 'date-in-future',
        message: 'conferenceDate 2021-07-01 is in the future (today in Vietnam is 2021-06-30) for unit QN-HL-017',
      },
    ]);
  });

  test('"today" is the Vietnam day: at 00:30 +07:00 on 1/7 a conference that day is not in the future', () => {
    const justAfterMidnight = { ...ctx, now: '2021-06-30T17:30:00Z' };
    expect(validateReport({ ...good, conferenceDate: '1/7/2021', documentDate: '1/7/2021' }, justAfterMidnight).ok).toBe(true);
  });

  test('a document dated before the directive was issued is rejected', () => {
    expect(issuesOf({ ...good, documentDate: '2021-03-08' })).toEqual([
      {
        field: 'documentDate',
        rule: 'date-before-directive',
        message: 'documentDate 2021-03-08 is before the directive was issued (2021-03-09) for unit QN-HL-017',
      },
    ]);
  });

  test('a malformed document number is rejected naming the field', () => {
    expect(issuesOf({ ...good, documentNumber: 'KH 17' })).toEqual([
      {
        field: 'documentNumber',
        rule: 'document-number',
        message:
          'documentNumber "KH 17" is not a document number; write number-TYPE/ISSUER like 30-KH/TU, 06-CTr/TU, 123-CV/TU, 03-HD/BTGTW, 05-KH/ĐU for unit QN-HL-017',
      },
    ]);
  });

  test('accepts a document number with spaces around the dash and stores it normalised', () => {
    const result = validateReport({ ...good, documentNumber: '06 – CTr/TU' }, ctx);
    expect(result.ok && result.report.documentNumber).toBe('06-CTr/TU');
  });

  test('an impossible date is rejected with the accepted forms', () => {
    expect(issuesOf({ ...good, conferenceDate: '31/04/2021' })).toEqual([
      {
        field: 'conferenceDate',
        rule: 'date',
        message:
          'conferenceDate "31/04/2021" is not a valid date: April 2021 has 30 days, so day 31 does not exist; write it as 30/6/2021, 30/06/2021 or 2021-06-30 for unit QN-HL-017',
      },
    ]);
  });

  test('schema problems name the field and the unit', () => {
    const { reportedBy: _omit, ...withoutReporter } = good;
    expect(issuesOf({ ...withoutReporter, members: -1 }).map((i) => i.message)).toEqual([
      'members must be a whole number ≥ 0, got -1 for unit QN-HL-017',
      'reportedBy is required for unit QN-HL-017',
    ]);
  });

  test('reportedBy may not contain a line break', () => {
    expect(issuesOf({ ...good, reportedBy: 'Nguyễn Văn A\r\nBí thư' }).map((i) => i.field)).toEqual(['reportedBy']);
  });

  test('notes longer than 2000 characters are rejected', () => {
    expect(issuesOf({ ...good, notes: 'x'.repeat(2001) }).map((i) => i.message)).toEqual([
      'notes is longer than 2000 characters (2001); shorten it for unit QN-HL-017',
    ]);
  });

  test('cross-field rules still run when another field is broken, so every problem is reported at once', () => {
    expect(issuesOf({ ...good, attendees: 812, documentNumber: '' }).map((i) => i.rule)).toEqual(['document-number', 'attendees-exceed-members']);
  });

  test('a report that is not an object is rejected with what it should contain', () => {
    expect(issuesOf('done')[0]?.message).toMatch(/^a report must be an object with conferenceDate, attendees/);
  });
});

describe('requireValidReport', () => {
  test('returns the normalised report when valid', () => {
    expect(requireValidReport(good, ctx).conferenceDate).toBe('2021-04-10');
  });

  test('throws a ReportValidationError carrying the unit and the issues', () => {
    let caught: unknown;
    try {
      requireValidReport({ ...good, attendees: 812 }, ctx);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ReportValidationError);
    expect((caught as ReportValidationError).unitId).toBe('QN-HL-017');
    expect((caught as Error).message).toBe('report for unit QN-HL-017 was rejected:\n- attendees (812) exceeds members (790) for unit QN-HL-017');
  });
});
