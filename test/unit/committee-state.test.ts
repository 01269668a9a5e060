// CommitteeState on its own: a district committee holding itself and three cells, with one child
// committee reporting rollups. No Temporal: every instant is passed in, every effect is a queue.
import type { CommitteeLoad, DirectiveRuntime, JournalEntries, SnapshotUnit } from '../../src/domain/cascade/records';
import { CommandValidationError, type ReportCommand } from '../../src/domain/directive/commands';
import { addMs } from '../../src/domain/time/instant';
import { ReportValidationError, type CompletionReportInput } from '../../src/domain/track/completion-report';
import { emptyLevelCounts, mergeRollups, unitRollup, type Rollup } from '../../src/domain/track/rollup';
import { TrackRuleError } from '../../src/domain/track/track-rules';
import { nextWakeAt } from '../../src/domain/track/track-schedule';
import { CommitteeState, UnknownUnitError } from '../../src/engine/committee/state';
import { launchJournal, launchRollup, launchTracks } from '../../src/domain/cascade/launch-journal';
import { RollupOutbox } from '../../src/engine/committee/rollup-outbox';
import type { CarriedCommitteeState, ChildRollupMessage } from '../../src/engine/protocol';
import { DAY, LEVELS } from './fixtures';

const DIRECTIVE: DirectiveRuntime = {
  id: '05-CT-TW-2027',
  code: '05-CT/TW',
  title: 'Nghiên cứu, học tập, quán triệt Nghị quyết',
  issuer: 'Bộ Chính trị',
  issuedOn: '2027-03-01',
  rootId: 'TW',
  levels: [...LEVELS],
  deadlines: { province: 'Q2/2027', district: '30/09/2027', cell: 'P45D' },
  reminders: [-14 * DAY, -3 * DAY, 0],
  escalation: [0, 7 * DAY, 14 * DAY],
  language: 'vi',
  searchAttributes: false,
};
const ANCESTORS = ['QN', 'TW'];
/** When the province committee started D1's committee. */
const RECEIVED_AT = '2027-03-02T02:00:00.000Z';
/** When D1's committee loaded its units: its cells receive the directive then. */
const LOADED_AT = '2027-03-02T02:00:05.000Z';
/** 30/09/2027 23:59:59.999 +07:00. */
const DISTRICT_DEADLINE = '2027-09-30T16:59:59.999Z';
/** P45D after LOADED_AT. */
const CELL_DEADLINE = '2027-04-16T02:00:05.000Z';
const CELL_OVERDUE = addMs(CELL_DEADLINE, 1);
/** 08:00 +07:00 on 13/04/2027: the cells' "-3d" reminder. */
const CELL_REMINDER_3D = '2027-04-13T01:00:00.000Z';
/** 08:00 +07:00 on 16/04/2027: the cells' "0d" reminder, an hour before their deadline. */
const CELL_REMINDER_0D = '2027-04-16T01:00:00.000Z';
const REPORTED_AT = '2027-03-25T03:00:00.000Z';
const WITHDRAWN_AT = '2027-04-01T03:00:00.000Z';
const CELLS = ['D1-C1', 'D1-C2', 'D1-C3'];

function unit(unitId: string, level: string, parentId: string | null, members: number, essaysExpected: number, hasChildren = false): SnapshotUnit {
  return { unitId, name: `Đảng bộ ${unitId}`, level, parentId, members, essaysExpected, hasChildren };
}

const LOAD: CommitteeLoad = {
  self: unit('D1', 'district', 'QN', 40, 40, true),
  children: [
    unit('D1-C1', 'cell', 'D1', 20, 5),
    unit('D1-C2', 'cell', 'D1', 19, 5),
    unit('D1-X', 'cell', 'D1', 120, 60, true),
    unit('D1-C3', 'cell', 'D1', 25, 6),
  ],
};

function fresh(directive: DirectiveRuntime = DIRECTIVE): CommitteeState {
  return CommitteeState.fromLoad(directive, 'D1', ANCESTORS, RECEIVED_AT, LOAD, LOADED_AT);
}

/** The launch's journal entries for LOAD, as the launchCommittee activity writes them. */
function launched(): JournalEntries {
  return launchJournal(DIRECTIVE, 'D1', ANCESTORS, launchTracks(DIRECTIVE, 'D1', RECEIVED_AT, LOAD, LOADED_AT), LOADED_AT);
}

/** The state after every cell reminder went out at its instant, queues emptied: what is due next is escalation. */
function reminded(state: CommitteeState): CommitteeState {
  for (const at of [CELL_REMINDER_3D, CELL_REMINDER_0D]) state.onTimer(at);
  return drain(state);
}

/** Empties the queues, as the workflow's pumps do once the activities succeed. */
function drain(state: CommitteeState): CommitteeState {
  state.pendingEmails.splice(0);
  state.journal.pendingAudit.splice(0);
  state.journal.pendingProjections.splice(0);
  return state;
}

function reportInput(overrides: Partial<CompletionReportInput> = {}): CompletionReportInput {
  return {
    conferenceDate: '20/03/2027',
    documentDate: '2027-03-21',
    documentNumber: '12-KH/CB',
    attendees: 18,
    members: 20,
    essaysSubmitted: 5,
    essaysExpected: 5,
    reportedBy: 'Bí thư chi bộ',
    ...overrides,
  };
}

function reportCommand(unitId: string, overrides: Partial<CompletionReportInput> = {}): ReportCommand {
  return { unitId, actor: `bithu@${unitId.toLowerCase()}.test`, report: reportInput(overrides) };
}

/** D1-X's subtree: itself done (100/120 attended, 50/60 essays) and two cells still pending. */
function childRollup(): Rollup {
  return mergeRollups(
    LEVELS,
    unitRollup(LEVELS, {
      unitId: 'D1-X',
      name: 'Đảng bộ D1-X',
      level: 'cell',
      status: 'done-on-time',
      doneAt: '2027-03-15T03:00:00.000Z',
      report: { attendees: 100, members: 120, essaysSubmitted: 50, essaysExpected: 60 },
    }),
    unitRollup(LEVELS, { unitId: 'D1-X-1', name: 'Chi bộ X1', level: 'cell', status: 'pending' }),
    unitRollup(LEVELS, { unitId: 'D1-X-2', name: 'Chi bộ X2', level: 'cell', status: 'pending' }),
  );
}

