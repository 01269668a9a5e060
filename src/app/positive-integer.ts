/** The check every in-process limit of the client takes (callers in flight, keys or entries per statement). */

/** `value`, if it is a positive integer; otherwise a RangeError naming `name`. */
export function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, not ${value}`);
  return value;
}
