/**
 * How `cascade` ends: every error becomes one message on stderr (the same text the API returns)
 * and an exit code; stack traces only with CASCADE_DEBUG=1.
 */
import { CascadeError } from '../app/errors';
import { CommandValidationError } from '../domain/directive/commands';
import { DirectiveSpecError } from '../domain/directive/directive';
import { CalendarOverrideError } from '../domain/calendar/calendar-override';
import { LevelsError } from '../domain/org/levels';
import { OrgImportError } from '../domain/org/org-issues';
import { ReportValidationError } from '../domain/track/completion-report';
import { TimeInputError } from '../domain/time/time-error';
import { UsageError } from './args';

/** Exit codes, as `cascade --help` documents them. */
export const EXIT = { ok: 0, failure: 1, badInput: 2 } as const;

/** The text of the exit codes for `--help`. */
export const EXIT_CODES_HELP = [
  'Exit codes:',
  '  0  success',
  "  1  the operation failed: unknown directive or unit, refused by the unit's state (already reported,",
  '     withdrawn), servers unreachable, or an unexpected error',
  '  2  bad input: unknown command or option, missing argument, invalid file, spec, report or environment',
].join('\n');

/** Input the CLI itself refuses before calling the client: an unreadable file, bad JSON, a bad environment variable. */
export class BadInputError extends Error {
  override readonly name = 'BadInputError';
}

/** A server the CLI needs could not be reached; the message says which and what to check. */
export class ServerUnreachableError extends Error {
  override readonly name = 'ServerUnreachableError';
}

const BAD_INPUT: ReadonlyArray<new (...args: never[]) => Error> = [
  UsageError,
  BadInputError,
  DirectiveSpecError,
  CalendarOverrideError,
  OrgImportError,
  ReportValidationError,
  CommandValidationError,
  TimeInputError,
  LevelsError,
];

/** 2 for bad input (a 400 from the client included), 1 for everything else. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CascadeError) return [400, 413, 415].includes(err.status) ? EXIT.badInput : EXIT.failure;
  if (BAD_INPUT.some((type) => err instanceof type)) return EXIT.badInput;
  return EXIT.failure;
}

/** The message to print for an error: the error's own text, with PostgreSQL's common failures explained. */
export function describeError(err: unknown, databaseUrl?: string): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  const where = databaseUrl ? ` at ${redactUrl(databaseUrl)}` : '';
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT') {
    return `cannot reach PostgreSQL${where} (${String(code)}); start the stack with \`npm start\` or set DATABASE_URL`;
  }
  if (code === '42P01')
    return `the database${where} has no cascade tables (${err.message}); run \`npm start\` once to apply the migrations, or check DATABASE_URL`;
  // Without DATABASE_URL the CLI reads the embedded server's password from DATA_DIR; none there means pg asks for one it lacks.
  const noPassword = /client password must be a string/.test(err.message);
  if (code === '3D000' || code === '28P01' || code === '28000' || noPassword) {
    const cause = noPassword ? 'no password was given' : err.message;
    return `PostgreSQL${where} refused the connection: ${cause}; check DATABASE_URL (unset: the embedded server's password is read from DATA_DIR/postgres-password, which \`npm start\` writes)`;
  }
  return err.message;
}

/** A URL with its password replaced by ***, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparseable URL)';
  }
}