function childMessage(seq: number, rollup: Rollup = childRollup(), closed = false): ChildRollupMessage {
  return { childId: 'D1-X', rollup, seq, closed };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but nothing was thrown');
}

/** Everything a state holds, as a comparable value. */
function everything(state: CommitteeState): string {
  return JSON.stringify(state.snapshot());
}

describe('CommitteeState.fromLoad', () => {
  test('queues one notice for its own unit and each leaf, not for child committees, as of the load', () => {
    expect(fresh().pendingEmails).toEqual([
      { kind: 'notice', unitId: 'D1', step: 0, deadline: DISTRICT_DEADLINE, asOf: LOADED_AT },
      ...CELLS.map((unitId) => ({ kind: 'notice', unitId, step: 0, deadline: CELL_DEADLINE, asOf: LOADED_AT })),
    ]);
  });

  test('records a received audit entry per unit with a dedupe key of directive/unit/received', () => {
    expect(launched().audit.map((a) => [a.unitId, a.kind, a.actor, a.occurredAt, a.dedupeKey])).toEqual([
      ['D1', 'received', null, RECEIVED_AT, '05-CT-TW-2027/D1/received'],
      ...CELLS.map((id) => [id, 'received', null, LOADED_AT, `05-CT-TW-2027/${id}/received`]),
    ]);
  });

  test('received audit entries carry the deadline and receipt instant', () => {
    expect(launched().audit[1]?.payload).toEqual({ deadline: CELL_DEADLINE, receivedAt: LOADED_AT });
  });

  test('is deterministic: the same load gives the same audit entries', () => {
    expect(launched().audit).toEqual(launched().audit);
  });

  test("projects its own unit with the committee's ancestors", () => {
    expect(launched().projections[0]).toEqual({
      directiveId: DIRECTIVE.id,
      unitId: 'D1',
      level: 'district',
      parentId: 'QN',
      ancestors: ['QN', 'TW'],
      status: 'pending',
      deadline: DISTRICT_DEADLINE,
      receivedAt: RECEIVED_AT,
      completedAt: null,
      attendees: null,
      members: null,
      essaysSubmitted: null,
      essaysExpected: null,
      version: 1,
    });
  });

  test('projects each leaf with the committee first, then its ancestors', () => {
    const leaves = launched().projections.slice(1);
    expect(leaves.map((p) => [p.unitId, p.ancestors, p.status, p.version])).toEqual(CELLS.map((id) => [id, ['D1', 'QN', 'TW'], 'pending', 1]));
  });

  test('a date deadline is the last millisecond of that day in Vietnam', () => {
    expect(fresh().track('D1').deadline).toBe(DISTRICT_DEADLINE);
  });

  test('a quarter deadline is the last millisecond of the quarter in Vietnam', () => {
    const load: CommitteeLoad = { self: unit('QN', 'province', 'TW', 60, 60, true), children: [unit('D1', 'district', 'QN', 40, 40, true)] };
    const province = CommitteeState.fromLoad(DIRECTIVE, 'QN', ['TW'], RECEIVED_AT, load, LOADED_AT);
    expect(province.track('QN').deadline).toBe('2027-06-30T16:59:59.999Z');
  });

  test("a P45D deadline counts 45 days from the committee's own receipt", () => {
    const state = fresh({ ...DIRECTIVE, deadlines: { ...DIRECTIVE.deadlines, district: 'P45D' } });
    expect(state.track('D1').deadline).toBe(addMs(RECEIVED_AT, 45 * DAY));
  });

  test('a P45D deadline for a leaf counts 45 days from when the committee loaded it', () => {
    expect(fresh().track('D1-C2')).toMatchObject({ receivedAt: LOADED_AT, deadline: CELL_DEADLINE });
  });

  test('the root committee holds no track of its own and queues nothing for itself', () => {
    const load: CommitteeLoad = { self: unit('TW', 'central', null, 0, 0, true), children: [unit('QN', 'province', 'TW', 60, 60, true)] };
    const root = CommitteeState.fromLoad(DIRECTIVE, 'TW', [], RECEIVED_AT, load, LOADED_AT);
    expect([root.self, root.pendingEmails, root.journal.pendingAudit, root.view(LOADED_AT).isRoot]).toEqual([null, [], [], true]);
  });

  test('lists child committees with no rollup yet and leaves them out of its tracks', () => {
    const state = fresh();
    expect([state.childCommittees().map((c) => c.unitId), [...state.tracks()].map((t) => t.unitId)]).toEqual([['D1-X'], ['D1', ...CELLS]]);
  });
});

describe('a launch written by the launchCommittee activity', () => {
  const written = () => CommitteeState.fromLoad(DIRECTIVE, 'D1', ANCESTORS, RECEIVED_AT, LOAD, LOADED_AT);
  const launchOf = (committeeId: string, ancestors: string[], load: CommitteeLoad) =>
    launchJournal(DIRECTIVE, committeeId, ancestors, launchTracks(DIRECTIVE, committeeId, RECEIVED_AT, load, LOADED_AT), LOADED_AT);

  test("the root's launch journal holds its leaves only", () => {
    const load: CommitteeLoad = {
      self: unit('TW', 'central', null, 0, 0, true),
      children: [unit('QN', 'province', 'TW', 60, 60, true), unit('TW-CA', 'cell', 'TW', 30, 30)],
    };
    expect(launchOf('TW', [], load).projections.map((p) => p.unitId)).toEqual(['TW-CA']);
  });

  test('queues no journal entries: the activity wrote them', () => {
    expect(written().journal.hasPending()).toBe(false);
  });

  test('a status that moves with time is still projected after a written launch', () => {
    const state = written();
    state.pendingEmails.splice(0);
    state.onTimer(CELL_OVERDUE);
    expect(state.journal.pendingProjections.map((p) => [p.unitId, p.status, p.version])).toEqual(CELLS.map((id) => [id, 'overdue', 2]));
  });

  test("the activity's rollup is the state's, and the outbox counts it sent as message 1", () => {
    const state = written();
    const tracks = launchTracks(DIRECTIVE, 'D1', RECEIVED_AT, LOAD, LOADED_AT);
    expect(launchRollup(DIRECTIVE, tracks, LOADED_AT)).toEqual(state.rollup(LOADED_AT));
    const outbox = new RollupOutbox(state, 'D1');
    expect(outbox.hasChanges()).toBe(false);
    state.report(reportCommand('D1-C1'), REPORTED_AT, false);
    expect([outbox.hasChanges(), outbox.take(REPORTED_AT, false).seq]).toEqual([true, 2]);
  });

  test('the root sends no launch rollup: it has no parent', () => {
    const load: CommitteeLoad = { self: unit('TW', 'central', null, 0, 0, true), children: [unit('QN', 'province', 'TW', 60, 60, true)] };
    const root = CommitteeState.fromLoad(DIRECTIVE, 'TW', [], RECEIVED_AT, load, LOADED_AT);
    expect([root.rollupSeq, root.launchRollupSentAtChange]).toEqual([0, null]);
  });
});

