/** Runs the real `cascade` bin as a subprocess, the way an operator does, and captures what it prints. */
import { spawn } from 'node:child_process';
import path from 'node:path';

/** The repository root, where `src/cli/cascade.cjs` lives. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** What a run printed and how it ended. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Variables the CLI reads; a test passes its own so nothing leaks in from the shell running jest.
const CLI_VARIABLES = ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEMPORAL_TASK_QUEUE', 'DATABASE_URL', 'USER', 'CASCADE_DEBUG', 'CASCADE_TIMEOUT_SECONDS'];

/** Runs `node src/cli/cascade.cjs ...args` with `env` on top of a clean copy of this process's environment. */
export function runCascade(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !CLI_VARIABLES.includes(key)));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'src', 'cli', 'cascade.cjs'), ...args], {
      cwd: REPO_ROOT,
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** True when the text looks like a JavaScript stack trace (which operators must never see by default). */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+\(.+:\d+:\d+\)$/m.test(text);
}
