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

/**
 * One value per object, made on first use and dropped with the object. For what depends on data a
 * workflow was given (its working calendar): the workflow thread shares this module among all its
 * workflows, so a memo keyed by such data's name would hand one workflow's answers to another that
 * sent different data under the same name; keyed by the object, each workflow sees its own.
 */
export class PerObject<K extends object, V> {
  private readonly values = new WeakMap<K, V>();

  constructor(private readonly make: (key: K) => V) {}

  /** The value for `key`, made once. */
  get(key: K): V {
    let value = this.values.get(key);
    if (value === undefined) {
      value = this.make(key);
      this.values.set(key, value);
    }
    return value;
  }
}