describe('report', () => {
  test('a report on time makes the unit done-on-time', () => {
    expect(drain(fresh()).report(reportCommand('D1-C1'), REPORTED_AT, false)).toMatchObject({
      unitId: 'D1-C1',
      status: 'done-on-time',
      completedAt: REPORTED_AT,
      corrections: 0,
    });
  });

  test('a report is audited with the actor, the report and the status', () => {
    const state = drain(fresh());
    state.report(reportCommand('D1-C1'), REPORTED_AT, false);
    expect(state.journal.pendingAudit).toEqual([
      {
        directiveId: DIRECTIVE.id,
        unitId: 'D1-C1',
        kind: 'report',
        actor: 'bithu@d1-c1.test',
        payload: { report: expect.objectContaining({ conferenceDate: '2027-03-20', attendees: 18 }), status: 'done-on-time' },
        occurredAt: REPORTED_AT,
        dedupeKey: '05-CT-TW-2027/D1-C1/report',
      },
    ]);
  });

  test('a report queues a projection with a higher version and the report figures', () => {
    const state = drain(fresh());
    state.report(reportCommand('D1-C1'), REPORTED_AT, false);
    expect(state.journal.pendingProjections).toEqual([
      expect.objectContaining({
        unitId: 'D1-C1',
        status: 'done-on-time',
        completedAt: REPORTED_AT,
        attendees: 18,
        members: 20,
        essaysSubmitted: 5,
        essaysExpected: 5,
        version: 2,
      }),
    ]);
  });

  test('a report moves the rollup: one more cell done, its attendance counted', () => {
    const state = fresh();
    state.report(reportCommand('D1-C1'), REPORTED_AT, false);
    const rollup = state.rollup(REPORTED_AT);
    expect([rollup.levels.find((l) => l.level === 'cell'), rollup.attendance]).toEqual([
      { ...emptyLevelCounts('cell'), expected: 3, done: 1, onTime: 1, pending: 2 },
      { attendees: 18, members: 20 },
    ]);
  });

  test('a report bumps the change count', () => {
    const state = fresh();
    const before = state.changeCount;
    state.report(reportCommand('D1-C1'), REPORTED_AT, false);
    expect(state.changeCount).toBeGreaterThan(before);
  });

  test('a report with attendees above members throws ReportValidationError naming the unit', () => {
    const error = thrown(() => fresh().report(reportCommand('D1-C1', { attendees: 21 }), REPORTED_AT, false));
    expect(error).toBeInstanceOf(ReportValidationError);
    expect(error).toMatchObject({ unitId: 'D1-C1', issues: [expect.objectContaining({ field: 'attendees', rule: 'attendees-exceed-members' })] });
    expect((error as Error).message).toContain('attendees (21) exceeds members (20) for unit D1-C1');
  });

  test('a rejected report leaves every queue, every track and the change count unchanged', () => {
    const state = fresh();
    const [before, changes] = [everything(state), state.changeCount];
    thrown(() => state.report(reportCommand('D1-C1', { attendees: 21 }), REPORTED_AT, false));
    expect([everything(state), state.changeCount]).toEqual([before, changes]);
  });

  test('a rejected report leaves the rollup unchanged', () => {
    const state = fresh();
    const before = state.rollup(REPORTED_AT);
    thrown(() => state.report(reportCommand('D1-C1', { attendees: 21 }), REPORTED_AT, false));
    expect(state.rollup(REPORTED_AT)).toEqual(before);
  });

  test('checkReport returns the validated report without changing anything', () => {
    const state = fresh();
    const before = everything(state);
    expect([state.checkReport(reportCommand('D1-C1'), REPORTED_AT, false).conferenceDate, everything(state)]).toEqual(['2027-03-20', before]);
  });

  test('a second report is refused as already-reported', () => {
    const state = fresh();
    state.report(reportCommand('D1-C1'), REPORTED_AT, false);
    expect(thrown(() => state.report(reportCommand('D1-C1'), addMs(REPORTED_AT, DAY), false))).toMatchObject({
      name: 'TrackRuleError',
      rule: 'already-reported',
    });
  });

  test('a correction replaces the figures, keeps completedAt and counts the correction', () => {
    const state = fresh();
    state.report(reportCommand('D1-C1'), REPORTED_AT, false);
    const view = state.report(reportCommand('D1-C1', { attendees: 19 }), addMs(REPORTED_AT, DAY), true);
    expect(view).toMatchObject({ completedAt: REPORTED_AT, corrections: 1, report: expect.objectContaining({ attendees: 19 }) });
  });

  test('a correction is audited with a dedupe key numbered by the correction', () => {
    const state = fresh();
    state.report(reportCommand('D1-C1'), REPORTED_AT, false);
    drain(state);
    state.report(reportCommand('D1-C1', { attendees: 19 }), addMs(REPORTED_AT, DAY), true);
    state.report(reportCommand('D1-C1', { attendees: 17 }), addMs(REPORTED_AT, 2 * DAY), true);
    expect(state.journal.pendingAudit.map((a) => [a.kind, a.dedupeKey])).toEqual([
      ['correction', '05-CT-TW-2027/D1-C1/correction-1'],
      ['correction', '05-CT-TW-2027/D1-C1/correction-2'],
    ]);
  });

  test('a correction identical to the report in force records nothing', () => {
    const state = fresh();
    state.report(reportCommand('D1-C1'), REPORTED_AT, false);
    state.report(reportCommand('D1-C1', { attendees: 19 }), addMs(REPORTED_AT, DAY), true);
    drain(state);
    const [before, changes] = [everything(state), state.changeCount];
    // The same figures again, from another actor (the form, then the API): no audit, no version, no count.
    const view = state.report({ ...reportCommand('D1-C1', { attendees: 19 }), actor: 'api' }, addMs(REPORTED_AT, 2 * DAY), true);
    expect([view.corrections, everything(state), state.changeCount]).toEqual([1, before, changes]);
  });

  test('a correction before any report is refused as not-reported', () => {
    expect(thrown(() => fresh().report(reportCommand('D1-C1'), REPORTED_AT, true))).toMatchObject({ name: 'TrackRuleError', rule: 'not-reported' });
  });
});

