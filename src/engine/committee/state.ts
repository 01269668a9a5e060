/**
 * The state one committee workflow holds: its own unit, the leaf units under it, and the
 * rollups its child committees last reported. Commands check their rules first (for update
 * validators) and then apply, queueing audit records, projection rows and emails for the
 * workflow's activities. No Temporal imports: unit-testable on its own.
 */
import type { WorkingCalendar } from '../../domain/calendar/working-calendar';
import type { AuditEntry, ChangeNoticeKind, CommitteeLoad, DirectiveRuntime, EmailRequest } from '../../domain/cascade/records';
import { CommandValidationError } from '../../domain/directive/commands';
import { parseDeadlineSpec, type DeadlineSpec } from '../../domain/time/deadline-spec';
import { sameReport, validateReport, ReportValidationError, type CompletionReport } from '../../domain/track/completion-report';
import { mergeRollups, rollupView, type Rollup, type RollupView } from '../../domain/track/rollup';
import { REMINDER_GRACE_MS, takeDueActions, type SchedulePolicy } from '../../domain/track/track-schedule';
import {
  TrackRuleError,
  acknowledge,
  applyCorrection,
  applyExemption,
  applyExtension,
  applyReport,
  applyWithdrawal,
  checkAcknowledge,
  checkCorrection,
  checkExemption,
  checkExtension,
  checkReport,
  vnTime,
} from '../../domain/track/track-rules';
import { effectiveDeadline, trackRollup, trackStatus, type TrackStatus, type UnitTrack } from '../../domain/track/unit-track';
import { incomingTrack } from '../../domain/track/reorg-tracks';
import type {
  AcknowledgeCommand,
  AdoptUnitCommand,
  CarriedCommitteeState,
  ChildCommitteeEntry,
  HandedOver,
  HandOverCommand,
  MovedChild,
  MovedUnit,
  RelevelCommand,
  ReparentCommand,
  TakeOverCommand,
  ReleaseUnitCommand,
  ChildRollupMessage,
  CommitteeView,
  ExemptCommand,
  ExtendCommand,
  ReportCommand,
  UnitView,
  WithdrawCommand,
} from '../protocol';
import { unitViewOf } from '../protocol';
import { auditEntry, deadlineFor, LAUNCH_ROLLUP_SEQ, launchTracks, projectionRow } from '../../domain/cascade/launch-journal';
import { JournalQueue } from './journal-queue';

/** A command named a unit this committee does not hold. */
export class UnknownUnitError extends Error {
  override readonly name = 'UnknownUnitError';
  constructor(
    readonly unitId: string,
    holder: string,
  ) {
    super(`unit ${unitId} is not held by committee ${holder}; send the command to the committee of its parent`);
  }
}

type ChildEntry = ChildCommitteeEntry;

/** The refusal of a command for a unit a reorganisation took out of the directive. */
function removedUnitError(unitId: string, moved: MovedUnit): TrackRuleError {
  const why =
    moved.reason === 'merged' && moved.into
      ? `was merged into ${moved.into}; report for ${moved.into}`
      : `was ${moved.reason ?? 'removed'} by a reorganisation`;
  return new TrackRuleError(unitId, 'removed', `unit ${unitId} ${why}`);
}

/** State of one committee workflow; see the file comment. */
export class CommitteeState {
  private readonly leafIndex = new Map<string, UnitTrack>();
  private readonly childIndex = new Map<string, ChildEntry>();
  /** Leaf units handed to other committees by reorganisations: commands for them are refused naming where they went. */
  private readonly movedOut = new Map<string, MovedUnit>();
  /** Child committees handed to other parents by reorganisations. */
  private readonly movedChildren = new Map<string, MovedChild>();
  /** Keys of the reorganisation take-over steps applied here. */
  private readonly stepsTaken = new Set<string>();
  /** Set when a reorganisation ended this committee: what it handed over; the workflow then finishes. */
  ended: HandedOver | null = null;
  pendingEmails: EmailRequest[] = [];
  journal = new JournalQueue();
  /** Bumped on every change that can move the subtree rollup. */
  changeCount = 0;
  /** The change count whose rollup the launchCommittee activity already sent to the parent; null when it sent none. */
  launchRollupSentAtChange: number | null = null;

