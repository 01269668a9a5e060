/** The top-level help of `cascade` and of command groups such as `cascade org`. */
import { COMMAND_GROUPS, COMMANDS } from './commands';
import { EXIT_CODES_HELP } from './errors';

/** The last paragraph of every help text. */
export const HELP_FOOTER = EXIT_CODES_HELP;

const ENV_ROWS: Array<[string, string]> = [
  ['TEMPORAL_ADDRESS', 'Temporal frontend, host:port (default 127.0.0.1:7233, the dev server of `npm start`)'],
  ['TEMPORAL_NAMESPACE', 'Temporal namespace (default "default")'],
  ['TEMPORAL_TASK_QUEUE', 'task queue of the cascade workers (default "directive-cascade")'],
  ['DATABASE_URL', 'PostgreSQL (default postgres://postgres:<DATA_DIR/postgres-password>@127.0.0.1:54329/postgres, embedded by `npm start`)'],
  ['USER', 'the actor recorded when --actor is not given'],
  ['CASCADE_TIMEOUT_SECONDS', 'how long to wait for Temporal and the workers (default 60)'],
  ['CASCADE_DEBUG=1', 'print stack traces with errors'],
];
const ENV_WIDTH = Math.max(...ENV_ROWS.map(([name]) => name.length));
const ENVIRONMENT = ['Environment:', ...ENV_ROWS.map(([name, text]) => `  ${name.padEnd(ENV_WIDTH)}  ${text}`)].join('\n');

function commandList(commands = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
}

/** `cascade --help`. */
export function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const groups = COMMAND_GROUPS.map((g) => [`${g.title}:`, ...g.commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`)].join('\n'));
  return [
    'Usage: cascade COMMAND [ARGUMENTS] [OPTIONS]',
    '',
    'Operate directive cascades: import the organisation, launch directives, record what units report,',
    'and follow the rollups, as the secretariat or a superior.',
    '',
    ...groups.flatMap((g) => [g, '']),
    'Run `cascade COMMAND --help` for the arguments and options of a command.',
    '',
    ENVIRONMENT,
    '',
    HELP_FOOTER,
    '',
  ].join('\n');
}

/** The short reminder printed after an unknown command. */
export function shortUsage(): string {
  return ['Usage: cascade COMMAND [ARGUMENTS] [OPTIONS]', '', 'Commands:', commandList(), '', 'Run `cascade --help` for more.'].join('\n');
}

/** Help of a group of commands sharing a first word (`cascade org`). */
export function groupHelp(group: string): string {
  const commands = COMMANDS.filter((c) => c.name.startsWith(`${group} `));
  return [
    `Usage: cascade ${group} SUBCOMMAND ...`,
    '',
    'Subcommands:',
    commandList(commands),
    '',
    `Run \`cascade ${group} SUBCOMMAND --help\` for details.`,
    '',
  ].join('\n');
}

/** First words that are groups of subcommands rather than commands. */
export function isGroup(word: string): boolean {
  return COMMANDS.some((c) => c.name.startsWith(`${word} `));
}
