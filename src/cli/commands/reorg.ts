/** `cascade reorg PLAN [--dry-run]`: rehearses or applies a reorganisation plan over the directory and the running directives. */
import type { DirectivePreview, ReorganisationPreview } from '../../app/reorganisation-preview';
import type { ReorganisationOutcome } from '../../app/reorganisation';
import type { FieldIssue } from '../../domain/text/fields';
import { formatVnNumericDateTime } from '../../domain/time/time';
import { flag, positional, stringOption } from '../args';
import { ACTOR_OPTION, JSON_OPTION, type Command } from '../command';
import { readDataFile } from '../files';
import { printJson, table, viCount } from '../output';
import { cliAdminActor } from './org';

/** At most this many ids are printed per list; the JSON has them all. */
const SHOWN = 8;

function ids(list: readonly string[]): string {
  return list.length <= SHOWN ? list.join(', ') : `${list.slice(0, SHOWN).join(', ')} and ${viCount(list.length - SHOWN)} more`;
}

function levels(before: Record<string, number>, after: Record<string, number>): string {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return names.map((l) => `${l} ${viCount(before[l] ?? 0)} → ${viCount(after[l] ?? 0)}`).join(', ');
}

function directiveLines(d: DirectivePreview): string[] {
  const withReports = d.moved.filter((m) => m.reported).length;
  const lines = [`Directive ${d.directiveId} (${d.code}, ${d.title}):`];
  lines.push(
    `  units moved: ${viCount(d.moved.length)} (${viCount(withReports)} carrying their report)${d.moved.length > 0 ? `: ${ids(d.moved.map((m) => `${m.unitId} ${m.from} → ${m.to}`))}` : ''}`,
  );
  lines.push(`  committees ended: ${viCount(d.committeesEnded.length)}${d.committeesEnded.length > 0 ? `: ${ids(d.committeesEnded)}` : ''}`);
  lines.push(`  committees started: ${viCount(d.committeesStarted.length)}${d.committeesStarted.length > 0 ? `: ${ids(d.committeesStarted)}` : ''}`);
  const removedReports = d.removed.filter((r) => r.reported).length;
  lines.push(
    `  units removed: ${viCount(d.removed.length)} (${viCount(removedReports)} had reported)${d.removed.length > 0 ? `: ${ids(d.removed.map((r) => `${r.unitId} (${r.reason}${r.into ? ` into ${r.into}` : ''})`))}` : ''}`,
  );
  lines.push(`  units created: ${viCount(d.created.length)}${d.created.length > 0 ? `: ${ids(d.created)}` : ''}`);
  lines.push(`  units per level: ${levels(d.unitsPerLevel.before, d.unitsPerLevel.after)}`);
  lines.push(`  reported per level: ${levels(d.reportedPerLevel.before, d.reportedPerLevel.after)}`);
  const deadline = (at: string | null) => (at === null ? 'set on receipt' : formatVnNumericDateTime(at));
  if (d.deadlines.length > 0)
    lines.push(
      `  deadlines set or changed: ${ids(d.deadlines.map((x) => `${x.unitId} (${x.why}) ${x.from === null ? '' : `${deadline(x.from)} → `}${deadline(x.to)}`))}`,
    );
  return lines;
}

function previewLines(p: ReorganisationPreview & { problems: FieldIssue[] }): string[] {
  const c = p.directory.counts;
  return [
    `Plan of ${viCount(p.operations)} operations, effective ${formatVnNumericDateTime(p.effectiveAt)} (Vietnam time).`,
    `Directory: ${viCount(c.created)} units created, ${viCount(c.moved)} moved, ${viCount(c.removed)} removed, ${viCount(c.renamed)} renamed, ${viCount(c.figures)} with new figures; levels ${p.directory.levelsBefore.join(' → ')} become ${p.directory.levelsAfter.join(' → ')}.`,
    ...(p.directives.length === 0 ? ['No running directive is reached.'] : p.directives.flatMap(directiveLines)),
    `Merged units: ${p.mergeRule}.`,
    ...(p.problems.length === 0 ? [] : ['Applying it now would be refused:', ...p.problems.map((i) => `  - ${i.message}`)]),
    'Dry run: nothing was written.',
  ];
}

