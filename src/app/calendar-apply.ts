/**
 * Applying a changed working calendar to running directives. An edited override file changes
 * nothing that runs until the secretariat applies it: then every committee of each running
 * directive is given the new calendar (an update under an id derived from it, so a repeat after a
 * failure changes nothing twice), its reminders and escalations move with it, and the directive's
 * audit trail records what changed and who applied it.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { WorkingCalendar } from '../domain/calendar/working-calendar';
import { vnIsoDate } from '../domain/time/vn-time';
import { applyCalendarUpdate, committeeWorkflowId } from '../engine/protocol';
import { directiveCommittees, recordDirectiveCalendar, runningDirectiveCalendars } from '../store/directive-calendars';
import type { CalendarBook } from './calendar-book';
import { fromTemporalError } from './errors';
import type { JournalWriter } from './journal-writer';
import { inBatches } from './task-limits';
import { withTransientRetries } from './transient-retries';
import { recordAdminAction } from '../store/admin-audit';
import { asAdminActor, recordedLabel, type AdminActor } from '../domain/audit/admin-actor';

/** Committees told at once. */
const COMMITTEES_IN_FLIGHT = 16;

/** What applying the calendar did (or, in a dry run, would do) to one running directive. */
export interface CalendarApplication {
  directiveId: string;
  calendarId: string;
  /** The calendar it ran with; null when it was launched before calendars. */
  previousCalendarId: string | null;
  /** False when it already had these days: nothing was sent. */
  changed: boolean;
  /** Committees that took the calendar (finished committees have nothing left to schedule). */
  committees: number;
  daysOffAdded: string[];
  daysOffRemoved: string[];
  workingDaysAdded: string[];
  workingDaysRemoved: string[];
}

const added = (next: readonly string[], previous: readonly string[]) => next.filter((d) => !previous.includes(d));

/** The years the new calendar covers: those of the old one, and at least this year and the next. */
function yearsFor(previous: WorkingCalendar | null, now: Date): [number, number] {
  const thisYear = Number(vnIsoDate(now.toISOString()).slice(0, 4));
  const from = previous ? Number(previous.from.slice(0, 4)) : thisYear;
  const through = Math.max(previous ? Number(previous.through.slice(0, 4)) : thisYear, thisYear + 1);
  return [Math.min(from, thisYear), through];
}

/** See the file comment. */
export class CalendarApplier {
  constructor(
    private readonly deps: { temporal: Client; pool: Pool; calendars: CalendarBook },
    private readonly journal: JournalWriter,
  ) {}

  /**
   * Gives every running directive (or those named) the calendar the files say now, recorded with
   * `actor`; with `dryRun`, only says what would change.
   */
  async apply(by: string | AdminActor, options: { directiveIds?: readonly string[]; dryRun?: boolean; now?: Date } = {}): Promise<CalendarApplication[]> {
    const actor = recordedLabel(by);
    const now = options.now ?? new Date();
    const results: CalendarApplication[] = [];
    for (const { directiveId, calendar: previous } of await runningDirectiveCalendars(this.deps.pool, options.directiveIds)) {
      const next = this.deps.calendars.workingCalendar(...yearsFor(previous, now));
      const before = { daysOff: previous?.daysOff ?? [], workingDays: previous?.workingDays ?? [] };
      const result: CalendarApplication = {
        directiveId,
        calendarId: next.id,
        previousCalendarId: previous?.id ?? null,
        changed: next.id !== previous?.id,
        committees: 0,
        daysOffAdded: added(next.daysOff, before.daysOff),
        daysOffRemoved: added(before.daysOff, next.daysOff),
        workingDaysAdded: added(next.workingDays, before.workingDays),
        workingDaysRemoved: added(before.workingDays, next.workingDays),
      };
      if (result.changed && !options.dryRun) result.committees = await this.tell(directiveId, next, actor, result, now);
      results.push(result);
    }
    // After the committees were told; once per directive and calendar, so applying the same files again (nothing changes) adds no row.
    for (const r of results.filter((a) => a.changed && !options.dryRun)) {
      await recordAdminAction(this.deps.pool, {
        action: 'calendar-apply',
        target: r.directiveId,
        scopeUnit: null,
        details: { calendarId: r.calendarId, previousCalendarId: r.previousCalendarId, committees: r.committees, daysOffAdded: r.daysOffAdded.length },
        actor: asAdminActor(by),
        idempotencyKey: `calendar-apply:${r.directiveId}:${r.calendarId}`,
      });
    }
    return results;
  }

  /** Gives each committee of the directive the calendar, then records it; answers how many committees took it. */
  private async tell(directiveId: string, calendar: WorkingCalendar, actor: string, change: CalendarApplication, now: Date): Promise<number> {
    let told = 0;
    await inBatches(await directiveCommittees(this.deps.pool, directiveId), COMMITTEES_IN_FLIGHT, async (unitId) => {
      const handle = this.deps.temporal.workflow.getHandle(committeeWorkflowId(directiveId, unitId));
      try {
        await withTransientRetries(() => handle.executeUpdate(applyCalendarUpdate, { args: [{ calendar }], updateId: `calendar/${calendar.id}/${unitId}` }));
        told += 1;
      } catch (err) {
        // A committee that finished (every unit done, or ended by a reorganisation) schedules nothing more.
        if (err instanceof WorkflowNotFoundError) return;
        fromTemporalError(err, `applying calendar ${calendar.id} to directive ${directiveId}`);
      }
    });
    await recordDirectiveCalendar(this.deps.pool, directiveId, calendar);
    const { calendarId, previousCalendarId, daysOffAdded, daysOffRemoved, workingDaysAdded, workingDaysRemoved } = change;
    await this.journal.write({
      audit: [
        {
          directiveId,
          unitId: null,
          kind: 'calendar',
          actor,
          payload: { calendarId, previousCalendarId, daysOffAdded, daysOffRemoved, workingDaysAdded, workingDaysRemoved, committees: told },
          occurredAt: now.toISOString(),
          dedupeKey: `calendar/${directiveId}/${calendar.id}`,
        },
      ],
      projections: [],
    });
    return told;
  }
}
