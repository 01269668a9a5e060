/**
 * Messages, ids and views shared by workflows, client and tests: the one place that says how
 * to talk to a committee workflow.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AuditEntry, ChildRollupMessage, DirectiveRuntime, EmailRequest, JournalEntries, ProjectionRow } from '../domain/cascade/records';
import type { CompletionReport } from '../domain/track/completion-report';
import type { Rollup, RollupView } from '../domain/track/rollup';
import type { TrackStatus, UnitTrack } from '../domain/track/unit-track';

/** Default task queue of the cascade workers. */
export const DEFAULT_TASK_QUEUE = 'directive-cascade';

/** Deterministic workflow id of the committee workflow of `unitId` in a directive: a relaunch never duplicates it. */
export function committeeWorkflowId(directiveId: string, unitId: string): string {
  return `cascade/${directiveId}/${unitId}`;
}

/** A unit's state as callers see it. */
export interface UnitView {
  directiveId: string;
  unitId: string;
  name: string;
  level: string;
  parentId: string | null;
  status: TrackStatus;
  receivedAt: string;
  deadline: string;
  extendedTo: string | null;
  acknowledgedAt: string | null;
  completedAt: string | null;
  report: CompletionReport | null;
  corrections: number;
  exemptedAt: string | null;
  withdrawnAt: string | null;
}

/** A track as callers see it, with its status at the instant the caller asks about (live, or as of a past instant). */
export function unitViewOf(directiveId: string, track: UnitTrack, status: TrackStatus): UnitView {
  return {
    directiveId,
    unitId: track.unitId,
    name: track.name,
    level: track.level,
    parentId: track.parentId,
    status,
    receivedAt: track.receivedAt,
    deadline: track.deadline,
    extendedTo: track.extendedTo,
    acknowledgedAt: track.acknowledgedAt,
    completedAt: track.completedAt,
    report: track.report,
    corrections: track.corrections,
    exemptedAt: track.exemptedAt,
    withdrawnAt: track.withdrawnAt,
  };
}

/**
 * What a unit's update returns. It also carries the journal
 * entries (audit records, projection row) the command produced: the caller writes them to
 * PostgreSQL at once, so supervisors see the change without waiting for the committee, which
 * writes the same entries again later (idempotent) in case the caller died before it could.
 * `CascadeClient` writes them and returns the plain `UnitView`.
 */
export interface UnitUpdateResult extends UnitView {
  journal?: JournalEntries;
}

/** Rollup and identity of a child committee, as its parent knows it. */
export interface ChildView {
  unitId: string;
  name: string;
  level: string;
  rollup: RollupView | null;
  closed: boolean;
}

/** Everything a committee workflow holds, for a supervisor's page. */
export interface CommitteeView {
  directiveId: string;
  unitId: string;
  isRoot: boolean;
  loaded: boolean;
  withdrawnAt: string | null;
  /** The committee's own unit (null for the cascade root, the issuer). */
  self: UnitView | null;
  /** Units without children, held as state here. */
  units: UnitView[];
  /** Committees under this one, each a workflow of its own. */
  children: ChildView[];
  /** The whole subtree under this committee (itself included unless it is the root). */
  rollup: RollupView;
}

export type {
  AcknowledgeCommand,
  ExemptCommand,
  ExtendCommand,
  HandOverCommand,
  ReleaseUnitCommand,
  RelevelCommand,
  ReparentCommand,
  ReportCommand,
  WithdrawCommand,
} from '../domain/directive/commands';
/** Defined with the activity contract, which carries it too (a journal batch's rollup for the parent). */
export type { ChildRollupMessage } from '../domain/cascade/records';
import type {
  AcknowledgeCommand,
  ApplyCalendarCommand,
  ExemptCommand,
  ExtendCommand,
  HandOverCommand,
  ReleaseUnitCommand,
  RelevelCommand,
  ReparentCommand,
  ReportCommand,
  WithdrawCommand,
} from '../domain/directive/commands';
import type { IncomingUnit } from '../domain/track/reorg-tracks';

