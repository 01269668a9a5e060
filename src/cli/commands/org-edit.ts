/** `cascade org edit|add|remove|export|history`: editing the organisation directory one unit at a time, and reading it back. */
import { ORG_FORMATS } from '../../domain/org/org-import';
import { formatVnNumericDateTime } from '../../domain/time/time';
import type { OrgUnit } from '../../domain/org/org';
import type { OrgAuditEntry } from '../../store/org-audit';
import { choiceOption, countOption, flag, positional, requiredOption, stringOption, UsageError, type ParsedArgs } from '../args';
import { ACTOR_OPTION, JSON_OPTION, type Command } from '../command';
import { writeOutputFile } from '../files';
import { plural, printJson, table, viCount } from '../output';
import { cliAdminActor } from './org';

const UNIT = { name: 'UNIT', description: 'the unit id (see `cascade org show`)' };
const ACTOR = { ...ACTOR_OPTION, description: 'who is acting, recorded in the directory’s history as cli:NAME (default: $USER)' };

/** The unit fields an option sets, as `--name`, `--email`, `--members`, `--essays-expected`, `--parent`. */
const FIELD_OPTIONS = {
  name: { type: 'string', value: 'TEXT', description: 'the unit’s name' },
  email: { type: 'string', value: 'ADDRESS', description: 'where its notices go' },
  members: { type: 'string', value: 'N', description: 'party members in it' },
  'essays-expected': { type: 'string', value: 'N', description: 'essays it is expected to submit' },
  parent: { type: 'string', value: 'UNIT', description: 'the unit above it (levels must stay in order)' },
} as const;

const FIELD_OF: Record<keyof typeof FIELD_OPTIONS, keyof OrgUnit> = {
  name: 'name',
  email: 'email',
  members: 'members',
  'essays-expected': 'essaysExpected',
  parent: 'parentId',
};

// Digits become numbers so the shared schema checks the range; anything else stays text and the schema names the field.
function fieldValues(args: ParsedArgs): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [option, field] of Object.entries(FIELD_OF)) {
    const value = stringOption(args, option);
    if (value === undefined) continue;
    out[field] = (field === 'members' || field === 'essaysExpected') && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  }
  return out;
}

function describeUnit(u: OrgUnit): string {
  return `${u.id}  ${u.name}  [${u.level}] under ${u.parentId ?? '(none)'}  ${u.email}  ${plural(u.members, 'member')}, ${viCount(u.essaysExpected)} essays expected`;
}

/** `cascade org edit UNIT --name ... --members N ...`: changes one unit, validated with the whole directory. */
export const orgEditCommand: Command = {
  name: 'org edit',
  summary: 'Edit one unit of the directory: name, email, members, essays expected or parent.',
  positionals: [UNIT],
  options: { ...FIELD_OPTIONS, actor: ACTOR, json: JSON_OPTION },
  details: [
    'At least one field; the directory with the change must still be valid (a new parent one level above, no cycle).',
    'Directives already launched keep their own snapshot: the edit applies to directives launched after it.',
    'Example: cascade org edit QN-HL-017 --members 812 --essays-expected 812 --actor "Văn phòng Tỉnh ủy"',
  ],
  async run(ctx, args) {
    const unitId = positional(args, 'UNIT');
    const patch = fieldValues(args);
    if (Object.keys(patch).length === 0) throw new UsageError('give at least one of --name, --email, --members, --essays-expected, --parent', this);
    const actor = cliAdminActor(ctx, stringOption(args, 'actor'));
    const unit = await (await ctx.client({ temporal: false })).editOrganisationUnit(unitId, patch, actor);
    if (flag(args, 'json')) printJson(ctx.output, unit);
    else ctx.output.out(`Edited ${describeUnit(unit)}.`);
  },
};

/** `cascade org add UNIT --name ... --level L --parent P --email ... --members N --essays-expected N`. */
export const orgAddCommand: Command = {
  name: 'org add',
  summary: 'Add one unit to the directory.',
  positionals: [{ name: 'UNIT', description: 'the new unit’s id' }],
  options: { ...FIELD_OPTIONS, level: { type: 'string', value: 'LEVEL', description: 'its level (one of the directory’s)' }, actor: ACTOR, json: JSON_OPTION },
  details: [
    '--name, --level, --email, --members and --essays-expected are required; --parent unless it is a root.',
    'Example: cascade org add QN-HL-700 --name "Chi bộ 700" --level cell --parent QN-HL --email cb700@qn.test --members 12 --essays-expected 12',
  ],
  async run(ctx, args) {
    const unit = { id: positional(args, 'UNIT'), level: requiredOption(args, 'level', this), ...fieldValues(args) };
    const actor = cliAdminActor(ctx, stringOption(args, 'actor'));
    const added = await (await ctx.client({ temporal: false })).addOrganisationUnit(unit, actor);
    if (flag(args, 'json')) printJson(ctx.output, added);
    else ctx.output.out(`Added ${describeUnit(added)}.`);
  },
};

