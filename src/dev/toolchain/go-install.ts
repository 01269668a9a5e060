/** `go install PACKAGE@VERSION` into a folder of our choosing, as the project builds its Temporal binaries. */
import { run, type RunResult } from './child-process';

/** Builds `pkg` (with its `@version`) into `gobin`: static (no cgo), without VCS stamping (the module cache has no repository). */
export function goInstall(pkg: string, gobin: string): Promise<RunResult> {
  return run('go', ['install', pkg], {
    env: { ...process.env, GOBIN: gobin, CGO_ENABLED: '0', GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim() },
  });
}

/** The module cache's folder (`go env GOMODCACHE`), where an installed module's files (the server's schema) are. */
export async function goModCache(): Promise<string> {
  const result = await run('go', ['env', 'GOMODCACHE']);
  if (result.code !== 0 || !result.stdout.trim()) throw new Error(`go env GOMODCACHE failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}
