/**
 * Argument parsing for `cascade`: each command declares its positionals and options once, and
 * the same declaration drives `util.parseArgs`, the checks and the `--help` text.
 */
import { parseArgs } from 'node:util';

/** One option of a command. `value` names the argument in help (`--to DATE`); booleans have none. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  value?: string;
  short?: string;
  /** Shown without brackets in the usage line; `requiredOption` enforces it. */
  required?: boolean;
}

/** A positional argument; optional ones are shown in brackets. */
export interface PositionalSpec {
  name: string;
  description: string;
  optional?: boolean;
}

/** What a command receives once its arguments are parsed and checked. */
export interface ParsedArgs {
  positionals: Record<string, string | undefined>;
  options: Record<string, string | boolean | undefined>;
}

/** The declaration of a command: what it is called, what it takes, and what it says in `--help`. */
export interface CommandShape {
  /** Words after `cascade`: `status`, `org import`. */
  name: string;
  summary: string;
  positionals: PositionalSpec[];
  options: Record<string, OptionSpec>;
  /** Extra help paragraphs (examples, notes). */
  details?: string[];
}

/** The command line was wrong (unknown command or option, missing argument): usage is printed and the exit code is 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The command whose usage line to print, when known. */
    readonly command?: CommandShape,
  ) {
    super(message);
  }
}

const HELP: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };

/** `cascade status DIRECTIVE [--unit U] ...`: the one-line usage of a command. */
export function usageLine(shape: CommandShape): string {
  const positionals = shape.positionals.map((p) => (p.optional ? `[${p.name}]` : p.name));
  const options = Object.entries(shape.options).map(([name, o]) => {
    const text = `--${name}${o.value ? ` ${o.value}` : ''}`;
    return o.required ? text : `[${text}]`;
  });
  const full = ['cascade', shape.name, ...positionals, ...options].join(' ');
  // Commands with many options list them below the usage line instead.
  const required = options.filter((o) => !o.startsWith('['));
  return full.length <= 100 ? full : ['cascade', shape.name, ...positionals, ...required, '[OPTIONS]'].join(' ');
}

/** The whole `--help` text of a command. */
export function helpText(shape: CommandShape, footer: string): string {
  const rows: Array<[string, string]> = [
    ...shape.positionals.map((p): [string, string] => [p.name, p.description]),
    ...Object.entries({ ...shape.options, help: HELP }).map(([name, o]): [string, string] => [
      `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`,
      o.description,
    ]),
  ];
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    `Usage: ${usageLine(shape)}`,
    '',
    shape.summary,
    '',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`),
    ...(shape.details?.length ? ['', ...shape.details] : []),
    '',
    footer,
    '',
  ].join('\n');
}

/** True when the arguments ask for help (`--help` or `-h` anywhere before a `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/** Parses a command's arguments strictly; throws UsageError for anything unknown, repeated wrongly or missing. */
export function parseCommandArgs(shape: CommandShape, argv: readonly string[]): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(
        Object.entries({ ...shape.options, help: HELP }).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}) }]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(describeParseError(err), shape);
  }
  const given = parsed.positionals;
  const max = shape.positionals.length;
  if (given.length > max) throw new UsageError(`unexpected argument "${given[max]}"`, shape);
  const positionals: Record<string, string | undefined> = {};
  shape.positionals.forEach((p, i) => {
    const value = given[i];
    if (value === undefined && !p.optional) throw new UsageError(`missing argument ${p.name}: ${p.description}`, shape);
    positionals[p.name] = value;
  });
  return { positionals, options: parsed.values as Record<string, string | boolean | undefined> };
}

// Node's messages are long and mention internals; keep the part an operator needs.
function describeParseError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1];
    return option ? `unknown option "${option}"` : (message.split('.')[0] ?? message);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /'(--?[^' <]+)/.exec(message)?.[1];
    if (option && message.includes('argument missing')) return `option ${option} needs a value`;
    if (option && message.includes('does not take an argument')) return `option ${option} does not take a value`;
    if (option && message.includes('ambiguous')) return `the value of ${option} starts with "-"; write it as ${option}=VALUE`;
  }
  return message;
}

/** A string option, trimmed; undefined when absent. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options[name];
  return typeof value === 'string' ? value.trim() : undefined;
}

/** A string option that must be given; throws UsageError naming it. */
export function requiredOption(args: ParsedArgs, name: string, shape: CommandShape): string {
  const value = stringOption(args, name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`, shape);
  return value;
}

/** A boolean flag. */
export function flag(args: ParsedArgs, name: string): boolean {
  return args.options[name] === true;
}

/** A positional argument the shape declares as required. */
export function positional(args: ParsedArgs, name: string): string {
  const value = args.positionals[name];
  if (value === undefined) throw new Error(`positional ${name} is not declared as required`);
  return value;
}

/** A whole-number option ≥ min (e.g. `--depth 2`); throws UsageError naming it. */
export function countOption(args: ParsedArgs, name: string, shape: CommandShape, fallback: number, min = 0): number {
  const text = stringOption(args, name);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}, got "${text}"`, shape);
  return Number(text);
}

/** An option limited to some values; throws UsageError listing them. */
export function choiceOption<T extends string>(args: ParsedArgs, name: string, choices: readonly T[], shape: CommandShape): T | undefined {
  const value = stringOption(args, name);
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got "${value}"`, shape);
  return value as T;
}
