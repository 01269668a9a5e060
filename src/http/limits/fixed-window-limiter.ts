/**
 * A fixed-window request counter per caller, in memory. Enough for one API process; behind a load
 * balancer each replica counts on its own, so the effective limit is (replicas × max) per window —
 * put a shared limiter in the proxy when that matters (docs/operations.md, "Operating at scale").
 */

/** The verdict on one request. */
export type LimitVerdict = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/** Settings of one limiter. */
export interface FixedWindowOptions {
  /** Requests a caller may make per window; 0 switches the limit off. */
  max: number;
  windowMs: number;
  /** The clock (tests move it). */
  now?: () => number;
}

/** Windows are dropped lazily once this many callers are tracked, so memory stays bounded under a flood of keys. */
const SWEEP_AT = 10_000;

/** Counts requests per key in windows of `windowMs` starting at a key's first request. */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly now: () => number;

  constructor(private readonly options: FixedWindowOptions) {
    if (!Number.isInteger(options.max) || options.max < 0) throw new RangeError(`max must be a whole number ≥ 0, got ${options.max}`);
    if (!(options.windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${options.windowMs}`);
    this.now = options.now ?? Date.now;
  }

  /** Limit per window (0: off). */
  get max(): number {
    return this.options.max;
  }

  /** Counts one request of `key` and says whether it may go on. */
  take(key: string): LimitVerdict {
    if (this.options.max === 0) return { allowed: true, remaining: Number.POSITIVE_INFINITY };
    const now = this.now();
    if (this.windows.size >= SWEEP_AT) this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.options.windowMs };
      this.windows.set(key, window);
    }
    if (window.count >= this.options.max) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)) };
    window.count += 1;
    return { allowed: true, remaining: this.options.max - window.count };
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
