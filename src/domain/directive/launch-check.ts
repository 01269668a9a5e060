/**
 * A launch, checked against the clock before anything starts: the issue date, and every instant
 * the directive will need (each level's deadline for a unit receiving it now, each reminder and
 * escalation instant), computed with the same pure code the committee workflows run. A spec that
 * passed its schema but gave an instant the workflows cannot hold failed every committee task
 * with "RangeError: Invalid time value" once started; here it is refused naming the field.
 */
import { parseCalendarDate } from '../time/calendar-date';
import { parseDeadlineSpec, resolveDeadline } from '../time/deadline-spec';
import type { DirectiveSpec } from './directive';
import { offsetMsOrUndefined } from '../time/duration';
import type { FieldIssue } from '../text/fields';
import { addMs, toEpochMs } from '../time/instant';
import { escalationInstants, reminderInstants } from '../track/track-schedule';
import type { WorkingCalendar } from '../calendar/working-calendar';
import { vnIsoDate, vnStartOfDay } from '../time/vn-time';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The earliest issue date a directive can bear: 03/02/1930, when the Party that issues these
 * directives was founded. Anything earlier is a mistyped year.
 */
export const EARLIEST_ISSUE_DATE = '1930-02-03';
/** How far after the launch a deadline may lie: ten years (3,653 days). Later is a mistyped year. */
export const MAX_DEADLINE_AHEAD_DAYS = 3653;

const viDate = (isoDate: string): string => isoDate.split('-').reverse().join('/');

/** The Vietnam calendar day of an ISO date (`2026-12-03`), as a CalendarDate. */
function calendarDay(isoDate: string) {
  const parsed = parseCalendarDate(isoDate);
  if (parsed.kind !== 'date') throw new RangeError(`"${isoDate}" is not an ISO date`);
  return parsed.date;
}

/** Runs `compute`, and fails unless every instant it gives is one the workflows can read back. */
function instantsOf(compute: () => readonly string[]): string | null {
  try {
    // toEpochMs reads the text as the workflows will: a year beyond 9999 comes out of
    // toISOString as "+010000-…", which no committee could parse again.
    for (const at of compute()) toEpochMs(at);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Problems with the issue date as of `today` (a Vietnam ISO date). */
function issueDateIssues(spec: Pick<DirectiveSpec, 'issuedOn'>, today: string): FieldIssue[] {
  if (spec.issuedOn > today) {
    return [
      {
        path: 'issuedOn',
        rule: 'issued-in-future',
        message: `issuedOn ${viDate(spec.issuedOn)} is after today (${viDate(today)} in Vietnam): a directive cannot go out before it is issued, and every report would be refused as made before it; give the date it was signed`,
      },
    ];
  }
  if (spec.issuedOn < EARLIEST_ISSUE_DATE) {
    return [
      {
        path: 'issuedOn',
        rule: 'issued-too-early',
        message: `issuedOn ${viDate(spec.issuedOn)} is before ${viDate(EARLIEST_ISSUE_DATE)}, the earliest date a directive can bear; check the year`,
      },
    ];
  }
  return [];
}

/**
 * Every problem with the times of a launch at `now`: the issue date (not after today in Vietnam,
 * not before 1930), the deadline of each level in `levels` (the levels that have units under the
 * root) for a unit receiving the directive now (a real instant, not before the issue date, at
 * most ten years ahead), and each reminder and escalation instant of those deadlines. A deadline
 * already past is allowed: a directive launched late records its units as overdue at once, which
 * is what a secretariat catching up wants. Each issue names its field (`issuedOn`, `deadlines.cell`, `reminders[0]`). Empty when
 * the launch may go ahead.
 */
export function checkLaunchTimes(spec: DirectiveSpec, levels: readonly string[], now: string, calendar?: WorkingCalendar): FieldIssue[] {
  const issues = issueDateIssues(spec, vnIsoDate(now));
  const issuedFrom = toEpochMs(vnStartOfDay(calendarDay(spec.issuedOn)));
  const nowMs = toEpochMs(now);
  const latest = nowMs + MAX_DEADLINE_AHEAD_DAYS * DAY_MS;
  const deadlines: Array<{ level: string; at: string }> = [];

  for (const level of levels) {
    const text = spec.deadlines[level];
    if (text === undefined) continue; // a missing deadline is the organisation check's to report
    const path = `deadlines.${level}`;
    let at: string;
    try {
      at = resolveDeadline(parseDeadlineSpec(text), now, { calendar, onDayOff: spec.deadlineOnDayOff });
      toEpochMs(at);
    } catch (error) {
      issues.push({
        path,
        rule: 'instant',
        message: `deadline "${text}" gives no real moment for a unit receiving it now (${error instanceof Error ? error.message : String(error)}); give a date, quarter or duration within the next ten years`,
      });
      continue;
    }
    const ms = toEpochMs(at);
    const before = issues.length;
    if (ms < issuedFrom) {
      issues.push({
        path,
        rule: 'deadline-before-issue',
        message: `deadline "${text}" of level ${level} falls before the directive was issued (${viDate(spec.issuedOn)}); check the year`,
      });
    } else if (ms > latest) {
      const limit = viDate(vnIsoDate(addMs(nowMs, MAX_DEADLINE_AHEAD_DAYS * DAY_MS)));
      issues.push({
        path,
        rule: 'deadline-too-far',
        message: `deadline "${text}" of level ${level} is more than ten years ahead (after ${limit}); check the year`,
      });
    }
    // Offsets are checked only against deadlines in range, so each problem is named once, where it is.
    if (issues.length === before) deadlines.push({ level, at });
  }

  const offsetsOf = (texts: readonly string[]) => texts.map((text) => ({ text, ms: offsetMsOrUndefined(text) }));
  const checkOffsets = (
    field: 'reminders' | 'escalation',
    offsets: ReturnType<typeof offsetsOf>,
    compute: (deadline: string, ms: number) => readonly string[],
  ) => {
    offsets.forEach(({ text, ms }, index) => {
      if (ms === undefined) return; // unreadable offsets are the schema's to report
      for (const { level, at } of deadlines) {
        const problem = instantsOf(() => compute(at, ms));
        if (problem === null) continue;
        issues.push({
          path: `${field}[${index}]`,
          rule: 'instant',
          message: `${field} "${text}" gives no real moment for the ${level} deadline ${at} (${problem}); give an offset within a year of the deadline`,
        });
        return;
      }
    });
  };
  checkOffsets('reminders', offsetsOf(spec.reminders), (deadline, ms) => reminderInstants(deadline, [ms], calendar));
  checkOffsets('escalation', offsetsOf(spec.escalation), (deadline, ms) => escalationInstants(deadline, [ms], calendar));
  return issues;
}
