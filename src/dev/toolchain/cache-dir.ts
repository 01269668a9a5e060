import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Cache outside the repo (created if missing): CASCADE_CACHE_DIR, else ${XDG_CACHE_HOME:-~/.cache}/directive-cascade. */
export function cacheDir(): string {
  // `||`, not `??`: an exported-but-empty variable (VAR= in a CI file) means "unset", not "the cwd".
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  // Absolute, because callers write it into scripts and hand it to child processes with other cwds.
  const dir = path.resolve(process.env.CASCADE_CACHE_DIR || path.join(base, 'directive-cascade'));
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
