/** prepareDirective: record the directive and freeze the organisation under its root into the directive's snapshot. */
import type { Pool, PoolClient } from 'pg';
import type { PrepareDirectiveInput } from '../domain/cascade/records';
import { withTransaction } from './db';
import { recordDirective } from './directive-records';
import { SnapshotRefusal } from './snapshot-refusal';

// One statement copies the whole subtree: the recursive CTE walks down org_units by parent_id
// (indexed), carrying the ancestor chain; a unit has children when some copied unit names it as
// parent. Nothing is copied when the snapshot exists already, so a retry after the directory
// changed cannot add late-comers to a frozen cascade. A cycle in the directory cannot loop forever:
// a unit already on the chain is not visited again.
const COPY_SUBTREE = `
  WITH RECURSIVE tree (unit_id, parent_id, level, name, email, members, essays_expected, ancestors, depth) AS (
    SELECT o.id, NULL::text, o.level, o.name, o.email, o.members, o.essays_expected, ARRAY[]::text[], 0
    FROM org_units o
    WHERE o.id = $2
    UNION ALL
    SELECT c.id, c.parent_id, c.level, c.name, c.email, c.members, c.essays_expected, t.unit_id || t.ancestors, t.depth + 1
    FROM tree t
    JOIN org_units c ON c.parent_id = t.unit_id
    WHERE c.id <> t.unit_id AND c.id <> ALL (t.ancestors)
  ),
  parents AS (
    SELECT DISTINCT parent_id FROM tree WHERE parent_id IS NOT NULL
  ),
  inserted AS (
    INSERT INTO directive_units
      (directive_id, unit_id, parent_id, level, name, email, members, essays_expected, has_children, holder_id, ancestors, depth)
    SELECT $1, t.unit_id, t.parent_id, t.level, t.name, t.email, t.members, t.essays_expected,
           p.parent_id IS NOT NULL,
           CASE WHEN p.parent_id IS NOT NULL OR t.depth = 0 THEN t.unit_id ELSE t.parent_id END,
           t.ancestors, t.depth
    FROM tree t
    LEFT JOIN parents p ON p.parent_id = t.unit_id
    WHERE NOT EXISTS (SELECT 1 FROM directive_units WHERE directive_id = $1)
    ON CONFLICT DO NOTHING
    RETURNING 1
  )
  SELECT count(*)::int AS copied FROM inserted`;

const COUNT_SNAPSHOT = 'SELECT count(*)::int AS units FROM directive_units WHERE directive_id = $1';

async function copySubtree(client: PoolClient, directiveId: string, rootId: string): Promise<number> {
  const { rows } = await client.query<{ copied: number }>(COPY_SUBTREE, [directiveId, rootId]);
  return rows[0]?.copied ?? 0;
}

async function countSnapshot(client: PoolClient, directiveId: string): Promise<number> {
  const { rows } = await client.query<{ units: number }>(COUNT_SNAPSHOT, [directiveId]);
  return rows[0]?.units ?? 0;
}

/**
 * Records the directive and copies the organisation under its root (root included) into
 * directive_units, in one transaction. Idempotent: a retry copies nothing and returns the same count.
 * Fails without retry when the root is not in org_units or the id belongs to a directive with another root.
 */
export async function prepareDirective(pool: Pool, input: PrepareDirectiveInput): Promise<{ units: number }> {
  const { id, rootId } = input.directive;
  return withTransaction(pool, async (client) => {
    // The launching client recorded the row already; older clients left it to this activity.
    const { rootId: storedRoot } = await recordDirective(client, {
      id,
      code: input.directive.code,
      title: input.directive.title,
      rootId,
      spec: input.spec,
      calendar: input.directive.calendar,
    });
    if (storedRoot !== rootId) {
      throw new SnapshotRefusal(
        `directive ${id} already exists with root unit ${storedRoot}, not ${rootId}; give the new directive another id (e.g. add the year)`,
        'directive-conflict',
      );
    }
    const copied = await copySubtree(client, id, rootId);
    const units = copied > 0 ? copied : await countSnapshot(client, id);
    if (units === 0) {
      throw new SnapshotRefusal(
        `root unit ${rootId} of directive ${id} is not in the organisation directory (org_units); import it or fix the directive's root`,
        'root-not-found',
      );
    }
    return { units };
  });
}