  private constructor(
    public directive: DirectiveRuntime,
    readonly unitId: string,
    public ancestors: readonly string[],
    public self: UnitTrack | null,
    leaves: UnitTrack[],
    children: ChildEntry[],
    public withdrawal: (WithdrawCommand & { at: string }) | null,
    private readonly projectedStatus: Map<string, TrackStatus>,
    public rollupSeq: number,
  ) {
    for (const leaf of leaves) this.leafIndex.set(leaf.unitId, leaf);
    for (const child of children) this.childIndex.set(child.unitId, child);
  }

  /** When reminders and escalations go out: the directive's offsets on its working calendar. */
  get policy(): SchedulePolicy {
    const { reminders, escalation, calendar, remindersFromReceipt } = this.directive;
    return { reminders, escalation, reminderGraceMs: REMINDER_GRACE_MS, calendar, remindersFromReceipt };
  }

  /**
   * First run: tracks for the committee's own unit (unless it is the root, the issuer) and its
   * leaf children, each notified; committees under it are returned for the workflow to start.
   * The launchCommittee activity has already written the launch's journal entries and sent the
   * first rollup to the parent, both built from the same input by launch-journal.ts, so they are
   * only remembered, not queued.
   */
  static fromLoad(
    directive: DirectiveRuntime,
    unitId: string,
    ancestors: readonly string[],
    receivedAt: string,
    load: CommitteeLoad,
    now: string,
  ): CommitteeState {
    const tracks = launchTracks(directive, unitId, receivedAt, load, now);
    const children = load.children
      .filter((c) => c.hasChildren)
      .map((c) => ({ unitId: c.unitId, name: c.name, level: c.level, rollup: null, seq: -1, closed: false }));
    const state = new CommitteeState(directive, unitId, ancestors, tracks.self, tracks.leaves, children, null, new Map(), 0);
    for (const track of state.tracks()) {
      state.pendingEmails.push({ kind: 'notice', unitId: track.unitId, step: 0, deadline: track.deadline, asOf: now });
      state.projectedStatus.set(track.unitId, trackStatus(track, now));
    }
    state.changeCount += 1;
    if (unitId !== directive.rootId) {
      // The activity sent the rollup of this change count (launchRollupMessage).
      state.rollupSeq = LAUNCH_ROLLUP_SEQ;
      state.launchRollupSentAtChange = state.changeCount;
    }
    return state;
  }

  /** Continue-as-new: the same state, carried in the workflow input. */
  static fromCarried(directive: DirectiveRuntime, unitId: string, ancestors: readonly string[], carried: CarriedCommitteeState): CommitteeState {
    const state = new CommitteeState(
      directive,
      unitId,
      ancestors,
      carried.self,
      carried.leaves,
      carried.children,
      carried.withdrawal,
      new Map(Object.entries(carried.projectedStatus)),
      carried.rollupSeq,
    );
    state.pendingEmails = carried.pendingEmails;
    state.journal = new JournalQueue({ audit: carried.pendingAudit, projections: carried.pendingProjections });
    for (const moved of carried.movedOut ?? []) state.movedOut.set(moved.track.unitId, moved);
    for (const moved of carried.movedChildren ?? []) state.movedChildren.set(moved.entry.unitId, moved);
    for (const key of carried.stepsTaken ?? []) state.stepsTaken.add(key);
    return state;
  }

  /**
   * A committee a reorganisation starts: empty, and no launch (its parent follows it already); its
   * own unit and its units come with the reorganisation's take-over, whose caller writes the journal.
   */
  static founded(directive: DirectiveRuntime, unitId: string, ancestors: readonly string[]): CommitteeState {
    return new CommitteeState(directive, unitId, ancestors, null, [], [], null, new Map(), 0);
  }

  /** What continue-as-new carries. */
  snapshot(): CarriedCommitteeState {
    const unwritten = this.journal.unwritten();
    return {
      self: this.self,
      leaves: [...this.leafIndex.values()],
      children: [...this.childIndex.values()],
      withdrawal: this.withdrawal,
      projectedStatus: Object.fromEntries(this.projectedStatus),
      rollupSeq: this.rollupSeq,
      pendingEmails: this.pendingEmails,
      pendingAudit: unwritten.audit,
      pendingProjections: unwritten.projections,
      // Absent unless a reorganisation moved a unit out, so the carried input of every other run stays as it was.
      ...(this.movedOut.size > 0 ? { movedOut: [...this.movedOut.values()] } : {}),
      ...(this.movedChildren.size > 0 ? { movedChildren: [...this.movedChildren.values()] } : {}),
      ...(this.stepsTaken.size > 0 ? { stepsTaken: [...this.stepsTaken] } : {}),
    };
  }

