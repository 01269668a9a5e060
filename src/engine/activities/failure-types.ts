/**
 * Names of the non-retryable failures activities raise (ApplicationFailure `type`). Plain data, so
 * workflow code may import it to recognise them, and retry policies list them as a second guard.
 */
export const FAILURE_TYPES = {
  /** The directive's root is not a unit of the organisation directory. */
  rootNotFound: 'CascadeRootNotFound',
  /** A directive id is already taken by a directive with another root. */
  directiveConflict: 'CascadeDirectiveConflict',
  /** A unit is not in the directive's snapshot. */
  unknownUnit: 'CascadeUnknownUnit',
  /** An activity input that no retry can fix (a deadline that is not an instant, a negative step). */
  invalidInput: 'CascadeInvalidInput',
} as const;
