import fs from 'node:fs';
import path from 'node:path';
import { cacheDir } from './cache-dir';
import { lastLines, onPath } from './child-process';
import { goInstall } from './go-install';
import { isExecutableFile } from '../../config/file-access';

/** The Temporal CLI release we build: newer tags carry `replace` directives and do not `go install`. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

/** Where the Temporal server comes from, in the order of preference the project promises. */
export type TemporalSource =
  | { kind: 'address'; address: string }
  | { kind: 'binary'; path: string; origin: 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache' | 'go-build' }
  | { kind: 'sdk-download' };

/** Path of the cached `temporal` binary built from TEMPORAL_CLI_VERSION. */
export function cachedCliPath(): string {
  return path.join(cacheDir(), `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'temporal');
}

const WAYS_OUT = [
  'set TEMPORAL_ADDRESS to an existing Temporal server (host:port)',
  'set TEMPORAL_CLI_PATH to a `temporal` binary, or put one on PATH',
  `install Go (apt-get install golang) so the project can run \`go install ${MODULE}@${TEMPORAL_CLI_VERSION}\``,
  'or run on a machine with internet access, where the Temporal SDK downloads the CLI itself',
];

/** The one message shown when no way to a Temporal server works. */
export function noTemporalMessage(reasons: string[]): string {
  return ['No Temporal server is available.', ...reasons.map((r) => `  - ${r}`), 'Ways out:', ...WAYS_OUT.map((w) => `  * ${w}`)].join('\n');
}

/**
 * Finds a Temporal server or a binary that can start one:
 * TEMPORAL_ADDRESS > TEMPORAL_CLI_PATH > `temporal` on PATH > the cached build > a Go build now
 * > the SDK's own download (only works with internet access).
 */
export async function resolveTemporal(opts: { log?: (line: string) => void; build?: boolean } = {}): Promise<TemporalSource> {
  const log = opts.log ?? (() => undefined);
  const env = process.env;
  if (env.TEMPORAL_ADDRESS) return { kind: 'address', address: env.TEMPORAL_ADDRESS };
  if (env.TEMPORAL_CLI_PATH) {
    if (!isExecutableFile(env.TEMPORAL_CLI_PATH)) throw new Error(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} is not an executable file`);
    return { kind: 'binary', path: env.TEMPORAL_CLI_PATH, origin: 'TEMPORAL_CLI_PATH' };
  }
  const onPathBinary = await onPath('temporal');
  if (onPathBinary) return { kind: 'binary', path: onPathBinary, origin: 'PATH' };
  const cached = cachedCliPath();
  if (isExecutableFile(cached)) return { kind: 'binary', path: cached, origin: 'cache' };
  if (opts.build === false) return { kind: 'sdk-download' };

  const go = await onPath('go');
  if (!go) {
    log('Go is not installed; falling back to the Temporal SDK download (needs internet).');
    return { kind: 'sdk-download' };
  }
  await buildWithGo(cached, log);
  return { kind: 'binary', path: cached, origin: 'go-build' };
}

/** Builds the CLI with `go install` into a temporary GOBIN, then moves it into place atomically. */
async function buildWithGo(target: string, log: (line: string) => void): Promise<void> {
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  const gobin = fs.mkdtempSync(path.join(dir, 'build-'));
  log(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go (first run only; a few minutes)...`);
  const started = Date.now();
  try {
    const result = await goInstall(`${MODULE}@${TEMPORAL_CLI_VERSION}`, gobin);
    if (result.code !== 0) {
      throw new Error(noTemporalMessage([`go install ${MODULE}@${TEMPORAL_CLI_VERSION} failed:\n${lastLines(result.stderr, 15)}`]));
    }
    // rename is atomic within one filesystem, so a concurrent reader sees no half-written binary.
    fs.renameSync(path.join(gobin, 'temporal'), target);
    log(`Built ${target} in ${Math.round((Date.now() - started) / 1000)} s.`);
  } finally {
    fs.rmSync(gobin, { recursive: true, force: true });
  }
}
