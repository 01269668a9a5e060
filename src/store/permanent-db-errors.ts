/**
 * Which PostgreSQL refusals no retry can cure. A journal write that fails with one of them would
 * fail the same way for ever (the same entry, the same statement), so recordJournal sets the
 * refused entry aside instead of retrying; every other error (connection lost, server down,
 * serialization failure, deadlock, out of resources) is retried as before.
 */

/**
 * SQLSTATE classes refused for the data itself: 22 data exception (a count beyond int4, NUL or an
 * unsupported Unicode escape in text or JSON, a malformed timestamp), 23 integrity constraint
 * violation (a CHECK, NOT NULL or unique rule), 54 program limit exceeded (an index row too large).
 */
const PERMANENT_CLASSES = new Set(['22', '23', '54']);

/** What PostgreSQL said about a permanently refused entry. */
export interface PermanentDbError {
  /** SQLSTATE, e.g. 22003. */
  code: string;
  message: string;
}

/** The SQLSTATE and message when `error` is a refusal of the data that no retry cures; null for anything retryable. */
export function permanentDbError(error: unknown): PermanentDbError | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code) || !PERMANENT_CLASSES.has(code.slice(0, 2))) return null;
  return { code, message: typeof message === 'string' ? message : String(message) };
}
