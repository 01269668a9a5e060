/**
 * Modules the workflow thread loads once and shares among all cached workflows: the bundler's
 * `preloadModules`. Without it, the SDK's reusable V8 context gives each workflow its own instance
 * of every module in the bundle; for a committee that was about 1.1 MB of worker memory, most of
 * it zod's own modules, and a third of the CPU of creating it, times 769 committees at national
 * scale (tools/bench/README.md, "One zod per workflow thread").
 *
 * Only zod is shared. Our domain modules stay per workflow: zod writes lazily into the schemas
 * they build (bound methods, derived internals), and the SDK freezes whatever is shared. A
 * module may be listed here only if it keeps no per-workflow state and needs no workflow API or
 * clock when it loads, since it loads before any workflow exists.
 * test/unit/shared-workflow-modules.test.ts checks that the preload reaches nothing but zod (none
 * of our modules, none of the SDK's) and that the built bundle still loads it.
 */
import path from 'node:path';

export const SHARED_WORKFLOW_MODULES: readonly string[] = ['src/engine/worker/zod-preload'];

/** The absolute paths the bundler's `preloadModules` takes (extension left to its resolver). */
export function sharedWorkflowModulePaths(): string[] {
  return SHARED_WORKFLOW_MODULES.map((module) => path.resolve(__dirname, '..', '..', '..', module));
}
