// Periodic report rounds as a spec declares them: every N months over a span with a due time after
// each period (days or working days), or explicit due dates; refusals name the field.
import { CalendarBook } from '../../src/app/calendar-book';
import { DirectiveSpecError, validateDirectiveSpec } from '../../src/domain/directive/directive';
import { planRounds } from '../../src/domain/directive/periodic';

const base = {
  code: '20-CT/TW',
  title: 'Sơ kết, tổng kết',
  issuer: 'Ban Bí thư',
  issuedOn: '02/01/2027',
  root: 'TW',
  deadlines: { province: 'quý I/2027' },
};
const vnEnd = (iso: string) => new Date(`${iso}T23:59:59.999+07:00`).toISOString();
const vnStart = (iso: string) => new Date(`${iso}T00:00:00+07:00`).toISOString();

test('every 6 months over 2027: two rounds, each opening the day after its period and due 15 days after it', () => {
  const spec = validateDirectiveSpec({
    ...base,
    periodic: [{ name: 'Sơ kết 6 tháng', every: '6 months', from: '01/01/2027', until: '31/12/2027', due: '15 days after each' }],
  });
  expect(planRounds(spec.periodic!)).toEqual([
    {
      key: 'r1',
      name: 'Sơ kết 6 tháng (01/01/2027–30/06/2027)',
      period: { from: '2027-01-01', to: '2027-06-30' },
      opensAt: vnStart('2027-07-01'),
      deadline: vnEnd('2027-07-15'),
    },
    {
      key: 'r2',
      name: 'Sơ kết 6 tháng (01/07/2027–31/12/2027)',
      period: { from: '2027-07-01', to: '2027-12-31' },
      opensAt: vnStart('2028-01-01'),
      deadline: vnEnd('2028-01-15'),
    },
  ]);
});

test('a due time in working days counts on the calendar; explicit dates open thirty days ahead; rounds are ordered by deadline', () => {
  const spec = validateDirectiveSpec({
    ...base,
    periodic: [
      { name: 'Báo cáo quý', every: '3 tháng', from: '01/10/2026', until: '31/12/2026', due: '10 ngày làm việc sau mỗi kỳ' },
      { name: 'Tổng kết năm', dates: ['15/12/2026'] },
    ],
  });
  const calendar = new CalendarBook().workingCalendar(2026, 2027);
  const rounds = planRounds(spec.periodic!, calendar);
  expect(rounds.map((r) => [r.key, r.name, r.opensAt, r.deadline])).toEqual([
    ['r1', 'Tổng kết năm (hạn 15/12/2026)', vnStart('2026-11-15'), vnEnd('2026-12-15')],
    // 31/12/2026, then 1/1/2027 (Tết Dương lịch) and a weekend: ten working days end on 15/1/2027.
    ['r2', 'Báo cáo quý (01/10/2026–31/12/2026)', vnStart('2027-01-01'), vnEnd('2027-01-15')],
  ]);
});

test('bad series are refused naming the field', () => {
  const issues = (periodic: unknown) => {
    try {
      validateDirectiveSpec({ ...base, periodic });
      return [];
    } catch (error) {
      return (error as DirectiveSpecError).issues.map((i) => `${i.path}: ${i.message}`);
    }
  };
  expect(issues([{ name: 'X', every: '6 weeks', from: '01/01/2027', until: '31/12/2027', due: 'P15D' }])).toEqual([
    expect.stringMatching(/^periodic\[0\]\.every: every "6 weeks" is not a period/),
  ]);
  expect(issues([{ name: 'X', every: '6 months', from: '01/01/2027', until: '31/12/2027', due: '30/07/2027' }])).toEqual([
    expect.stringMatching(/^periodic\[0\]\.due: .*is a date/),
  ]);
  expect(issues([{ name: 'X', dates: ['15/07/2027'], every: '6 months' }])).toEqual([
    expect.stringMatching(/^periodic\[0\]\.every: every does not go with dates/),
  ]);
  expect(issues([{ name: 'X', every: '12 months', from: '01/01/2027', until: '30/06/2027', due: 'P15D' }])).toEqual([
    expect.stringMatching(/^periodic: periodic\[0\] \(X\) gives no round/),
  ]);
  expect(issues([{ name: 'X', every: '1 month', from: '01/01/2027', until: '31/12/2028', due: 'P5D' }])).toEqual([]);
  expect(issues([{ name: 'X', every: '1 month', from: '01/01/2027', until: '31/01/2029', due: 'P5D' }])).toEqual([
    'periodic: periodic gives more than 24 rounds; give at most 24',
  ]);
});
