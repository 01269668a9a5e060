/**
 * Secret directives on the reading side: whether a directive is secret and whom its spec names as
 * readers (a plain directive is remembered once found: an id is a secret one's only if its spec is
 * secret; a secret one is read each time, since a relaunch may replace a row whose cascade never
 * started, readers and all), and the log of every read of
 * one, written after each answer through one queue per process (rows numbered in the order the
 * answers were sent, never holding one up; a failed write goes to `onError`, the next one goes on).
 */
import type { Pool } from 'pg';
import { z } from 'zod';
import type { SecretReader } from '../domain/directive/secrecy';
import { flattenZodError, singleLineText } from '../domain/text/fields';
import { listDirectives } from '../store/directory-queries';
import { insertSecretRead, listSecretReads, type SecretReadEntry, type SecretReadRow } from '../store/secret-reads';
import { InputError } from './errors';

/** A launched directive's secrecy. */
export interface DirectiveSecrecy {
  secret: boolean;
  readers: readonly SecretReader[];
}

const PLAIN: DirectiveSecrecy = { secret: false, readers: [] };

/** Most entries one listing returns. */
const MAX_LISTING = 1_000;

const limitError = `limit must be a whole number between 1 and ${MAX_LISTING}`;
/** What the secretariat asks for: the reads of one directive and/or one subject, the newest `limit`, oldest first. */
const SecretReadFilterSchema = z.strictObject({
  directive: singleLineText('directive', 200).optional(),
  sub: singleLineText('sub', 200).optional(),
  limit: z.int({ error: limitError }).min(1, { error: limitError }).max(MAX_LISTING, { error: limitError }).default(200),
});

/** See the file comment. */
export class SecretReads {
  private tail: Promise<void> = Promise.resolve();
  private readonly plain = new Set<string>();

  constructor(private readonly pool: Pool) {}

  /**
   * Whether `directiveId` is secret and its readers; null for a directive not launched. Only launched
   * plain ones are remembered, so an id asked for before its launch is looked up again after it.
   */
  async secrecy(directiveId: string): Promise<DirectiveSecrecy | null> {
    if (this.plain.has(directiveId)) return PLAIN;
    const [row] = await listDirectives(this.pool, directiveId);
    if (!row) return null;
    if (!row.secret) {
      this.plain.add(directiveId);
      return PLAIN;
    }
    return { secret: true, readers: row.readers };
  }

  /** Queues one read's row; resolves once it is written (or failed, told to `onError`), never rejects. */
  record(row: SecretReadRow, onError: (error: unknown) => void): Promise<void> {
    this.tail = this.tail.then(() => insertSecretRead(this.pool, row)).catch(onError);
    return this.tail;
  }

  /** The newest reads (`limit`, default 200, at most 1,000; of `directive` and `sub` when given), oldest first. */
  async list(filterInput: unknown): Promise<SecretReadEntry[]> {
    const parsed = SecretReadFilterSchema.safeParse(filterInput ?? {});
    if (!parsed.success) {
      const issues = flattenZodError(parsed.error);
      throw new InputError(`the secret reads filter: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`, issues);
    }
    const { directive, sub, limit } = parsed.data;
    return listSecretReads(this.pool, { directiveId: directive, subject: sub, limit });
  }
}
