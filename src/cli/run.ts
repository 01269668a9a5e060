/**
 * Runs one `cascade` command line: finds the command, prints help or parses its arguments, runs
 * it with a fresh context, and turns any error into a message and an exit code.
 */
import { helpText, parseCommandArgs, usageLine, UsageError, wantsHelp } from './args';
import type { Command } from './command';
import { COMMANDS } from './commands';
import { createContext } from './context';
import { describeError, EXIT, exitCodeFor } from './errors';
import { groupHelp, HELP_FOOTER, isGroup, shortUsage, topHelp } from './help';
import { streamOutput, type Output } from './output';

/** Streams and environment of one run (the process's own in production, captured ones in tests). */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

function findCommand(argv: readonly string[]): { command: Command; rest: string[] } | null {
  const [first = '', second = ''] = argv;
  const two = COMMANDS.find((c) => c.name === `${first} ${second}`);
  if (two) return { command: two, rest: argv.slice(2) };
  const one = COMMANDS.find((c) => c.name === first);
  return one ? { command: one, rest: argv.slice(1) } : null;
}

/** Runs `cascade ...argv` and resolves to the exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const output = streamOutput(io.stdout, io.stderr);
  const [first, second] = argv;
  if (first === undefined) {
    output.err(shortUsage());
    return EXIT.badInput;
  }
  if (first === '--help' || first === '-h' || (first === 'help' && second === undefined)) {
    output.out(topHelp());
    return EXIT.ok;
  }
  // `cascade help status` is `cascade status --help`.
  const words = first === 'help' ? [...argv.slice(1), '--help'] : argv;
  const found = findCommand(words);
  if (!found) return unknownCommand(output, words);
  const { command, rest } = found;
  if (wantsHelp(rest)) {
    output.out(helpText(command, HELP_FOOTER));
    return EXIT.ok;
  }
  const ctx = createContext(output, io.env);
  try {
    const code = await Promise.race([command.run(ctx, parseCommandArgs(command, rest)), ctx.timedOut]);
    return code ?? EXIT.ok;
  } catch (err) {
    return report(output, io.env, err, () => ctx.connection().databaseUrl);
  } finally {
    await ctx.close();
  }
}

function unknownCommand(output: Output, words: readonly string[]): number {
  const [first = '', second] = words;
  if (isGroup(first)) {
    if (second === undefined || second === '--help' || second === '-h') {
      const help = groupHelp(first);
      if (second === undefined) output.err(`error: \`cascade ${first}\` needs a subcommand\n\n${help}`);
      else output.out(help);
      return second === undefined ? EXIT.badInput : EXIT.ok;
    }
    output.err(`error: unknown command "${first} ${second}"\n\n${groupHelp(first)}`);
    return EXIT.badInput;
  }
  output.err(`error: unknown command "${first}"\n\n${shortUsage()}`);
  return EXIT.badInput;
}

function report(output: Output, env: NodeJS.ProcessEnv, err: unknown, databaseUrl: () => string): number {
  if (err instanceof UsageError) {
    output.err(`error: ${err.message}`);
    if (err.command) output.err(`Usage: ${usageLine(err.command)}\nRun \`cascade ${err.command.name} --help\` for details.`);
    return EXIT.badInput;
  }
  let url: string | undefined;
  try {
    url = databaseUrl();
  } catch {
    url = undefined;
  }
  output.err(`error: ${describeError(err, url)}`);
  if (env.CASCADE_DEBUG === '1' && err instanceof Error && err.stack) output.err(err.stack);
  return exitCodeFor(err);
}
