/** The secretariat's lists (credentials, sessions, people, access log, digest opt-outs), narrowed for a committee's secretariat to its subtree. */
import type { CascadeClient } from '../../app/cascade-client';
import type { AccessPolicy } from '../auth/access-policy';
import type { Principal } from '../auth/principal';

/** Keeps the rows whose unit is in the caller's subtree; every row for the central secretariat. */
export type SubtreeFilter = <T extends { unitId: string | null }>(rows: readonly T[]) => T[];

/**
 * The filter of the caller's lists: a committee's secretariat keeps the rows of its unit and every
 * unit under it in the directory as it stands (a row without a unit, a central one, is left out);
 * anyone else the route lets through keeps them all.
 */
export async function secretariatListFilter(
  deps: { cascade: Pick<CascadeClient, 'organisation'>; access: AccessPolicy },
  p: Principal,
): Promise<SubtreeFilter> {
  const unit = deps.access.secretariatScope(p);
  if (unit === undefined) return (rows) => [...rows];
  const ids = new Set<string | null>((await deps.cascade.organisation(unit)).map((u) => u.id));
  return (rows) => rows.filter((row) => ids.has(row.unitId));
}
