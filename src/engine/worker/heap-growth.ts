/**
 * How far a worker's JavaScript heaps may grow past what the last full collection kept before
 * V8 collects again. Process-wide: it holds for the main thread and for the SDK's workflow thread
 * (whose V8 heap the SDK gives no limits of its own), from their next collection on.
 *
 * Why: V8 lets a heap grow up to four times its live size when collecting is cheap beside the
 * program's allocation, which it is for a committee worker: through a reorganisation the workflow
 * thread's heap grew to about twice its live size without one full collection, and the worker's
 * RSS peaked there (docs/decisions.md, 2026-12-04, twelfth session). The default of
 * WORKER_HEAP_GROWTH_PERCENT, 50, lets a heap grow at most half past its live size.
 */
import v8 from 'node:v8';

/** Sets the growth allowed past the live heap, in percent; 0 gives the choice back to V8. */
export function limitHeapGrowth(percent: number): void {
  if (!Number.isInteger(percent) || percent < 0) throw new RangeError(`heap growth must be a whole percentage ≥ 0, got ${percent}`);
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
