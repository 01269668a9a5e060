/**
 * Modules the workflow thread loads once and shares among all cached workflows: the bundler's
 * `preloadModules`. Without it, the SDK's reusable V8 context gives each workflow its own instance
 * of every module in the bundle: about 1.1 MB of worker memory per committee with zod's own
 * modules (tools/bench/README.md, "One zod per workflow thread"), and a third of a MB more with the
 * domain modules' schemas, memos and functions, times 769 committees at national scale.
 *
 * Shared: the sandbox's stack formatter (stack-trace-preload.ts, which must be set before the SDK
 * freezes the sandbox's globals), zod (zod-preload.ts) and every domain module the workflows use
 * (domain-preload.ts, which settles their schemas before the SDK freezes them). Not shared: the
 * engine's modules (the committee workflow and its handlers hold per-workflow state and call the
 * workflow API) and the SDK's. A module may be listed here only if it keeps no per-workflow state and needs no workflow
 * API or clock when it loads, since it loads before any workflow exists. A memo is shared state:
 * it must be keyed by everything its answer depends on (a parsed instant by its text), and by the
 * object for data a workflow was given, whose name is only the sender's word (PerObject, for the
 * working calendar).
 * test/unit/shared-workflow-modules.test.ts checks what the preloads reach and that the built bundle
 * still loads them; test/unit/shared-schemas-frozen.test.ts that frozen schemas answer as unfrozen ones.
 */
import path from 'node:path';

/** The sandbox's stack formatter: every bundle that should run the SDK as the engine's does preloads it. */
const STACK_TRACE_PRELOAD = 'src/engine/worker/stack-trace-preload';

export const SHARED_WORKFLOW_MODULES: readonly string[] = [STACK_TRACE_PRELOAD, 'src/engine/worker/zod-preload', 'src/engine/worker/domain-preload'];

const absolute = (module: string) => path.resolve(__dirname, '..', '..', '..', module);

/** The absolute paths the bundler's `preloadModules` takes (extension left to its resolver). */
export function sharedWorkflowModulePaths(): string[] {
  return SHARED_WORKFLOW_MODULES.map(absolute);
}

/** The stack formatter alone, for a bundle of other workflows (the benchmark's baselines), so they pay the SDK's per-promise cost as the engine does. */
export function stackTracePreloadPath(): string {
  return absolute(STACK_TRACE_PRELOAD);
}
