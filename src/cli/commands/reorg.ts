/** `cascade reorg PLAN --dry-run`: rehearses a reorganisation plan over the directory and the running directives. */
import type { DirectivePreview, ReorganisationPreview } from '../../app/reorganisation-preview';
import { formatVnNumericDateTime } from '../../domain/time/time';
import { flag, positional, stringOption, UsageError } from '../args';
import { JSON_OPTION, type Command } from '../command';
import { readDataFile } from '../files';
import { printJson, viCount } from '../output';

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
  return lines;
}

function previewLines(p: ReorganisationPreview): string[] {
  const c = p.directory.counts;
  return [
    `Plan of ${viCount(p.operations)} operations, effective ${formatVnNumericDateTime(p.effectiveAt)} (Vietnam time).`,
    `Directory: ${viCount(c.created)} units created, ${viCount(c.moved)} moved, ${viCount(c.removed)} removed, ${viCount(c.renamed)} renamed, ${viCount(c.figures)} with new figures; levels ${p.directory.levelsBefore.join(' → ')} become ${p.directory.levelsAfter.join(' → ')}.`,
    ...(p.directives.length === 0 ? ['No running directive is reached.'] : p.directives.flatMap(directiveLines)),
    'Dry run: nothing was written.',
  ];
}

export const reorgCommand: Command = {
  name: 'reorg',
  summary: 'Rehearse a reorganisation plan: what it changes in the directory and in each running directive.',
  positionals: [{ name: 'PLAN', description: 'the plan, YAML or JSON (see examples/reorg-2025.yaml)' }],
  options: {
    'dry-run': { type: 'boolean', description: 'print what the plan would change and write nothing (required in this version)' },
    directive: { type: 'string', value: 'ID[,ID...]', description: 'only these running directives (default: every running directive)' },
    json: JSON_OPTION,
  },
  details: [
    'The plan is checked as a whole against the directory: a bad operation is refused naming its index and rule (exit 2).',
    'Per running directive it prints the units moved (and how many carry their report), the committees that end and',
    'start, the units removed and created, and the units per level before and after.',
    'Applying a plan (--dry-run left out) is not available yet: rehearse it, then apply it when this command can.',
    'Example: cascade reorg examples/reorg-2025.yaml --dry-run',
  ],
  async run(ctx, args) {
    const file = positional(args, 'PLAN');
    if (!flag(args, 'dry-run')) throw new UsageError('only --dry-run is available in this version: applying a plan to running directives comes next', this);
    const plan = readDataFile(file, 'reorganisation plan');
    const directives = stringOption(args, 'directive')
      ?.split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
    const preview = await (await ctx.client({ temporal: false })).previewReorganisation(plan, directives);
    if (flag(args, 'json')) printJson(ctx.output, preview);
    else for (const line of previewLines(preview)) ctx.output.out(line);
  },
};
