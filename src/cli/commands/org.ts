/** `cascade org import` and `cascade org show`: the organisation directory (its edits are in org-edit.ts). */
import path from 'node:path';
import { NotFoundError } from '../../app/errors';
import { readOrganisationFile } from '../../app/organisation';
import { SUBTREE_MODES } from '../../domain/org/directory-edit';
import { describeLevels } from '../../domain/org/levels';
import { decodeOrgFile, ORG_FORMATS, type OrgFormat } from '../../domain/org/org-import';
import type { OrgUnit } from '../../domain/org/org';
import { declaredActor, type AdminActor } from '../../domain/audit/admin-actor';
import { choiceOption, countOption, flag, positional, stringOption, UsageError } from '../args';
import { ACTOR_OPTION, JSON_OPTION, type Command } from '../command';
import type { CliContext } from '../context';
import { readInputBytes } from '../files';
import { plural, printJson, renderTree, viCount, type TreeNode } from '../output';

/** The audit trail's actor for a person at the CLI: `cli:NAME`, free text the CLI cannot verify, labelled as such. */
export function cliActor(ctx: CliContext, flagValue: string | undefined): string {
  return `cli:${ctx.actor(flagValue)}`;
}

/** The administration trail's actor for a person at the CLI: declared, not proven (the CLI holds no credential). */
export function cliAdminActor(ctx: CliContext, flagValue: string | undefined): AdminActor {
  return declaredActor(ctx.actor(flagValue));
}

/**
 * `cascade org import FILE [--under UNIT --mode replace|merge]`: validates the whole resulting
 * directory, then replaces it (or the subtree below UNIT, or merges into it) in one transaction.
 */
export const orgImportCommand: Command = {
  name: 'org import',
  summary: 'Import the organisation from CSV, JSON or YAML: the whole directory, or the subtree under a unit (all or nothing).',
  positionals: [{ name: 'FILE', description: 'the organisation file, .csv, .json, .yaml or .yml' }],
  options: {
    format: { type: 'string', value: 'csv|json|yaml', description: 'file format (default: from the extension)' },
    under: { type: 'string', value: 'UNIT', description: 'import the file below UNIT instead of replacing the whole directory' },
    mode: { type: 'string', value: 'replace|merge', description: 'with --under: replace UNIT’s subtree (default) or merge into it' },
    actor: { ...ACTOR_OPTION, description: 'who is acting, recorded in the directory’s history as cli:NAME (default: $USER)' },
  },
  details: [
    'CSV header: id,name,level,parentId,email,members,essaysExpected (any order, UTF-8, optional BOM).',
    'JSON or YAML: an array of units, or { "levels": [...], "units": [...] } declaring the levels,',
    '  top first, 1 to 12 of them: { "name": "commune", "label": { "vi": "Cấp xã", "en": "Commune level" },',
    '  "plural": { "vi": ..., "en": ... }, "short": { "vi": ..., "en": ... } } (plural and short optional).',
    'A CSV file or a plain array keeps the levels the directory has (central, province, district, cell',
    '  until a file declares others).',
    'A file with any bad row or level imports nothing; every problem is listed with its row or field.',
    'With --under UNIT the file holds the units below UNIT: its top units name UNIT as parentId or leave',
    '  it empty (they are attached to UNIT); UNIT itself is not in the file, nor any unit standing outside',
    '  UNIT’s subtree; the directory keeps its levels. --mode replace removes the units below UNIT the file',
    '  no longer has; --mode merge adds and updates and removes nothing.',
    'The whole resulting directory is validated before anything is written; each change is in `cascade org history`.',
    'Directives already launched keep their own snapshot of the organisation and their own levels.',
    'Examples: cascade org import quang-ninh.csv',
    '          cascade org import ha-long.csv --under QN --mode merge --actor "Văn phòng Tỉnh ủy"',
  ],
  async run(ctx, args) {
    const file = positional(args, 'FILE');
    const format = choiceOption(args, 'format', ORG_FORMATS, this) ?? formatFromExtension(file, this);
    const under = stringOption(args, 'under');
    const mode = choiceOption(args, 'mode', SUBTREE_MODES, this);
    if (mode !== undefined && under === undefined) throw new UsageError('--mode applies to an import --under a unit; add --under UNIT', this);
    const actor = cliAdminActor(ctx, stringOption(args, 'actor'));
    const bytes = readInputBytes(file, 'organisation file');
    ctx.output.err(`reading ${file} (${format})...`);
    // UTF-8 only (BOM allowed): another encoding is refused naming the row, like any other bad row.
    // A file that declares no levels is read against the directory's.
    const document = readOrganisationFile(decodeOrgFile(bytes, format), format);
    const client = await ctx.client({ temporal: false });
    const summary = await client.importOrganisationFile(document, { under, mode }, actor, (done, total) =>
      ctx.output.err(`  imported ${viCount(done)}/${viCount(total)} units`),
    );
    const units = await client.organisation(under);
    const where = under === undefined ? '' : ` under ${under} (${summary.mode})`;
    ctx.output.out(
      `Imported ${plural(summary.units, 'unit')} from ${file}${where}: ${summary.added} added, ${summary.updated} updated, ${summary.removed} removed.`,
    );
    ctx.output.out(
      `The directory${under === undefined ? '' : ` under ${under}`} now holds ${plural(units.length, 'unit')} (${levelCounts(
        units,
        summary.levels.map((l) => l.name),
      ).join(', ')}).`,
    );
    ctx.output.out(`Levels: ${describeLevels(summary.levels.map((l) => `${l.name} (${l.label.vi})`))}.`);
  },
};

