/** The working calendar each directive runs with, and what applying a changed one must reach. */
import type { Pool } from 'pg';
import type { WorkingCalendar } from '../domain/calendar/working-calendar';

/** A running directive and the calendar its committees have (null: launched before calendars). */
export interface DirectiveCalendarRow {
  directiveId: string;
  calendar: WorkingCalendar | null;
}

/** The running directives (all, or those named) with their calendars. */
export async function runningDirectiveCalendars(pool: Pool, directiveIds?: readonly string[]): Promise<DirectiveCalendarRow[]> {
  const { rows } = await pool.query<{ id: string; calendar: WorkingCalendar | null }>(
    `SELECT id, calendar FROM directives WHERE status = 'active' AND ($1::text[] IS NULL OR id = ANY($1)) ORDER BY id`,
    [directiveIds ? [...directiveIds] : null],
  );
  return rows.map((r) => ({ directiveId: r.id, calendar: r.calendar }));
}

/** The working calendar a directive runs with, or null (launched before calendars, or never launched). */
export async function directiveCalendar(pool: Pool, directiveId: string): Promise<WorkingCalendar | null> {
  const { rows } = await pool.query<{ calendar: WorkingCalendar | null }>('SELECT calendar FROM directives WHERE id = $1', [directiveId]);
  return rows[0]?.calendar ?? null;
}

/** The units of a directive's snapshot that run a committee (the root and every unit with units under it). */
export async function directiveCommittees(pool: Pool, directiveId: string): Promise<string[]> {
  const { rows } = await pool.query<{ unit_id: string }>(
    `SELECT u.unit_id FROM directive_units u JOIN directives d ON d.id = u.directive_id
      WHERE u.directive_id = $1 AND (u.has_children OR u.unit_id = d.root_unit_id) ORDER BY u.depth, u.unit_id`,
    [directiveId],
  );
  return rows.map((r) => r.unit_id);
}

/** Records the calendar the secretariat applied to a running directive (its committees have it). */
export async function recordDirectiveCalendar(pool: Pool, directiveId: string, calendar: WorkingCalendar): Promise<void> {
  await pool.query('UPDATE directives SET calendar = $2::jsonb WHERE id = $1', [directiveId, JSON.stringify(calendar)]);
}

/** What a unit's upcoming reminders and escalations follow: its status and deadline, and the directive's offsets and calendar. */
export interface UnitScheduleInputs {
  status: string;
  deadline: string;
  reminders: string[];
  escalation: string[];
  calendar: WorkingCalendar | null;
}

/** The schedule inputs of a unit of a directive, or null when the unit has no projection row (or deadline) yet. */
export async function unitScheduleInputs(pool: Pool, directiveId: string, unitId: string): Promise<UnitScheduleInputs | null> {
  const { rows } = await pool.query<{
    status: string;
    deadline: Date | null;
    reminders: string[] | null;
    escalation: string[] | null;
    calendar: WorkingCalendar | null;
  }>(
    `SELECT p.status, p.deadline, d.spec -> 'reminders' AS reminders, d.spec -> 'escalation' AS escalation, d.calendar
       FROM unit_projection p JOIN directives d ON d.id = p.directive_id
      WHERE p.directive_id = $1 AND p.unit_id = $2`,
    [directiveId, unitId],
  );
  const row = rows[0];
  if (!row?.deadline) return null;
  return { status: row.status, deadline: row.deadline.toISOString(), reminders: row.reminders ?? [], escalation: row.escalation ?? [], calendar: row.calendar };
}