  /** The committee's own track and its leaves. */
  *tracks(): IterableIterator<UnitTrack> {
    if (this.self) yield this.self;
    yield* this.leafIndex.values();
  }

  /** Committees under this one. */
  childCommittees(): ChildEntry[] {
    return [...this.childIndex.values()];
  }

  /** A command's target: refuses everything once the directive is withdrawn here. */
  private openTrack(unitId: string): UnitTrack {
    const track = this.track(unitId);
    if (this.withdrawal) {
      throw new TrackRuleError(
        unitId,
        'withdrawn',
        `directive ${this.directive.code} was withdrawn on ${vnTime(this.withdrawal.at)}; nothing more can be recorded for unit ${unitId}`,
      );
    }
    return track;
  }

  /** The track of a unit held here, or throws UnknownUnitError (TrackRuleError `moved` for a unit a reorganisation took elsewhere). */
  track(unitId: string): UnitTrack {
    const track = this.self?.unitId === unitId ? this.self : this.leafIndex.get(unitId);
    if (track) return track;
    const moved = this.movedOut.get(unitId);
    if (moved && moved.to !== null && (moved.reason ?? 'moved') === 'moved')
      throw new TrackRuleError(unitId, 'moved', `unit ${unitId} was moved to committee ${moved.to} by a reorganisation; send the command there`);
    if (moved) throw removedUnitError(unitId, moved);
    throw new UnknownUnitError(unitId, this.unitId);
  }

  /**
   * The first reorganisations' single-unit hand-over (the releaseUnit update, kept so histories
   * recorded with it replay): a hand-over of one leaf unit, moved to `to`.
   */
  private releaseAsHandOver(command: ReleaseUnitCommand): HandOverCommand {
    return { reorgId: command.reorgId, units: [{ unitId: command.unitId, to: command.to, reason: 'moved', into: null }], children: [], end: false };
  }

  /** Checks a single-unit hand-over: a leaf unit held here (see releaseAsHandOver). */
  checkRelease(command: ReleaseUnitCommand): void {
    if (this.self?.unitId === command.unitId) throw new UnknownUnitError(command.unitId, this.unitId);
    this.checkHandOver(this.releaseAsHandOver(command));
  }

  /** Hands one leaf unit over and returns its track, history included (see handOver). */
  release(command: ReleaseUnitCommand, now: string): UnitTrack {
    this.checkRelease(command);
    return this.handOver(this.releaseAsHandOver(command), now).units[0] as UnitTrack;
  }

  /** Checks a reorganisation's hand-over here: every unit held (or handed by this same reorganisation), and nothing left when the committee ends. */
  checkHandOver(command: HandOverCommand): void {
    if (this.ended) {
      if (this.ended.reorgId === command.reorgId) return;
      throw new RangeError(`committee ${this.unitId} was ended by reorganisation ${this.ended.reorgId}`);
    }
    if (this.withdrawal) throw new TrackRuleError(this.unitId, 'withdrawn', `directive ${this.directive.code} was withdrawn on ${vnTime(this.withdrawal.at)}`);
    const units = new Set(command.units.map((u) => u.unitId));
    for (const unit of command.units) {
      const moved = this.movedOut.get(unit.unitId);
      if (moved?.reorgId === command.reorgId) continue;
      this.track(unit.unitId); // held here, or refused naming where it went
      if (unit.to === this.unitId) throw new RangeError(`unit ${unit.unitId} is already held by committee ${this.unitId}`);
    }
    for (const child of command.children) {
      if (this.movedChildren.get(child.unitId)?.reorgId === command.reorgId) continue;
      if (!this.childIndex.has(child.unitId)) throw new RangeError(`committee ${this.unitId} has no child committee ${child.unitId}`);
    }
    if (!command.end) return;
    const children = new Set(command.children.map((c) => c.unitId));
    const left = [...this.tracks()].map((t) => t.unitId).filter((id) => !units.has(id));
    left.push(...[...this.childIndex.keys()].filter((id) => !children.has(id)));
    if (left.length > 0)
      throw new RangeError(`committee ${this.unitId} cannot end: ${left.slice(0, 5).join(', ')}${left.length > 5 ? ', …' : ''} would be left in it`);
  }

