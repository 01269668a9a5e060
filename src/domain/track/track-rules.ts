/**
 * Transitions of a unit track: acknowledge, report, correct, extend, exempt, withdraw.
 * Each checks its rule first and throws TrackRuleError naming the unit, so workflow update
 * validators can reject before anything enters history.
 */
import { compareIso } from '../time/instant';
import { formatVnNumericDateTime } from '../time/time';
import type { CompletionReport } from './completion-report';
import { effectiveDeadline, isClosed, trackStatus, type UnitTrack } from './unit-track';
import { reminderInstants, type SchedulePolicy } from './track-schedule';

/** Why a transition is refused; `rule` is stable for callers (the API maps it to 409). */
export class TrackRuleError extends Error {
  override readonly name = 'TrackRuleError';
  constructor(
    readonly unitId: string,
    readonly rule: 'already-reported' | 'not-reported' | 'closed' | 'extension-not-later' | 'extension-in-past' | 'withdrawn' | 'moved' | 'removed',
    message: string,
  ) {
    super(message);
  }
}

/** An instant in a message: Vietnam time as Vietnamese write it, since the people reading it are in Vietnam. */
export function vnTime(at: string): string {
  return `${formatVnNumericDateTime(at)} (Vietnam time)`;
}

function refuseIfWithdrawn(track: UnitTrack): void {
  if (track.withdrawnAt)
    throw new TrackRuleError(
      track.unitId,
      'withdrawn',
      `the directive was withdrawn for unit ${track.unitId} on ${vnTime(track.withdrawnAt)}; nothing more can be recorded`,
    );
}

/** Checks that `acknowledge` may apply (idempotent when already acknowledged). */
export function checkAcknowledge(track: UnitTrack): void {
  refuseIfWithdrawn(track);
}

/** The unit confirms it received the directive. */
export function acknowledge(track: UnitTrack, now: string): void {
  checkAcknowledge(track);
  track.acknowledgedAt ??= now;
}

/** Checks that a first report may be filed. */
export function checkReport(track: UnitTrack): void {
  refuseIfWithdrawn(track);
  if (track.exemptedAt) throw new TrackRuleError(track.unitId, 'closed', `unit ${track.unitId} is exempted from this directive; no report is expected`);
  if (track.completedAt)
    throw new TrackRuleError(
      track.unitId,
      'already-reported',
      `unit ${track.unitId} already reported on ${vnTime(track.completedAt)}; send a correction to change it`,
    );
}

/** Records the unit's completion report. */
export function applyReport(track: UnitTrack, report: CompletionReport, now: string): void {
  checkReport(track);
  track.report = report;
  track.completedAt = now;
  track.acknowledgedAt ??= now;
}

/** Checks that a correction may replace the report. */
export function checkCorrection(track: UnitTrack): void {
  refuseIfWithdrawn(track);
  if (!track.completedAt) throw new TrackRuleError(track.unitId, 'not-reported', `unit ${track.unitId} has not reported yet; send a report, not a correction`);
}

/** Replaces the report; the completion instant (on time or late) stays that of the first report. */
export function applyCorrection(track: UnitTrack, report: CompletionReport): void {
  checkCorrection(track);
  track.report = report;
  track.corrections += 1;
}

/** Checks that a superior may extend the deadline to `to`. */
export function checkExtension(track: UnitTrack, to: string, now: string): void {
  refuseIfWithdrawn(track);
  if (isClosed(track))
    throw new TrackRuleError(track.unitId, 'closed', `unit ${track.unitId} is ${trackStatus(track, now)}; only an open unit's deadline can be extended`);
  if (compareIso(to, effectiveDeadline(track)) <= 0) {
    throw new TrackRuleError(
      track.unitId,
      'extension-not-later',
      `the new deadline ${to} for unit ${track.unitId} must be later than the current one (${effectiveDeadline(track)})`,
    );
  }
  if (compareIso(to, now) <= 0) throw new TrackRuleError(track.unitId, 'extension-in-past', `the new deadline ${to} for unit ${track.unitId} is already past`);
}

/**
 * Moves the deadline. Reminders restart against the new deadline, skipping those whose instant
 * has already gone by; escalation starts over (it only begins once the new deadline passes).
 */
export function applyExtension(track: UnitTrack, to: string, now: string, policy: Pick<SchedulePolicy, 'reminders' | 'calendar'>): void {
  checkExtension(track, to, now);
  track.extendedTo = to;
  track.extensions += 1;
  track.remindersDone = reminderInstants(to, policy.reminders, policy.calendar).filter((at) => compareIso(at, now) <= 0).length;
  track.escalationsDone = 0;
}

/** Checks that a superior may exempt the unit. */
export function checkExemption(track: UnitTrack): void {
  refuseIfWithdrawn(track);
  if (track.completedAt)
    throw new TrackRuleError(track.unitId, 'already-reported', `unit ${track.unitId} already reported; a finished unit cannot be exempted`);
}

/** Exempts the unit: it is no longer expected to report (idempotent). */
export function applyExemption(track: UnitTrack, now: string): void {
  checkExemption(track);
  track.exemptedAt ??= now;
}

/** Withdrawal of the directive: open units stop; finished ones keep their record. */
export function applyWithdrawal(track: UnitTrack, now: string): void {
  if (!isClosed(track)) track.withdrawnAt = now;
}