describe('commands for units not held here', () => {
  const foreign = 'D2-C1';
  const commands: Array<[string, (s: CommitteeState, unitId: string) => unknown]> = [
    ['report', (s, unitId) => s.report(reportCommand(unitId), REPORTED_AT, false)],
    ['acknowledge', (s, unitId) => s.acknowledge({ unitId, actor: 'a' }, REPORTED_AT)],
    ['extend', (s, unitId) => s.extend({ unitId, actor: 'a', to: '31/12/2027' }, REPORTED_AT)],
    ['exempt', (s, unitId) => s.exempt({ unitId, actor: 'a', reason: 'sáp nhập' }, REPORTED_AT)],
  ];

  test.each(commands)('%s of a unit of another committee throws UnknownUnitError naming the unit and this committee', (_name, run) => {
    const error = thrown(() => run(fresh(), foreign));
    expect(error).toBeInstanceOf(UnknownUnitError);
    expect(error).toMatchObject({ unitId: foreign, message: expect.stringMatching(/unit D2-C1 is not held by committee D1/) });
  });

  test('a child committee unit is not held here: its own committee holds it', () => {
    expect(thrown(() => fresh().track('D1-X'))).toBeInstanceOf(UnknownUnitError);
  });

  test('an unknown unit changes nothing', () => {
    const state = fresh();
    const before = everything(state);
    thrown(() => state.report(reportCommand(foreign), REPORTED_AT, false));
    expect(everything(state)).toBe(before);
  });
});

describe('acknowledge, extend, exempt', () => {
  test('an acknowledgement is audited once; repeating it queues nothing', () => {
    const state = drain(fresh());
    state.acknowledge({ unitId: 'D1-C2', actor: 'vp' }, REPORTED_AT);
    state.acknowledge({ unitId: 'D1-C2', actor: 'vp' }, addMs(REPORTED_AT, DAY));
    expect([state.journal.pendingAudit.map((a) => a.dedupeKey), state.journal.pendingProjections.length]).toEqual([['05-CT-TW-2027/D1-C2/acknowledged'], 1]);
  });

  test('an extension makes the unit extended with the new deadline at the end of that day in Vietnam', () => {
    expect(fresh().extend({ unitId: 'D1-C2', actor: 'QN', to: '31/05/2027' }, REPORTED_AT)).toMatchObject({
      status: 'extended',
      deadline: CELL_DEADLINE,
      extendedTo: '2027-05-31T16:59:59.999Z',
    });
  });

  test('an extension is audited with from, to and reason, and projected with the new deadline', () => {
    const state = drain(fresh());
    state.extend({ unitId: 'D1-C2', actor: 'QN', to: '31/05/2027', reason: 'lũ lụt' }, REPORTED_AT);
    expect([state.journal.pendingAudit[0], state.journal.pendingProjections[0]?.deadline]).toEqual([
      expect.objectContaining({
        kind: 'extension',
        payload: { from: CELL_DEADLINE, to: '2027-05-31T16:59:59.999Z', reason: 'lũ lụt' },
        dedupeKey: '05-CT-TW-2027/D1-C2/extension-1',
      }),
      '2027-05-31T16:59:59.999Z',
    ]);
  });

  test.each([
    ['a duration', 'P10D', 'not-an-instant'],
    ['an impossible date', '31/02/2027', 'deadline'],
    ['text that is no date', 'tuần sau', 'deadline'],
    ['a date-time without offset', '2027-06-30T17:00', 'deadline'],
  ])('an extension to %s is refused as invalid input naming the field `to`', (_what, to, rule) => {
    const error = thrown(() => fresh().extend({ unitId: 'D1-C2', actor: 'QN', to }, REPORTED_AT));
    expect([error instanceof CommandValidationError && error.issues.map((i) => [i.path, i.rule]), (error as Error).message]).toEqual([
      [['to', rule]],
      expect.stringMatching(/^to: /),
    ]);
  });

  test('an extension to an earlier date is refused and changes nothing', () => {
    const state = fresh();
    const before = everything(state);
    const error = thrown(() => state.extend({ unitId: 'D1-C2', actor: 'QN', to: '10/04/2027' }, REPORTED_AT));
    expect([error instanceof TrackRuleError && error.rule, everything(state)]).toEqual(['extension-not-later', before]);
  });

  test('an exemption is audited with its reason and the unit stops counting as expected', () => {
    const state = drain(fresh());
    state.exempt({ unitId: 'D1-C3', actor: 'QN', reason: 'chi bộ giải thể' }, REPORTED_AT);
    expect([state.journal.pendingAudit[0]?.payload, state.rollup(REPORTED_AT).levels.find((l) => l.level === 'cell')]).toEqual([
      { reason: 'chi bộ giải thể' },
      { ...emptyLevelCounts('cell'), expected: 2, pending: 2, exempted: 1 },
    ]);
  });

  test('an exemption after a report is refused as already-reported', () => {
    const state = fresh();
    state.report(reportCommand('D1-C1'), REPORTED_AT, false);
    expect(thrown(() => state.exempt({ unitId: 'D1-C1', actor: 'QN', reason: 'x' }, REPORTED_AT))).toMatchObject({ rule: 'already-reported' });
  });
});

