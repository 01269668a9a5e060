/** Problems found in an organisation file, and the error that carries them. */

/** Names of the rules an organisation can break. */
export type OrgRule =
  | 'schema'
  | 'duplicate-id'
  | 'unknown-parent'
  | 'cycle'
  | 'unknown-level'
  | 'level-order'
  | 'root-has-parent'
  | 'no-root'
  | 'levels'
  | 'csv'
  | 'json'
  | 'yaml'
  | 'encoding'
  // Editing the directory (src/domain/org/directory-edit.ts).
  | 'outside-subtree'
  | 'has-children';

/**
 * One problem: `row` is the 1-based data row (0 when the problem concerns the whole file, as the
 * levels it declares do: their `field` is then the path, e.g. `levels[2].name`).
 */
export type OrgIssue = { row: number; unitId?: string; field?: string; rule: OrgRule; message: string };

const SHOWN_ISSUES = 5;

/** Thrown when an organisation cannot be imported; nothing partial is kept. `issues` lists every problem. */
export class OrgImportError extends Error {
  override readonly name = 'OrgImportError';
  constructor(readonly issues: readonly OrgIssue[]) {
    const shown = issues.slice(0, SHOWN_ISSUES).map((i) => `- ${i.message}`);
    const more = issues.length > SHOWN_ISSUES ? [`- … and ${issues.length - SHOWN_ISSUES} more`] : [];
    super([`organisation has ${issues.length} problem${issues.length === 1 ? '' : 's'}; fix them and import again:`, ...shown, ...more].join('\n'));
  }
}

/** "row 3 (unit QN-01)" — the prefix every row-level message starts with. */
export function rowLabel(row: number, unitId?: string): string {
  return unitId ? `row ${row} (unit ${unitId})` : `row ${row}`;
}
