// The Vietnamese lunisolar calendar: Tết and Giỗ Tổ against published Vietnamese dates, leap months,
// the years where Vietnam (UTC+7) and China (UTC+8) differ, and properties over two centuries.
import fc from 'fast-check';
import { dateOfDayNumber, dayNumberOf } from '../../src/domain/calendar/day-numbers';
import { lunarToSolar, vietnameseNewYear } from '../../src/domain/calendar/lunar-calendar';
import { formatIsoDate } from '../../src/domain/time/calendar-date';

const tet = (year: number) => formatIsoDate(vietnameseNewYear(year));

describe('vietnameseNewYear', () => {
  test.each([
    [2020, '2020-01-25'],
    [2021, '2021-02-12'],
    [2022, '2022-02-01'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
  ])('Tết %i is %s', (year, date) => {
    expect(tet(year)).toBe(date);
  });

  test.each([
    [1985, '1985-01-21', 'a month before China (20/2/1985)'],
    [2007, '2007-02-17', 'a day before China (18/2/2007)'],
    [2030, '2030-02-02', 'a day before China (3/2/2030)'],
  ])('Tết %i is %s in Vietnam time, %s', (year, date) => {
    expect(tet(year)).toBe(date);
  });

  test('a year outside 1900–2199 is refused, naming the range', () => {
    expect(() => vietnameseNewYear(1899)).toThrow(new RangeError('year 1899 is outside the years the calendar covers (1900–2199)'));
    expect(() => vietnameseNewYear(2200)).toThrow(RangeError);
    expect(() => vietnameseNewYear(2025.5)).toThrow(RangeError);
  });
});

describe('lunarToSolar', () => {
  test.each([
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    // Tết 6/2/2027, then months 1 and 2 of 30 days each: month 3 begins 7/4, so 10/3 is 16/4.
    [2027, '2027-04-16'],
  ])('Giỗ Tổ Hùng Vương (10/3) %i is %s', (year, date) => {
    expect(formatIsoDate(lunarToSolar(year, 3, 10))).toBe(date);
  });

  test('Giỗ Tổ 2023 comes a month later, on 29/4, after the leap second month that began on 22/3/2023', () => {
    expect(formatIsoDate(lunarToSolar(2023, 2, 1, true))).toBe('2023-03-22');
    expect(formatIsoDate(lunarToSolar(2023, 3, 10))).toBe('2023-04-29');
  });

  test('2025 has a leap sixth month from 25/7/2025, and 2033 a leap eleventh month from 22/12/2033', () => {
    expect(formatIsoDate(lunarToSolar(2025, 6, 1, true))).toBe('2025-07-25');
    expect(formatIsoDate(lunarToSolar(2033, 11, 1, true))).toBe('2033-12-22');
  });

  test('months 11 and 12 belong to the lunar year before the next Tết: 29 tháng Chạp Giáp Thìn is 28/1/2025', () => {
    expect(formatIsoDate(lunarToSolar(2024, 12, 29))).toBe('2025-01-28');
  });

  test('a day or month the year does not have is refused: Tết 2025 had no 30 tháng Chạp, 2024 no leap month', () => {
    expect(() => lunarToSolar(2024, 12, 30)).toThrow(new RangeError('month 12 of lunar year 2024 has 29 days, so day 30 does not exist'));
    expect(() => lunarToSolar(2024, 2, 1, true)).toThrow(new RangeError('leap month 2 of lunar year 2024 does not exist'));
    expect(() => lunarToSolar(2025, 1, 0)).toThrow(RangeError);
  });
});

describe('day numbers', () => {
  test('count days from 1970-01-01 and back', () => {
    expect(dayNumberOf({ year: 1970, month: 1, day: 1 })).toBe(0);
    expect(dayNumberOf({ year: 2025, month: 1, day: 29 })).toBe(20117);
    expect(dateOfDayNumber(20117)).toEqual({ year: 2025, month: 1, day: 29 });
    expect(dateOfDayNumber(-1)).toEqual({ year: 1969, month: 12, day: 31 });
  });
});

describe('properties over 1950–2150', () => {
  const dayOfTet = (year: number) => dayNumberOf(vietnameseNewYear(year));

  test('Tết falls between 21 January and 20 February', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1950, max: 2150 }), (year) => {
        const date = tet(year);
        return date >= `${year}-01-21` && date <= `${year}-02-20`;
      }),
      { numRuns: 150, seed: 16 },
    );
  });

  test('consecutive Tết are 354, 355, 383, 384 or 385 days apart (12 or 13 lunations)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1950, max: 2149 }), (year) => [354, 355, 383, 384, 385].includes(dayOfTet(year + 1) - dayOfTet(year))),
      { numRuns: 150, seed: 16 },
    );
  });

  test('10/3 lies 67–69 days after Tết, or 96–99 with a leap first or second month between', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1950, max: 2150 }), (year) => {
        const gap = dayNumberOf(lunarToSolar(year, 3, 10)) - dayOfTet(year);
        // Two months of 29 or 30 days, plus 9; a leap first or second month adds 29 or 30.
        return (gap >= 67 && gap <= 69) || (gap >= 96 && gap <= 99);
      }),
      { numRuns: 150, seed: 16 },
    );
  });
});