describe('child rollups', () => {
  test('a newer message is kept and reported as accepted', () => {
    const state = fresh();
    expect([state.receiveChildRollup(childMessage(1)), state.childCommittees()[0]?.rollup]).toEqual([true, childRollup()]);
  });

  test('a message with an older seq is ignored', () => {
    const state = fresh();
    state.receiveChildRollup(childMessage(2));
    const stale = mergeRollups(LEVELS, unitRollup(LEVELS, { unitId: 'D1-X', name: 'x', level: 'cell', status: 'pending' }));
    expect([state.receiveChildRollup(childMessage(1, stale)), state.childCommittees()[0]]).toEqual([
      false,
      expect.objectContaining({ seq: 2, rollup: childRollup() }),
    ]);
  });

  test('a repeated seq is ignored', () => {
    const state = fresh();
    state.receiveChildRollup(childMessage(2));
    expect(state.receiveChildRollup(childMessage(2, childRollup(), true))).toBe(false);
  });

  test('an ignored message does not bump the change count', () => {
    const state = fresh();
    state.receiveChildRollup(childMessage(2));
    const before = state.changeCount;
    state.receiveChildRollup(childMessage(1));
    expect(state.changeCount).toBe(before);
  });

  test('a message from a committee that is not a child is ignored', () => {
    expect(fresh().receiveChildRollup({ ...childMessage(1), childId: 'D2' })).toBe(false);
  });

  test('allChildrenClosed turns true once the child says it closed', () => {
    const state = fresh();
    state.receiveChildRollup(childMessage(1));
    const before = state.allChildrenClosed();
    state.receiveChildRollup(childMessage(2, childRollup(), true));
    expect([before, state.allChildrenClosed()]).toEqual([false, true]);
  });
});

describe('rollup', () => {
  test('merges its own tracks and child rollups exactly, attendance and essays as Σ/Σ', () => {
    const state = fresh();
    state.report(reportCommand('D1-C1'), REPORTED_AT, false);
    state.report(reportCommand('D1-C2', { attendees: 15, members: 19, essaysSubmitted: 4, essaysExpected: 5 }), REPORTED_AT, false);
    state.receiveChildRollup(childMessage(1));
    expect(state.rollup(REPORTED_AT)).toEqual({
      levels: [
        emptyLevelCounts('central'),
        emptyLevelCounts('province'),
        { ...emptyLevelCounts('district'), expected: 1, pending: 1 },
        { ...emptyLevelCounts('cell'), expected: 6, done: 3, onTime: 3, pending: 3 },
      ],
      attendance: { attendees: 133, members: 159 },
      essays: { submitted: 59, expected: 70 },
      firstFinisher: { unitId: 'D1-X', name: 'Đảng bộ D1-X', at: '2027-03-15T03:00:00.000Z' },
      overdueCount: 0,
    });
  });

  test('the rollup view rates attendance as Σattendees/Σmembers', () => {
    const state = fresh();
    state.report(reportCommand('D1-C1'), REPORTED_AT, false);
    state.receiveChildRollup(childMessage(1));
    // (18 + 100) / (20 + 120) = 84.29%, not the mean of 90% and 83.33%.
    expect(state.rollupView(REPORTED_AT).attendance).toEqual({ attendees: 118, members: 140, rate: 84.29 });
  });

  test('open units past their deadline count as overdue', () => {
    expect(fresh().rollup(CELL_OVERDUE).overdueCount).toBe(3);
  });
});

describe('onTimer', () => {
  test('after an outage queues the latest due reminder for each open unit, as of now, and the ones it overtook as skipped', () => {
    const state = drain(fresh());
    const now = addMs(CELL_REMINDER_3D, 5 * 60_000);
    state.onTimer(now);
    expect(state.pendingEmails).toEqual(
      CELLS.flatMap((unitId) => [
        { kind: 'reminder', unitId, step: 0, deadline: CELL_DEADLINE, asOf: now, skip: 'superseded' },
        { kind: 'reminder', unitId, step: 1, deadline: CELL_DEADLINE, asOf: now },
      ]),
    );
  });

  test('after the deadline queues the first escalation for each open unit, and no reminder', () => {
    const state = fresh();
    state.report(reportCommand('D1-C1'), REPORTED_AT, false);
    reminded(state);
    state.onTimer(CELL_OVERDUE);
    expect(state.pendingEmails).toEqual(
      ['D1-C2', 'D1-C3'].map((unitId) => ({ kind: 'escalation', unitId, step: 0, deadline: CELL_DEADLINE, ancestorIndex: 0, asOf: CELL_OVERDUE })),
    );
  });

  test('returns how many emails became due', () => {
    expect(reminded(fresh()).onTimer(CELL_OVERDUE)).toBe(3);
  });

  test('projects the units that turned overdue, with a new version, and no others', () => {
    const state = fresh();
    state.report(reportCommand('D1-C1'), REPORTED_AT, false);
    drain(state);
    state.onTimer(CELL_OVERDUE);
    expect(state.journal.pendingProjections.map((p) => [p.unitId, p.status, p.version])).toEqual([
      ['D1-C2', 'overdue', 2],
      ['D1-C3', 'overdue', 2],
    ]);
  });

  test('projects nothing when no status moved', () => {
    const state = drain(fresh());
    state.onTimer(CELL_REMINDER_3D);
    expect(state.journal.pendingProjections).toEqual([]);
  });

  test('twice at the same instant queues nothing new', () => {
    const state = drain(fresh());
    state.onTimer(CELL_OVERDUE);
    drain(state);
    state.onTimer(CELL_OVERDUE);
    expect([state.pendingEmails, state.journal.pendingAudit, state.journal.pendingProjections]).toEqual([[], [], []]);
  });

  test('all due escalations go out after a long outage, each to the next ancestor', () => {
    const state = reminded(fresh());
    state.exempt({ unitId: 'D1-C2', actor: 'QN', reason: 'x' }, REPORTED_AT);
    state.exempt({ unitId: 'D1-C3', actor: 'QN', reason: 'x' }, REPORTED_AT);
    state.onTimer(addMs(CELL_DEADLINE, 15 * DAY));
    expect(state.pendingEmails.map((e) => [e.unitId, e.kind, e.step, e.ancestorIndex])).toEqual([
      ['D1-C1', 'escalation', 0, 0],
      ['D1-C1', 'escalation', 1, 1],
      ['D1-C1', 'escalation', 2, 2],
    ]);
  });

  test('after an extension, escalation waits for the new deadline', () => {
    const state = fresh();
    state.extend({ unitId: 'D1-C2', actor: 'QN', to: '31/05/2027' }, REPORTED_AT);
    reminded(state);
    state.onTimer(CELL_OVERDUE);
    expect(state.pendingEmails.map((e) => e.unitId)).toEqual(['D1-C1', 'D1-C3']);
  });
});

