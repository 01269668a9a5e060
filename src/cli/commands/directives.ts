/** `cascade launch`, `cascade withdraw` and `cascade directives`: the secretariat's commands. */
import { deadlineForLevel, parseDirectiveSpec } from '../../domain/directive/directive';
import { DIRECTIVE_STATUSES, narrowDirectives } from '../../app/list-filters';
import { choiceOption, flag, positional, requiredOption, stringOption } from '../args';
import { ACTOR_OPTION, JSON_OPTION, type Command } from '../command';
import { readInputFile } from '../files';
import { plural, printJson, table, viCount, viDate, viDateTime } from '../output';
import type { ScheduledLevel } from '../../app/launch';
import { cliAdminActor } from './org';
import { formatVnNumericDateTime } from '../../domain/time/time';

/** `cascade launch SPEC`: starts a directive's cascade; a relaunch says so and starts nothing. */
export const launchCommand: Command = {
  name: 'launch',
  summary: 'Launch a directive from its spec (YAML or JSON) over the imported organisation.',
  positionals: [{ name: 'SPEC', description: 'the directive spec file, .yaml or .json' }],
  options: {
    'dry-run': { type: 'boolean', description: 'check the spec and print what would start and when everything goes out; start nothing' },
    actor: { ...ACTOR_OPTION, description: 'who is launching, recorded in the administration trail as declared, not verified (default: $USER)' },
    json: JSON_OPTION,
  },
  details: [
    'The spec names the code, title, issuer, issuedOn, root unit and a deadline per level, e.g.',
    '  code: 01-CT/TW',
    '  title: Nghiên cứu, học tập, quán triệt Nghị quyết Đại hội XIII',
    '  issuer: Bộ Chính trị',
    '  issuedOn: 9/3/2021',
    '  root: TW',
    '  deadlines: { province: quý II/2021, district: quý III/2021, cell: 30/9/2021 }',
    '  reminders: [-14d, -3d, 0d]      # optional',
    '  escalation: [0d, 7d, 14d]       # optional',
    '  deadlineOnDayOff: keep          # or next-working-day: a dated deadline on a holiday or weekend moves',
    'A deadline may also count working days after receipt: "15 ngày làm việc" or "15 working days" (the day of',
    'receipt not counted; weekends, public holidays and Tết skipped; see `cascade calendar YEAR`). Reminders go out',
    'at 08:00 Vietnam time on the last working day on or before their day, escalations at 08:00 on the first working',
    'day after theirs; the output lists the real instants per level and names any deadline that falls on a day off.',
    'Refused before anything starts: an issue date after today (Vietnam), a deadline before the issue date',
    'or more than ten years ahead, a reminder more than 366 days before a deadline, an',
    'escalation step more than 366 days after it, more than 10 of either, a duration deadline over P1826D.',
    'Launching the same directive again starts nothing and duplicates no unit; launching its code again',
    'with another spec (another root, deadline, ...) is refused naming what differs.',
  ],
  async run(ctx, args) {
    const file = positional(args, 'SPEC');
    const text = readInputFile(file, 'directive spec');
    // Checked here first so a bad spec is reported before any server is contacted.
    const spec = parseDirectiveSpec(text);
    if (flag(args, 'dry-run')) {
      const preview = await (await ctx.client({ temporal: false })).previewLaunch(text);
      if (flag(args, 'json')) printJson(ctx.output, preview);
      else {
        const total = Object.values(preview.unitsPerLevel).reduce((a, b) => a + b, 0);
        ctx.output.out(`Dry run of directive ${preview.directiveId}: ${plural(total, 'unit')} under ${spec.root} would receive it now.`);
        ctx.output.out(scheduleLines(preview.schedule, preview.unitsPerLevel).join('\n'));
        ctx.output.out('Nothing was recorded or started.');
      }
      return;
    }
    const client = await ctx.client({ temporal: true });
    const result = await client.launch(text, { actor: cliAdminActor(ctx, stringOption(args, 'actor')) });
    if (flag(args, 'json')) {
      printJson(ctx.output, result);
      return;
    }
    const total = Object.values(result.unitsPerLevel).reduce((a, b) => a + b, 0);
    ctx.output.out(
      result.started
        ? `Launched directive ${result.directiveId} (workflow ${result.workflowId}): ${plural(total, 'unit')} under ${spec.root}.`
        : `Directive ${result.directiveId} is already running or was launched before (workflow ${result.workflowId}): nothing was started again and no unit is duplicated.`,
    );
    if (!result.unitsReady) ctx.output.out('Its committees are taking the units on; a unit can be read or report within a few seconds.');
    const rows = result.levels
      .map((l) => l.name)
      .filter((level) => result.unitsPerLevel[level] !== undefined)
      .map((level) => {
        // The deadlines in force: on a relaunch, those of the directive already running.
        const deadline = deadlineForLevel(result, level);
        const resolved = deadline === undefined ? '–' : deadline.kind === 'instant' ? `by ${viDate(deadline.at)}` : `${deadline.text} after receipt`;
        return [level, viCount(result.unitsPerLevel[level] ?? 0), result.deadlines[level] ?? '–', resolved];
      });
    ctx.output.out(table(['level', 'units', 'deadline', 'due'], rows));
    ctx.output.out(`Reminders ${spec.reminders.join(', ')} around each deadline; escalation ${spec.escalation.join(', ')} after it.`);
    if (result.started) ctx.output.out(scheduleLines(result.schedule, result.unitsPerLevel).join('\n'));
  },
};

