/** `cascade status DIRECTIVE`: per-level counts and rates, attendance, essays and the tree under a unit. */
import { countOption, flag, positional, stringOption, UsageError, type CommandShape, type ParsedArgs } from '../args';
import { UNIT_STATUSES, type TrackStatus } from '../../domain/track/unit-track';
import { JSON_OPTION, type Command } from '../command';
import { directiveLevelOption } from '../level-option';
import { printJson, renderTree, table, viCount, viDate, viDateTime, viFraction, viRate, type Output, type TreeNode } from '../output';
import { gatherStatus, type StatusNode, type StatusView } from '../status-view';
import { gatherStatusAsOf } from '../status-as-of';
import { parseVnInstant } from '../../domain/time/vn-instant';
import { TimeInputError } from '../../domain/time/time-error';

/** `cascade status`: see the summary below. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'Where a directive stands: units done per level, rates, attendance, essays, the tree.',
  positionals: [{ name: 'DIRECTIVE', description: 'the directive id (see `cascade directives`)' }],
  options: {
    unit: { type: 'string', value: 'UNIT', description: 'the subtree under this unit, itself included (default: the whole directive)' },
    under: { type: 'string', value: 'UNIT', description: 'the same as --unit' },
    q: { type: 'string', value: 'TEXT', description: 'list the units of the subtree whose name or id holds TEXT, accents aside ("chi bo" finds "Chi bộ")' },
    status: { type: 'string', value: 'S[,S...]', description: `list the units of the subtree with one of these statuses (${UNIT_STATUSES.join(', ')})` },
    level: { type: 'string', value: 'LEVEL', description: 'only this level of the directive (e.g. commune) in the counts and the overdue list' },
    overdue: { type: 'boolean', description: 'list the overdue units of the subtree, itself included' },
    'members-mismatch': { type: 'boolean', description: 'list the units of the subtree that reported a member count other than the directory’s' },
    depth: { type: 'string', value: 'N', description: 'levels of units shown under the scope (default 2; 0 for none)' },
    'as-of': {
      type: 'string',
      value: 'WHEN',
      description: 'the directive as it stood then, rebuilt from the audit trail: dd/mm/yyyy HH:mm or dd/mm/yyyy (Vietnam time), or an ISO instant',
    },
    json: JSON_OPTION,
  },
  details: [
    'Figures are written the Vietnamese way (4.285/4.478, 95,69%); rates are Σ attendees / Σ members.',
    'Levels are the directive’s own, as it was launched (named with their Vietnamese label beside the key).',
    '--json prints one object: { directive, rounds: [{ key, name, opensAt, deadline, status, directiveId }], scope, asOf, levels: [{ level, label: { vi, en }, expected, done,',
    '  onTime, late, overdue, pending, exempted, withdrawn, doneRate, onTimeRate }], attendance: { attendees, members, rate },',
    '  essays: { submitted, expected, rate }, firstFinisher, overdueCount, membersMismatchCount, units: [tree],',
    '  overdue?: [...], membersMismatch?: [{ unitId, name, level, members, directoryMembers }] }.',
    'A unit may report a member count other than the directory’s (membership changes): it is counted as',
    '  reported and flagged, with the directory’s count beside it (--members-mismatch lists them all).',
    '--q and --status (with --level, in the subtree) list the matching units, by deadline; --json adds them as',
    '  matches: [{ unitId, name, level, parentId, status, deadline }].',
    '--as-of WHEN answers every option as of that instant (statuses, counts, the tree, the overdue list), from the',
    '  audit trail with the live rules; units that had not received the directive by then are left out.',
    'Example: cascade status 01-CT-TW-2021 --unit QN --overdue',
    '         cascade status 01-CT-TW-2021 --as-of "30/06/2027 17:00" --unit QN',
    '         cascade status 01-CT-TW-2021 --under QN-HL --q "chi bo" --status overdue,pending --level cell',
  ],
  async run(ctx, args) {
    const directiveId = positional(args, 'DIRECTIVE');
    const depth = countOption(args, 'depth', this, 2);
    const asOf = asOfOption(args, this);
    const client = await ctx.client({ temporal: asOf === undefined });
    const level = await directiveLevelOption(args, client, directiveId, this);
    const opts = {
      unitId: subtreeOption(args, this),
      level,
      ...listFilterOptions(args, this),
      depth,
      overdue: flag(args, 'overdue'),
      membersMismatch: flag(args, 'members-mismatch'),
    };
    const view = asOf === undefined ? await gatherStatus(client, directiveId, opts) : await gatherStatusAsOf(client, directiveId, asOf, opts);
    if (flag(args, 'json')) printJson(ctx.output, view);
    else printStatus(ctx.output, view);
  },
};

/** `--as-of WHEN` as the instant it names (ISO), read as Vietnamese write it; a value that is none is a usage error naming --as-of. */
function asOfOption(args: ParsedArgs, shape: CommandShape): string | undefined {
  const text = stringOption(args, 'as-of');
  if (text === undefined) return undefined;
  try {
    return parseVnInstant(text);
  } catch (err) {
    if (err instanceof TimeInputError) throw new UsageError(`--as-of: ${err.message}`, shape);
    throw err;
  }
}

