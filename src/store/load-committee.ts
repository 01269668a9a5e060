/** loadCommittee: what a committee workflow needs when it starts, from the directive's snapshot. */
import type { Pool } from 'pg';
import type { CommitteeLoad } from '../domain/cascade/records';
import { SnapshotRefusal } from './snapshot-refusal';
import { SNAPSHOT_COLUMNS, toSnapshotUnit, type SnapshotRow } from './snapshot-unit';

const SELECT_UNIT_AND_CHILDREN = `
  SELECT ${SNAPSHOT_COLUMNS}
  FROM directive_units
  WHERE directive_id = $1 AND (unit_id = $2 OR parent_id = $2)
  ORDER BY unit_id COLLATE "C"`; // byte order, as JS sorts ids, whatever the cluster locale

/** The unit itself and its direct children (ordered by unit id); fails without retry when the unit is not in the snapshot. */
export async function loadCommittee(pool: Pool, input: { directiveId: string; unitId: string }): Promise<CommitteeLoad> {
  const { directiveId, unitId } = input;
  const { rows } = await pool.query<SnapshotRow>(SELECT_UNIT_AND_CHILDREN, [directiveId, unitId]);
  const selfRow = rows.find((r) => r.unit_id === unitId);
  if (!selfRow) {
    throw new SnapshotRefusal(
      `unit ${unitId} is not in the snapshot of directive ${directiveId}; was the directive prepared, and is the unit under its root?`,
      'unknown-unit',
    );
  }
  return { self: toSnapshotUnit(selfRow), children: rows.filter((r) => r !== selfRow).map(toSnapshotUnit) };
}
