/** The shape of a `cascade` command: its declaration (for parsing and help) and what it does. */
import type { CommandShape, ParsedArgs } from './args';
import type { CliContext } from './context';

/** A command: runs with the shared context and its parsed arguments; returns an exit code (0 when omitted). */
export interface Command extends CommandShape {
  run(ctx: CliContext, args: ParsedArgs): Promise<number | void>;
}

/** The option every command that acts on a directive accepts. */
export const ACTOR_OPTION = { type: 'string', value: 'NAME', description: 'who is acting, recorded in the audit log (default: $USER)' } as const;

/** The option of commands with a machine-readable form. */
export const JSON_OPTION = { type: 'boolean', description: 'print JSON instead of text' } as const;
