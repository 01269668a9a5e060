/**
 * The real Temporal server and its SQL schema tool, built from the Go module proxy once and cached
 * beside the CLI (`~/.cache/directive-cascade/temporal-server-v1.29.1/`), with the PostgreSQL schema
 * files of the same release copied out of the module cache so a cached build needs nothing else.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir } from './cache-dir';
import { lastLines, onPath } from './child-process';
import { goInstall, goModCache } from './go-install';
import { isExecutableFile } from '../../config/file-access';

/** The server release we build: later minor versions ask for a newer Go than Debian's. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const MODULE = 'go.temporal.io/server';
const BINARIES = { server: `${MODULE}/cmd/server`, sql: `${MODULE}/cmd/tools/sql` } as const;
const SCHEMA = path.join('schema', 'postgresql', 'v12');

/** The built tools: the server, the SQL schema tool, and the PostgreSQL schema folder (`temporal/`, `visibility/`). */
export interface TemporalServerTools {
  server: string;
  sql: string;
  schemaDir: string;
}

function toolsIn(dir: string): TemporalServerTools {
  return { server: path.join(dir, 'server'), sql: path.join(dir, 'sql'), schemaDir: path.join(dir, SCHEMA) };
}

/** The cached tools, building them first when the cache has none (about 15 minutes cold on 2 cores). */
export async function ensureTemporalServer(log: (line: string) => void = () => undefined): Promise<TemporalServerTools> {
  const dir = path.join(cacheDir(), `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const tools = toolsIn(dir);
  if (isExecutableFile(tools.server) && isExecutableFile(tools.sql) && fs.existsSync(path.join(tools.schemaDir, 'temporal', 'versioned'))) return tools;
  if (!(await onPath('go')))
    throw new Error(
      `the Temporal server is built with Go: install it (apt-get install golang) so the project can run go install ${MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}`,
    );
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(dir), 'temporal-server-build-'));
  const started = Date.now();
  log(`Building the Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool with Go (first run only; about 15 minutes on 2 cores)...`);
  try {
    for (const [name, pkg] of Object.entries(BINARIES)) {
      const result = await goInstall(`${pkg}@${TEMPORAL_SERVER_VERSION}`, staging);
      if (result.code !== 0) throw new Error(`go install ${pkg}@${TEMPORAL_SERVER_VERSION} failed:\n${lastLines(result.stderr, 15)}`);
      log(`built ${name}`);
    }
    fs.cpSync(path.join(await goModCache(), `${MODULE}@${TEMPORAL_SERVER_VERSION}`, SCHEMA), path.join(staging, SCHEMA), { recursive: true });
    // The module cache's files are read-only; the copy must be removable with the cache.
    for (const entry of fs.readdirSync(staging, { recursive: true, withFileTypes: true }))
      fs.chmodSync(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o755 : 0o644);
    for (const name of Object.keys(BINARIES)) fs.chmodSync(path.join(staging, name), 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
    // rename is atomic within one filesystem: a concurrent reader sees the whole folder or none.
    fs.renameSync(staging, dir);
    log(`Built ${dir} in ${Math.round((Date.now() - started) / 1000)} s.`);
    return tools;
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}