/** "1 province, 21 district, 695 cell": units per level, top level first. */
export function levelCounts(units: readonly OrgUnit[], levels: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const u of units) counts.set(u.level, (counts.get(u.level) ?? 0) + 1);
  const order = [...levels, ...[...counts.keys()].filter((l) => !levels.includes(l))];
  return order.filter((l) => counts.has(l)).map((l) => `${viCount(counts.get(l) ?? 0)} ${l}`);
}

function formatFromExtension(file: string, command: Command): OrgFormat {
  const ext = path.extname(file).toLowerCase().slice(1);
  if (ext === 'csv' || ext === 'json' || ext === 'yaml') return ext;
  if (ext === 'yml') return 'yaml';
  throw new UsageError(`cannot tell the format of "${file}" from its extension; pass --format csv, json or yaml`, command);
}

/** `cascade org show [UNIT]`: the directory as an indented tree with levels and member counts. */
export const orgShowCommand: Command = {
  name: 'org show',
  summary: 'Show the organisation directory as a tree, or the subtree under UNIT.',
  positionals: [{ name: 'UNIT', description: 'id of the unit at the top of the subtree', optional: true }],
  options: {
    depth: { type: 'string', value: 'N', description: 'show N levels below the top (default: all)' },
    json: JSON_OPTION,
  },
  details: ['--json prints { total, levels: [the directory’s levels, top first], tree }.', 'Example: cascade org show QN --depth 1'],
  async run(ctx, args) {
    const rootId = args.positionals.UNIT;
    const depth = countOption(args, 'depth', this, Number.POSITIVE_INFINITY);
    const client = await ctx.client({ temporal: false });
    const [units, levels] = await Promise.all([client.organisation(rootId), client.organisationLevels()]);
    if (rootId && units.length === 0)
      throw new NotFoundError(`unit ${rootId} is not in the organisation directory; check the id (\`cascade org show\` lists them)`);
    const tree = buildTree(units, rootId);
    if (flag(args, 'json')) printJson(ctx.output, { total: units.length, levels, tree: tree.map((n) => toJson(n, depth)) });
    else
      printOrg(
        ctx,
        units,
        tree,
        depth,
        levels.map((l) => l.name),
      );
  },
};

interface OrgNode {
  unit: OrgUnit;
  children: OrgNode[];
}

function buildTree(units: readonly OrgUnit[], rootId: string | undefined): OrgNode[] {
  const nodes = new Map(units.map((u) => [u.id, { unit: u, children: [] as OrgNode[] }]));
  const roots: OrgNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.id === rootId || node.unit.parentId === null ? undefined : nodes.get(node.unit.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

type OrgJson = OrgUnit & { children: OrgJson[] };

function toJson(node: OrgNode, depth: number): OrgJson {
  return { ...node.unit, children: depth > 0 ? node.children.map((c) => toJson(c, depth - 1)) : [] };
}

function printOrg(ctx: CliContext, units: readonly OrgUnit[], roots: readonly OrgNode[], depth: number, levels: readonly string[]): void {
  if (units.length === 0) {
    ctx.output.out('The organisation directory is empty; import one with `cascade org import FILE`.');
    return;
  }
  ctx.output.out(`${plural(units.length, 'unit')} (${levelCounts(units, levels).join(', ')})`);
  const toNode = (node: OrgNode, left: number): TreeNode => ({
    label: `${node.unit.id}  ${node.unit.name}  [${node.unit.level}]  ${plural(node.unit.members, 'member')}, ${viCount(node.unit.essaysExpected)} essays expected`,
    children: left > 0 ? node.children.map((c) => toNode(c, left - 1)) : [],
    more: left <= 0 && node.children.length > 0 ? `… ${plural(node.children.length, 'unit')} directly below (raise --depth)` : undefined,
  });
  ctx.output.out(renderTree(roots.map((r) => toNode(r, depth))));
}
