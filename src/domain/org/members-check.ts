/**
 * A unit's self-reported member count against the directory's. Membership really changes between
 * the directory import and the conference, so a difference is not refused: it is shown to
 * supervisors beside the reported figure, and they can list every such unit of their subtree.
 */

/** True when a unit reported a member count and it is not the one the directive's snapshot of the directory holds. */
export function membersDiffer(reported: number | null | undefined, directory: number | null | undefined): boolean {
  return reported !== null && reported !== undefined && directory !== null && directory !== undefined && reported !== directory;
}
