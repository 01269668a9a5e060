/**
 * The live state of one unit in one directive, as a committee workflow holds it, and the pure
 * transitions on it. Status is derived from the facts and the current instant, never stored,
 * so "overdue" needs no event: it is simply true once the deadline has passed.
 */
import { compareIso } from '../time/instant';
import type { CompletionReport } from './completion-report';
import { unitRollup, type Rollup, type UnitStatus as RollupStatus } from './rollup';

/** The eight statuses government task tracking reports use. */
export const UNIT_STATUSES = ['pending', 'acknowledged', 'extended', 'overdue', 'done-on-time', 'done-late', 'exempted', 'withdrawn'] as const;
/** Where a unit stands. */
export type TrackStatus = (typeof UNIT_STATUSES)[number];

/** One unit's facts in one directive. Instants are ISO strings (they cross Temporal as JSON). */
export interface UnitTrack {
  unitId: string;
  name: string;
  level: string;
  parentId: string | null;
  members: number;
  essaysExpected: number;
  receivedAt: string;
  /** The deadline set by the directive for this unit's level. */
  deadline: string;
  /** Latest extension granted by a superior, if any; always later than `deadline`. */
  extendedTo: string | null;
  /** How many extensions were granted: keeps reminder and escalation step numbers unique. */
  extensions: number;
  acknowledgedAt: string | null;
  /** When the first report arrived; corrections do not move it (on time is judged by it). */
  completedAt: string | null;
  report: CompletionReport | null;
  /** Times the report was replaced by a correction. */
  corrections: number;
  exemptedAt: string | null;
  withdrawnAt: string | null;
  /** Reminder steps handled for the current deadline (sent or skipped as stale). */
  remindersDone: number;
  /** Escalation steps handled for the current deadline. */
  escalationsDone: number;
  /** Bumped on every change, so a projection write never replaces newer state with older. */
  version: number;
}

/** Who a unit is: what a track carries besides its progress (a reorganisation may change it). */
export type TrackIdentity = Pick<UnitTrack, 'unitId' | 'name' | 'level' | 'parentId' | 'members' | 'essaysExpected'>;

/** The deadline in force: the extension when granted, else the directive's. */
export function effectiveDeadline(track: UnitTrack): string {
  return track.extendedTo ?? track.deadline;
}

/** True once the unit needs nothing more (reported, exempted or withdrawn). */
export function isClosed(track: UnitTrack): boolean {
  return track.completedAt !== null || track.exemptedAt !== null || track.withdrawnAt !== null;
}

/** The statuses `trackStatus` gives exactly when `isClosed` holds: what the projection shows for a closed unit. */
export const CLOSED_STATUSES: readonly TrackStatus[] = ['done-on-time', 'done-late', 'exempted', 'withdrawn'];

/** The unit's status at `now`. */
export function trackStatus(track: UnitTrack, now: string): TrackStatus {
  if (track.withdrawnAt) return 'withdrawn';
  if (track.exemptedAt) return 'exempted';
  if (track.completedAt) return compareIso(track.completedAt, effectiveDeadline(track)) <= 0 ? 'done-on-time' : 'done-late';
  if (compareIso(now, effectiveDeadline(track)) > 0) return 'overdue';
  if (track.extendedTo) return 'extended';
  if (track.acknowledgedAt) return 'acknowledged';
  return 'pending';
}

/** Collapses the eight statuses to the rollup's four buckets (open within deadline counts as pending). */
export function rollupStatus(status: TrackStatus): RollupStatus {
  if (status === 'acknowledged' || status === 'extended') return 'pending';
  return status;
}

/** The unit's own contribution to the rollups above it, at `now`. */
export function trackRollup(levels: readonly string[], track: UnitTrack, now: string): Rollup {
  const status = rollupStatus(trackStatus(track, now));
  return unitRollup(levels, {
    unitId: track.unitId,
    name: track.name,
    level: track.level,
    status,
    doneAt: track.completedAt ?? undefined,
    report: track.report ?? undefined,
  });
}

/** A fresh track for a unit that has just received the directive. */
export function newTrack(unit: TrackIdentity, receivedAt: string, deadline: string): UnitTrack {
  // Field by field, not `...unit`: callers pass wider records (a snapshot unit's hasChildren), and
  // the bundle's object-spread helper was the workflow thread's dearest function at a launch.
  return {
    unitId: unit.unitId,
    name: unit.name,
    level: unit.level,
    parentId: unit.parentId,
    members: unit.members,
    essaysExpected: unit.essaysExpected,
    receivedAt,
    deadline,
    extendedTo: null,
    extensions: 0,
    acknowledgedAt: null,
    completedAt: null,
    report: null,
    corrections: 0,
    exemptedAt: null,
    withdrawnAt: null,
    remindersDone: 0,
    escalationsDone: 0,
    version: 1,
  };
}