/** `--unit` or its synonym `--under` (the list options' name for a subtree); both, naming different units, is a usage error. */
function subtreeOption(args: ParsedArgs, shape: CommandShape): string | undefined {
  const unit = stringOption(args, 'unit');
  const under = stringOption(args, 'under');
  if (unit !== undefined && under !== undefined && unit !== under)
    throw new UsageError(`--unit and --under both name the subtree; give one (got ${unit} and ${under})`, shape);
  return unit ?? under;
}

/** `--q TEXT` and `--status S[,S...]`, checked as the API checks them (one line, 1–100 characters; known statuses). */
function listFilterOptions(args: ParsedArgs, shape: CommandShape): { search?: string; statuses?: TrackStatus[] } {
  const search = stringOption(args, 'q')?.normalize('NFC').trim();
  if (search !== undefined && (search === '' || search.length > 100 || /\p{Cc}/u.test(search)))
    throw new UsageError('--q must be text on one line, 1 to 100 characters', shape);
  const statusText = stringOption(args, 'status');
  if (statusText === undefined) return search === undefined ? {} : { search };
  const statuses = statusText
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const unknown = statuses.find((x) => !(UNIT_STATUSES as readonly string[]).includes(x));
  if (statuses.length === 0 || unknown !== undefined)
    throw new UsageError(`--status must list statuses among ${UNIT_STATUSES.join(', ')}${unknown ? `, got "${unknown}"` : ''}`, shape);
  return { ...(search === undefined ? {} : { search }), statuses: statuses as TrackStatus[] };
}

