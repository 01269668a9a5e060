/** The `cascade` process: runs the command line and exits with its code (see `cascade --help`). */
import { runCli } from './run';

/** Runs `cascade` on this process's arguments, streams and environment, then exits. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  // `cascade status ... | head` closes the pipe early: that is the reader's choice, not a failure.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const code = await runCli(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env });
  process.exitCode = code;
  // Let stdout drain, but never hang on a connection someone forgot to close.
  setTimeout(() => process.exit(code), 2_000).unref();
}

if (require.main === module) void main();
