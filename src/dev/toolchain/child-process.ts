import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** Result of a command run to completion. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion and captures its output (never throws on exit code). */
export function run(command: string, args: string[], options: SpawnOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The last `n` lines of a tool's output (trimmed), for an error that should show how it ended. */
export function lastLines(output: string, n: number): string {
  return output.trim().split('\n').slice(-n).join('\n');
}

/** Runs a command and throws with its stderr when it fails. */
export async function runOrThrow(command: string, args: string[], options: SpawnOptions = {}): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.code}:\n${result.stderr || result.stdout}`);
  }
  return result;
}

/** True when `command` can be found on PATH. */
export async function onPath(command: string): Promise<string | null> {
  const result = await run('sh', ['-c', `command -v ${command}`]).catch(() => null);
  if (!result || result.code !== 0) return null;
  return result.stdout.trim() || null;
}

/** Sends SIGTERM, then SIGKILL after graceMs, and resolves when the process has exited. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