/** `cascade org remove UNIT`: removes a unit with no units under it. */
export const orgRemoveCommand: Command = {
  name: 'org remove',
  summary: 'Remove one unit (with no units under it) from the directory.',
  positionals: [UNIT],
  options: { actor: ACTOR },
  details: ['A unit with units under it is refused: remove or move them first (`cascade org edit CHILD --parent P`).'],
  async run(ctx, args) {
    const actor = cliAdminActor(ctx, stringOption(args, 'actor'));
    const removed = await (await ctx.client({ temporal: false })).removeOrganisationUnit(positional(args, 'UNIT'), actor);
    ctx.output.out(`Removed ${describeUnit(removed)}.`);
  },
};

/** `cascade org export [--format csv|json|yaml] [--under UNIT] [--out FILE]`: a file `cascade org import` reads back. */
export const orgExportCommand: Command = {
  name: 'org export',
  summary: 'Export the directory (or the units under a unit) as CSV, JSON or YAML that imports back unchanged.',
  positionals: [],
  options: {
    format: { type: 'string', value: 'csv|json|yaml', description: 'the format (default csv)' },
    under: { type: 'string', value: 'UNIT', description: 'only the units below UNIT (import it back with --under UNIT)' },
    out: { type: 'string', value: 'FILE', description: 'write to FILE instead of stdout' },
  },
  details: [
    "CSV has the import’s header; a cell starting with = + - @ is written with a leading ' so a spreadsheet does",
    "  not run it as a formula, and the import takes that ' off again. JSON and YAML carry the directory’s levels.",
    'Example: cascade org export --under QN --format yaml --out qn.yaml',
  ],
  async run(ctx, args) {
    const format = choiceOption(args, 'format', ORG_FORMATS, this) ?? 'csv';
    const text = await (await ctx.client({ temporal: false })).exportOrganisation(format, stringOption(args, 'under'));
    const out = stringOption(args, 'out');
    if (out === undefined) ctx.output.write(text);
    else {
      writeOutputFile(out, text);
      ctx.output.err(`wrote the directory to ${out}`);
    }
  },
};

function changedFields(entry: OrgAuditEntry): string {
  if (entry.action === 'import')
    return Object.entries(entry.after ?? {})
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(', ');
  if (entry.action !== 'update' || !entry.before || !entry.after) return '';
  const before = entry.before as Record<string, unknown>;
  const after = entry.after as Record<string, unknown>;
  return Object.keys(after)
    .filter((k) => before[k] !== after[k])
    .map((k) => `${k}: ${String(before[k])} → ${String(after[k])}`)
    .join(', ');
}

/** `cascade org history [UNIT]`: the directory's audit trail, newest first. */
export const orgHistoryCommand: Command = {
  name: 'org history',
  summary: 'List the changes to the directory (or to one unit), newest first, with who made them.',
  positionals: [{ ...UNIT, optional: true }],
  options: { limit: { type: 'string', value: 'N', description: 'at most N rows (default 50)' }, json: JSON_OPTION },
  details: ['Times are Vietnam time (dd/mm/yyyy HH:mm). Actors: api:TOKEN-SUBJECT for the API, cli:NAME as given to --actor (not verified).'],
  async run(ctx, args) {
    const limit = countOption(args, 'limit', this, 50, 1);
    const entries = await (await ctx.client({ temporal: false })).organisationHistory(args.positionals.UNIT, limit);
    if (flag(args, 'json')) {
      printJson(ctx.output, entries);
      return;
    }
    if (entries.length === 0) {
      ctx.output.out('No changes recorded.');
      return;
    }
    ctx.output.out(
      table(
        ['time', 'actor', 'action', 'unit', 'change'],
        entries.map((e) => [vnTime(e.occurredAt), e.actor, e.action, e.unitId ?? '(all)', changedFields(e)]),
      ),
    );
  },
};

function vnTime(iso: string): string {
  return formatVnNumericDateTime(iso);
}