/** Files a completion report for a unit this committee holds. */
export const reportUpdate = defineUpdate<UnitUpdateResult, [ReportCommand]>('report');
/** Replaces an earlier report; rollups follow. */
export const correctUpdate = defineUpdate<UnitUpdateResult, [ReportCommand]>('correct');
/** Acknowledges receipt. */
export const acknowledgeUpdate = defineUpdate<UnitUpdateResult, [AcknowledgeCommand]>('acknowledge');
/** Extends a unit's deadline. */
export const extendUpdate = defineUpdate<UnitUpdateResult, [ExtendCommand]>('extend');
/** Exempts a unit. */
export const exemptUpdate = defineUpdate<UnitUpdateResult, [ExemptCommand]>('exempt');
/** Withdraws the directive (sent to the root committee). */
export const withdrawUpdate = defineUpdate<{ withdrawnAt: string }, [WithdrawCommand]>('withdraw');

/**
 * Reorganisation, first half: the committee holding a leaf unit hands it over (to the committee
 * `to`) and answers with the unit's whole track; from then on it refuses commands for the unit,
 * naming where it went. Repeating the same hand-over answers the same track.
 */
export const releaseUnitUpdate = defineUpdate<UnitTrack, [ReleaseUnitCommand]>('releaseUnit');
/** A released unit as its new committee takes it: its track, the committee it came from, the reorganisation. */
export interface AdoptUnitCommand {
  track: UnitTrack;
  from: string;
  reorgId: string;
}
/**
 * Reorganisation, second half: the new committee takes the unit with its history (report,
 * corrections, extension, reminders done) and status; the journal entries it returns (the move in
 * the audit trail, the projection row under the new parent) are written by the caller at once.
 */
export const adoptUnitUpdate = defineUpdate<UnitUpdateResult, [AdoptUnitCommand]>('adoptUnit');

/**
 * A reorganisation at one committee, first step (see src/domain/cascade/reorg-steps.ts): the units
 * and child committees it hands over, answered with their tracks and entries; with `end`, the
 * committee then finishes, returning the same answer as its result.
 */
export const handOverUpdate = defineUpdate<HandedOver & { journal: JournalEntries }, [HandOverCommand]>('handOver');
/** A reorganisation at one committee, second step: the units and child committees it takes; the journal is written by the caller at once. */
export const takeOverUpdate = defineUpdate<{ journal: JournalEntries }, [TakeOverCommand]>('takeOver');
/** A committee that stays learns its new parent and ancestors; it continues as new under them. */
export const reparentUpdate = defineUpdate<{ journal: JournalEntries }, [ReparentCommand]>('reparent');

/** A running directive gains levels and their deadlines; the committee continues as new carrying them. */
export const relevelUpdate = defineUpdate<{ levels: string[] }, [RelevelCommand]>('relevel');

/**
 * The secretariat applied a changed working calendar: the committee keeps it (continuing as new
 * when it differs) and its reminders and escalations follow it; answers the calendar in force.
 */
export const applyCalendarUpdate = defineUpdate<{ calendarId: string; changed: boolean }, [ApplyCalendarCommand]>('applyCalendar');

/** What a committee handed over in a reorganisation. */
export interface HandedOver {
  reorgId: string;
  units: UnitTrack[];
  children: ChildCommitteeEntry[];
}

/** The second step's command (the engine's own output; see TakeOverCommandSchema). */
export interface TakeOverCommand {
  reorgId: string;
  key: string;
  units: IncomingUnit[];
  children: ChildCommitteeEntry[];
}

/** A child committee as its parent follows it: its latest rollup message. */
export interface ChildCommitteeEntry {
  unitId: string;
  name: string;
  level: string;
  rollup: Rollup | null;
  seq: number;
  closed: boolean;
}

/** Child → parent: my subtree rollup changed. */
export const childRollupSignal = defineSignal<[ChildRollupMessage]>('childRollup');
/** Parent → child: the directive was withdrawn. */
export const withdrawSignal = defineSignal<[WithdrawCommand & { at: string }]>('withdraw');

/** The committee's whole state. */
export const stateQuery = defineQuery<CommitteeView>('state');
/** One unit held by this committee, or null. */
export const unitQuery = defineQuery<UnitView | null, [string]>('unit');
/** The directive as the committee carries it: a committee a reorganisation starts carries the same. */
export const directiveQuery = defineQuery<DirectiveRuntime>('directive');
/** The subtree rollup only: the cheap query a dashboard polls. */
export const rollupQuery = defineQuery<RollupView>('rollup');