function outcomeLines(o: ReorganisationOutcome): string[] {
  if (o.scheduled)
    return [
      `Reorganisation ${o.reorganisationId}${o.resumed ? ' (already scheduled)' : ''} is checked and scheduled: it applies at ${formatVnNumericDateTime(o.effectiveAt)} (Vietnam time), to the directory as it is then.`,
      `Cancel it before then with: cascade reorgs --cancel ${o.reorganisationId}`,
    ];
  return [
    `Reorganisation ${o.reorganisationId}${o.resumed ? ' (applied before; resumed)' : ''}, effective ${formatVnNumericDateTime(o.effectiveAt)} (Vietnam time): the directory follows it.`,
    ...o.directives.map(
      (d) =>
        `Directive ${d.directiveId}: ${viCount(d.handedOver)} units handed over, ${viCount(d.unitsTaken)} taken by their new committees, ${viCount(d.committeesEnded)} committees ended, ${viCount(d.committeesStarted)} started, ${viCount(d.reparented)} moved with their units, ${viCount(d.removed)} units removed.`,
    ),
  ];
}

export const reorgCommand: Command = {
  name: 'reorg',
  summary: 'Apply (or, with --dry-run, rehearse) a reorganisation plan to the directory and every running directive.',
  positionals: [{ name: 'PLAN', description: 'the plan, YAML or JSON (see examples/reorg-2025.yaml)' }],
  options: {
    'dry-run': { type: 'boolean', description: 'print what the plan would change and write nothing' },
    directive: { type: 'string', value: 'ID[,ID...]', description: 'only these running directives (default: every running directive)' },
    actor: ACTOR_OPTION,
    json: JSON_OPTION,
  },
  details: [
    'The plan is checked as a whole against the directory: a bad operation is refused naming its index and rule (exit 2).',
    'Per running directive it prints the units moved (and how many carry their report), the committees that end and',
    'start, the units removed and created, and the units per level before and after.',
    'Without --dry-run the plan is applied: the directory changes (audited with --actor), then each running directive',
    'follows it: units keep their history and status under their new committees. Applying the same plan again after a',
    'failure resumes it. A plan whose effective instant is still ahead is checked and scheduled: it applies at that instant',
    '(`cascade reorgs` lists reorganisations, `--cancel ID` cancels a scheduled one). A directive gains the levels the plan',
    "brings it units of (deadline: the plan's `deadlines`, else the one of its level at that depth).",
    'Example: cascade reorg examples/reorg-2025.yaml --dry-run',
  ],
  async run(ctx, args) {
    const file = positional(args, 'PLAN');
    const plan = readDataFile(file, 'reorganisation plan');
    const directives = stringOption(args, 'directive')
      ?.split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
    if (!flag(args, 'dry-run')) {
      const outcome = await (await ctx.client({ temporal: true })).reorganise(plan, cliAdminActor(ctx, stringOption(args, 'actor')), directives);
      if (flag(args, 'json')) printJson(ctx.output, outcome);
      else for (const line of outcomeLines(outcome)) ctx.output.out(line);
      return;
    }
    const preview = await (await ctx.client({ temporal: false })).previewReorganisation(plan, directives);
    if (flag(args, 'json')) printJson(ctx.output, preview);
    else for (const line of previewLines(preview)) ctx.output.out(line);
  },
};

/** `cascade reorgs [--cancel ID]`: the reorganisations scheduled and applied, or cancel one still scheduled. */
export const reorgsCommand: Command = {
  name: 'reorgs',
  summary: 'List reorganisations (scheduled, applied, finished, failed, cancelled), or cancel a scheduled one.',
  positionals: [],
  options: {
    cancel: { type: 'string', value: 'ID', description: 'cancel this reorganisation, still scheduled for a later instant' },
    json: JSON_OPTION,
  },
  details: ['Example: cascade reorgs', 'Example: cascade reorgs --cancel reorg-0123456789abcdef0123'],
  async run(ctx, args) {
    const client = await ctx.client({ temporal: stringOption(args, 'cancel') !== undefined });
    const cancel = stringOption(args, 'cancel');
    if (cancel !== undefined) {
      await client.cancelReorganisation(cancel);
      ctx.output.out(`Reorganisation ${cancel} is cancelled: nothing of it was applied.`);
      return;
    }
    const list = await client.reorganisationList();
    if (flag(args, 'json')) return printJson(ctx.output, list);
    if (list.length === 0) return ctx.output.out('No reorganisation yet.');
    ctx.output.out(
      table(
        ['id', 'status', 'effective (Vietnam time)', 'by', 'directives'],
        list.map((r) => [
          r.id,
          r.status,
          formatVnNumericDateTime(r.effectiveAt),
          r.actor,
          r.directiveIds === null ? 'all running' : String(r.directiveIds.length),
        ]),
      ),
    );
    for (const r of list) if (r.error) ctx.output.out(`${r.id}: ${r.error}`);
  },
};