describe('queued emails of a unit that closes', () => {
  test('a report drops the reminder already queued for that unit', () => {
    const state = drain(fresh());
    state.onTimer(CELL_REMINDER_3D);
    expect(state.pendingEmails.map((e) => [e.unitId, e.kind])).toContainEqual(['D1-C1', 'reminder']);
    state.report(reportCommand('D1-C1'), CELL_REMINDER_3D, false);
    expect(state.pendingEmails.filter((e) => e.unitId === 'D1-C1')).toEqual([]);
    expect(state.pendingEmails.map((e) => e.unitId)).toContain('D1-C2');
  });

  test('an exemption drops the queued reminder too', () => {
    const state = drain(fresh());
    state.onTimer(CELL_REMINDER_3D);
    state.exempt({ unitId: 'D1-C1', actor: 'QN', reason: 'sáp nhập' }, CELL_REMINDER_3D);
    expect(state.pendingEmails.filter((e) => e.unitId === 'D1-C1')).toEqual([]);
  });
});

describe('withdraw', () => {
  function withdrawnScenario(): CommitteeState {
    const state = fresh();
    state.report(reportCommand('D1-C1'), REPORTED_AT, false);
    state.exempt({ unitId: 'D1-C2', actor: 'QN', reason: 'sáp nhập' }, REPORTED_AT);
    state.withdraw({ actor: 'VPTW', reason: 'thay thế bằng chỉ thị mới', at: WITHDRAWN_AT });
    return state;
  }

  test('withdraws the open units and leaves reported and exempted ones as they were', () => {
    const view = withdrawnScenario().view(WITHDRAWN_AT);
    expect([view.self?.status, ...view.units.map((u) => [u.unitId, u.status, u.withdrawnAt])]).toEqual([
      'withdrawn',
      ['D1-C1', 'done-on-time', null],
      ['D1-C2', 'exempted', null],
      ['D1-C3', 'withdrawn', WITHDRAWN_AT],
    ]);
  });

  test('clears pending emails', () => {
    expect(withdrawnScenario().pendingEmails).toEqual([]);
  });

  test('a correction of a finished unit is refused afterwards, and nothing is queued', () => {
    const state = drain(withdrawnScenario());
    const error = thrown(() => state.report(reportCommand('D1-C1', { attendees: 10 }), '2027-04-02T03:00:00.000Z', true));
    expect(error).toBeInstanceOf(TrackRuleError);
    expect((error as TrackRuleError).rule).toBe('withdrawn');
    expect((error as Error).message).toContain('unit D1-C1');
    // When, as Vietnamese write it in Vietnam time (03:00Z is 10:00 in Hà Nội), not an ISO instant.
    expect((error as Error).message).toContain('withdrawn on 01/04/2027 10:00 (Vietnam time)');
    expect([state.journal.pendingAudit, state.journal.pendingProjections, state.pendingEmails]).toEqual([[], [], []]);
  });

  test('audits a withdrawal for each withdrawn unit only', () => {
    const audit = withdrawnScenario().journal.pendingAudit.filter((a) => a.kind === 'withdrawal');
    expect(audit.map((a) => [a.dedupeKey, a.actor, a.occurredAt])).toEqual([
      ['05-CT-TW-2027/D1/withdrawal', 'VPTW', WITHDRAWN_AT],
      ['05-CT-TW-2027/D1-C3/withdrawal', 'VPTW', WITHDRAWN_AT],
    ]);
  });

  test('a second withdrawal changes nothing', () => {
    const state = withdrawnScenario();
    const before = everything(state);
    state.withdraw({ actor: 'other', reason: 'again', at: addMs(WITHDRAWN_AT, DAY) });
    expect(everything(state)).toBe(before);
  });

  test('after withdrawal the timer queues nothing', () => {
    const state = drain(withdrawnScenario());
    expect([state.onTimer(addMs(DISTRICT_DEADLINE, 20 * DAY)), state.pendingEmails, state.journal.pendingProjections]).toEqual([0, [], []]);
  });

  test('the view shows when the directive was withdrawn', () => {
    expect(withdrawnScenario().view(WITHDRAWN_AT).withdrawnAt).toBe(WITHDRAWN_AT);
  });
});

describe('snapshot and fromCarried', () => {
  /** A committee with a bit of everything: reports, an extension, an acknowledgement, a child rollup, timers. */
  function busy(): CommitteeState {
    const state = fresh();
    state.report(reportCommand('D1-C1'), REPORTED_AT, false);
    state.extend({ unitId: 'D1-C2', actor: 'QN', to: '31/05/2027', reason: 'lũ' }, REPORTED_AT);
    state.acknowledge({ unitId: 'D1-C3', actor: 'vp' }, REPORTED_AT);
    state.receiveChildRollup(childMessage(4));
    state.onTimer(CELL_REMINDER_3D);
    state.rollupSeq = 7;
    return state;
  }

  /** What Temporal does to a continue-as-new input: JSON there and back. */
  function carried(state: CommitteeState): CarriedCommitteeState {
    return JSON.parse(JSON.stringify(state.snapshot())) as CarriedCommitteeState;
  }

  function restored(state: CommitteeState): CommitteeState {
    return CommitteeState.fromCarried(DIRECTIVE, 'D1', ANCESTORS, carried(state));
  }

  /** The same commands and timers, applied to a state; returns everything observable. */
  function afterwards(state: CommitteeState): unknown[] {
    const out: unknown[] = [];
    const at = addMs(CELL_DEADLINE, 8 * DAY);
    out.push(state.onTimer(CELL_OVERDUE));
    out.push(state.receiveChildRollup(childMessage(3)));
    out.push(state.report(reportCommand('D1-C3', { attendees: 20, members: 25 }), addMs(CELL_OVERDUE, DAY), false));
    out.push(state.onTimer(at));
    out.push(nextWakeAt(state.tracks(), state.policy, at));
    out.push(state.view(at));
    state.withdraw({ actor: 'VPTW', reason: 'r', at });
    out.push(state.view(at), state.pendingEmails, state.journal.pendingAudit, state.journal.pendingProjections, state.rollupSeq);
    return out;
  }

  test('a restored state has an identical view', () => {
    const state = busy();
    expect(restored(state).view(CELL_REMINDER_3D)).toEqual(state.view(CELL_REMINDER_3D));
  });

  test('a restored state keeps the pending queues and the rollup sequence', () => {
    const state = busy();
    const copy = restored(state);
    expect([copy.pendingEmails, copy.journal.pendingAudit, copy.journal.pendingProjections, copy.rollupSeq]).toEqual([
      state.pendingEmails,
      state.journal.pendingAudit,
      state.journal.pendingProjections,
      7,
    ]);
  });

  test('a restored state snapshots to the same carried state', () => {
    const state = busy();
    expect(carried(restored(state))).toEqual(carried(state));
  });

  test('a restored state behaves identically afterwards', () => {
    const state = busy();
    const copy = restored(state);
    expect(afterwards(copy)).toEqual(afterwards(state));
  });

  test('a restored state does not repeat reminders already sent', () => {
    const copy = drain(restored(busy()));
    copy.onTimer(CELL_REMINDER_3D);
    expect(copy.pendingEmails).toEqual([]);
  });
});