/** Input of a committee workflow. */
export interface CommitteeInput {
  directive: DirectiveRuntime;
  unitId: string;
  /** Workflow id of the parent committee; null for the cascade root. */
  parentWorkflowId: string | null;
  /** Ancestors of this committee's unit, nearest first, up to the cascade root. */
  ancestors: string[];
  /** When the directive reached this unit. */
  receivedAt: string;
  /** The spec as written (root only, first run): recorded in PostgreSQL. */
  spec?: unknown;
  /** State carried over by continue-as-new. */
  carried?: CarriedCommitteeState;
  /** A committee a reorganisation starts, empty (no launch): its own unit and its units come with the reorganisation's next step. */
  founded?: { reorgId: string };
}

/** What a committee carries across continue-as-new. */
export interface CarriedCommitteeState {
  self: UnitTrack | null;
  leaves: UnitTrack[];
  children: ChildCommitteeEntry[];
  withdrawal: (WithdrawCommand & { at: string }) | null;
  projectedStatus: Record<string, TrackStatus>;
  rollupSeq: number;
  pendingEmails: EmailRequest[];
  pendingAudit: AuditEntry[];
  pendingProjections: ProjectionRow[];
  /** Units handed to other committees (or out of the directive) by reorganisations (absent in runs from before the first). */
  movedOut?: MovedUnit[];
  /** Child committees handed to other parents by reorganisations (likewise absent until one). */
  movedChildren?: MovedChild[];
  /** Take-over steps already applied here (their keys), so a repeated one changes nothing. */
  stepsTaken?: string[];
}

/** A unit a committee handed over: the track it handed and where, so a repeated hand-over answers the same. */
export interface MovedUnit {
  reorgId: string;
  /** The committee that took it; null when it left the directive. */
  to: string | null;
  track: UnitTrack;
  /** Why it left (absent: moved, as the first hand-overs recorded it). */
  reason?: 'moved' | 'merged' | 'split' | 'dissolved' | 'left';
  into?: string | null;
}

/** A child committee a committee stopped following, and to whom it went. */
export interface MovedChild {
  reorgId: string;
  to: string | null;
  entry: ChildCommitteeEntry;
}

/** What a committee workflow returns when it finishes (after a withdrawal). */
export interface CommitteeResult {
  unitId: string;
  withdrawnAt: string | null;
  rollup: Rollup;
  /** When a reorganisation ended the committee: what it handed over (a repeated hand-over reads it here). */
  handedOver?: HandedOver;
}

/**
 * Input of launchCommittee: load a committee, write its
 * launch's journal entries and send its first rollup to the parent, all built by
 * src/domain/cascade/launch-journal.ts from this input alone, so a retry writes the same rows.
 */
export interface LaunchCommitteeInput {
  directive: DirectiveRuntime;
  unitId: string;
  /** The committee's ancestors, nearest first. */
  ancestors: string[];
  /** When the directive reached the committee's own unit. */
  receivedAt: string;
  /** Workflow time when the committee asked for its units: when the directive reaches its leaves. */
  leavesReceivedAt: string;
  /** The parent committee, told the first rollup; null for the cascade root. */
  parentWorkflowId: string | null;
}

/** Input of sendEmails. */
export interface SendEmailsInput {
  directive: DirectiveRuntime;
  emails: EmailRequest[];
}

/** Outcome of sendEmails: counts, for the workflow's own log and the tests. */
export interface SendEmailsResult {
  sent: number;
  alreadySent: number;
  /** Permanently refused (5xx) or undeliverable; recorded in the ledger and audit log. */
  failed: number;
  /** Reminders and escalations not sent because their unit had closed (reported, exempted, withdrawn) meanwhile. */
  skipped: number;
}

/** Input of recordJournal: audit records and projection rows written in one transaction. */
export interface JournalBatch extends JournalEntries {
  /**
   * The committee's subtree rollup for its parent, delivered by signal once the rows are written.
   * Riding on the journal write saves the reporting committee a signal command and the workflow
   * task that acknowledges it: a report costs its committee one activity instead of two round trips.
   */
  rollupToParent?: { workflowId: string; message: ChildRollupMessage };
}