  /**
   * Hands units and child committees over (see HandOverCommand). A unit that leaves the directive
   * (dissolved, merged, split, moved out of its tree) gets a 'removed' record with its last state,
   * report included, and nothing more is sent to it; a moved unit's queued emails stay queued, as
   * in `release`. The unit's queued projection rows are dropped: its new committee writes newer
   * ones, and a removed unit must not be written back.
   */
  handOver(command: HandOverCommand, now: string): HandedOver {
    this.checkHandOver(command);
    if (this.ended) return this.ended;
    let changed = false;
    const units = command.units.map((unit) => {
      const moved = this.movedOut.get(unit.unitId);
      if (moved?.reorgId === command.reorgId) return moved.track;
      changed = true;
      const track = this.track(unit.unitId);
      if (this.self?.unitId === unit.unitId) this.self = null;
      else this.leafIndex.delete(unit.unitId);
      this.projectedStatus.delete(unit.unitId);
      this.journal.dropProjections(unit.unitId);
      if (unit.reason !== 'moved') {
        this.dropQueuedEmails(unit.unitId, true);
        const last = { status: trackStatus(track, now), report: track.report, completedAt: track.completedAt };
        this.audit(
          unit.unitId,
          'removed',
          null,
          { reason: unit.reason, into: unit.into, reorgId: command.reorgId, ...last },
          now,
          `removed-${command.reorgId}`,
        );
      }
      this.movedOut.set(unit.unitId, { reorgId: command.reorgId, to: unit.to, track, reason: unit.reason, into: unit.into });
      return track;
    });
    const children = command.children.map((child) => {
      const moved = this.movedChildren.get(child.unitId);
      if (moved?.reorgId === command.reorgId) return moved.entry;
      changed = true;
      const entry = this.childIndex.get(child.unitId) as ChildEntry;
      this.childIndex.delete(child.unitId);
      this.movedChildren.set(child.unitId, { reorgId: command.reorgId, to: child.to, entry });
      return entry;
    });
    if (changed) this.changeCount += 1;
    const handed: HandedOver = { reorgId: command.reorgId, units, children };
    if (command.end) this.ended = handed;
    return handed;
  }

  /** Checks a take-over: the units' tracks are the engine's own, so only the directive's state can refuse it. */
  checkTakeOver(command: TakeOverCommand): void {
    if (this.withdrawal && !this.stepsTaken.has(command.key))
      throw new TrackRuleError(this.unitId, 'withdrawn', `directive ${this.directive.code} was withdrawn on ${vnTime(this.withdrawal.at)}`);
  }

  /**
   * Takes units (their tracks made as the plan says: src/domain/track/reorg-tracks.ts) and child
   * committees. Each unit's change goes into its audit trail and its projection row under this
   * committee; a unit new to the directive gets its notice. Applied once per step key. The caller
   * of the update writes the journal entries it queued (see handlers.ts).
   */
  takeOver(command: TakeOverCommand, now: string): void {
    this.checkTakeOver(command);
    if (this.stepsTaken.has(command.key)) return;
    this.stepsTaken.add(command.key);
    const deadlineOf = (level: string, receivedAt: string) => deadlineFor(this.directive, level, receivedAt);
    for (const incoming of command.units) {
      const id = incoming.identity.unitId;
      const held = this.self?.unitId === id ? this.self : (this.leafIndex.get(id) ?? null);
      const track = incomingTrack(incoming, held, now, deadlineOf);
      if (id === this.unitId) this.self = track;
      else this.leafIndex.set(id, track);
      this.movedOut.delete(id);
      const parentFrom = (incoming.tracks[0] ?? held)?.parentId ?? null;
      const from = incoming.tracks.map((t) => t.unitId).filter((u) => u !== id);
      if (incoming.mode === 'fresh') {
        this.audit(
          id,
          'received',
          null,
          { deadline: track.deadline, receivedAt: track.receivedAt, reorgId: command.reorgId },
          now,
          `received-${command.reorgId}`,
        );
        this.pendingEmails.push({ kind: 'notice', unitId: id, step: 0, deadline: track.deadline, asOf: now });
      } else if (incoming.mode === 'merge' || incoming.mode === 'derive') {
        const kind = incoming.mode === 'merge' ? 'merged' : 'split';
        this.audit(id, kind, null, { from, name: track.name, reorgId: command.reorgId }, now, `${kind}-${command.reorgId}`);
      } else if (parentFrom !== track.parentId) {
        this.audit(id, 'moved', null, { from: parentFrom, to: track.parentId, reorgId: command.reorgId }, now, `moved-${command.reorgId}`);
      } else {
        this.audit(
          id,
          'renamed',
          null,
          { name: track.name, members: track.members, essaysExpected: track.essaysExpected, reorgId: command.reorgId },
          now,
          `renamed-${command.reorgId}`,
        );
      }
      if (incoming.mode === 'derive' || (incoming.mode === 'merge' && !held))
        this.pendingEmails.push({ kind: 'notice', unitId: id, step: 0, deadline: track.deadline, asOf: now });
      this.changed(track, now);
    }
    for (const entry of command.children) {
      this.movedChildren.delete(entry.unitId);
      if (!this.childIndex.has(entry.unitId)) this.childIndex.set(entry.unitId, { ...entry });
    }
    this.changeCount += 1;
  }

