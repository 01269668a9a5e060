/**
 * Secretariat: changing the organisation directory. A whole file replaces it (as it always did), a
 * file imported under a unit replaces or merges that unit's subtree, one unit is added, edited or
 * removed; every change is validated as a whole directory first and lands in the audit trail with
 * its actor, in the transaction of the change. Running directives keep their own snapshot.
 */
import type { Pool, PoolClient } from 'pg';
import { addUnit, type Directory, editUnit, importUnder, parseUnitPatch, removeUnit, type SubtreeMode } from '../domain/org/directory-edit';
import type { LevelDefinition } from '../domain/org/levels';
import { type OrgDocument, type OrgFormat, parseOrgCsv, parseOrgJson, parseOrgYaml } from '../domain/org/org-import';
import { requireValidOrg, type OrgUnit } from '../domain/org/org';
import { directoryAncestors, organisationUnits } from '../store/directory-queries';
import { listOrgHistory, type OrgAuditEntry } from '../store/org-audit';
import { changeOrganisation, diffCounts, loadOrganisationLevels, type DirectoryChangeResult } from '../store/org-directory';
import { recordAdminAction } from '../store/admin-audit';
import { asAdminActor, recordedLabel, type AdminActor } from '../domain/audit/admin-actor';
import { NotFoundError } from './errors';
import { exportOrganisation, unguardCsvCell } from './org-export';

/** Where a file goes: the whole directory, or under one unit with a mode. */
export interface ImportTarget {
  under?: string;
  mode?: SubtreeMode;
}

/** What an import did. */
export interface ImportSummary {
  /** Units in the file. */
  units: number;
  added: number;
  updated: number;
  removed: number;
  levels: readonly LevelDefinition[];
  under: string | null;
  mode: SubtreeMode | 'whole';
}

/** Reads an organisation file's text: the levels it declares (or null) and its units, unchecked; CSV cells lose the export's formula guard. */
export function readOrganisationFile(text: string, format: OrgFormat): OrgDocument {
  if (format === 'json') return parseOrgJson(text);
  if (format === 'yaml') return parseOrgYaml(text);
  const rows = parseOrgCsv(text).map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, unguardCsvCell(v)])));
  return { levels: null, units: rows };
}

/** The hook that records a directory change in the administration trail, in the change's transaction. */
function administration(
  actor: string | AdminActor,
  action: 'org-import' | 'org-add' | 'org-update' | 'org-remove',
  target: string,
  scopeUnit: string | null,
  details: (result: DirectoryChangeResult) => Record<string, unknown>,
): (client: PoolClient, result: DirectoryChangeResult) => Promise<void> {
  return async (client, result) => {
    await recordAdminAction(client, { action, target, scopeUnit, details: details(result), actor: asAdminActor(actor) });
  };
}

/** See the file comment. */
export class OrganisationCommands {
  constructor(private readonly pool: Pool) {}

  /**
   * Imports a file: without `under`, it replaces the whole directory and, when it declares them,
   * the levels; with `under`, it replaces (`mode: 'replace'`, the default) or merges the subtree
   * below that unit, keeping the directory's levels. Throws OrgImportError naming every bad row.
   */
  async importFile(
    document: OrgDocument,
    target: ImportTarget,
    actor: string | AdminActor,
    onProgress?: (done: number, total: number) => void,
  ): Promise<ImportSummary> {
    const { under } = target;
    const mode: SubtreeMode | 'whole' = under === undefined ? 'whole' : (target.mode ?? 'replace');
    const result = await changeOrganisation(this.pool, {
      actor: recordedLabel(actor),
      afterWrite: administration(actor, 'org-import', under ?? 'directory', under ?? null, (r) => ({
        mode,
        units: document.units.length,
        ...diffCounts(r.diff),
        changeId: r.changeId,
      })),
      apply: (current) =>
        mode === 'whole' || under === undefined
          ? requireValidOrg(document.units, document.levels ?? current.levels)
          : importUnder(current, document, under, mode),
      summary: { unitId: under ?? null, describe: (diff) => ({ mode, units: document.units.length, ...diffCounts(diff) }) },
      onProgress,
    });
    return { units: document.units.length, ...diffCounts(result.diff), levels: result.tree.levelDefinitions, under: under ?? null, mode };
  }

  /** Edits one unit's name, email, counts or parent (the input is checked field by field); returns the unit as stored. */
  async edit(unitId: string, input: unknown, actor: string | AdminActor): Promise<OrgUnit> {
    const patch = parseUnitPatch(input);
    const result = await changeOrganisation(this.pool, {
      actor: recordedLabel(actor),
      apply: (current) => editUnit(current, this.existing(current, unitId), patch),
      afterWrite: administration(actor, 'org-update', unitId, unitId, (r) => ({ fields: Object.keys(patch), changeId: r.changeId })),
    });
    return result.tree.units.find((u) => u.id === unitId) as OrgUnit;
  }

  /** Adds one unit (the import's unit schema; its parent must exist and sit above its level). */
  async add(input: unknown, actor: string | AdminActor): Promise<OrgUnit> {
    const result = await changeOrganisation(this.pool, {
      actor: recordedLabel(actor),
      apply: (current) => addUnit(current, input),
      afterWrite: async (client, r) => {
        const added = r.diff.added[0] as OrgUnit;
        await administration(actor, 'org-add', added.id, added.id, () => ({ parentId: added.parentId, level: added.level, changeId: r.changeId }))(client, r);
      },
    });
    return result.diff.added[0] as OrgUnit;
  }

  /** Removes one unit; refused while units stand under it. */
  async remove(unitId: string, actor: string | AdminActor): Promise<OrgUnit> {
    const result = await changeOrganisation(this.pool, {
      actor: recordedLabel(actor),
      apply: (current) => removeUnit(current, this.existing(current, unitId)),
      // Recorded under its parent: the unit is gone from the directory the trail's scope is read from.
      afterWrite: async (client, r) => {
        const removed = r.diff.removed[0] as OrgUnit;
        await administration(actor, 'org-remove', unitId, removed.parentId, () => ({ parentId: removed.parentId, changeId: r.changeId }))(client, r);
      },
    });
    return result.diff.removed[0] as OrgUnit;
  }

  /** The directory (or the units below `under`, whose top units name it as parent) as a file that imports back to the same directory. */
  async export(format: OrgFormat, under?: string): Promise<string> {
    const [units, levels] = await Promise.all([organisationUnits(this.pool, under), loadOrganisationLevels(this.pool)]);
    if (under !== undefined && units.length === 0) throw notInDirectory(under);
    return exportOrganisation(
      units.filter((u) => u.id !== under),
      levels,
      format,
    );
  }

  /** The audit trail, newest first (only the rows about `unitId` when given). */
  history(unitId?: string, limit = 200): Promise<OrgAuditEntry[]> {
    return listOrgHistory(this.pool, unitId, limit);
  }

  /** Ancestors of a unit in the directory, nearest first; NotFoundError when it is not in it. */
  async ancestors(unitId: string): Promise<string[]> {
    const ancestors = await directoryAncestors(this.pool, unitId);
    if (ancestors === null) throw notInDirectory(unitId);
    return ancestors;
  }

  private existing(current: Directory, unitId: string): string {
    if (!current.units.some((u) => u.id === unitId)) throw notInDirectory(unitId);
    return unitId;
  }
}

function notInDirectory(unitId: string): NotFoundError {
  return new NotFoundError(`unit ${unitId} is not in the organisation directory; check the id (\`cascade org show\` lists them)`);
}
