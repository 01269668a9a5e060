/**
 * The organisation directory as a file that `cascade org import` reads back into the same
 * directory: CSV with the import's header (cells guarded against spreadsheet formulas, the guard
 * undone on import), or JSON/YAML `{ levels, units }`.
 */
import { stringify as toYaml } from 'yaml';
import type { LevelDefinition } from '../domain/org/levels';
import { ORG_CSV_COLUMNS, type OrgFormat } from '../domain/org/org-import';
import type { OrgUnit } from '../domain/org/org';
import { csvField } from './csv-export';

/** Parents before children (breadth first from the roots, ids in order within a parent), so the file reads top down. */
export function topDown(units: readonly OrgUnit[]): OrgUnit[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, OrgUnit[]>();
  for (const u of [...units].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    // A subtree's top units name a parent outside it: they are its roots here.
    const parent = u.parentId !== null && ids.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: OrgUnit[] = [];
  const queue = [...(children.get(null) ?? [])];
  while (queue.length > 0) {
    const unit = queue.shift() as OrgUnit;
    out.push(unit);
    queue.push(...(children.get(unit.id) ?? []));
  }
  return out;
}

/** The file text: CSV (UTF-8 with BOM, CRLF) or JSON/YAML with the directory's levels. */
export function exportOrganisation(units: readonly OrgUnit[], levels: readonly LevelDefinition[], format: OrgFormat): string {
  const ordered = topDown(units);
  if (format === 'csv') {
    const lines = [ORG_CSV_COLUMNS.join(','), ...ordered.map((u) => ORG_CSV_COLUMNS.map((c) => csvField(u[c])).join(','))];
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }
  const document = { levels, units: ordered };
  return format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : toYaml(document);
}

/** Undoes csvField's formula guard on a cell read from CSV: `'=1+2 Chi bộ` was exported from `=1+2 Chi bộ`. */
export function unguardCsvCell<T>(value: T): T {
  return (typeof value === 'string' && /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value) as T;
}
