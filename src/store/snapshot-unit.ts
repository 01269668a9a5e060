/** Rows of directive_units and their mapping to the contract's SnapshotUnit. */
import type { SnapshotUnit } from '../domain/cascade/records';

/** The directive_units columns activities read. */
export interface SnapshotRow {
  unit_id: string;
  parent_id: string | null;
  level: string;
  name: string;
  email: string;
  members: number;
  essays_expected: number;
  has_children: boolean;
  ancestors: string[];
}

/** Column list matching SnapshotRow, for SELECTs. */
export const SNAPSHOT_COLUMNS = 'unit_id, parent_id, level, name, email, members, essays_expected, has_children, ancestors';

/** A snapshot row as the workflows see it. */
export function toSnapshotUnit(row: SnapshotRow): SnapshotUnit {
  return {
    unitId: row.unit_id,
    name: row.name,
    level: row.level,
    parentId: row.parent_id,
    members: row.members,
    essaysExpected: row.essays_expected,
    hasChildren: row.has_children,
  };
}
