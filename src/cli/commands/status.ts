/** `cascade status DIRECTIVE`: per-level counts and rates, attendance, essays and the tree under a unit. */
import { countOption, flag, positional, stringOption } from '../args';
import { JSON_OPTION, type Command } from '../command';
import { directiveLevelOption } from '../level-option';
import { printJson, renderTree, table, viCount, viDate, viDateTime, viFraction, viRate, type Output, type TreeNode } from '../output';
import { gatherStatus, type StatusNode, type StatusView } from '../status-view';

/** `cascade status`: see the summary below. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'Where a directive stands: units done per level, rates, attendance, essays, the tree.',
  positionals: [{ name: 'DIRECTIVE', description: 'the directive id (see `cascade directives`)' }],
  options: {
    unit: { type: 'string', value: 'UNIT', description: 'the subtree under this unit, itself included (default: the whole directive)' },
    level: { type: 'string', value: 'LEVEL', description: 'only this level of the directive (e.g. commune) in the counts and the overdue list' },
    overdue: { type: 'boolean', description: 'list the overdue units of the subtree, itself included' },
    'members-mismatch': { type: 'boolean', description: 'list the units of the subtree that reported a member count other than the directory’s' },
    depth: { type: 'string', value: 'N', description: 'levels of units shown under the scope (default 2; 0 for none)' },
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
    'Example: cascade status 01-CT-TW-2021 --unit QN --overdue',
  ],
  async run(ctx, args) {
    const directiveId = positional(args, 'DIRECTIVE');
    const depth = countOption(args, 'depth', this, 2);
    const client = await ctx.client({ temporal: true });
    const level = await directiveLevelOption(args, client, directiveId, this);
    const view = await gatherStatus(client, directiveId, {
      unitId: stringOption(args, 'unit'),
      level,
      depth,
      overdue: flag(args, 'overdue'),
      membersMismatch: flag(args, 'members-mismatch'),
    });
    if (flag(args, 'json')) printJson(ctx.output, view);
    else printStatus(ctx.output, view);
  },
};

function printStatus(output: Output, view: StatusView): void {
  const { directive, scope } = view;
  const state = view.withdrawnAt ? `withdrawn ${viDateTime(view.withdrawnAt)}` : directive.status;
  output.out(`Directive ${directive.id} (${directive.code}, ${state}): ${directive.title}`);
  const scopeText = scope.isRoot
    ? `the whole directive (root ${scope.unitId})`
    : `${scope.unitId} ${scope.name ?? ''} [${scope.level ?? '?'}] and the units under it`;
  output.out(`Scope: ${scopeText} · as of ${viDateTime(view.asOf)}`);
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
