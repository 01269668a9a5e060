/**
 * Editing the organisation directory instead of replacing it: importing a file under one unit
 * (replace or merge its subtree), and adding, editing or removing one unit. Each computes the
 * whole resulting directory and validates it against the directory's levels, so a refusal names
 * the row (or field) and rule and nothing is written. Pure: the store runs these inside the
 * transaction that holds the directory.
 */
import { z } from 'zod';
import { flattenZodError, singleLineText, wholeNumber } from '../text/fields';
import { describeLevels, type LevelDefinition, sameLevels } from './levels';
import { type OrgIssue, OrgImportError, rowLabel } from './org-issues';
import type { OrgTree } from './org-tree';
import { validateOrg } from './org';
import { type OrgUnit, OrgUnitSchema, unitIdField } from './org-unit';

/** The directory as stored: its levels and units. */
export interface Directory {
  levels: readonly LevelDefinition[];
  units: readonly OrgUnit[];
}

/** How a file imported under a unit treats that unit's current subtree. */
export const SUBTREE_MODES = ['replace', 'merge'] as const;

/** `replace`: the file becomes the whole subtree (units no longer in it are removed); `merge`: add and update, remove nothing. */
export type SubtreeMode = (typeof SUBTREE_MODES)[number];

/** The ids of the units strictly below `rootId` (its descendants, not itself). */
export function descendantIds(units: readonly OrgUnit[], rootId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const u of units) {
    if (u.parentId === null) continue;
    const siblings = children.get(u.parentId);
    if (siblings) siblings.push(u.id);
    else children.set(u.parentId, [u.id]);
  }
  const found = new Set<string>();
  const stack = [...(children.get(rootId) ?? [])];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (found.has(id)) continue;
    found.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return found;
}

function rawText(raw: unknown, key: string): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const value = (raw as Record<string, unknown>)[key];
  return typeof value === 'string' ? value.trim() : undefined;
}

/**
 * Validates `units` against the directory's levels. The first `fileRows` rows are the file's (or
 * the one unit edited, which is named without a row when `oneUnit`); issues on later rows are
 * about units the directory already holds, and say so.
 */
function validateWhole(units: readonly unknown[], levels: readonly LevelDefinition[], fileRows: number, oneUnit = false): OrgTree {
  const result = validateOrg(units, levels);
  if (result.ok) return result.tree;
  const relabel = (issue: OrgIssue, label: string): OrgIssue => ({
    ...issue,
    row: 0,
    message: issue.message.replace(rowLabel(issue.row, issue.unitId), label),
  });
  throw new OrgImportError(
    result.errors.map((issue) =>
      issue.row > fileRows
        ? relabel(issue, `directory unit ${issue.unitId ?? '?'}`)
        : oneUnit && issue.row > 0
          ? relabel(issue, `unit ${issue.unitId ?? '(new)'}`)
          : issue,
    ),
  );
}

/**
 * The directory after importing `fileUnits` under `underId`. The file's top units either name
 * `underId` as their parent or leave parentId empty (then they are attached to it); `underId`
 * itself is not in the file (edit it on its own), and no unit of the file may already stand
 * outside `underId`'s subtree (moving it there is an edit or a reorganisation, not an import).
 * A file that declares levels must declare the directory's own: a subtree cannot change them.
 */
export function importUnder(
  directory: Directory,
  file: { levels: readonly LevelDefinition[] | null; units: readonly unknown[] },
  underId: string,
  mode: SubtreeMode,
): OrgTree {
  const byId = new Map(directory.units.map((u) => [u.id, u]));
  if (!byId.has(underId)) {
    throw new OrgImportError([{ row: 0, field: 'under', rule: 'unknown-parent', message: `under: unit "${underId}" is not in the directory; check the id` }]);
  }
  if (file.levels !== null && !sameLevels(file.levels, directory.levels)) {
    throw new OrgImportError([
      {
        row: 0,
        field: 'levels',
        rule: 'levels',
        message: `levels: a file imported under a unit keeps the directory's levels (${describeLevels(directory.levels.map((l) => l.name))}); remove "levels" from the file or declare exactly those`,
      },
    ]);
  }
  const below = descendantIds(directory.units, underId);
  const issues: OrgIssue[] = [];
  const attached = file.units.map((raw, index) => {
    const row = index + 1;
    const id = rawText(raw, 'id');
    if (id === underId) {
      issues.push({
        row,
        unitId: id,
        field: 'id',
        rule: 'outside-subtree',
        message: `${rowLabel(row, id)}: this is the unit the file is imported under; leave it out of the file (edit it with \`cascade org edit\`)`,
      });
    } else if (id !== undefined && byId.has(id) && !below.has(id)) {
      issues.push({
        row,
        unitId: id,
        field: 'id',
        rule: 'outside-subtree',
        message: `${rowLabel(row, id)}: id is already the id of a unit outside ${underId}'s subtree (under ${byId.get(id)?.parentId ?? 'no parent'}); give the unit another id, or move it first`,
      });
    }
    const parent = rawText(raw, 'parentId');
    const isObject = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
    return isObject && (parent === undefined || parent === '') ? { ...(raw as object), parentId: underId } : raw;
  });
  if (issues.length > 0) throw new OrgImportError(issues);
  const fileIds = new Set(attached.map((raw) => rawText(raw, 'id')).filter((id): id is string => id !== undefined));
  const kept = directory.units.filter((u) => !fileIds.has(u.id) && (mode === 'merge' || !below.has(u.id)));
  return validateWhole([...attached, ...kept], directory.levels, attached.length);
}

