/** Organisation validation: every rule a tree of units must satisfy before a directive can cascade over it. */
import { flattenZodError } from '../text/fields';
import { DEFAULT_LEVEL_DEFINITIONS, describeLevels, type LevelDefinition, toLevelDefinitions } from './levels';
import { type OrgIssue, OrgImportError, rowLabel } from './org-issues';
import { OrgTree } from './org-tree';
import { type OrgUnit, OrgUnitSchema } from './org-unit';

export { type OrgIssue, OrgImportError } from './org-issues';
export { OrgTree } from './org-tree';
export { type OrgUnit, type OrgUnitInput, UnitIdSchema } from './org-unit';

/** Result of validating an organisation: a tree, or every problem found (never a partial tree). */
export type OrgValidation = { ok: true; tree: OrgTree } | { ok: false; errors: OrgIssue[] };

type Row = { row: number; unit: OrgUnit };

function rawId(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
}

/** Schema-checks each row; returns the rows that passed and the ids of rows that did not. */
function checkRows(units: readonly unknown[], issues: OrgIssue[]): { rows: Row[]; brokenIds: Set<string> } {
  const rows: Row[] = [];
  const brokenIds = new Set<string>();
  units.forEach((raw, index) => {
    const row = index + 1;
    const parsed = OrgUnitSchema.safeParse(raw);
    if (parsed.success) {
      rows.push({ row, unit: parsed.data });
      return;
    }
    const unitId = rawId(raw);
    if (unitId) brokenIds.add(unitId);
    for (const issue of flattenZodError(parsed.error)) {
      issues.push({ row, unitId, field: issue.path || undefined, rule: 'schema', message: `${rowLabel(row, unitId)}: ${issue.message}` });
    }
  });
  return { rows, brokenIds };
}

/** Finds parent chains that loop; reports each loop once, on the row of its earliest unit. */
function findCycles(unique: Map<string, Row>, issues: OrgIssue[]): void {
  const state = new Map<string, 'walking' | 'done'>();
  for (const start of unique.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    let id: string | null = start;
    while (id !== null && !state.has(id)) {
      state.set(id, 'walking');
      path.push(id);
      const parentId: string | null = unique.get(id)?.unit.parentId ?? null;
      id = parentId !== null && unique.has(parentId) ? parentId : null;
    }
    if (id !== null && state.get(id) === 'walking') {
      const loop = path.slice(path.indexOf(id));
      const first = loop.map((u) => unique.get(u) as Row).reduce((a, b) => (b.row < a.row ? b : a));
      const chain = [...loop, id].join(' → ');
      issues.push({
        row: first.row,
        unitId: first.unit.id,
        field: 'parentId',
        rule: 'cycle',
        message: `${rowLabel(first.row, first.unit.id)}: parentId forms a cycle (${chain}); change one of these parentIds so the chain ends at a root`,
      });
    }
    for (const p of path) state.set(p, 'done');
  }
}

/**
 * Validates units against every organisation rule and builds the tree, or lists every problem with its
 * 1-based row. Roots may sit at any level (a province can be imported on its own); skipping a level is allowed.
 * `levels` are definitions, or bare names (whose words are then their names); the 2021 four by default.
 */
export function validateOrg(units: readonly unknown[], levels: readonly (string | LevelDefinition)[] = DEFAULT_LEVEL_DEFINITIONS): OrgValidation {
  const definitions = toLevelDefinitions(levels);
  const levelList = definitions.map((l) => l.name);
  const levelIndex = new Map(levelList.map((l, i) => [l, i]));
  const issues: OrgIssue[] = [];
  if (units.length === 0) {
    return {
      ok: false,
      errors: [{ row: 0, rule: 'no-root', message: 'the organisation has no units; add at least one row, starting with a root whose parentId is empty' }],
    };
  }

  const { rows, brokenIds } = checkRows(units, issues);
  const unique = new Map<string, Row>();
  for (const r of rows) {
    const first = unique.get(r.unit.id);
    if (first) {
      issues.push({
        row: r.row,
        unitId: r.unit.id,
        field: 'id',
        rule: 'duplicate-id',
        message: `${rowLabel(r.row, r.unit.id)}: id duplicates row ${first.row}; every unit needs its own id`,
      });
    } else unique.set(r.unit.id, r);
  }

  let roots = 0;
  // Levels strictly deepen along every verified parent link, so a loop needs at least one unverified link.
  let mayLoop = false;
  for (const { row, unit } of unique.values()) {
    const li = levelIndex.get(unit.level);
    if (li === undefined) {
      issues.push({
        row,
        unitId: unit.id,
        field: 'level',
        rule: 'unknown-level',
        message: `${rowLabel(row, unit.id)}: level "${unit.level}" is not one of ${levelList.join(', ')}`,
      });
    }
    if (unit.parentId === null) {
      roots++;
      continue;
    }
    if (unit.parentId === unit.id) {
      mayLoop = true; // reported as a cycle
      continue;
    }
    const parent = unique.get(unit.parentId);
    if (!parent) {
      // A parent whose own row is broken is already reported; pointing at it again would only add noise.
      if (!brokenIds.has(unit.parentId)) {
        issues.push({
          row,
          unitId: unit.id,
          field: 'parentId',
          rule: 'unknown-parent',
          message: `${rowLabel(row, unit.id)}: parentId "${unit.parentId}" is not the id of any unit; fix the id or add that unit`,
        });
      }
      continue;
    }
    const pi = levelIndex.get(parent.unit.level);
    if (li === undefined || pi === undefined || li <= pi) mayLoop = true;
    if (li === 0) {
      issues.push({
        row,
        unitId: unit.id,
        field: 'parentId',
        rule: 'root-has-parent',
        message: `${rowLabel(row, unit.id)}: level "${unit.level}" is the top level, so parentId must be empty (it is "${unit.parentId}")`,
      });
      continue;
    }
    if (li !== undefined && pi !== undefined && li <= pi) {
      issues.push({
        row,
        unitId: unit.id,
        field: 'level',
        rule: 'level-order',
        message: `${rowLabel(row, unit.id)}: level "${unit.level}" must be below its parent ${parent.unit.id}'s level "${parent.unit.level}" (levels run ${describeLevels(levelList)})`,
      });
    }
  }
  if (mayLoop) findCycles(unique, issues);
  if (roots === 0 && unique.size > 0) {
    issues.push({ row: 0, rule: 'no-root', message: `no unit has an empty parentId; the top unit (level "${levelList[0] ?? ''}") must have no parent` });
  }

  if (issues.length > 0) return { ok: false, errors: issues.sort((a, b) => a.row - b.row) };
  return {
    ok: true,
    tree: new OrgTree(
      rows.map((r) => r.unit),
      definitions,
    ),
  };
}

/** Like `validateOrg` but throws `OrgImportError` listing every problem; for callers that cannot continue without a tree. */
export function requireValidOrg(units: readonly unknown[], levels: readonly (string | LevelDefinition)[] = DEFAULT_LEVEL_DEFINITIONS): OrgTree {
  const result = validateOrg(units, levels);
  if (!result.ok) throw new OrgImportError(result.errors);
  return result.tree;
}