describe('RollupOutbox', () => {
  test('has changes after any change count move, and numbers its messages in sequence after the launch message', () => {
    const state = drain(fresh());
    const outbox = new RollupOutbox(state, 'D1');
    expect(outbox.hasChanges()).toBe(false);

    state.report(reportCommand('D1-C1'), REPORTED_AT, false);
    expect(outbox.hasChanges()).toBe(true);
    const second = outbox.take(REPORTED_AT, false);
    expect(second).toMatchObject({ childId: 'D1', seq: 2, closed: false });
    expect(second.rollup.attendance).toEqual({ attendees: reportInput().attendees, members: reportInput().members });
    expect([outbox.hasChanges(), state.rollupSeq]).toEqual([false, 2]);

    state.report(reportCommand('D1-C2'), REPORTED_AT, false);
    expect(outbox.take(REPORTED_AT, false).seq).toBe(3);
  });

  test('a timer tick counts as a change even when no figure moved: the decision never depends on the clock', () => {
    const state = drain(fresh());
    const outbox = new RollupOutbox(state, 'D1');
    const first = outbox.take(LOADED_AT, false);
    state.onTimer(addMs(LOADED_AT, 1_000));
    expect(outbox.hasChanges()).toBe(true);
    const again = outbox.take(addMs(LOADED_AT, 1_000), false);
    expect(again.rollup).toEqual(first.rollup);
    expect(again.seq).toBe(first.seq + 1);
  });

  test('the closing message says so', () => {
    const state = drain(fresh());
    const outbox = new RollupOutbox(state, 'D1');
    outbox.take(LOADED_AT, false);
    expect(outbox.take(LOADED_AT, true)).toMatchObject({ seq: 3, closed: true });
  });
});

describe('journal hand-off to the caller', () => {
  test('hands off exactly the entries the command queued, and keeps them for its own later write', () => {
    const state = drain(fresh());
    state.onTimer(CELL_REMINDER_3D); // queues nothing for the journal: no status moved
    const mark = state.journal.mark();
    state.report(reportCommand('D1-C1'), REPORTED_AT, false);
    const handed = state.journal.handOff(mark, 1_000);
    expect(handed.audit.map((a) => [a.unitId, a.kind])).toEqual([['D1-C1', 'report']]);
    expect(handed.projections.map((p) => [p.unitId, p.status])).toEqual([['D1-C1', 'done-on-time']]);
    expect(state.journal.hasPending()).toBe(false);
    expect(state.journal.hasLazy()).toBe(true);
    expect(state.journal.lazySince).toBe(1_000);
  });

  test('entries queued before the command stay queued for an immediate write', () => {
    const state = drain(fresh());
    state.onTimer(CELL_OVERDUE); // three cells and nothing else go overdue: projections queued
    const before = state.journal.pendingProjections.map((p) => p.unitId);
    const mark = state.journal.mark();
    state.report(reportCommand('D1-C2'), addMs(CELL_OVERDUE, 1), false);
    const handed = state.journal.handOff(mark, 5_000);
    expect(state.journal.pendingProjections.map((p) => p.unitId)).toEqual(before);
    expect(handed.projections.map((p) => [p.unitId, p.status])).toEqual([['D1-C2', 'done-late']]);
  });

  test('a command that changes nothing hands off nothing and starts no lazy write', () => {
    const state = drain(fresh());
    state.acknowledge({ unitId: 'D1-C1', actor: 'x' }, REPORTED_AT);
    state.journal.handOff({ audit: 0, projections: 0 }, 1);
    const mark = state.journal.mark();
    const view = state.acknowledge({ unitId: 'D1-C1', actor: 'x' }, REPORTED_AT);
    expect(state.journal.handOff(mark, 2)).toEqual({ audit: [], projections: [] });
    expect(view.acknowledgedAt).toBe(REPORTED_AT);
    expect(state.journal.lazySince).toBe(1);
  });

  test('the oldest hand-off sets the lazy deadline; taking the lazy queue clears it', () => {
    const state = drain(fresh());
    let mark = state.journal.mark();
    state.report(reportCommand('D1-C1'), REPORTED_AT, false);
    state.journal.handOff(mark, 1_000);
    mark = state.journal.mark();
    state.report(reportCommand('D1-C2'), REPORTED_AT, false);
    state.journal.handOff(mark, 9_000);
    expect(state.journal.lazySince).toBe(1_000);
    const batch = state.journal.takeWithLazy(100);
    expect(batch.projections.map((p) => p.unitId)).toEqual(['D1-C1', 'D1-C2']);
    expect(state.journal.hasLazy()).toBe(false);
    expect(state.journal.lazySince).toBeNull();
  });

  test('one write takes lazy entries first and then queued ones, up to the batch size', () => {
    const state = drain(fresh());
    const mark = state.journal.mark();
    state.report(reportCommand('D1-C1'), REPORTED_AT, false);
    state.journal.handOff(mark, 1_000);
    state.onTimer(CELL_OVERDUE);
    const first = state.journal.takeWithLazy(2);
    expect(first.projections.map((p) => [p.unitId, p.status])).toEqual([
      ['D1-C1', 'done-on-time'],
      ['D1-C2', 'overdue'],
    ]);
    expect(state.journal.pendingProjections.map((p) => p.unitId)).toEqual(['D1-C3']);
  });

  test('continue-as-new carries handed-off entries as queued ones: the next run writes them at once', () => {
    const state = drain(fresh());
    const mark = state.journal.mark();
    state.report(reportCommand('D1-C3'), REPORTED_AT, false);
    state.journal.handOff(mark, 1_000);
    const carried = JSON.parse(JSON.stringify(state.snapshot())) as CarriedCommitteeState;
    const restored = CommitteeState.fromCarried(DIRECTIVE, 'D1', ANCESTORS, carried);
    expect(restored.journal.hasLazy()).toBe(false);
    expect(restored.journal.pendingAudit.map((a) => [a.unitId, a.kind])).toEqual([['D1-C3', 'report']]);
    expect(restored.journal.pendingProjections.map((p) => [p.unitId, p.status])).toEqual([['D1-C3', 'done-on-time']]);
  });
});