  /**
   * The committee stands under a new parent or new ancestors: its own projection row and every one
   * it writes from now on say so. The workflow then continues as new, sending its rollups to the
   * new parent.
   */
  reparent(command: ReparentCommand, now: string): void {
    this.ancestors = command.ancestors;
    if (this.self && this.self.parentId !== command.parentId) {
      const from = this.self.parentId;
      this.self = { ...this.self, parentId: command.parentId };
      this.audit(this.unitId, 'moved', null, { from, to: command.parentId, reorgId: command.reorgId }, now, `moved-${command.reorgId}`);
      this.changed(this.self, now);
    } else if (this.self) this.project(this.self, now);
    this.changeCount += 1;
  }

  /**
   * The directive gains levels (and their deadlines) that a reorganisation brings units of; every
   * level it had stays. Repeating it changes nothing.
   */
  relevel(command: RelevelCommand): void {
    const missing = this.directive.levels.filter((l) => !command.levels.includes(l));
    if (missing.length > 0) throw new RangeError(`levels ${missing.join(', ')} of directive ${this.directive.code} cannot be dropped`);
    this.directive = { ...this.directive, levels: command.levels, deadlines: { ...this.directive.deadlines, ...command.deadlines } };
  }

  /**
   * The secretariat applied a working calendar: reminders and escalations follow it from now on
   * (deadlines already set stay; only an extension moves them). False when it is the one in force.
   */
  applyCalendar(calendar: WorkingCalendar): boolean {
    if (this.directive.calendar?.id === calendar.id) return false;
    this.directive = { ...this.directive, calendar };
    return true;
  }

  /** The single-unit take-over of the first reorganisations (the adoptUnit update, kept so histories recorded with it replay). */
  private adoptAsTakeOver(command: AdoptUnitCommand): TakeOverCommand {
    const { track } = command;
    const identity = {
      unitId: track.unitId,
      name: track.name,
      level: track.level,
      parentId: this.unitId,
      members: track.members,
      essaysExpected: track.essaysExpected,
    };
    return { reorgId: command.reorgId, key: `${command.reorgId}/adopt/${track.unitId}`, units: [{ identity, mode: 'carry', tracks: [track] }], children: [] };
  }

  /** Checks a single-unit take-over: not this committee's own unit, and the directive not withdrawn. */
  checkAdopt(command: AdoptUnitCommand): void {
    if (command.track.unitId === this.unitId) throw new RangeError(`committee ${this.unitId} cannot hold its own unit as a leaf`);
    this.checkTakeOver(this.adoptAsTakeOver(command));
  }

  /** Takes one released unit with its history and status (see takeOver). */
  adopt(command: AdoptUnitCommand, now: string): UnitView {
    this.checkAdopt(command);
    this.takeOver(this.adoptAsTakeOver(command), now);
    return this.unitView(this.track(command.track.unitId), now);
  }

  /** Validates a report (schema and rules) without changing anything. */
  checkReport(command: ReportCommand, now: string, correction: boolean): CompletionReport {
    const track = this.openTrack(command.unitId);
    if (correction) checkCorrection(track);
    else checkReport(track);
    const result = validateReport(command.report, { unitId: command.unitId, now, directiveIssuedOn: this.directive.issuedOn });
    if (!result.ok) throw new ReportValidationError(command.unitId, result.issues);
    return result.report;
  }

