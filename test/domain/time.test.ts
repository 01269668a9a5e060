import {
  TimeInputError,
  addMs,
  compareIso,
  formatEnDate,
  formatViDate,
  formatViDateTime,
  parseDeadlineSpec,
  parseOffset,
  quarterLabelVi,
  resolveDeadline,
  toEpochMs,
  toIsoDate,
  vnIsoDate,
} from '../../src/domain';

const instant = (text: string) => {
  const spec = parseDeadlineSpec(text);
  if (spec.kind !== 'instant') throw new Error(`expected an instant for ${text}`);
  return spec.at;
};

describe('parseDeadlineSpec: dates', () => {
  test('30/09/2021 means the end of that day in Vietnam: 2021-09-30T16:59:59.999Z', () => {
    expect(instant('30/09/2021')).toBe('2021-09-30T16:59:59.999Z');
  });

  test('30/6/2021, 30/06/2021 and 2021-06-30 are the same deadline', () => {
    expect(instant('30/6/2021')).toBe('2021-06-30T16:59:59.999Z');
    expect(instant('30/06/2021')).toBe('2021-06-30T16:59:59.999Z');
    expect(instant('2021-06-30')).toBe('2021-06-30T16:59:59.999Z');
  });

  test('accepts 29 February in a leap year', () => {
    expect(instant('29/02/2020')).toBe('2020-02-29T16:59:59.999Z');
  });

  test('an ISO date-time with an offset is taken as given', () => {
    expect(instant('2021-06-30T17:00:00+07:00')).toBe('2021-06-30T10:00:00.000Z');
    expect(instant('2021-06-30T10:00:00Z')).toBe('2021-06-30T10:00:00.000Z');
  });
});

describe('parseDeadlineSpec: quarters', () => {
  test.each([
    ['Q1/2021', '2021-03-31T16:59:59.999Z'],
    ['Q2/2021', '2021-06-30T16:59:59.999Z'],
    ['Q3/2021', '2021-09-30T16:59:59.999Z'],
    ['Q4/2021', '2021-12-31T16:59:59.999Z'],
  ])('%s ends at %s (the last day of the quarter, 23:59:59.999 in Vietnam)', (text, at) => {
    expect(instant(text)).toBe(at);
  });

  test('quý II/2016 ends at 2016-06-30T16:59:59.999Z', () => {
    expect(instant('quý II/2016')).toBe('2016-06-30T16:59:59.999Z');
  });

  test('every spelling of Q2/2016 gives the same instant', () => {
    for (const text of ['Q2/2016', 'q2/2016', 'quý II/2016', 'Quý 2/2016', 'quý II năm 2016', 'QUÝ ii/2016', 'quí II/2016']) {
      expect(instant(text)).toBe('2016-06-30T16:59:59.999Z');
    }
  });

  test('Q4 ends on 31 December, which is still 31 December in UTC until 17:00', () => {
    expect(instant('quý IV/2016')).toBe('2016-12-31T16:59:59.999Z');
  });

  test('accepts quý written decomposed (NFD), as macOS sometimes sends it', () => {
    expect(instant('quý III/2021'.normalize('NFD'))).toBe('2021-09-30T16:59:59.999Z');
  });
});

describe('parseDeadlineSpec: durations after receipt', () => {
  test.each([
    ['P45D', 45 * 86_400_000],
    ['P2W', 14 * 86_400_000],
    ['PT36H', 36 * 3_600_000],
    ['P1DT12H', 36 * 3_600_000],
  ])('%s is a duration of %d ms after receipt', (text, ms) => {
    expect(parseDeadlineSpec(text)).toEqual({ kind: 'afterReceipt', ms, text });
  });

  test('resolveDeadline adds the duration to when the unit received the directive', () => {
    expect(resolveDeadline(parseDeadlineSpec('P45D'), '2021-03-20T02:00:00.000Z')).toBe('2021-05-04T02:00:00.000Z');
    expect(resolveDeadline(parseDeadlineSpec('PT36H'), '2021-03-20T02:00:00+07:00')).toBe('2021-03-21T07:00:00.000Z');
  });

  test('resolveDeadline ignores receipt for a fixed deadline', () => {
    expect(resolveDeadline(parseDeadlineSpec('quý III/2021'), '2021-03-20T02:00:00.000Z')).toBe('2021-09-30T16:59:59.999Z');
  });
});

describe('parseDeadlineSpec: invalid input', () => {
  const forms = 'Use a date (30/6/2021, 30/06/2021 or 2021-06-30)';

  test('31/02/2021 is rejected naming the input, the reason and the accepted forms', () => {
    expect(() => parseDeadlineSpec('31/02/2021')).toThrow(
      `"31/02/2021" is not a valid deadline: February 2021 has 28 days, so day 31 does not exist. ${forms}`,
    );
  });

  test('month 13 is rejected', () => {
    expect(() => parseDeadlineSpec('01/13/2021')).toThrow('"01/13/2021" is not a valid deadline: month 13 does not exist; months are 1–12.');
  });

  test('quarter V is rejected', () => {
    expect(() => parseDeadlineSpec('quý V/2021')).toThrow('"quý V/2021" is not a valid deadline: there is no quarter V; quarters are I–IV (or 1–4).');
    expect(() => parseDeadlineSpec('Q5/2021')).toThrow('there is no quarter 5');
  });

  test('months in a duration are rejected because they have no fixed length', () => {
    expect(() => parseDeadlineSpec('P1M')).toThrow('years and months have no fixed length; use days (P30D)');
  });

  test('a date-time without an offset is rejected rather than guessed', () => {
    expect(() => parseDeadlineSpec('2021-06-30T17:00:00')).toThrow('a date-time needs an offset such as +07:00 or Z');
  });

  test('unknown text is rejected with a TimeInputError carrying the input', () => {
    let caught: unknown;
    try {
      parseDeadlineSpec('cuối năm');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TimeInputError);
    expect((caught as TimeInputError).input).toBe('cuối năm');
    expect((caught as Error).message).toContain('a quarter (Q2/2021, quý II/2021');
  });
});

