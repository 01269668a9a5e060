// A year's override file: what it accepts, and that every refusal names its field.
import fs from 'node:fs';
import path from 'node:path';
import { CalendarOverrideError, parseCalendarOverride } from '../../src/domain/calendar/calendar-override';

const ROOT = path.resolve(__dirname, '../..');

/** The issues a text is refused with, as "path: rule". */
function refusal(text: string): string[] {
  try {
    parseCalendarOverride(text, 'calendar/2025.yaml');
  } catch (error) {
    if (error instanceof CalendarOverrideError) return error.issues.map((i) => `${i.path}: ${i.rule}`);
    throw error;
  }
  throw new Error('the override was accepted');
}

describe('parseCalendarOverride: accepted files', () => {
  test('the official 2025 file reads as ISO dates, with its source and file name', () => {
    const file = 'calendar/2025.yaml';
    const parsed = parseCalendarOverride(fs.readFileSync(path.join(ROOT, file), 'utf8'), file);
    expect(parsed).toEqual({
      year: 2025,
      source: 'Thông báo 6150/TB-BLĐTBXH ngày 14/11/2024',
      holidays: { tet: ['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'], nationalDay: ['2025-09-01', '2025-09-02'] },
      daysOff: [{ date: '2025-05-02', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)', nameEn: 'Swapped day off (worked on Saturday 26/4/2025)' }],
      workingDays: [{ date: '2025-04-26', name: 'Làm bù cho thứ Sáu 02/5/2025', nameEn: 'Worked in exchange for Friday 2/5/2025' }],
      file,
    });
  });

  test('the official 2026 file holds only Tết', () => {
    const file = 'calendar/2026.yaml';
    const parsed = parseCalendarOverride(fs.readFileSync(path.join(ROOT, file), 'utf8'), file);
    expect(parsed.holidays).toEqual({ tet: ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'] });
    expect([parsed.daysOff, parsed.workingDays, parsed.source]).toEqual([[], [], undefined]);
  });

  test('dates may be written 31/01/2025, 3/2/2025 or 2025-01-30; names are NFC-normalised and trimmed', () => {
    const parsed = parseCalendarOverride(
      'year: 2025\ndaysOff:\n  - { date: "3/2/2025", name: "  Nghi\u0309 ", nameEn: Off }\nholidays:\n  tet: [2025-01-30, 31/01/2025]\n',
      'x.yaml',
    );
    expect(parsed.daysOff).toEqual([{ date: '2025-02-03', name: 'Nghỉ', nameEn: 'Off' }]);
    expect(parsed.holidays.tet).toEqual(['2025-01-30', '2025-01-31']);
  });
});

describe('parseCalendarOverride: refusals name the field', () => {
  test('an impossible date names daysOff[0].date and says why', () => {
    const text = 'year: 2025\ndaysOff:\n  - { date: 31/02/2025, name: x, nameEn: y }\n';
    expect(refusal(text)).toEqual(['daysOff[0].date: date']);
    expect(() => parseCalendarOverride(text, 'calendar/2025.yaml')).toThrow(
      /^calendar override calendar\/2025\.yaml is invalid:\n- daysOff\[0\]\.date: date "31\/02\/2025" is not a valid date: February 2025 has 28 days/,
    );
  });

  test('a date outside the file’s year is refused wherever it is', () => {
    expect(
      refusal(
        'year: 2025\nholidays:\n  tet: [27/01/2026]\ndaysOff:\n  - { date: 01/01/2024, name: x, nameEn: y }\nworkingDays:\n  - { date: 2026-04-26, name: x, nameEn: y }\n',
      ),
    ).toEqual(['holidays.tet[0]: date-year', 'daysOff[0].date: date-year', 'workingDays[0].date: date-year']);
  });

  test('a day both off and worked is refused', () => {
    const issues = refusal('year: 2025\nholidays:\n  tet: [27/01/2025]\nworkingDays:\n  - { date: 2025-01-27, name: x, nameEn: y }\n');
    expect(issues).toEqual(['workingDays[0].date: off-and-working']);
    expect(() =>
      parseCalendarOverride(
        'year: 2025\ndaysOff:\n  - { date: 02/05/2025, name: x, nameEn: y }\nworkingDays:\n  - { date: 02/05/2025, name: x, nameEn: y }\n',
        'f',
      ),
    ).toThrow('workingDays[0].date (2025-05-02) is also a day off at daysOff[0].date; a day is either off or worked');
  });

  test('a day listed twice is refused, across holidays and days off too', () => {
    expect(
      refusal('year: 2025\nholidays:\n  tet: [27/01/2025, 2025-01-27]\n  nationalDay: [02/09/2025]\ndaysOff:\n  - { date: 02/09/2025, name: x, nameEn: y }\n'),
    ).toEqual(['holidays.tet[1]: duplicate-date', 'daysOff[0].date: duplicate-date']);
  });

  test('misspelt keys, unknown holidays, a missing year and an empty list are refused, all in one error', () => {
    expect(
      refusal('yeer: 2025\nholidays:\n  christmas: [25/12/2025]\n  tet: []\ndaysOff:\n  - { date: 02/05/2025, name: x, nameEn: y, note: z }\n').sort(),
    ).toEqual(['year: schema', 'yeer: unknown-field', 'holidays.christmas: unknown-field', 'holidays.tet: schema', 'daysOff[0].note: unknown-field'].sort());
  });

  test('names must be single lines of at most 200 characters; a source at most 300', () => {
    expect(refusal(`year: 2025\nsource: "${'s'.repeat(301)}"\ndaysOff:\n  - { date: 02/05/2025, name: "a\\nb", nameEn: "${'e'.repeat(201)}" }\n`)).toEqual([
      'source: schema',
      'daysOff[0].name: schema',
      'daysOff[0].nameEn: schema',
    ]);
  });

  test('a year outside 1900–2199 or not a whole number is refused', () => {
    expect(refusal('year: 1899\n')).toEqual(['year: schema']);
    expect(refusal('year: "2025"\n')).toEqual(['year: schema']);
  });

  test('text that is not YAML, or not a mapping, is refused as a whole', () => {
    expect(refusal('year: [2025\n')).toEqual([': syntax']);
    expect(refusal('- 2025\n')).toEqual([': schema']);
    expect(refusal('year: 2025\nyear: 2026\n')).toEqual([': syntax']);
  });
});
