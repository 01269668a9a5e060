/**
 * When a committee workflow must wake for its units, and what it must do then. One timer per
 * committee (the earliest instant over all its units) replaces a timer per unit and step:
 * that keeps workflow histories small at tens of thousands of units.
 */
import { addCalendarDays, workingDayOnOrAfter, workingDayOnOrBefore, type WorkingCalendar } from '../calendar/working-calendar';
import { addMs, compareIso, toEpochMs, toIso } from '../time/instant';
import { BoundedMemo, PerObject } from '../time/memo';
import { VIETNAM_UTC_OFFSET_MS, vnIsoDate } from '../time/vn-time';
import { effectiveDeadline, isClosed, type UnitTrack } from './unit-track';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Day-based reminders go out at 08:00 Vietnam time, the start of the office day, not at midnight. */
const REMINDER_HOUR_VN = '08:00:00+07:00';

/** Reminder and escalation offsets in ms, as parsed from the directive spec. */
export interface SchedulePolicy {
  /** ≤ 0, relative to the deadline. */
  reminders: readonly number[];
  /** ≥ 0, relative to the deadline; step i escalates to the i-th ancestor (capped at the root). */
  escalation: readonly number[];
  /**
   * Once the deadline has passed, how long after its own instant a reminder may still go out (a
   * reminder at the deadline itself has its timer fire just after it). Beyond that, and for
   * reminders overtaken by a later one, a skipped action is returned so the email ledger still
   * has the step's row.
   */
  reminderGraceMs: number;
  /**
   * The directive's working calendar. With one, whole-day steps go out at 08:00 on working days
   * (a reminder on the working day before a day off, an escalation on the one after); without one
   * (directives launched before calendars) they keep the plain arithmetic they were launched with.
   */
  calendar?: WorkingCalendar | undefined;
  /**
   * A reminder whose instant came before the unit received the directive is recorded as skipped,
   * not sent with the notice (a round or a late launch would otherwise send both at once). Absent
   * in directives launched before this rule, whose histories sent it.
   */
  remindersFromReceipt?: boolean | undefined;
}

/** The grace committees give reminders: a timer fires a little late, an outage is longer. */
export const REMINDER_GRACE_MS = 15 * 60_000;

/** Why a reminder that fell due is recorded as skipped instead of sent. */
export type ReminderSkip = 'superseded' | 'after-deadline' | 'before-receipt';

/** An email the workflow must have sent. `step` is unique per unit and kind, across extensions. */
export type DueAction =
  | { kind: 'reminder'; unitId: string; step: number; deadline: string; skip?: ReminderSkip }
  | { kind: 'escalation'; unitId: string; step: number; ancestorIndex: number; deadline: string };

/**
 * Schedules already worked out, by deadline and offsets: a committee's units share a few
 * deadlines, and each wake asks for every unit's schedule. Pure memos, so safe in workflow code;
 * the arrays are frozen because every caller shares them. One pair per calendar object (PerObject:
 * a calendar's id is only its sender's word for its content), one for schedules without a calendar.
 */
interface ScheduleMemos {
  reminders: BoundedMemo<readonly string[]>;
  escalations: BoundedMemo<readonly string[]>;
}
const newScheduleMemos = (): ScheduleMemos => ({ reminders: new BoundedMemo(1_024), escalations: new BoundedMemo(1_024) });
const withoutCalendar = newScheduleMemos();
const byCalendar = new PerObject<WorkingCalendar, ScheduleMemos>(newScheduleMemos);

function memosFor(calendar: WorkingCalendar | undefined): ScheduleMemos {
  return calendar ? byCalendar.get(calendar) : withoutCalendar;
}

/** The memo key of a schedule within its calendar's memos: deadline and offsets. */
function scheduleKey(deadline: string, offsets: readonly number[]): string {
  return `${deadline}|${offsets.join(',')}`;
}

/** True when the deadline is the last millisecond of a Vietnam day (23:59:59.999 +07:00). */
function endsItsDay(deadline: string): boolean {
  return (toEpochMs(deadline) + 1 + VIETNAM_UTC_OFFSET_MS) % DAY_MS === 0;
}

/** 08:00 Vietnam time of an ISO day, as epoch ms. */
function officeStartOf(isoDay: string): number {
  return toEpochMs(`${isoDay}T${REMINDER_HOUR_VN}`);
}

/**
 * Instants of the reminders for a deadline, in order. A whole-day offset (-3d) means 08:00 in
 * Vietnam that many days before the deadline's day (with a calendar: on the last working day on or
 * before it); other offsets are taken from the instant. None is later than the deadline.
 */
export function reminderInstants(deadline: string, offsets: readonly number[], calendar?: WorkingCalendar): readonly string[] {
  return memosFor(calendar).reminders.get(scheduleKey(deadline, offsets), () => Object.freeze(computeReminderInstants(deadline, offsets, calendar)));
}

function computeReminderInstants(deadline: string, offsets: readonly number[], calendar: WorkingCalendar | undefined): string[] {
  const deadlineDay = vnIsoDate(deadline);
  const wholeDay = (offset: number) => {
    if (!calendar) return toIso(officeStartOf(deadlineDay) + offset);
    return toIso(officeStartOf(workingDayOnOrBefore(calendar, addCalendarDays(deadlineDay, offset / DAY_MS))));
  };
  return offsets
    .map((offset) => (offset % DAY_MS === 0 ? wholeDay(offset) : addMs(deadline, offset)))
    .map((at) => (compareIso(at, deadline) > 0 ? deadline : at))
    .sort(compareIso);
}

