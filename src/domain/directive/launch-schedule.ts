/**
 * What a launch (and its dry run) tells the secretariat about each level: when a unit receiving the
 * directive now is due, whether that day is a day off, and the real instants of its reminders and
 * escalations on the directive's working calendar: the same arithmetic the committees run.
 */
import type { DirectiveRuntime } from '../cascade/records';
import { isWorkingDay, weeklyCalendar } from '../calendar/working-calendar';
import { parseDeadlineSpec, resolveDeadline } from '../time/deadline-spec';
import { vnIsoDate } from '../time/vn-time';
import { escalationInstants, reminderInstants } from '../track/track-schedule';

/** One level's schedule for a unit receiving the directive at the launch instant. */
export interface LevelSchedule {
  level: string;
  /** The deadline in force (ISO). */
  deadline: string;
  /** The deadline the directive wrote, when a day off moved it to the end of the next working day. */
  movedFrom: string | null;
  /** The day (ISO) the deadline in force falls on when that is a day off (it keeps its date). */
  dayOff: string | null;
  reminders: readonly string[];
  escalations: readonly string[];
}

/** The schedule of each level in `levels` (those with units and a deadline), for units receiving the directive at `receivedAt`. */
export function launchSchedule(directive: DirectiveRuntime, levels: readonly string[], receivedAt: string): LevelSchedule[] {
  const calendar = directive.calendar ?? weeklyCalendar();
  return levels.flatMap((level) => {
    const text = directive.deadlines[level];
    if (text === undefined) return [];
    const spec = parseDeadlineSpec(text);
    const deadline = resolveDeadline(spec, receivedAt, { calendar: directive.calendar, onDayOff: directive.deadlineOnDayOff });
    const asWritten = resolveDeadline(spec, receivedAt, { calendar: directive.calendar });
    const day = vnIsoDate(deadline);
    return [
      {
        level,
        deadline,
        movedFrom: asWritten === deadline ? null : asWritten,
        dayOff: isWorkingDay(calendar, day) ? null : day,
        reminders: reminderInstants(deadline, directive.reminders, directive.calendar),
        escalations: escalationInstants(deadline, directive.escalation, directive.calendar),
      },
    ];
  });
}
