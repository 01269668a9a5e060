/** The working calendar: a year's days off for everyone signed in; applying the edited files to running directives for the secretariat. */
import { CalendarApplyBodySchema, CalendarYearParamsSchema } from '../request/schemas';
import { actorOf } from '../auth/actor';
import { guard, principalOf, type RoutePlugin } from './route-kit';

/** Registers the calendar routes. */
export const calendarRoutes: RoutePlugin = async (app, deps) => {
  /** A year's public holidays, compensatory and decided days off, and swapped working days, as the calendar files say now. */
  app.get('/calendar/:year', { schema: { summary: "A year's working calendar", tags: ['supervisor'], params: CalendarYearParamsSchema } }, async (request) =>
    deps.cascade.calendarYear(request.params.year),
  );

  /**
   * Secretariat: gives every running directive (or those named) the calendar the files say now,
   * recorded with the caller's token subject; with `dryRun: true`, only what would change.
   */
  app.post(
    '/calendar/apply',
    {
      schema: { summary: 'Apply the calendar files to running directives', tags: ['secretariat'], body: CalendarApplyBodySchema },
      // The calendar of days off is national (set by law and the Government's decisions): the central secretariat's alone.
      preValidation: guard((_req, p) => deps.access.requireSecretariat(p, { central: 'apply the calendar files (the national calendar of days off)' })),
    },
    async (request) => {
      const { directives, dryRun } = request.body;
      const applications = await deps.cascade.applyCalendar(actorOf(principalOf(request)), {
        ...(directives ? { directiveIds: directives } : {}),
        dryRun: dryRun ?? false,
      });
      return { applications };
    },
  );
};