/**
 * Instants of the escalation steps: just after the deadline plus each offset. With a calendar, a
 * whole-day step of a deadline that ends with its day (a date, a quarter, working days) goes out at
 * the first 08:00 of a working day at or after that moment; a deadline set to the minute (a
 * date-time, a duration after receipt) escalates at its exact instant, as precisely as it was set.
 */
export function escalationInstants(deadline: string, offsets: readonly number[], calendar?: WorkingCalendar): readonly string[] {
  return memosFor(calendar).escalations.get(scheduleKey(deadline, offsets), () => Object.freeze(computeEscalationInstants(deadline, offsets, calendar)));
}

function computeEscalationInstants(deadline: string, offsets: readonly number[], calendar: WorkingCalendar | undefined): string[] {
  const instants = offsets.map((offset) => {
    // +1 ms: at the deadline's last millisecond the unit is still on time.
    const due = addMs(deadline, offset + 1);
    if (!calendar || offset % DAY_MS !== 0 || !endsItsDay(deadline)) return due;
    const day = vnIsoDate(due);
    const firstDay = toEpochMs(due) <= officeStartOf(day) ? day : addCalendarDays(day, 1);
    return toIso(officeStartOf(workingDayOnOrAfter(calendar, firstDay)));
  });
  return instants.sort(compareIso);
}

/** Ledger step number: unique per extension so a reminder for a new deadline is a new email. */
function stepNumber(track: UnitTrack, index: number): number {
  return track.extensions * 100 + index;
}

/**
 * What is due at `now`, marking it handled on the tracks. Of several reminders due at once (the
 * worker was down) only the latest is sent, and none once the deadline has passed unless within
 * `reminderGraceMs` of its own instant; the ones not sent come back as skipped actions, for their
 * ledger rows. Every due escalation is sent: each goes to a different superior.
 */
export function takeDueActions(tracks: Iterable<UnitTrack>, policy: SchedulePolicy, now: string): DueAction[] {
  const actions: DueAction[] = [];
  for (const track of tracks) {
    if (isClosed(track)) continue;
    const deadline = effectiveDeadline(track);
    const reminders = reminderInstants(deadline, policy.reminders, policy.calendar);
    let latestDue = -1;
    for (let i = track.remindersDone; i < reminders.length; i++) if (compareIso(reminders[i] as string, now) <= 0) latestDue = i;
    if (latestDue >= 0) {
      const beforeReceipt = (i: number) => policy.remindersFromReceipt === true && compareIso(reminders[i] as string, track.receivedAt) < 0;
      for (let i = track.remindersDone; i < latestDue; i++)
        actions.push({
          kind: 'reminder',
          unitId: track.unitId,
          step: stepNumber(track, i),
          deadline,
          skip: beforeReceipt(i) ? 'before-receipt' : 'superseded',
        });
      const dueAt = reminders[latestDue] as string;
      const inTime = compareIso(now, deadline) <= 0 || compareIso(now, addMs(dueAt, policy.reminderGraceMs)) <= 0;
      const skip: ReminderSkip | null = beforeReceipt(latestDue) ? 'before-receipt' : inTime ? null : 'after-deadline';
      actions.push({ kind: 'reminder', unitId: track.unitId, step: stepNumber(track, latestDue), deadline, ...(skip ? { skip } : {}) });
      track.remindersDone = latestDue + 1;
    }
    const escalations = escalationInstants(deadline, policy.escalation, policy.calendar);
    while (track.escalationsDone < escalations.length && compareIso(escalations[track.escalationsDone] as string, now) <= 0) {
      const index = track.escalationsDone;
      actions.push({ kind: 'escalation', unitId: track.unitId, step: stepNumber(track, index), ancestorIndex: index, deadline });
      track.escalationsDone += 1;
    }
  }
  return actions;
}

/**
 * The earliest instant after `now` at which something changes for these tracks: a reminder,
 * an escalation, or a deadline passing (status turns overdue). Null when nothing is pending.
 */
export function nextWakeAt(tracks: Iterable<UnitTrack>, policy: SchedulePolicy, now: string): string | null {
  let next: string | null = null;
  const consider = (at: string | undefined) => {
    if (at !== undefined && (next === null || compareIso(at, next) < 0)) next = at;
  };
  for (const track of tracks) {
    if (isClosed(track)) continue;
    const deadline = effectiveDeadline(track);
    consider(reminderInstants(deadline, policy.reminders, policy.calendar)[track.remindersDone]);
    consider(escalationInstants(deadline, policy.escalation, policy.calendar)[track.escalationsDone]);
    const overdueAt = addMs(deadline, 1);
    if (compareIso(overdueAt, now) > 0) consider(overdueAt);
  }
  return next;
}

/** A reminder or escalation still to come, as a unit's timeline shows it. */
export interface UpcomingStep {
  kind: 'reminder' | 'escalation';
  at: string;
  /** 0-based index of the step in the directive's list. */
  step: number;
}

/** The reminders and escalations an open unit with this deadline still has after `now`, in time order. */
export function upcomingSteps(deadline: string, policy: Pick<SchedulePolicy, 'reminders' | 'escalation' | 'calendar'>, now: string): UpcomingStep[] {
  const after = (kind: UpcomingStep['kind'], instants: readonly string[]) =>
    instants.flatMap((at, step) => (compareIso(at, now) > 0 ? [{ kind, at, step }] : []));
  return [
    ...after('reminder', reminderInstants(deadline, policy.reminders, policy.calendar)),
    ...after('escalation', escalationInstants(deadline, policy.escalation, policy.calendar)),
  ].sort((a, b) => compareIso(a.at, b.at));
}