function printStatus(output: Output, view: StatusView): void {
  const { directive, scope } = view;
  const state = view.withdrawnAt ? `withdrawn ${viDateTime(view.withdrawnAt)}` : directive.status;
  output.out(`Directive ${directive.id} (${directive.code}, ${state}): ${directive.title}`);
  const scopeText = scope.isRoot
    ? `the whole directive (root ${scope.unitId})`
    : `${scope.unitId} ${scope.name ?? ''} [${scope.level ?? '?'}] and the units under it`;
  output.out(`Scope: ${scopeText} · as of ${viDateTime(view.asOf)}`);
  if (view.rebuilt) output.out('(rebuilt from the audit trail; units that had not received the directive by then are left out)');
  if (view.rebuilt && !scope.isRoot && scope.status === null) output.out(`${scope.unitId} had not received the directive by then.`);
  output.out('');
  // The withdrawn column only matters once a directive is withdrawn.
  const withdrawn = view.levels.some((l) => l.withdrawn > 0);
  output.out(
    table(
      ['level', 'name', 'done/expected', 'rate', 'on time', 'late', 'overdue', 'pending', 'exempted', ...(withdrawn ? ['withdrawn'] : [])],
      view.levels.map((l) => [
        l.level,
        l.label.vi,
        viFraction(l.done, l.expected),
        viRate(l.doneRate),
        ...[l.onTime, l.late, l.overdue, l.pending, l.exempted, ...(withdrawn ? [l.withdrawn] : [])].map(viCount),
      ]),
    ),
  );
  output.out('');
  output.out(`Attendance: ${viFraction(view.attendance.attendees, view.attendance.members)} members (${viRate(view.attendance.rate)})`);
  output.out(`Essays:     ${viFraction(view.essays.submitted, view.essays.expected)} (${viRate(view.essays.rate)})`);
  if (view.firstFinisher) output.out(`First to finish: ${view.firstFinisher.name} (${view.firstFinisher.unitId}), ${viDate(view.firstFinisher.at)}`);
  output.out(`Overdue:    ${viCount(view.overdueCount)}`);
  if (view.rounds.length > 0) {
    output.out('');
    output.out('Report rounds (each its own directive once open; `cascade status ID.rN` for one):');
    output.out(
      table(
        ['round', 'name', 'opens', 'due', 'status', 'directive'],
        view.rounds.map((r) => [r.key, r.name, viDateTime(r.opensAt), viDateTime(r.deadline), r.status, r.directiveId ?? '–']),
      ),
    );
  }
  if (view.membersMismatchCount > 0) {
    const hint = view.membersMismatch ? '' : ' (list them with --members-mismatch)';
    output.out(
      `Members:    ${viCount(view.membersMismatchCount)} ${view.membersMismatchCount === 1 ? 'unit' : 'units'} reported a member count other than the directory's${hint}`,
    );
  }
  if (view.units.length) {
    output.out('');
    const top = scope.isRoot ? scope.unitId : `${scope.unitId} ${scope.name ?? ''} [${scope.level ?? '?'}]${scope.status ? ` ${scope.status}` : ''}`;
    output.out(renderTree([{ label: top, children: view.units.map(toTreeNode) }]));
  }
  if (view.overdue) {
    output.out('');
    output.out(view.overdue.length ? `Overdue units (${viCount(view.overdue.length)}):` : 'No overdue units.');
    if (view.overdue.length)
      output.out(
        table(
          ['unit', 'name', 'level', 'parent', 'due'],
          view.overdue.map((u) => [u.unitId, u.name, u.level, u.parentId ?? '–', viDate(u.deadline)]),
        ),
      );
  }
  if (view.matches) {
    output.out('');
    output.out(view.matches.length ? `Matching units (${viCount(view.matches.length)}):` : 'No unit matches.');
    if (view.matches.length)
      output.out(
        table(
          ['unit', 'name', 'level', 'status', 'due'],
          view.matches.map((u) => [u.unitId, u.name, u.level, u.status, viDate(u.deadline)]),
        ),
      );
  }
  if (view.membersMismatch) {
    output.out('');
    output.out(
      view.membersMismatch.length
        ? `Units whose reported members differ from the directory (${viCount(view.membersMismatch.length)}):`
        : 'Every reported member count matches the directory.',
    );
    if (view.membersMismatch.length)
      output.out(
        table(
          ['unit', 'name', 'level', 'reported', 'directory'],
          view.membersMismatch.map((u) => [u.unitId, u.name, u.level, viCount(u.members), viCount(u.directoryMembers)]),
        ),
      );
  }
}

function toTreeNode(node: StatusNode): TreeNode {
  const parts = [`${node.unitId} ${node.name} [${node.level}]${node.status ? ` ${node.status}` : ''}`];
  if (node.kind === 'committee') {
    parts.push(`${viFraction(node.done, node.expected)} done (${viRate(node.doneRate)})`);
    if (node.overdue) parts.push(`${viCount(node.overdue)} overdue`);
  } else if (node.status && !node.status.startsWith('done') && node.deadline) {
    parts.push(`due ${viDate(node.deadline)}`);
  }
  if (node.attendance.members > 0) parts.push(`attendance ${viFraction(node.attendance.attendees, node.attendance.members)} (${viRate(node.attendance.rate)})`);
  if (node.membersMismatch)
    parts.push(`reported ${viCount(node.membersMismatch.members)} members, directory ${viCount(node.membersMismatch.directoryMembers)}`);
  return { label: parts.join(' · '), children: (node.children ?? []).map(toTreeNode) };
}