describe('parseOffset', () => {
  test.each([
    ['-14d', -14 * 86_400_000],
    ['3d', 3 * 86_400_000],
    ['0d', 0],
    ['12h', 12 * 3_600_000],
    ['-P14D', -14 * 86_400_000],
    ['PT36H', 36 * 3_600_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseOffset(text)).toBe(ms);
  });

  test('-0d is plain zero, not negative zero', () => {
    expect(Object.is(parseOffset('-0d'), 0)).toBe(true);
  });

  test('rejects text that is not an offset, listing the forms', () => {
    expect(() => parseOffset('14')).toThrow('"14" is not an offset; use a signed number of weeks, days, hours or minutes (-14d, 3d, 0d, 12h, 30m, 2w)');
  });
});

describe('Vietnam dates and formatting', () => {
  test('00:30 on 1/7/2021 in Vietnam is still 30 June in UTC but formats as the Vietnam date', () => {
    const justAfterMidnight = '2021-06-30T17:30:00.000Z';
    expect(formatViDate(justAfterMidnight)).toBe('1/7/2021');
    expect(vnIsoDate(justAfterMidnight)).toBe('2021-07-01');
    expect(formatViDateTime(justAfterMidnight)).toBe('00:30 ngày 1/7/2021');
  });

  test('the last moment of a day in Vietnam formats as that day', () => {
    expect(formatViDate('2021-06-30T16:59:59.999Z')).toBe('30/6/2021');
    expect(formatEnDate('2021-06-30T16:59:59.999Z')).toBe('30 June 2021');
  });

  test('quarterLabelVi names the Vietnam quarter, switching at midnight +07:00', () => {
    expect(quarterLabelVi('2021-06-30T16:59:59.999Z')).toBe('quý II/2021');
    expect(quarterLabelVi('2021-06-30T17:00:00.000Z')).toBe('quý III/2021');
    expect(quarterLabelVi('2021-01-01T00:00:00+07:00')).toBe('quý I/2021');
    expect(quarterLabelVi('2021-12-31T23:59:59+07:00')).toBe('quý IV/2021');
  });

  test('accepts epoch milliseconds wherever an instant is expected', () => {
    expect(formatViDate(Date.UTC(2021, 5, 29, 17, 30))).toBe('30/6/2021');
  });
});

describe('instant helpers', () => {
  test('addMs shifts an instant and returns UTC ISO', () => {
    expect(addMs('2021-09-30T16:59:59.999Z', -14 * 86_400_000)).toBe('2021-09-16T16:59:59.999Z');
    expect(addMs('2021-09-30T23:59:59.999+07:00', 1)).toBe('2021-09-30T17:00:00.000Z');
  });

  test('compareIso orders by time, not text, across offsets', () => {
    expect(compareIso('2021-06-30T17:00:00+07:00', '2021-06-30T10:00:00Z')).toBe(0);
    expect(compareIso('2021-06-30T08:00:00+07:00', '2021-06-30T02:00:00Z')).toBe(-1);
    expect(compareIso('2021-07-01T00:00:00Z', '2021-06-30T23:59:59Z')).toBe(1);
  });

  test('toEpochMs rejects an instant without an offset and an impossible day', () => {
    expect(() => toEpochMs('2021-06-30T10:00:00')).toThrow('write it with an offset');
    expect(() => toEpochMs('2021-02-30T10:00:00Z')).toThrow('February 2021 has 28 days');
  });

  test("toEpochMs answers from memory the same as the first time, past the memory's size, and never remembers a bad text", () => {
    const first = '2021-06-30T23:59:59.999+07:00';
    expect(toEpochMs(first)).toBe(Date.UTC(2021, 5, 30, 16, 59, 59, 999));
    for (let i = 0; i < 5_000; i++) expect(toEpochMs(new Date(Date.UTC(2021, 0, 1) + i * 60_000).toISOString())).toBe(Date.UTC(2021, 0, 1) + i * 60_000);
    expect(toEpochMs(first)).toBe(Date.UTC(2021, 5, 30, 16, 59, 59, 999));
    expect(toEpochMs(first)).toBe(Date.UTC(2021, 5, 30, 16, 59, 59, 999));
    for (let i = 0; i < 2; i++) expect(() => toEpochMs('2021-02-30T10:00:00Z')).toThrow('February 2021 has 28 days');
  });
});

describe('toIsoDate', () => {
  test('normalises either date form to ISO and rejects an impossible day', () => {
    expect(toIsoDate('9/3/2021')).toBe('2021-03-09');
    expect(toIsoDate('2021-03-09')).toBe('2021-03-09');
    expect(() => toIsoDate('30/02/2021')).toThrow(
      '"30/02/2021" is not a valid date: February 2021 has 28 days, so day 30 does not exist; write it as 30/6/2021, 30/06/2021 or 2021-06-30',
    );
  });
});
