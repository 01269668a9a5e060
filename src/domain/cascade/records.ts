/**
 * The records a running cascade keeps and hands on: the directive as the workflows carry it,
 * the organisation's snapshot, the emails it asks for, and the journal's audit and projection
 * rows. Types only: workflow code, activities and the store share them.
 */
import type { WorkingCalendar } from '../calendar/working-calendar';
import type { DayOffRule } from '../time/deadline-spec';
import type { Rollup } from '../track/rollup';
import type { ReminderSkip } from '../track/track-schedule';
import type { TrackIdentity, TrackStatus } from '../track/unit-track';

/** A directive as the workflows carry it: the spec, parsed once at launch. */
export interface DirectiveRuntime {
  /** Workflow-id-safe slug, e.g. 01-CT-TW-2021. */
  id: string;
  code: string;
  title: string;
  issuer: string;
  /** ISO date. */
  issuedOn: string;
  rootId: string;
  /** Level names, top first, as the organisation uses them. */
  levels: string[];
  /** Level → deadline text as written in the spec (Q2/2021, 30/09/2021, P45D). */
  deadlines: Record<string, string>;
  /** Reminder offsets in ms (≤ 0). */
  reminders: number[];
  /** Escalation offsets in ms (≥ 0). */
  escalation: number[];
  language: 'vi' | 'en';
  /**
   * The working calendar that working-day deadlines, reminders and escalations follow, as data
   * (workflows never compute holidays). Absent in directives launched before calendars existed,
   * which keep the plain day arithmetic they were launched with.
   */
  calendar?: WorkingCalendar;
  /** What a dated deadline that falls on a day off does; absent means it keeps its date. */
  deadlineOnDayOff?: DayOffRule;
  /** True for directives launched since reminders dated before a unit's receipt are skipped (SchedulePolicy.remindersFromReceipt). */
  remindersFromReceipt?: boolean;
  /**
   * True for directives launched since units are told by email when their deadline is extended,
   * they are exempted or the directive is withdrawn; absent in older ones, whose histories sent no such email.
   */
  changeNotices?: boolean;
  /**
   * Whether workflows set the custom search attributes. True on real servers; false on
   * Temporal's time-skipping test server, which cannot register custom attributes.
   */
  searchAttributes: boolean;
  /**
   * Overrides of the continue-as-new thresholds (tests force an early continue-as-new with them)
   * and of the journal timing: how long entries handed to a
   * caller wait before the committee writes them itself, and how far apart rollup messages to
   * the parent committee are.
   */
  limits?: { maxHistoryEvents?: number; maxUpdatesPerRun?: number; lazyJournalMs?: number; parentRollupIntervalMs?: number };
}

/** A unit as the directive's snapshot of the organisation holds it. */
export interface SnapshotUnit extends TrackIdentity {
  /** True when the unit has units under it (it runs a committee workflow of its own). */
  hasChildren: boolean;
}

/** What a committee workflow loads when it starts: itself and its direct children. */
export interface CommitteeLoad {
  self: SnapshotUnit;
  children: SnapshotUnit[];
}

/** Input of prepareDirective: copy the organisation under the root into the directive's snapshot. */
export interface PrepareDirectiveInput {
  directive: DirectiveRuntime;
  spec: unknown;
}

/** An email the workflow wants sent once. (directiveId, unitId, kind, step) is its ledger key. */
export interface EmailRequest {
  /** The unit is told of its directive, reminded, escalated to its superior, or told its deadline moved, it was exempted, the directive withdrawn. */
  kind: 'notice' | 'reminder' | 'escalation' | ChangeNoticeKind;
  /** The unit the email is about. */
  unitId: string;
  step: number;
  /** The deadline in force for that unit (ISO). */
  deadline: string;
  /** For escalations: which ancestor receives it (0 = parent), capped at the cascade root. */
  ancestorIndex?: number;
  /** Workflow time at which the email became due: the "now" of its days-left arithmetic. */
  asOf?: string;
  /** Set on a reminder that must not go out but still gets its ledger row, as `skipped` (see takeDueActions). */
  skip?: ReminderSkip;
  /** A change notice: the reason the superior or the secretariat gave. */
  reason?: string;
}

/** The emails that tell a unit of a change: its deadline extended, itself exempted, the directive withdrawn. */
export type ChangeNoticeKind = 'extension-notice' | 'exemption-notice' | 'withdrawal-notice';

/** One append-only audit record. `dedupeKey` makes a retried write a no-op. */
export interface AuditEntry {
  directiveId: string;
  unitId: string | null;
  kind:
    | 'received'
    | 'acknowledged'
    | 'report'
    | 'correction'
    | 'extension'
    | 'exemption'
    | 'withdrawal'
    | 'notice'
    | 'reminder'
    | 'escalation'
    | 'email-failed'
    | 'email-skipped'
    | 'launch'
    | 'moved'
    | 'merged'
    | 'split'
    | 'renamed'
    | 'removed'
    | 'calendar';
  actor: string | null;
  payload: Record<string, unknown>;
  /** ISO instant (workflow time). */
  occurredAt: string;
  dedupeKey: string;
}

/** The latest state of one unit, for listing and paging (upserted only if `version` is newer). */
export interface ProjectionRow {
  directiveId: string;
  unitId: string;
  level: string;
  parentId: string | null;
  /** Nearest first, up to the cascade root. */
  ancestors: string[];
  status: TrackStatus;
  deadline: string;
  receivedAt: string;
  completedAt: string | null;
  attendees: number | null;
  members: number | null;
  essaysSubmitted: number | null;
  essaysExpected: number | null;
  version: number;
}

/** Audit records and projection rows, written together. */
export interface JournalEntries {
  audit: AuditEntry[];
  projections: ProjectionRow[];
}

/** What a child committee tells its parent whenever its subtree rollup changes. */
export interface ChildRollupMessage {
  childId: string;
  rollup: Rollup;
  /** Increases with every message from that child, across continue-as-new; stale ones are dropped. */
  seq: number;
  /** True once the child has finished (withdrawn) and will send nothing more. */
  closed: boolean;
}
