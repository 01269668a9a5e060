// Vietnam's public holidays by the Labour Code 2019 (Article 112) and the year's calendar built on
// them, checked against the government's decisions for 2020–2026 and the repo's override files.
import fs from 'node:fs';
import path from 'node:path';
import { CalendarOverrideError, parseCalendarOverride, type CalendarOverride } from '../../src/domain/calendar/calendar-override';
import { describeYearCalendar, weekdayName, yearCalendar, type YearCalendar } from '../../src/domain/calendar/year-calendar';

const ROOT = path.resolve(__dirname, '../..');
const officialOverride = (year: number) => {
  const file = `calendar/${year}.yaml`;
  return parseCalendarOverride(fs.readFileSync(path.join(ROOT, file), 'utf8'), file);
};
const override = (yaml: string) => parseCalendarOverride(yaml, 'test.yaml');

const datesOf = (calendar: YearCalendar, key: string) => calendar.daysOff.filter((d) => d.key === key).map((d) => d.date);
const dayOff = (calendar: YearCalendar, date: string) => calendar.daysOff.find((d) => d.date === date);

describe('Tết Nguyên Đán: five working days from the first working day on or after two days before mùng 1', () => {
  test.each([
    [2020, ['2020-01-23', '2020-01-24', '2020-01-27', '2020-01-28', '2020-01-29']],
    [2021, ['2021-02-10', '2021-02-11', '2021-02-12', '2021-02-15', '2021-02-16']],
    [2022, ['2022-01-31', '2022-02-01', '2022-02-02', '2022-02-03', '2022-02-04']],
    [2023, ['2023-01-20', '2023-01-23', '2023-01-24', '2023-01-25', '2023-01-26']],
    [2024, ['2024-02-08', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14']],
    [2025, ['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']],
    [2026, ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']],
  ])('the rule gives the days the government decided for %i', (year, days) => {
    expect(datesOf(yearCalendar(year), 'tet')).toEqual(days);
  });

  test('2025 and 2026 with the official files are the decided days: 27–31/1/2025 and 16–20/2/2026', () => {
    expect(datesOf(yearCalendar(2025, { override: officialOverride(2025) }), 'tet')).toEqual([
      '2025-01-27',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
    ]);
    expect(datesOf(yearCalendar(2026, { override: officialOverride(2026) }), 'tet')).toEqual([
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
    ]);
  });

  test('2027 (Tết on Saturday 6/2) computes to 4, 5, 8, 9 and 10/2/2027', () => {
    expect(datesOf(yearCalendar(2027), 'tet')).toEqual(['2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10']);
  });

  test('an override replaces the computed days', () => {
    const calendar = yearCalendar(2027, { override: override('year: 2027\nholidays:\n  tet: [03/02/2027, 04/02/2027, 05/02/2027, 08/02/2027, 09/02/2027]\n') });
    expect(datesOf(calendar, 'tet')).toEqual(['2027-02-03', '2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09']);
    expect(dayOff(calendar, '2027-02-10')).toBeUndefined();
  });
});

describe('compensatory days (nghỉ bù)', () => {
  test('2027: 30/4 Friday and 1/5 Saturday give Monday 3/5 off, after both', () => {
    const calendar = yearCalendar(2027);
    expect(datesOf(calendar, 'reunification')).toEqual(['2027-04-30']);
    expect(datesOf(calendar, 'labour')).toEqual(['2027-05-01']);
    expect(dayOff(calendar, '2027-05-03')).toEqual({
      date: '2027-05-03',
      key: 'compensatory',
      name: 'Nghỉ bù Ngày Quốc tế Lao động',
      nameEn: 'Compensatory day off for International Labour Day',
    });
  });

  test('2026: Giỗ Tổ on Sunday 26/4 gives Monday 27/4; 30/4 and 1/5 fall on Thursday and Friday', () => {
    const calendar = yearCalendar(2026, { override: officialOverride(2026) });
    expect(datesOf(calendar, 'hungKings')).toEqual(['2026-04-26']);
    expect(dayOff(calendar, '2026-04-27')?.name).toBe('Nghỉ bù Giỗ Tổ Hùng Vương');
    expect(datesOf(calendar, 'compensatory')).toEqual(['2026-04-27']);
    expect(datesOf(calendar, 'reunification')).toEqual(['2026-04-30']);
    expect(datesOf(calendar, 'labour')).toEqual(['2026-05-01']);
  });

  test('2023: Giỗ Tổ on Saturday 29/4 and 30/4 on Sunday are compensated on 2/5 and 3/5, after Monday 1/5', () => {
    const calendar = yearCalendar(2023);
    expect(calendar.daysOff.filter((d) => d.date >= '2023-04-29' && d.date <= '2023-05-03').map((d) => [d.date, d.name])).toEqual([
      ['2023-04-29', 'Giỗ Tổ Hùng Vương'],
      ['2023-04-30', 'Ngày Chiến thắng'],
      ['2023-05-01', 'Ngày Quốc tế Lao động'],
      ['2023-05-02', 'Nghỉ bù Giỗ Tổ Hùng Vương'],
      ['2023-05-03', 'Nghỉ bù Ngày Chiến thắng'],
    ]);
  });

  test('1/1/2023, a Sunday, gives Monday 2/1/2023', () => {
    expect(dayOff(yearCalendar(2023), '2023-01-02')?.name).toBe('Nghỉ bù Tết Dương lịch');
  });

  test('a compensatory day skips a day the government already gave off', () => {
    const calendar = yearCalendar(2027, { override: override('year: 2027\ndaysOff:\n  - { date: 03/05/2027, name: "Nghỉ thêm", nameEn: "Extra day off" }\n') });
    expect(dayOff(calendar, '2027-05-03')?.key).toBe('decided');
    expect(datesOf(calendar, 'compensatory')).toEqual(['2027-05-04']);
  });

  test('compensatory days follow replaced dates: Quốc khánh moved to Saturday 2/9 and Sunday 3/9/2023 gives Monday 4/9 and Tuesday 5/9', () => {
    const calendar = yearCalendar(2023, { override: override('year: 2023\nholidays:\n  nationalDay: [02/09/2023, 03/09/2023]\n') });
    expect(datesOf(calendar, 'nationalDay')).toEqual(['2023-09-02', '2023-09-03']);
    expect(dayOff(calendar, '2023-09-01')).toBeUndefined();
    expect(datesOf(calendar, 'compensatory').filter((d) => d >= '2023-09-01')).toEqual(['2023-09-04', '2023-09-05']);
  });

  test('with Saturday worked, 1/5/2027 is a plain holiday and needs no compensatory day', () => {
    const calendar = yearCalendar(2027, { workingWeekdays: [1, 2, 3, 4, 5, 6] });
    expect(dayOff(calendar, '2027-05-01')?.key).toBe('labour');
    expect(dayOff(calendar, '2027-05-03')).toBeUndefined();
    expect(datesOf(calendar, 'tet')).toEqual(['2027-02-04', '2027-02-05', '2027-02-06', '2027-02-08', '2027-02-09']);
  });
});

describe('Quốc khánh: 2/9 and the neighbour that is a working day and makes the longest break (3/9 on a tie)', () => {
  test.each([
    [2021, 'Thursday', ['2021-09-02', '2021-09-03'], []],
    [2022, 'Friday', ['2022-09-01', '2022-09-02'], []],
    [2023, 'Saturday', ['2023-09-01', '2023-09-02'], ['2023-09-04']],
    [2024, 'Monday', ['2024-09-02', '2024-09-03'], []],
    [2025, 'Tuesday', ['2025-09-01', '2025-09-02'], []],
  ])('%i (2/9 a %s): %j, compensatory %j', (year, _weekday, days, compensatory) => {
    const calendar = yearCalendar(year);
    expect(datesOf(calendar, 'nationalDay')).toEqual(days);
    expect(datesOf(calendar, 'compensatory').filter((d) => d.slice(5, 7) === '09')).toEqual(compensatory);
  });
});

describe('the year', () => {
  test('2025 with its official file: Tết, the 30/4–1/5 swap, Quốc khánh on 1–2/9 and the decision named as source', () => {
    const calendar = yearCalendar(2025, { override: officialOverride(2025) });
    expect(calendar.daysOff.map((d) => `${d.date} ${d.key}`)).toEqual([
      '2025-01-01 newYear',
      '2025-01-27 tet',
      '2025-01-28 tet',
      '2025-01-29 tet',
      '2025-01-30 tet',
      '2025-01-31 tet',
      '2025-04-07 hungKings',
      '2025-04-30 reunification',
      '2025-05-01 labour',
      '2025-05-02 decided',
      '2025-09-01 nationalDay',
      '2025-09-02 nationalDay',
    ]);
    expect(calendar.workingDays).toEqual([{ date: '2025-04-26', name: 'Làm bù cho thứ Sáu 02/5/2025', nameEn: 'Worked in exchange for Friday 2/5/2025' }]);
    expect(calendar.sources).toEqual(['Thông báo 6150/TB-BLĐTBXH ngày 14/11/2024']);
  });

  test('24/11 (Ngày Văn hóa Việt Nam) is not a day off until an override adds it', () => {
    expect(dayOff(yearCalendar(2026), '2026-11-24')).toBeUndefined();
    const withCultureDay = yearCalendar(2026, {
      override: override('year: 2026\ndaysOff:\n  - { date: 24/11/2026, name: "Ngày Văn hóa Việt Nam", nameEn: "Vietnam Culture Day" }\n'),
    });
    expect(dayOff(withCultureDay, '2026-11-24')).toEqual({ date: '2026-11-24', key: 'decided', name: 'Ngày Văn hóa Việt Nam', nameEn: 'Vietnam Culture Day' });
  });

  test('days off are sorted with one entry per date; a holiday keeps its name when also listed as a decided day', () => {
    const calendar = yearCalendar(2025, { override: override('year: 2025\ndaysOff:\n  - { date: 30/04/2025, name: "Nghỉ lễ", nameEn: "Holiday" }\n') });
    const dates = calendar.daysOff.map((d) => d.date);
    expect(dates).toEqual([...new Set(dates)].sort());
    expect(dayOff(calendar, '2025-04-30')?.key).toBe('reunification');
  });

  test('a swapped working day that is a computed day off is refused, naming the field', () => {
    const clash = override('year: 2027\nworkingDays:\n  - { date: 03/05/2027, name: "Làm bù", nameEn: "Worked" }\n');
    expect(() => yearCalendar(2027, { override: clash })).toThrow(CalendarOverrideError);
    expect(() => yearCalendar(2027, { override: clash })).toThrow(/workingDays\[0\]\.date \(2027-05-03\) is a day off \(Nghỉ bù Ngày Quốc tế Lao động\)/);
  });

  test('years outside 1900–2199, an override of another year and a bad working week are refused', () => {
    expect(() => yearCalendar(1899)).toThrow(new RangeError('year 1899 is outside the years the calendar covers (1900–2199)'));
    expect(() => yearCalendar(2200)).toThrow(/1900–2199/);
    const other: CalendarOverride = officialOverride(2025);
    expect(() => yearCalendar(2026, { override: other })).toThrow(new RangeError('the calendar override calendar/2025.yaml is for 2025, not 2026'));
    expect(() => yearCalendar(2025, { workingWeekdays: [] })).toThrow(RangeError);
    expect(() => yearCalendar(2025, { workingWeekdays: [0, 1] })).toThrow(/working weekday 0 is not an ISO weekday/);
    expect(() => yearCalendar(2025, { workingWeekdays: [1, 1] })).toThrow(/repeat a day/);
  });

  test('without an override there is no source and no swapped day; the working week is given back sorted', () => {
    const calendar = yearCalendar(2027, { workingWeekdays: [5, 1, 2, 3, 4] });
    expect(calendar.sources).toEqual([]);
    expect(calendar.workingDays).toEqual([]);
    expect(calendar.workingWeekdays).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('describeYearCalendar', () => {
  const calendar = yearCalendar(2025, { override: officialOverride(2025) });

  test('in Vietnamese by default: the weekday, the date as Vietnamese write it, the name; then the swapped working days', () => {
    const text = describeYearCalendar(calendar);
    expect(text.split('\n')).toEqual([
      'Lịch nghỉ năm 2025',
      'Tuần làm việc: Thứ Hai, Thứ Ba, Thứ Tư, Thứ Năm, Thứ Sáu',
      'Căn cứ: Bộ luật Lao động 2019, Điều 112; Thông báo 6150/TB-BLĐTBXH ngày 14/11/2024',
      '',
      'Ngày nghỉ (12 ngày):',
      '  Thứ Tư 01/01/2025  Tết Dương lịch',
      '  Thứ Hai 27/01/2025  Tết Nguyên Đán',
      '  Thứ Ba 28/01/2025  Tết Nguyên Đán',
      '  Thứ Tư 29/01/2025  Tết Nguyên Đán',
      '  Thứ Năm 30/01/2025  Tết Nguyên Đán',
      '  Thứ Sáu 31/01/2025  Tết Nguyên Đán',
      '  Thứ Hai 07/04/2025  Giỗ Tổ Hùng Vương',
      '  Thứ Tư 30/04/2025  Ngày Chiến thắng',
      '  Thứ Năm 01/05/2025  Ngày Quốc tế Lao động',
      '  Thứ Sáu 02/05/2025  Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)',
      '  Thứ Hai 01/09/2025  Quốc khánh',
      '  Thứ Ba 02/09/2025  Quốc khánh',
      '',
      'Ngày làm bù (1 ngày):',
      '  Thứ Bảy 26/04/2025  Làm bù cho thứ Sáu 02/5/2025',
    ]);
  });

  test('in English with "en"; Sunday is Chủ nhật in Vietnamese', () => {
    const text = describeYearCalendar(calendar, 'en');
    expect(text).toContain('Days off in 2025');
    expect(text).toContain('  Monday 27/01/2025  Lunar New Year (Tết)');
    expect(text).toContain('  Saturday 26/04/2025  Worked in exchange for Friday 2/5/2025');
    expect(describeYearCalendar(yearCalendar(2026))).toContain('  Chủ nhật 26/04/2026  Giỗ Tổ Hùng Vương');
    expect(describeYearCalendar(yearCalendar(2026))).toContain('Ngày làm bù: không có');
  });
});

describe('weekdayName', () => {
  test('names the weekday of an ISO date in Vietnamese or English', () => {
    expect(['2026-04-26', '2026-04-27', '2026-05-02'].map((d) => weekdayName(d, 'vi'))).toEqual(['Chủ nhật', 'Thứ Hai', 'Thứ Bảy']);
    expect(weekdayName('2026-04-26', 'en')).toBe('Sunday');
  });
});
