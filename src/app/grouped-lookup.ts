/**
 * Looks keys up in groups (the units of one directive): the calls that arrive while earlier
 * lookups are in flight are answered by one query per group, as JournalWriter merges writes.
 *
 * Why: a unit's first command asks PostgreSQL which committee holds it (later ones find it cached).
 * When many units report for the first time at once (a deadline's last hour), that was a round trip
 * per report, each waited on before its update went out. An idle lookup still goes at once, alone.
 */
import { positiveInteger } from './positive-integer';

interface Waiter<V> {
  resolve: (value: V | undefined) => void;
  reject: (error: unknown) => void;
}

/** Options of GroupedLookup. */
export interface GroupedLookupOptions {
  /** Queries in flight at once (default 2): one gathers the next keys while the other runs. */
  maxInFlight?: number;
  /** Keys per query, at most (default 500). */
  maxKeys?: number;
}

/** See the file comment. */
export class GroupedLookup<V> {
  /** Keys waiting for a query, by group, each with its callers; in arrival order. */
  private readonly waiting = new Map<string, Map<string, Waiter<V>[]>>();
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly maxKeys: number;

  /** `loadMany` answers the keys of one group it knows; a key it leaves out is answered `undefined`. */
  constructor(
    private readonly loadMany: (group: string, keys: readonly string[]) => Promise<ReadonlyMap<string, V>>,
    opts: GroupedLookupOptions = {},
  ) {
    this.maxInFlight = positiveInteger('maxInFlight', opts.maxInFlight ?? 2);
    this.maxKeys = positiveInteger('maxKeys', opts.maxKeys ?? 500);
  }

  /** The value of `key` in `group`, or undefined if there is none; rejects with the query's error. */
  get(group: string, key: string): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      let keys = this.waiting.get(group);
      if (!keys) this.waiting.set(group, (keys = new Map()));
      const waiters = keys.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else keys.set(key, [{ resolve, reject }]);
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.size > 0) {
      const [group, keys] = this.waiting.entries().next().value as [string, Map<string, Waiter<V>[]>];
      const taken = new Map<string, Waiter<V>[]>();
      for (const [key, waiters] of keys) {
        if (taken.size === this.maxKeys) break;
        taken.set(key, waiters);
        keys.delete(key);
      }
      if (keys.size === 0) this.waiting.delete(group);
      this.inFlight += 1;
      void this.query(group, taken);
    }
  }

  /** One query for `taken`; its slot is free again before its callers go on, and the next keys go out then. */
  private async query(group: string, taken: Map<string, Waiter<V>[]>): Promise<void> {
    let found: ReadonlyMap<string, V> | null = null;
    let failure: unknown = null;
    try {
      found = await this.loadMany(group, [...taken.keys()]);
    } catch (error) {
      failure = error;
    }
    this.inFlight -= 1;
    for (const [key, waiters] of taken)
      for (const w of waiters) {
        if (found) w.resolve(found.get(key));
        else w.reject(failure);
      }
    this.pump();
  }
}
