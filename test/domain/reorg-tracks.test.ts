// The merge rule, the steps a reorganisation takes in a running directive and the levels it gains, as pure functions.
import { directiveLevelsAfter } from '../../src/domain/cascade/reorg-levels';
import { crowdedCommittee, levelsUnder, MAX_LEAVES_PER_COMMITTEE } from '../../src/domain/cascade/reorg-limits';
import { planDirectiveReorg } from '../../src/domain/cascade/reorg-steps';
import type { OrgUnit } from '../../src/domain/org/org-unit';
import { mergeTracks } from '../../src/domain/track/reorg-tracks';
import { newTrack, trackStatus, type UnitTrack } from '../../src/domain/track/unit-track';

const identity = { unitId: 'M', name: 'Merged', level: 'cell', parentId: 'D1', members: 40, essaysExpected: 10 };
const report = (attendees: number, day: string) => ({
  conferenceDate: day,
  documentDate: day,
  documentNumber: '1-KH/ĐU',
  attendees,
  members: 20,
  essaysSubmitted: 5,
  essaysExpected: 5,
  reportedBy: 'x',
});
const track = (unitId: string, deadline: string, patch: Partial<UnitTrack> = {}): UnitTrack => ({
  ...newTrack({ unitId, name: unitId, level: 'cell', parentId: 'D1', members: 20, essaysExpected: 5 }, '2026-01-01T00:00:00.000Z', deadline),
  ...patch,
});
const done = (unitId: string, deadline: string, at: string, attendees: number) =>
  track(unitId, deadline, { completedAt: at, report: report(attendees, at.slice(0, 10)), acknowledgedAt: at });

describe('merging tracks', () => {
  test('every part reported: figures summed, latest completion, on time when each was', () => {
    const merged = mergeTracks(identity, [
      done('A', '2026-06-30T16:59:59.999Z', '2026-03-01T00:00:00.000Z', 18),
      done('B', '2026-09-30T16:59:59.999Z', '2026-08-01T00:00:00.000Z', 15),
    ]);
    expect(merged).toMatchObject({ unitId: 'M', completedAt: '2026-08-01T00:00:00.000Z', report: { attendees: 33, members: 40, essaysSubmitted: 10 } });
    expect(trackStatus(merged, '2027-01-01T00:00:00.000Z')).toBe('done-on-time');
  });

  test('one part reported late: the merged unit is late too', () => {
    const merged = mergeTracks(identity, [
      done('A', '2026-03-31T16:59:59.999Z', '2026-04-10T00:00:00.000Z', 18),
      done('B', '2026-09-30T16:59:59.999Z', '2026-05-01T00:00:00.000Z', 15),
    ]);
    expect(trackStatus(merged, '2027-01-01T00:00:00.000Z')).toBe('done-late');
  });

  test('one part reported, one open: the merged unit owes one report by the open part deadline in force', () => {
    const open = track('B', '2026-03-31T16:59:59.999Z', { extendedTo: '2026-05-31T16:59:59.999Z', extensions: 1, remindersDone: 2 });
    const merged = mergeTracks(identity, [done('A', '2026-02-28T16:59:59.999Z', '2026-02-01T00:00:00.000Z', 18), open]);
    expect(merged).toMatchObject({ completedAt: null, report: null, deadline: open.deadline, extendedTo: open.extendedTo, remindersDone: 2, extensions: 1 });
    expect(trackStatus(merged, '2026-04-15T00:00:00.000Z')).toBe('extended');
  });

  test('exempted parts do not count; all exempted makes the merged unit exempted', () => {
    const exempted = track('B', '2026-03-31T16:59:59.999Z', { exemptedAt: '2026-02-01T00:00:00.000Z' });
    expect(mergeTracks(identity, [done('A', '2026-06-30T16:59:59.999Z', '2026-03-01T00:00:00.000Z', 18), exempted]).report?.attendees).toBe(18);
    expect(trackStatus(mergeTracks(identity, [exempted, { ...exempted, unitId: 'C' }]), '2026-05-01T00:00:00.000Z')).toBe('exempted');
  });
});

