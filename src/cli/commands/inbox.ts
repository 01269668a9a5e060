/** `cascade inbox UNIT`: every directive a unit is in, what it owes there, and what its units below still owe. */
import type { InboxDirective, UnitInbox } from '../../app/unit-inbox';
import { owesReport } from '../../app/unit-inbox';
import { flag, positional } from '../args';
import { JSON_OPTION, type Command } from '../command';
import { plural, printJson, viDate, viDateTime, viFraction, type Output } from '../output';

/** `cascade inbox UNIT`: see the summary below. */
export const inboxCommand: Command = {
  name: 'inbox',
  summary: 'A unit’s inbox: every directive it is in, its deadline, status and report, and the units below it that still owe.',
  positionals: [{ name: 'UNIT', description: 'the unit id' }],
  options: { json: JSON_OPTION },
  details: [
    'What the unit still owes comes first (earliest deadline first), then the rest, newest launch first;',
    'withdrawn directives are listed as such. Where the unit runs a committee, the units below it that still',
    'owe a report are listed with their email, overdue first (at most 200 per directive, with the total).',
    'The report links of the inbox page are not printed (the CLI holds no link key): reportLink is null in --json.',
    'Example: cascade inbox QN-HL-017',
  ],
  async run(ctx, args) {
    const unitId = positional(args, 'UNIT');
    const inbox = await (await ctx.client({ temporal: false })).inbox(unitId);
    if (flag(args, 'json')) printJson(ctx.output, inbox);
    else printInbox(ctx.output, inbox);
  },
};

function ownLine(d: InboxDirective): string {
  const own = d.own;
  if (own.status === null) return 'issued by this unit (its root); nothing of its own to report';
  const parts = [own.status, `deadline ${viDate(own.deadline)}`];
  parts.push(own.completedAt ? `reported ${viDateTime(own.completedAt)}` : 'not reported');
  if (own.report) parts.push(`attendance ${viFraction(own.report.attendees, own.report.members)}`);
  if (own.completedAt) parts.push(`corrections ${own.corrections}`);
  return parts.join(' · ');
}

function printInbox(output: Output, inbox: UnitInbox): void {
  const { unit, directives } = inbox;
  const owed = directives.filter(owesReport).length;
  output.out(`Inbox of ${unit.unitId} ${unit.name} [${unit.level}] · as of ${viDateTime(inbox.asOf)}`);
  output.out(`${plural(directives.length, 'directive')}, ${plural(owed, 'report')} owed.`);
  for (const d of directives) {
    output.out('');
    output.out(`${d.directiveId} (${d.code}${d.status === 'withdrawn' ? ', withdrawn' : ''}): ${d.title}`);
    output.out(`  ${ownLine(d)}`);
    if (!d.below) continue;
    output.out(`  units below that still owe a report: ${d.below.total}`);
    for (const u of d.below.units) output.out(`    ${u.unitId} ${u.name} [${u.level}]: ${u.status} · deadline ${viDate(u.deadline)} · ${u.email}`);
    if (d.below.total > d.below.units.length) output.out(`    … and ${d.below.total - d.below.units.length} more`);
  }
}