  /** Files (or, with `correction`, replaces) a completion report. */
  report(command: ReportCommand, now: string, correction: boolean): UnitView {
    const report = this.checkReport(command, now, correction);
    const track = this.track(command.unitId);
    if (correction) {
      // The same content again (a report link submitted twice, the form and then the API) changes nothing.
      if (track.report !== null && sameReport(track.report, report)) return this.unitView(track, now);
      applyCorrection(track, report);
      this.audit(track.unitId, 'correction', command.actor, { report }, now, `correction-${track.corrections}`);
    } else {
      applyReport(track, report, now);
      this.dropQueuedEmails(track.unitId);
      this.audit(track.unitId, 'report', command.actor, { report, status: trackStatus(track, now) }, now, 'report');
    }
    return this.changed(track, now);
  }

  /** Checks an acknowledgement. */
  checkAcknowledge(command: AcknowledgeCommand): void {
    checkAcknowledge(this.openTrack(command.unitId));
  }

  /** Records receipt confirmed by the unit (idempotent). */
  acknowledge(command: AcknowledgeCommand, now: string): UnitView {
    const track = this.openTrack(command.unitId);
    if (track.acknowledgedAt) return this.unitView(track, now);
    acknowledge(track, now);
    this.audit(track.unitId, 'acknowledged', command.actor, {}, now, 'acknowledged');
    return this.changed(track, now);
  }

  /**
   * Parses the new deadline and checks the extension rules. An unreadable `to` is a
   * CommandValidationError on field `to` (400 naming it at every edge); the rules of the unit's
   * state stay TrackRuleErrors (409), whose rule the client maps to the field concerned.
   */
  checkExtend(command: ExtendCommand, now: string): string {
    const refuse = (rule: string, message: string): never => {
      throw new CommandValidationError([{ path: 'to', rule, message }]);
    };
    let spec: DeadlineSpec;
    try {
      spec = parseDeadlineSpec(command.to);
    } catch (err) {
      // TimeInputError (an unknown or impossible date) or RangeError (a date past what time can hold).
      if (err instanceof RangeError || (err instanceof Error && err.name === 'TimeInputError')) return refuse('deadline', err.message);
      throw err;
    }
    if (spec.kind !== 'instant') return refuse('not-an-instant', `extension "${command.to}" must be a date, quarter or instant, not a duration`);
    checkExtension(this.openTrack(command.unitId), spec.at, now);
    return spec.at;
  }

  /** Moves a unit's deadline; reminders restart against it and escalation waits for it. */
  extend(command: ExtendCommand, now: string): UnitView {
    const to = this.checkExtend(command, now);
    const track = this.track(command.unitId);
    const from = track.extendedTo ?? track.deadline;
    applyExtension(track, to, now, this.policy);
    this.audit(track.unitId, 'extension', command.actor, { from, to, reason: command.reason ?? null }, now, `extension-${track.extensions}`);
    this.tell('extension-notice', track, track.extensions, now, command.reason);
    return this.changed(track, now);
  }

  /** Checks an exemption. */
  checkExempt(command: ExemptCommand): void {
    checkExemption(this.openTrack(command.unitId));
  }

  /** Exempts a unit: nothing more is expected of it and nothing more is sent to it. */
  exempt(command: ExemptCommand, now: string): UnitView {
    const track = this.openTrack(command.unitId);
    if (track.exemptedAt) return this.unitView(track, now);
    applyExemption(track, now);
    this.dropQueuedEmails(track.unitId);
    this.audit(track.unitId, 'exemption', command.actor, { reason: command.reason }, now, 'exemption');
    this.tell('exemption-notice', track, 0, now, command.reason);
    return this.changed(track, now);
  }

  /** Withdraws the directive here: open units stop, finished ones keep their record. */
  withdraw(command: WithdrawCommand & { at: string }): void {
    if (this.withdrawal) return;
    this.withdrawal = command;
    this.pendingEmails = [];
    for (const track of this.tracks()) {
      if (track.completedAt || track.exemptedAt) continue;
      applyWithdrawal(track, command.at);
      this.audit(track.unitId, 'withdrawal', command.actor, { reason: command.reason }, command.at, 'withdrawal');
      this.tell('withdrawal-notice', track, 0, command.at, command.reason);
      this.changed(track, command.at);
    }
    this.changeCount += 1;
  }