/** Which fields of a unit an edit may change; at least one. */
export const UnitPatchSchema = z
  .strictObject({
    name: singleLineText('name', 300).optional(),
    email: OrgUnitSchema.shape.email.optional(),
    members: wholeNumber('members').optional(),
    essaysExpected: wholeNumber('essaysExpected').optional(),
    parentId: unitIdField('parentId').optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), { error: 'give at least one of name, email, members, essaysExpected, parentId' });

/** A checked edit of one unit. */
export type UnitPatch = z.output<typeof UnitPatchSchema>;

/** Parses an edit, or throws OrgImportError naming each bad field. */
export function parseUnitPatch(input: unknown): UnitPatch {
  const parsed = UnitPatchSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new OrgImportError(flattenZodError(parsed.error).map((i) => ({ row: 0, field: i.path || undefined, rule: 'schema', message: i.message })));
}

function unitRows(units: readonly OrgUnit[], first: OrgUnit): OrgUnit[] {
  return [first, ...units.filter((u) => u.id !== first.id)];
}

/** The directory with one unit's fields changed (the unit must exist); validated as a whole (a new parent must keep levels in order, no cycle). */
export function editUnit(directory: Directory, unitId: string, patch: UnitPatch): OrgTree {
  const current = directory.units.find((u) => u.id === unitId);
  if (!current) throw new RangeError(`unit ${unitId} is not in the directory`);
  const edited = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
  return validateWhole(unitRows(directory.units, edited), directory.levels, 1, true);
}

/** The directory with one new unit (its id must be new); validated as a whole. */
export function addUnit(directory: Directory, unit: unknown): OrgTree {
  const id = rawText(unit, 'id');
  if (id !== undefined && directory.units.some((u) => u.id === id)) {
    throw new OrgImportError([
      { row: 1, unitId: id, field: 'id', rule: 'duplicate-id', message: `id: unit ${id} is already in the directory; edit it instead` },
    ]);
  }
  return validateWhole([unit, ...directory.units], directory.levels, 1, true);
}

/** The directory without one unit; a unit with units under it is refused (remove or move them first). */
export function removeUnit(directory: Directory, unitId: string): OrgTree {
  const children = directory.units.filter((u) => u.parentId === unitId);
  if (children.length > 0) {
    const shown = children.slice(0, 5).map((u) => u.id);
    throw new OrgImportError([
      {
        row: 0,
        unitId,
        field: 'id',
        rule: 'has-children',
        message: `unit ${unitId} has ${children.length} unit(s) under it (${shown.join(', ')}${children.length > 5 ? ', …' : ''}); remove or move them first`,
      },
    ]);
  }
  const rest = directory.units.filter((u) => u.id !== unitId);
  return validateWhole(rest, directory.levels, 0);
}

/** What changed between two directories, unit by unit. */
export interface DirectoryDiff {
  added: OrgUnit[];
  updated: Array<{ before: OrgUnit; after: OrgUnit }>;
  removed: OrgUnit[];
}

const FIELDS = ['name', 'level', 'parentId', 'email', 'members', 'essaysExpected'] as const;

/** The units added, changed (any field) and removed from `before` to `after`. */
export function diffDirectory(before: readonly OrgUnit[], after: readonly OrgUnit[]): DirectoryDiff {
  const old = new Map(before.map((u) => [u.id, u]));
  const diff: DirectoryDiff = { added: [], updated: [], removed: [] };
  const seen = new Set<string>();
  for (const unit of after) {
    seen.add(unit.id);
    const was = old.get(unit.id);
    if (!was) diff.added.push(unit);
    else if (FIELDS.some((f) => was[f] !== unit[f])) diff.updated.push({ before: was, after: unit });
  }
  for (const unit of before) if (!seen.has(unit.id)) diff.removed.push(unit);
  return diff;
}
