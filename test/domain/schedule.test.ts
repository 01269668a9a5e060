import { escalationSchedule, escalationTargetId, reminderSchedule, requireValidOrg } from '../../domain';
import { quangNinhOrg } from './org-fixtures';

const tree = requireValidOrg(quangNinhOrg());
const deadline = '2021-09-30T16:59:59.999Z';

describe('reminders', () => {
  test('the default offsets fire 14 days, 3 days and 0 days before the deadline, in time order', () => {
    expect(reminderSchedule(deadline, ['0d', '-14d', '-3d'])).toEqual([
      { offset: '-14d', at: '2021-09-16T16:59:59.999Z' },
      { offset: '-3d', at: '2021-09-27T16:59:59.999Z' },
      { offset: '0d', at: deadline },
    ]);
  });

  test('offsets that land on the same instant fire once', () => {
    expect(reminderSchedule(deadline, ['-1d', '-24h'])).toHaveLength(1);
  });
});

describe('escalation', () => {
  test('step 0 goes to the parent, step 1 to the grandparent, and later steps stop at the root', () => {
    expect([0, 1, 2, 3, 9].map((step) => escalationTargetId(tree, 'QN-HL-017', step))).toEqual(['QN-HL', 'QN', 'TW', 'TW', 'TW']);
  });

  test('escalation stops at the cascade root, not the top of the organisation', () => {
    expect([0, 1, 2].map((step) => escalationTargetId(tree, 'QN-HL-017', step, 'QN'))).toEqual(['QN-HL', 'QN', 'QN']);
  });

  test('the cascade root has nobody to escalate to', () => {
    expect(escalationTargetId(tree, 'QN', 0, 'QN')).toBeNull();
    expect(escalationTargetId(tree, 'TW', 0)).toBeNull();
  });

  test('a unit outside the cascade root is an error naming both', () => {
    expect(() => escalationTargetId(tree, 'QN-CP-001', 0, 'QN-HL')).toThrow('unit "QN-CP-001" is not under the cascade root "QN-HL"');
  });

  test('escalationSchedule pairs each default step with its time and recipient', () => {
    expect(escalationSchedule(deadline, ['0d', '7d', '14d'], tree, 'QN-HL-017', 'TW')).toEqual([
      { step: 0, offset: '0d', at: deadline, toUnitId: 'QN-HL' },
      { step: 1, offset: '7d', at: '2021-10-07T16:59:59.999Z', toUnitId: 'QN' },
      { step: 2, offset: '14d', at: '2021-10-14T16:59:59.999Z', toUnitId: 'TW' },
    ]);
  });
});
