/** Cross-checks a directive spec against the organisation it will cascade over, before anything starts. */
import type { DirectiveSpec } from './directive';
import type { FieldIssue } from '../text/fields';
import type { OrgTree } from '../org/org-tree';

/**
 * Problems that only show once spec and organisation meet: a root that is not a unit, deadlines for levels
 * that do not exist, and levels under the root that have units but no deadline. Empty when they fit.
 */
export function checkDirectiveAgainstOrg(spec: Pick<DirectiveSpec, 'root' | 'deadlines'>, tree: OrgTree): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const level of Object.keys(spec.deadlines)) {
    if (tree.levelIndex(level) < 0) {
      issues.push({
        path: `deadlines.${level}`,
        rule: 'unknown-level',
        message: `"${level}" is not a level of this organisation (${tree.levels.join(', ')}); rename or remove it`,
      });
    }
  }
  if (!tree.has(spec.root)) {
    issues.push({ path: 'root', rule: 'unknown-unit', message: `root "${spec.root}" is not a unit of the organisation; use the id of the issuing unit` });
    return issues;
  }
  const unitsPerLevel = new Map<string, number>();
  for (const id of tree.subtreeIds(spec.root)) {
    if (id === spec.root) continue;
    const level = tree.require(id).level;
    unitsPerLevel.set(level, (unitsPerLevel.get(level) ?? 0) + 1);
  }
  for (const [level, count] of unitsPerLevel) {
    if (spec.deadlines[level] === undefined) {
      issues.push({
        path: `deadlines.${level}`,
        rule: 'missing-deadline',
        message: `no deadline for level "${level}", which has ${count} unit${count === 1 ? '' : 's'} under ${spec.root}; add one`,
      });
    }
  }
  return issues;
}