describe('planning a directive reorganisation', () => {
  const unit = (id: string, level: string, parentId: string | null): OrgUnit => ({
    id,
    name: id,
    level,
    parentId,
    email: `${id.toLowerCase()}@x.test`,
    members: 1,
    essaysExpected: 1,
  });
  const BEFORE = [
    { unitId: 'P', parentId: 'TW', hasChildren: true },
    { unitId: 'D1', parentId: 'P', hasChildren: true },
    { unitId: 'D2', parentId: 'P', hasChildren: true },
    { unitId: 'C1', parentId: 'D1', hasChildren: false },
    { unitId: 'C2', parentId: 'D2', hasChildren: false },
  ];

  test('a dissolved district: its cell goes up to the province, the district ends and leaves, nothing else moves', () => {
    const after = [unit('TW', 'central', null), unit('P', 'province', 'TW'), unit('D2', 'district', 'P'), unit('C1', 'cell', 'P'), unit('C2', 'cell', 'D2')];
    const steps = planDirectiveReorg(BEFORE, after, [{ op: 0, kind: 'removed', unitId: 'D1', reason: 'dissolved', into: null }], 'TW');
    expect(steps.handOvers).toEqual([
      {
        committee: 'D1',
        units: [
          { unitId: 'D1', to: null, reason: 'dissolved', into: null },
          { unitId: 'C1', to: 'P', reason: 'moved', into: null },
        ],
        children: [],
        end: true,
      },
      { committee: 'P', units: [], children: [{ unitId: 'D1', to: null }], end: false },
    ]);
    expect(steps.takeOvers).toEqual([{ committee: 'P', units: [expect.objectContaining({ mode: 'carry', sources: ['C1'] })], children: [] }]);
    expect(steps.removed).toEqual([{ unitId: 'D1', reason: 'dissolved', into: null }]);
    expect(steps.newCommittees).toEqual([]);
    expect(steps.snapshot.find((r) => r.unitId === 'C1')).toMatchObject({ parentId: 'P', holderId: 'P', ancestors: ['P', 'TW'], depth: 2 });
  });

  test('a district moved under another keeps its committee, which learns its new ancestors; its cells stay with it', () => {
    const after = [
      unit('TW', 'central', null),
      unit('P', 'province', 'TW'),
      unit('D1', 'district', 'D2'),
      unit('D2', 'district', 'P'),
      unit('C1', 'cell', 'D1'),
      unit('C2', 'cell', 'D2'),
    ];
    const steps = planDirectiveReorg(BEFORE, after, [{ op: 0, kind: 'moved', unitId: 'D1', from: 'P', to: 'D2' }], 'TW');
    expect(steps.handOvers).toEqual([{ committee: 'P', units: [], children: [{ unitId: 'D1', to: 'D2' }], end: false }]);
    expect(steps.takeOvers).toEqual([
      { committee: 'D2', units: [], children: ['D1'] },
      { committee: 'D1', units: [expect.objectContaining({ mode: 'carry', sources: [] })], children: [] },
    ]);
    expect(steps.reparents).toEqual([{ committee: 'D1', parentId: 'D2', ancestors: ['D2', 'P', 'TW'] }]);
  });
});

describe('levels a running directive gains', () => {
  const def = (name: string) => ({ name, label: { vi: name, en: name } });
  const current = { levels: ['central', 'province', 'district', 'cell'].map(def), deadlines: { province: 'Q2/2026', district: 'Q3/2026', cell: '30/09/2026' } };
  const after2025 = ['central', 'province', 'commune', 'cell'].map(def);

  test('a new level takes the deadline of the level at its depth and its place in the order; the dissolved level stays', () => {
    const result = directiveLevelsAfter('D', current, after2025, new Set(['province', 'commune', 'cell']), {});
    expect(result).toEqual({
      ok: true,
      added: ['commune'],
      after: { levels: ['central', 'province', 'district', 'commune', 'cell'].map(def), deadlines: { ...current.deadlines, commune: 'Q3/2026' } },
    });
  });

  test("the plan's deadline wins; a level with neither is refused naming it", () => {
    const given = directiveLevelsAfter('D', current, after2025, new Set(['commune']), { commune: '31/10/2026' });
    expect(given.ok && given.after.deadlines.commune).toBe('31/10/2026');
    const deep = [...after2025, def('group')];
    expect(directiveLevelsAfter('D', current, deep, new Set(['group']), {})).toEqual({
      ok: false,
      issues: [expect.objectContaining({ path: 'deadlines.group', rule: 'level-deadline' })],
    });
    expect(directiveLevelsAfter('D', current, current.levels, new Set(['cell']), {})).toEqual({ ok: true, after: current, added: [] });
  });
});

describe("a directive's tree after a plan", () => {
  const unit = (id: string, level: string, parentId: string | null): OrgUnit => ({
    id,
    name: id,
    level,
    parentId,
    email: 'x@x.test',
    members: 1,
    essaysExpected: 1,
  });
  const cells = (parent: string, n: number) => Array.from({ length: n }, (_, i) => unit(`${parent}-C${i}`, 'cell', parent));
  const tree = [
    unit('TW', 'central', null),
    unit('P', 'province', 'TW'),
    unit('Q', 'province', 'TW'),
    ...cells('P', MAX_LEAVES_PER_COMMITTEE + 1),
    ...cells('Q', 3),
    unit('X', 'commune', null),
  ];

  test('names the committee that would hold more leaf units than its state can carry, and the levels under the root', () => {
    expect(crowdedCommittee(tree, 'TW')).toEqual({ unitId: 'P', leaves: MAX_LEAVES_PER_COMMITTEE + 1 });
    expect(crowdedCommittee(tree, 'Q')).toBeNull();
    expect([...levelsUnder(tree, 'TW')].sort()).toEqual(['cell', 'province']);
  });
});
