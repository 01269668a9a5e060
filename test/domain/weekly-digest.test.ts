// When the weekly digest goes (07:00 Vietnam time on the first working day of each ISO week) and
// what its subject and body say, bounded to DIGEST_LINE_LIMIT lines with the rest counted.
import { DIGEST_LINE_LIMIT, renderWeeklyDigest, type DigestLine } from '../../src/domain/digest/digest-email';
import { nextDigestSlot } from '../../src/domain/digest/digest-week';

const weekdaysOnly = (iso: string) => {
  const day = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return day >= 1 && day <= 5;
};

test('the digest goes at 07:00 Vietnam time on Monday, the first slot strictly after the instant given', () => {
  // Thursday 3/12/2026 → Monday 7/12/2026 07:00 (+07:00) = 00:00 UTC, ISO week 50.
  expect(nextDigestSlot('2026-12-03T10:00:00Z', weekdaysOnly)).toEqual({ week: '2026-W50', at: '2026-12-07T00:00:00.000Z' });
  // At the slot itself the next one is a week later; a minute before, it is this one.
  expect(nextDigestSlot('2026-12-07T00:00:00.000Z', weekdaysOnly)).toEqual({ week: '2026-W51', at: '2026-12-14T00:00:00.000Z' });
  expect(nextDigestSlot('2026-12-06T23:59:00Z', weekdaysOnly).at).toBe('2026-12-07T00:00:00.000Z');
  // Sunday 6/12 20:00 in Vietnam (13:00 UTC) is still the week before: Monday 7/12 is next.
  expect(nextDigestSlot('2026-12-06T13:00:00Z', weekdaysOnly).week).toBe('2026-W50');
  // ISO week years: Monday 28/12/2026 is in 2026-W53, Monday 4/1/2027 in 2027-W01.
  expect(nextDigestSlot('2026-12-25T00:00:00Z', weekdaysOnly).week).toBe('2026-W53');
  expect(nextDigestSlot('2027-01-01T00:00:00Z', weekdaysOnly)).toEqual({ week: '2027-W01', at: '2027-01-04T00:00:00.000Z' });
});

test('a Monday off moves the digest to the first working day of that week; a week with none gets no digest', () => {
  const mondayOff = (iso: string) => weekdaysOnly(iso) && iso !== '2027-01-04';
  expect(nextDigestSlot('2027-01-01T00:00:00Z', mondayOff)).toEqual({ week: '2027-W01', at: '2027-01-05T00:00:00.000Z' });
  const wholeWeekOff = (iso: string) => weekdaysOnly(iso) && !(iso >= '2027-02-08' && iso <= '2027-02-12');
  expect(nextDigestSlot('2027-02-02T00:00:00Z', wholeWeekOff)).toEqual({ week: '2027-W07', at: '2027-02-15T00:00:00.000Z' });
  expect(() => nextDigestSlot('not a date', weekdaysOnly)).toThrow(/not an ISO instant/);
});

function line(i: number, overdue: boolean): DigestLine {
  return {
    code: '12-CT/TW',
    unitId: `C${i}`,
    name: `Chi bộ ${i}`,
    email: `c${i}@qn.test`,
    status: overdue ? 'overdue' : 'pending',
    deadline: overdue ? '2026-11-30T16:59:59.999Z' : '2026-12-10T16:59:59.999Z',
    overdue,
  };
}

test('the subject counts the overdue units and those due in the week; the body lists each line with its contact, both languages', () => {
  const digest = renderWeeklyDigest({
    committee: { unitId: 'D1', name: 'Huyện ủy 1' },
    at: '2026-12-07T00:00:00.000Z',
    lines: [line(1, true), line(2, false)],
    total: 2,
    overdueUnits: 1,
    dueUnits: 1,
    inboxLink: 'http://cascade.test/inbox/abc.def',
  });
  expect(digest.subject).toBe('Tổng hợp hằng tuần: 1 đơn vị quá hạn, 1 đơn vị đến hạn trong tuần');
  expect(digest.text).toContain('[Quá hạn / Overdue] 12-CT/TW · C1 Chi bộ 1 · hạn 30/11/2026 (30 November 2026) · c1@qn.test');
  expect(digest.text).toContain('[Chưa báo cáo / Pending] 12-CT/TW · C2 Chi bộ 2 · hạn 10/12/2026');
  expect(digest.text).toContain('http://cascade.test/inbox/abc.def');
  expect(digest.text).toContain('Ngừng nhận thư tổng hợp');
  expect(digest.text).toContain('To stop this weekly digest');
  expect(digest.text).not.toContain('… và');
  expect(digest.html).toContain('<a href="mailto:c1@qn.test">c1@qn.test</a>');
  expect(renderWeeklyDigest({ ...dummy(), overdueUnits: 0, dueUnits: 5 }).subject).toBe('Tổng hợp hằng tuần: 5 đơn vị đến hạn trong tuần');
});

function dummy() {
  return {
    committee: { unitId: 'D1', name: 'Huyện ủy <1>' },
    at: '2026-12-07T00:00:00.000Z',
    lines: [],
    total: 0,
    overdueUnits: 0,
    dueUnits: 0,
    inboxLink: 'http://x/inbox/t',
  };
}

test('a digest lists at most DIGEST_LINE_LIMIT lines and says how many more the inbox holds', () => {
  const lines = Array.from({ length: DIGEST_LINE_LIMIT }, (_, i) => line(i, true));
  const digest = renderWeeklyDigest({ ...dummy(), lines, total: DIGEST_LINE_LIMIT + 7, overdueUnits: DIGEST_LINE_LIMIT + 7 });
  expect(digest.text.split('\n').filter((l) => l.startsWith('[Quá hạn'))).toHaveLength(DIGEST_LINE_LIMIT);
  expect(digest.text).toContain('… và 7 dòng khác: xem đầy đủ trong hộp thư của đơn vị.');
  expect(digest.text).toContain('… and 7 more: see them all in your inbox.');
  expect(digest.html).toContain('Huyện ủy &#60;1&#62;');
});