describe('a reorganisation hands a leaf unit to another committee', () => {
  const LOAD_D2: CommitteeLoad = { self: unit('D2', 'district', 'QN', 30, 30, true), children: [unit('D2-C1', 'cell', 'D2', 15, 4)] };
  const release = { unitId: 'D1-C1', to: 'D2', reorgId: 'reorg-1' };
  const pair = () => {
    const d1 = drain(fresh());
    const d2 = drain(CommitteeState.fromLoad(DIRECTIVE, 'D2', ANCESTORS, RECEIVED_AT, LOAD_D2, LOADED_AT));
    return { d1, d2 };
  };
  const cellsDone = (s: CommitteeState, at: string) => s.rollup(at).levels.find((l) => l.level === 'cell');

  test('a reported cell keeps its report, status and version history, and counts under its new committee only', () => {
    const { d1, d2 } = pair();
    d1.report(reportCommand('D1-C1'), REPORTED_AT, false);
    const before = d1.track('D1-C1');
    const track = d1.release(release, REPORTED_AT);
    expect(track).toEqual(before);
    expect(cellsDone(d1, REPORTED_AT)).toMatchObject({ expected: 2, done: 0 });
    drain(d2);
    const view = d2.adopt({ track, from: 'D1', reorgId: 'reorg-1' }, REPORTED_AT);
    expect(view).toMatchObject({ unitId: 'D1-C1', parentId: 'D2', status: 'done-on-time', report: expect.objectContaining({ attendees: 18 }) });
    expect(cellsDone(d2, REPORTED_AT)).toMatchObject({ expected: 2, done: 1 });
    expect(d2.journal.pendingAudit.map((a) => [a.unitId, a.kind, a.payload, a.dedupeKey])).toEqual([
      ['D1-C1', 'moved', { from: 'D1', to: 'D2', reorgId: 'reorg-1' }, '05-CT-TW-2027/D1-C1/moved-reorg-1'],
    ]);
    expect(d2.journal.pendingProjections.map((p) => [p.unitId, p.parentId, p.ancestors, p.status, p.version])).toEqual([
      ['D1-C1', 'D2', ['D2', 'QN', 'TW'], 'done-on-time', before.version + 1],
    ]);
  });

  test('the old committee refuses commands for the moved unit, naming where it went; a repeated hand-over changes nothing', () => {
    const { d1, d2 } = pair();
    const track = d1.release(release, REPORTED_AT);
    const changes = d1.changeCount;
    expect(d1.release(release, REPORTED_AT)).toBe(track);
    expect(d1.changeCount).toBe(changes);
    expect(() => d1.report(reportCommand('D1-C1'), REPORTED_AT, false)).toThrow(TrackRuleError);
    expect(() => d1.acknowledge({ unitId: 'D1-C1', actor: 'x' }, REPORTED_AT)).toThrow(/moved to committee D2 by a reorganisation/);
    expect(() => d1.release({ ...release, reorgId: 'reorg-2' }, REPORTED_AT)).toThrow(/moved to committee D2/);
    expect(() => d1.release({ unitId: 'D1-X', to: 'D2', reorgId: 'reorg-1' }, REPORTED_AT)).toThrow(UnknownUnitError);
    d2.adopt({ track, from: 'D1', reorgId: 'reorg-1' }, REPORTED_AT);
    const queued = d2.journal.pendingAudit.length;
    expect(d2.adopt({ track, from: 'D1', reorgId: 'reorg-1' }, REPORTED_AT)).toMatchObject({ unitId: 'D1-C1', parentId: 'D2' });
    expect(d2.journal.pendingAudit).toHaveLength(queued);
  });

  test('reminders already handled are not sent again by the new committee; the next one is', () => {
    const { d1, d2 } = pair();
    d1.onTimer(CELL_REMINDER_3D);
    expect(d1.pendingEmails.filter((e) => e.unitId === 'D1-C1').map((e) => [e.kind, e.step])).toEqual([
      ['reminder', 0],
      ['reminder', 1],
    ]);
    const track = d1.release(release, REPORTED_AT);
    d2.adopt({ track, from: 'D1', reorgId: 'reorg-1' }, CELL_REMINDER_3D);
    d2.onTimer(CELL_REMINDER_3D);
    expect(d2.pendingEmails.filter((e) => e.unitId === 'D1-C1')).toEqual([]);
    d2.onTimer(CELL_REMINDER_0D);
    expect(d2.pendingEmails.filter((e) => e.unitId === 'D1-C1').map((e) => [e.kind, e.step])).toEqual([['reminder', 2]]);
  });

  test('the hand-over is carried across continue-as-new; a committee that handed nothing carries no trace of it', () => {
    const { d1, d2 } = pair();
    expect(d2.snapshot()).not.toHaveProperty('movedOut');
    const track = d1.release(release, REPORTED_AT);
    const restored = CommitteeState.fromCarried(DIRECTIVE, 'D1', ANCESTORS, d1.snapshot());
    expect(restored.release(release, REPORTED_AT)).toEqual(track);
    expect(() => restored.report(reportCommand('D1-C1'), REPORTED_AT, false)).toThrow(/moved to committee D2/);
  });
});
