/**
 * The inspectors' access log: every request an inspector makes is recorded after it is answered,
 * and the secretariat lists them. Writes go through one queue per process, so rows are numbered in
 * the order the answers were sent, and never hold up an answer; a write that fails is reported to
 * `onError` (the server logs it) and the next one goes on.
 */
import type { Pool } from 'pg';
import { z } from 'zod';
import { flattenZodError, singleLineText } from '../domain/text/fields';
import { insertAccessLogRow, listAccessLog, type AccessLogEntry, type AccessLogRow } from '../store/access-log';
import { InputError } from './errors';

/** Most entries one listing returns. */
const MAX_LISTING = 1_000;

/** What the secretariat asks for: one inspector's requests (by token subject) or all, the newest `limit`, oldest first. */
const AccessLogFilterSchema = z.strictObject({
  sub: singleLineText('sub', 200).optional(),
  limit: z
    .int({ error: `limit must be a whole number between 1 and ${MAX_LISTING}` })
    .min(1, { error: `limit must be a whole number between 1 and ${MAX_LISTING}` })
    .max(MAX_LISTING, { error: `limit must be a whole number between 1 and ${MAX_LISTING}` })
    .default(200),
});

/** See the file comment. */
export class AccessLog {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly pool: Pool) {}

  /** Queues one request's row; resolves once it is written (or failed, told to `onError`), never rejects. */
  record(row: AccessLogRow, onError: (error: unknown) => void): Promise<void> {
    this.tail = this.tail.then(() => insertAccessLogRow(this.pool, row)).catch(onError);
    return this.tail;
  }

  /** The newest requests (`limit`, default 200, at most 1,000; of `sub` when given), oldest first. */
  async list(filterInput: unknown): Promise<AccessLogEntry[]> {
    const parsed = AccessLogFilterSchema.safeParse(filterInput ?? {});
    if (!parsed.success) {
      const issues = flattenZodError(parsed.error);
      throw new InputError(`the access log filter: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`, issues);
    }
    return listAccessLog(this.pool, { subject: parsed.data.sub, limit: parsed.data.limit });
  }
}
