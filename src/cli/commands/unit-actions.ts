/** `cascade report | correct | acknowledge | extend | exempt`: commands on one unit of a directive. */
import { rate } from '../../domain/text/numbers';
import type { UnitView } from '../../engine/protocol';
import { flag, positional, requiredOption, stringOption, type ParsedArgs } from '../args';
import { ACTOR_OPTION, JSON_OPTION, type Command } from '../command';
import type { CliContext } from '../context';
import { printJson, viDate, viDateTime, viFraction, viRate } from '../output';
import { REPORT_OPTIONS, reportFromArgs } from '../report-input';
import { attachedFile, attachmentLine, ATTACH_OPTION } from '../attach-input';

const TARGET = [
  { name: 'DIRECTIVE', description: 'the directive id (see `cascade directives`)' },
  { name: 'UNIT', description: 'the unit id' },
];

/** One line describing a unit's state after a command. */
export function unitLine(view: UnitView): string {
  const parts = [
    `${view.unitId} ${view.name} [${view.level}]: ${view.status}`,
    `deadline ${viDate(view.extendedTo ?? view.deadline)}${view.extendedTo ? ' (extended)' : ''}`,
  ];
  if (view.completedAt) parts.push(`reported ${viDateTime(view.completedAt)}`);
  if (view.report) {
    const r = view.report;
    parts.push(`attendance ${viFraction(r.attendees, r.members)} (${viRate(rate(r.attendees, r.members))})`);
    parts.push(`essays ${viFraction(r.essaysSubmitted, r.essaysExpected)} (${viRate(rate(r.essaysSubmitted, r.essaysExpected))})`);
  }
  if (view.exemptedAt) parts.push(`exempted ${viDate(view.exemptedAt)}`);
  return parts.join(' · ');
}

function finish(ctx: CliContext, args: ParsedArgs, view: UnitView, headline: string): void {
  if (flag(args, 'json')) printJson(ctx.output, view);
  else ctx.output.out(`${headline}\n${unitLine(view)}`);
}

function reportCommand(name: 'report' | 'correct'): Command {
  const correcting = name === 'correct';
  return {
    name,
    summary: correcting ? "Replace a unit's completion report; the rollups follow." : "File a unit's completion report (conference, attendance, essays, plan).",
    positionals: TARGET,
    options: { ...REPORT_OPTIONS, attach: ATTACH_OPTION, actor: ACTOR_OPTION, json: JSON_OPTION },
    details: [
      'The report is checked by the same rules as the API and the report form: attendees ≤ members,',
      "essays submitted ≤ expected, dates between the directive's issue date and today (Vietnam time).",
      'A rejected report changes nothing.',
      `Example: cascade ${name} 01-CT-TW-2021 QN-HL-017 --attendees 812 --members 830 --essays-submitted 800 \\`,
      '           --essays-expected 830 --conference-date 30/6/2021 --document-number 30-KH/TU \\',
      '           --document-date 1/7/2021 --reported-by "Văn phòng Huyện ủy"',
      `     or: cascade ${name} 01-CT-TW-2021 QN-HL-017 --file report.json`,
      '--attach FILE sends the plan or minutes with it (PDF, DOCX, PNG or JPEG, at most 20 MB, judged from its',
      'bytes); a file refused files no report, and a file sent with a correction replaces the earlier one (kept).',
    ],
    async run(ctx, args) {
      const directiveId = positional(args, 'DIRECTIVE');
      const unitId = positional(args, 'UNIT');
      const report = reportFromArgs(args);
      const actor = ctx.actor(stringOption(args, 'actor'));
      const file = attachedFile(args);
      const client = await ctx.client({ temporal: true });
      const headline = `${correcting ? 'Corrected' : 'Recorded'} the report of ${unitId} in ${directiveId}.`;
      if (file) {
        const { view, attachment } = await client.reportWithAttachment(directiveId, unitId, report, file, actor, correcting);
        if (flag(args, 'json')) printJson(ctx.output, { ...view, attachment: attachment.attachment, replaced: attachment.replaced });
        else ctx.output.out(`${headline}\n${unitLine(view)}\n${attachmentLine(attachment)}`);
        return;
      }
      const view = correcting ? await client.correct(directiveId, unitId, report, actor) : await client.report(directiveId, unitId, report, actor);
      finish(ctx, args, view, headline);
    },
  };
}

/** `cascade report DIRECTIVE UNIT`: a unit files its completion report. */
export const reportCommandSpec = reportCommand('report');
/** `cascade correct DIRECTIVE UNIT`: a unit replaces its report. */
export const correctCommandSpec = reportCommand('correct');

/** `cascade acknowledge DIRECTIVE UNIT`: a unit confirms receipt. */
export const acknowledgeCommand: Command = {
  name: 'acknowledge',
  summary: 'Record that a unit has received the directive.',
  positionals: TARGET,
  options: { actor: ACTOR_OPTION, json: JSON_OPTION },
  async run(ctx, args) {
    const [directiveId, unitId] = [positional(args, 'DIRECTIVE'), positional(args, 'UNIT')];
    const actor = ctx.actor(stringOption(args, 'actor'));
    const view = await (await ctx.client({ temporal: true })).acknowledge(directiveId, unitId, actor);
    finish(ctx, args, view, `${unitId} acknowledged ${directiveId}.`);
  },
};

/** `cascade extend DIRECTIVE UNIT --to DATE`: a superior moves a unit's deadline. */
export const extendCommand: Command = {
  name: 'extend',
  summary: "Extend a unit's deadline (gia hạn) to a later date, quarter or instant.",
  positionals: TARGET,
  options: {
    to: {
      type: 'string',
      value: 'DATE',
      required: true,
      description: 'the new deadline: 15/10/2021, quý IV/2021, Q4/2021 or 2021-10-15T17:00:00+07:00 (required)',
    },
    reason: { type: 'string', value: 'TEXT', description: 'why (recorded in the audit log)' },
    actor: ACTOR_OPTION,
    json: JSON_OPTION,
  },
  details: ['Example: cascade extend 01-CT-TW-2021 QN-HL-017 --to 15/10/2021 --reason "Bão số 3"'],
  async run(ctx, args) {
    const [directiveId, unitId] = [positional(args, 'DIRECTIVE'), positional(args, 'UNIT')];
    const to = requiredOption(args, 'to', this);
    const actor = ctx.actor(stringOption(args, 'actor'));
    const view = await (await ctx.client({ temporal: true })).extend(directiveId, unitId, to, actor, stringOption(args, 'reason'));
    finish(ctx, args, view, `Extended the deadline of ${unitId} in ${directiveId} to ${viDateTime(view.extendedTo ?? view.deadline)}.`);
  },
};

/** `cascade exempt DIRECTIVE UNIT --reason TEXT`: a superior exempts a unit. */
export const exemptCommand: Command = {
  name: 'exempt',
  summary: 'Exempt a unit: it is no longer expected, reminded or escalated.',
  positionals: TARGET,
  options: {
    reason: { type: 'string', value: 'TEXT', required: true, description: 'why (required)' },
    actor: ACTOR_OPTION,
    json: JSON_OPTION,
  },
  async run(ctx, args) {
    const [directiveId, unitId] = [positional(args, 'DIRECTIVE'), positional(args, 'UNIT')];
    const reason = requiredOption(args, 'reason', this);
    const actor = ctx.actor(stringOption(args, 'actor'));
    const view = await (await ctx.client({ temporal: true })).exempt(directiveId, unitId, actor, reason);
    finish(ctx, args, view, `Exempted ${unitId} from ${directiveId}.`);
  },
};
