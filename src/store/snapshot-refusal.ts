/**
 * A directive's snapshot refuses a request in a way no retry can change: the unit is not in it,
 * the directive id is taken by another root, or the root is not in the directory. The store only
 * says so; the activities turn it into a failure Temporal does not retry.
 */
export type SnapshotRefusalReason = 'unknown-unit' | 'directive-conflict' | 'root-not-found';

export class SnapshotRefusal extends Error {
  override readonly name = 'SnapshotRefusal';
  constructor(
    message: string,
    readonly reason: SnapshotRefusalReason,
  ) {
    super(message);
  }
}
