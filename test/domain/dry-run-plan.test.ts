// The dry run's pure parts: a profile's shares become exact per-level counts in a seeded order, on
// time means by the deadline and late means after it, and the summary counts a unit overdue only
// between its deadline and its report.
import { planReports, type PlannedUnit } from '../../src/domain/simulation/report-plan';
import { summariseDryRun, type DryRunRecord } from '../../src/domain/simulation/dry-run-summary';
import { dryRunComparisonText, dryRunText } from '../../src/domain/simulation/dry-run-text';
import { DEFAULT_LEVEL_DEFINITIONS } from '../../src/domain/org/levels';
import { parseUnitProfile } from '../../src/domain/simulation/unit-profile';

const RECEIVED = '2027-01-04T01:00:00.000Z';
const DEADLINE = '2027-03-31T16:59:59.999Z';
const units: PlannedUnit[] = Array.from({ length: 40 }, (_, i) => ({
  unitId: `U${String(i).padStart(2, '0')}`,
  level: i < 10 ? 'district' : 'cell',
  members: 10,
  essaysExpected: 10,
  receivedAt: RECEIVED,
  deadline: DEADLINE,
}));

test('a fifth late is a fifth of each level, the same for the same seed, and late reports come after the deadline', () => {
  const profile = parseUnitProfile({ onTime: 0.7, late: 0.2, never: 0.1, seed: 5, lateDays: { min: 2, max: 4 } }, 'test');
  const plan = planReports(units, profile);
  const count = (level: string, behaviour: string) => plan.filter((p) => p.level === level && p.behaviour === behaviour).length;
  expect([count('district', 'on-time'), count('district', 'late'), count('district', 'never')]).toEqual([7, 2, 1]);
  expect([count('cell', 'on-time'), count('cell', 'late'), count('cell', 'never')]).toEqual([21, 6, 3]);
  expect(planReports([...units].reverse(), profile)).toEqual(plan);
  expect(planReports(units, { ...profile, seed: 6 })).not.toEqual(plan);
  for (const p of plan) {
    if (p.behaviour === 'never') expect(p.at).toBeNull();
    else if (p.behaviour === 'late') {
      const days = (Date.parse(p.at as string) - Date.parse(DEADLINE)) / 86_400_000;
      expect(days).toBeGreaterThan(1);
      expect(days).toBeLessThan(4.5);
    } else {
      expect(Date.parse(p.at as string)).toBeGreaterThan(Date.parse(RECEIVED));
      expect(Date.parse(p.at as string)).toBeLessThanOrEqual(Date.parse(DEADLINE));
    }
  }
});

test('onTimeWindowDays keeps on-time reports within the last days before the deadline', () => {
  const plan = planReports(units, parseUnitProfile({ onTime: 1, late: 0, never: 0, onTimeWindowDays: 3 }, 'test'));
  for (const p of plan) expect(Date.parse(DEADLINE) - Date.parse(p.at as string)).toBeLessThan(3 * 86_400_000);
});

const RECORD: DryRunRecord = {
  directiveId: 'd',
  code: '1-CT/TW',
  title: 't',
  profile: 'p',
  levels: DEFAULT_LEVEL_DEFINITIONS,
  launchedAt: RECEIVED,
  endedAt: '2027-05-01T00:00:00.000Z',
  plan: [],
  units: [
    { unitId: 'A', level: 'cell', deadline: DEADLINE, extendedTo: null, completedAt: '2027-04-10T02:00:00.000Z', exemptedAt: null },
    { unitId: 'B', level: 'cell', deadline: DEADLINE, extendedTo: null, completedAt: null, exemptedAt: null },
    { unitId: 'C', level: 'cell', deadline: DEADLINE, extendedTo: null, completedAt: '2027-03-30T02:00:00.000Z', exemptedAt: null },
  ],
  emails: [
    // 23:30 UTC on 31 March is 06:30 on 1 April in Vietnam.
    { at: '2027-03-31T23:30:00.000Z', kind: 'escalation', unitId: 'A', recipientId: 'D', step: 0, outcome: 'sent' },
    { at: '2027-03-31T23:31:00.000Z', kind: 'escalation', unitId: 'B', recipientId: 'D', step: 0, outcome: 'sent' },
    { at: '2027-03-31T10:00:00.000Z', kind: 'reminder', unitId: 'C', recipientId: 'C', step: 0, outcome: 'skipped' },
  ],
};

test('the summary counts a unit overdue from its deadline until its report, and emails per Vietnam day', () => {
  const summary = summariseDryRun(RECORD);
  expect(summary.checkpoints).toEqual([
    { deadlineOf: ['cell'], at: '2027-03-31T17:00:00.000Z', overdue: { cell: 2 } },
    { deadlineOf: [], at: '2027-05-01T00:00:00.000Z', overdue: { cell: 1 } },
  ]);
  expect(summary.days).toEqual([{ date: '2027-04-01', notice: 0, reminder: 0, escalation: 2, other: 0 }]);
  expect(summary.totals).toEqual({ notice: 0, reminder: 0, escalation: 2, other: 0, skipped: 1 });
  expect(summary.peakPerMinute).toEqual({ count: 1, at: '2027-03-31T23:30:00.000Z' });
  expect(summary.peakPerHour).toEqual({ count: 2, at: '2027-03-31T23:00:00.000Z' });
  expect(summary.outcome).toEqual({ cell: { onTime: 1, late: 1, open: 1 } });
});

test('the text writes Vietnam dates dd/mm/yyyy, in Vietnamese or English, and two runs side by side', () => {
  const summary = summariseDryRun(RECORD);
  const vi = dryRunText(summary, 'vi');
  expect(vi).toMatch(/^01\/04\/2027\s+0\s+0\s+2\s+0$/m);
  expect(vi).toContain('Cao điểm: 2 thư trong một giờ (từ 01/04/2027 06:00); 1 thư trong một phút (từ 01/04/2027 06:30)');
  expect(vi).toMatch(/^Hạn Cơ sở 31\/03\/2027 23:59\s+2\/3$/m);
  expect(vi).toMatch(/^Kết thúc 01\/05\/2027\s+1\/3$/m);
  expect(dryRunText(summary, 'en')).toContain('In the end: Cells 1 on time, 1 late, 1 never reported');
  const side = dryRunComparisonText(summary, { ...summary, code: '2-CT/TW' }, 'en');
  expect(side).toMatch(/^Overdue just after the deadline: Cells\s+2\/3 \(31\/03\/2027\)\s+2\/3 \(31\/03\/2027\)$/m);
  expect(side).toMatch(/^Peak \(emails in one hour\)\s+2 \(from 01\/04\/2027 06:00\)\s+2 \(from 01\/04\/2027 06:00\)$/m);
});