  /** Queues the email that tells a unit of a change, in directives launched since units are told (DirectiveRuntime.changeNotices). */
  private tell(kind: ChangeNoticeKind, track: UnitTrack, step: number, now: string, reason: string | undefined): void {
    if (this.directive.changeNotices !== true) return;
    this.pendingEmails.push({ kind, unitId: track.unitId, step, deadline: effectiveDeadline(track), asOf: now, ...(reason ? { reason } : {}) });
  }

  /** Takes up to `max` queued emails for sending (the pump owns them from here on). */
  takeEmails(max: number): EmailRequest[] {
    return this.pendingEmails.splice(0, max);
  }

  /** A unit that reported or was exempted gets no queued reminder, and its superiors no stale escalation; a removed unit not even its notice. */
  private dropQueuedEmails(unitId: string, notices = false): void {
    this.pendingEmails = this.pendingEmails.filter((e) => e.unitId !== unitId || (e.kind === 'notice' && !notices));
  }

  /** A child committee's latest subtree rollup; older or duplicate messages are ignored. */
  receiveChildRollup(message: ChildRollupMessage): boolean {
    const child = this.childIndex.get(message.childId);
    if (!child || message.seq <= child.seq) return false;
    child.rollup = message.rollup;
    child.seq = message.seq;
    child.closed = message.closed;
    this.changeCount += 1;
    return true;
  }

  /** True when every child committee has reported that it finished. */
  allChildrenClosed(): boolean {
    return this.childCommittees().every((c) => c.closed);
  }

  /**
   * Timer work at `now`: queue the reminders and escalations that are due, and refresh the
   * projection of units whose status moved with time (open → overdue).
   */
  onTimer(now: string): number {
    if (this.withdrawal) return 0;
    const due = takeDueActions(this.tracks(), this.policy, now);
    for (const action of due) {
      this.pendingEmails.push(
        action.kind === 'reminder'
          ? { kind: 'reminder', unitId: action.unitId, step: action.step, deadline: action.deadline, asOf: now, ...(action.skip ? { skip: action.skip } : {}) }
          : { kind: 'escalation', unitId: action.unitId, step: action.step, deadline: action.deadline, ancestorIndex: action.ancestorIndex, asOf: now },
      );
    }
    for (const track of this.tracks()) {
      if (this.projectedStatus.get(track.unitId) !== trackStatus(track, now)) this.changed(track, now);
    }
    this.changeCount += 1;
    return due.length;
  }

  /** Rollup of the whole subtree under this committee at `now`. */
  rollup(now: string): Rollup {
    const own = [...this.tracks()].map((t) => trackRollup(this.directive.levels, t, now));
    const children = this.childCommittees().flatMap((c) => (c.rollup ? [c.rollup] : []));
    return mergeRollups(this.directive.levels, ...own, ...children);
  }

  /** The unit as callers see it. */
  unitView(track: UnitTrack, now: string): UnitView {
    return unitViewOf(this.directive.id, track, trackStatus(track, now));
  }

  /** Everything held here, for a supervisor's page. */
  view(now: string, loaded = true): CommitteeView {
    const rollup = this.rollup(now);
    return {
      directiveId: this.directive.id,
      unitId: this.unitId,
      isRoot: this.unitId === this.directive.rootId,
      loaded,
      withdrawnAt: this.withdrawal?.at ?? null,
      self: this.self ? this.unitView(this.self, now) : null,
      units: [...this.leafIndex.values()].map((t) => this.unitView(t, now)),
      children: this.childCommittees().map((c) => ({
        unitId: c.unitId,
        name: c.name,
        level: c.level,
        rollup: c.rollup ? rollupView(c.rollup) : null,
        closed: c.closed,
      })),
      rollup: rollupView(rollup),
    };
  }

  /** The subtree rollup with rates. */
  rollupView(now: string): RollupView {
    return rollupView(this.rollup(now));
  }

  private changed(track: UnitTrack, now: string): UnitView {
    track.version += 1;
    this.project(track, now);
    this.changeCount += 1;
    return this.unitView(track, now);
  }

  private project(track: UnitTrack, now: string): void {
    const status = trackStatus(track, now);
    this.projectedStatus.set(track.unitId, status);
    this.journal.pendingProjections.push(projectionRow(this.directive, this.unitId, this.ancestors, track, status));
  }

  private audit(unitId: string, kind: AuditEntry['kind'], actor: string | null, payload: Record<string, unknown>, at: string, key: string): void {
    this.journal.pendingAudit.push(auditEntry(this.directive.id, unitId, kind, actor, payload, at, key));
  }
}
