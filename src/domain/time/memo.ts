/** Bounded memory for pure functions; safe in workflow code (same key, same value). */

/** A pure function's results by key, forgotten all at once when `max` keys are held so it stays small. */
export class BoundedMemo<V> {
  private readonly values = new Map<string, V>();

  constructor(private readonly max: number) {}

  /** The value for `key`, computed once (a computation that throws is not remembered). */
  get(key: string, compute: () => V): V {
    const known = this.values.get(key);
    if (known !== undefined) return known;
    const value = compute();
    if (this.values.size >= this.max) this.values.clear();
    this.values.set(key, value);
    return value;
  }
}
