/**
 * Loaded once per workflow thread, before any workflow exists (see shared-workflow-modules.ts):
 * gives the sandbox's `Error` a stack formatter of its own.
 *
 * Why: the SDK installs a promise hook in the workflow thread that, for every promise workflow
 * code creates, builds an Error and formats its stack through the bundle's source map, for the
 * stack-trace view of Temporal's UI. A committee creates promises on every activation (its pumps'
 * conditions, each update's handler), and that formatting was about a fifth of the workflow
 * thread's CPU (docs/decisions.md, 2026-12-03 and 2026-12-04). Node asks the error's own realm
 * for a formatter before the main one (where the SDK's is), so this formatter answers for errors
 * made in the sandbox: the hook's captures get an empty stack, which the hook then stores nowhere,
 * and every other error the stack V8 would write by itself (`Name: message` and one `at` line per
 * frame, positions in the bundle rather than the sources). The cost: the UI's stack-trace view of
 * a committee is empty, and a workflow error's stack names the bundle's lines.
 *
 * It must load before the SDK freezes the sandbox's globals, which is why it is a preload; it
 * keeps no state.
 */

/** The SDK's promise hook lives in its workflow sandbox helpers (vm-shared.js); its capture's first frame is there. */
function capturedByPromiseHook(frames: readonly NodeJS.CallSite[]): boolean {
  const file = frames[0]?.getFileName() ?? '';
  return file.includes('@temporalio') && file.endsWith('vm-shared.js');
}

function header(error: unknown): string {
  try {
    return String(error);
  } catch {
    return 'Error';
  }
}

Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]): string => {
  if (capturedByPromiseHook(frames)) return '';
  return [header(error), ...frames.map((frame) => `    at ${String(frame)}`)].join('\n');
};
