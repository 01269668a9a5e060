/** `cascade calendar YEAR` and `cascade calendar apply`: the working calendar, and handing a changed one to running directives. */
import type { CalendarApplication } from '../../app/calendar-apply';
import { CALENDAR_YEARS } from '../../domain/calendar/lunar-calendar';
import { describeYearCalendar } from '../../domain/calendar/year-calendar';
import { choiceOption, flag, positional, stringOption } from '../args';
import { ACTOR_OPTION, JSON_OPTION, type Command } from '../command';
import { BadInputError } from '../errors';
import { printJson, table, viCount } from '../output';

/** `cascade calendar YEAR`: the year's days off and swapped working days. */
export const calendarCommand: Command = {
  name: 'calendar',
  summary: "Show a year's public holidays, compensatory days and swapped working days (Vietnam).",
  positionals: [{ name: 'YEAR', description: 'the year, e.g. 2027' }],
  options: { lang: { type: 'string', value: 'vi|en', description: 'language of the listing (default vi)' }, json: JSON_OPTION },
  details: [
    "Computed from the Labour Code (Tết and Giỗ Tổ from the lunar calendar), corrected by the year's override file",
    '(CALENDAR_DIR/YEAR.yaml; the files in calendar/ hold the decisions known at release). Example: cascade calendar 2027',
  ],
  async run(ctx, args) {
    const text = positional(args, 'YEAR');
    const { first, last } = CALENDAR_YEARS;
    if (!/^\d{4}$/.test(text) || Number(text) < first || Number(text) > last)
      throw new BadInputError(`YEAR "${text}" is not a year the calendar covers; give one from ${first}–${last}, e.g. 2027`);
    const year = ctx.calendars().year(Number(text));
    if (flag(args, 'json')) printJson(ctx.output, year);
    else ctx.output.out(describeYearCalendar(year, choiceOption(args, 'lang', ['vi', 'en'] as const, this) ?? 'vi'));
  },
};

function applicationRow(a: CalendarApplication): string[] {
  const changes = [
    ...a.daysOffAdded.map((d) => `+off ${d}`),
    ...a.daysOffRemoved.map((d) => `-off ${d}`),
    ...a.workingDaysAdded.map((d) => `+worked ${d}`),
    ...a.workingDaysRemoved.map((d) => `-worked ${d}`),
  ];
  return [a.directiveId, a.changed ? 'changed' : 'unchanged', viCount(a.committees), changes.join(', ') || '–'];
}

/** `cascade calendar apply`: gives running directives the calendar the files say now. */
export const calendarApplyCommand: Command = {
  name: 'calendar apply',
  summary: 'Apply the edited calendar files to running directives: their reminders and escalations move with it.',
  positionals: [],
  options: {
    directive: { type: 'string', value: 'ID,...', description: 'only these running directives (default: all)' },
    'dry-run': { type: 'boolean', description: 'say what would change; send nothing' },
    actor: ACTOR_OPTION,
    json: JSON_OPTION,
  },
  details: [
    'A launch takes the calendar as the files say then; a running directive keeps its own until this command gives',
    "it the new one. Each directive's audit trail records the days added and removed and who applied them.",
    'Deadlines already set keep their instants (extend a unit to move one); reminders and escalations follow the new days.',
  ],
  async run(ctx, args) {
    const directiveIds = stringOption(args, 'directive')
      ?.split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    const dryRun = flag(args, 'dry-run');
    const actor = ctx.actor(stringOption(args, 'actor'));
    const client = await ctx.client({ temporal: !dryRun });
    const results = await client.applyCalendar(actor, { ...(directiveIds ? { directiveIds } : {}), dryRun });
    if (flag(args, 'json')) {
      printJson(ctx.output, results);
      return;
    }
    if (results.length === 0) {
      ctx.output.out('No running directive to apply the calendar to.');
      return;
    }
    ctx.output.out(table(['directive', 'calendar', 'committees', 'days'], results.map(applicationRow)));
    ctx.output.out(dryRun ? 'Dry run: nothing was sent.' : `Applied by ${actor}; each changed directive's audit trail records it.`);
  },
};
