/**
 * The levels and deadlines a running directive keeps when a reorganisation brings it units of a
 * level it was not launched with (the 2025 reform put commune-level committees where the district
 * committees were). The directive keeps every level it had (a dissolved one simply counts no unit
 * any more) and gains the new ones in the organisation's order. A new level's deadline is the one
 * the plan gives under `deadlines`, else the deadline of the directive's level at the same depth
 * (communes take the districts' deadline); with neither, the plan is refused for that directive.
 */
import type { FieldIssue } from '../text/fields';
import type { LevelDefinition } from '../org/levels';

/** What a directive keeps: its levels (top first) and the deadline text of each tracked level. */
export interface DirectiveLevels {
  levels: LevelDefinition[];
  deadlines: Record<string, string>;
}

/**
 * The directive's levels once the plan applies, given the organisation's levels after it and the
 * levels its units will have; `added` names the new ones (none: nothing to change).
 */
export function directiveLevelsAfter(
  directiveId: string,
  current: DirectiveLevels,
  organisationAfter: readonly LevelDefinition[],
  usedLevels: ReadonlySet<string>,
  planDeadlines: Readonly<Record<string, string>>,
): { ok: true; after: DirectiveLevels; added: string[] } | { ok: false; issues: FieldIssue[] } {
  const known = new Set(current.levels.map((l) => l.name));
  const added = organisationAfter.filter((l) => usedLevels.has(l.name) && !known.has(l.name));
  if (added.length === 0) return { ok: true, after: current, added: [] };
  const issues: FieldIssue[] = [];
  const deadlines = { ...current.deadlines };
  for (const level of added) {
    const depth = organisationAfter.findIndex((l) => l.name === level.name);
    const sameDepth = current.levels[depth]?.name;
    const text = planDeadlines[level.name] ?? (sameDepth !== undefined ? current.deadlines[sameDepth] : undefined);
    if (text === undefined) {
      const message = `directive ${directiveId} tracks no level at the depth of new level "${level.name}"; give its deadline in the plan's deadlines.${level.name}`;
      issues.push({ path: `deadlines.${level.name}`, rule: 'level-deadline', message });
    } else deadlines[level.name] = text;
  }
  if (issues.length > 0) return { ok: false, issues };
  // The organisation's order, with each level only the directive had placed after its predecessor there.
  const levels = organisationAfter.filter((l) => known.has(l.name) || usedLevels.has(l.name));
  current.levels.forEach((level, i) => {
    if (levels.some((l) => l.name === level.name)) return;
    const before = current.levels[i - 1]?.name;
    const at = before === undefined ? 0 : levels.findIndex((l) => l.name === before) + 1;
    levels.splice(at, 0, level);
  });
  return { ok: true, after: { levels, deadlines }, added: added.map((l) => l.name) };
}
