/** The secretariat's lists (credentials, access log, digest opt-outs), narrowed for a committee's secretariat to its subtree. */
import type { CascadeClient } from '../../app/cascade-client';

/**
 * The ids of `unit` and every unit under it in the directory as it stands, or undefined for no unit
 * (the central secretariat: nothing to narrow). A list's row whose unit is not among them is left out.
 */
export async function subtreeOf(cascade: Pick<CascadeClient, 'organisation'>, unit: string | undefined): Promise<ReadonlySet<string | null> | undefined> {
  if (unit === undefined) return undefined;
  return new Set((await cascade.organisation(unit)).map((u) => u.id));
}