/** Per level: the deadline of a unit receiving the directive now, any day off it falls on, and when reminders and escalations really go out. */
function scheduleLines(schedule: readonly ScheduledLevel[], unitsPerLevel: Record<string, number>): string[] {
  return schedule
    .filter((level) => unitsPerLevel[level.level] !== undefined)
    .flatMap((level) => {
      const lines = [`${level.level}: due ${formatVnNumericDateTime(level.deadline)}`];
      if (level.movedFrom) lines.push(`  moved from ${formatVnNumericDateTime(level.movedFrom)}, a day off, to the next working day`);
      if (level.dayOff && level.dayOffName) lines.push(`  falls on a day off: ${level.dayOffName.vi} (${level.dayOffName.en}); the directive keeps the date`);
      lines.push(`  reminders: ${level.reminders.map(formatVnNumericDateTime).join('; ') || '–'}`);
      lines.push(`  escalations: ${level.escalations.map(formatVnNumericDateTime).join('; ') || '–'}`);
      return lines;
    });
}

/** `cascade withdraw DIRECTIVE --reason TEXT`: stops everything pending, all the way down. */
export const withdrawCommand: Command = {
  name: 'withdraw',
  summary: 'Withdraw a directive: every committee stops, nothing more is sent.',
  positionals: [{ name: 'DIRECTIVE', description: 'the directive id (see `cascade directives`)' }],
  options: {
    reason: { type: 'string', value: 'TEXT', required: true, description: 'why it is withdrawn (required)' },
    actor: ACTOR_OPTION,
    json: JSON_OPTION,
  },
  details: ['Example: cascade withdraw 01-CT-TW-2021 --reason "Superseded by 02-CT/TW"'],
  async run(ctx, args) {
    const directiveId = positional(args, 'DIRECTIVE');
    const reason = requiredOption(args, 'reason', this);
    const actor = ctx.actor(stringOption(args, 'actor'));
    const result = await (await ctx.client({ temporal: true })).withdraw(directiveId, actor, reason);
    if (flag(args, 'json')) printJson(ctx.output, { directiveId, ...result });
    else ctx.output.out(`Withdrew directive ${directiveId} at ${viDateTime(result.withdrawnAt)}; nothing more is sent or recorded for it.`);
  },
};

/** `cascade directives`: what has been launched, newest first. */
export const directivesCommand: Command = {
  name: 'directives',
  summary: 'List the launched directives, newest first.',
  positionals: [],
  options: {
    q: { type: 'string', value: 'TEXT', description: 'only those whose code, title or id holds TEXT, accents aside ("chi thi 01")' },
    status: { type: 'string', value: 'active|withdrawn', description: 'only running (active) or withdrawn ones' },
    under: { type: 'string', value: 'UNIT', description: 'only those that reach UNIT' },
    json: JSON_OPTION,
  },
  details: ['Example: cascade directives --q "hoc tap" --status active --under QN-HL'],
  async run(ctx, args) {
    const client = await ctx.client({ temporal: false });
    const status = choiceOption(args, 'status', DIRECTIVE_STATUSES, this);
    const q = stringOption(args, 'q');
    const under = stringOption(args, 'under');
    const list = await narrowDirectives(client, await client.directives(), { q, status: status ? [status] : undefined, under });
    if (flag(args, 'json')) {
      printJson(ctx.output, list);
      return;
    }
    if (list.length === 0) {
      ctx.output.out('No directive has been launched yet; launch one with `cascade launch SPEC`.');
      return;
    }
    ctx.output.out(
      table(
        ['id', 'code', 'status', 'launched', 'root', 'title'],
        list.map((d) => [d.id, d.code, d.status, viDate(d.launchedAt), d.rootUnitId, d.title]),
      ),
    );
  },
};
