/**
 * recordJournal: append audit records and upsert unit projections in one transaction, safely
 * retryable; an entry PostgreSQL refuses for good is quarantined and the rest is written.
 */
import type { Pool, PoolClient } from 'pg';
import type { AuditEntry, JournalEntries, ProjectionRow } from '../domain/cascade/records';
import { chunks, withTransaction } from './db';
import { quarantineEntries, storableText, type JournalEntry, type RefusedEntry } from './journal-quarantine';
import { permanentDbError } from './permanent-db-errors';

/** Rows per INSERT: keeps each statement's parameters (arrays) a few hundred kB at most. */
const ROWS_PER_STATEMENT = 2000;

// Both tables in one call of journal_write (migration 0005): its locks, the audit insert and the
// projection upsert run in the call's transaction, one round trip instead of five for a report.
// Not a named (prepared) statement: the embedded PostgreSQL of `npm start` is one session shared by
// every connection, where a second connection's prepare fails (docs/decisions.md, 2026-12-05).
const JOURNAL_WRITE = `
  SELECT audit, projections FROM journal_write($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[], $7::text[],
    $8::text[], $9::text[], $10::text[], $11::text[], $12::jsonb[], $13::text[], $14::timestamptz[], $15::timestamptz[],
    $16::timestamptz[], $17::int[], $18::int[], $19::int[], $20::int[], $21::bigint[])`;

// Every unit of one committee scope (same directive, same parent) shares the unit_rollup_counts
// rows its trigger updates, row by row in batch order: two transactions writing units of one scope
// in different orders would deadlock on them, so journal_write first takes one advisory lock per
// (directive, scope), in key order (see the migration). A batch written in several calls locks all
// its scopes first, so two such batches still take their locks in one global order. A unit whose
// parent changes (a moved subtree) also leaves its old scope's counter row, which is not locked
// here: moves are rare.
const LOCK_SCOPES = 'SELECT journal_lock_scopes($1::text[], $2::text[])';

type Queryable = Pick<PoolClient, 'query'> | Pool;

async function writeChunk(db: Queryable, audit: readonly AuditEntry[], rows: readonly ProjectionRow[]): Promise<{ audit: number; projections: number }> {
  const result = await db.query<{ audit: number; projections: number }>(JOURNAL_WRITE, [
    audit.map((r) => r.directiveId),
    audit.map((r) => r.unitId),
    audit.map((r) => r.kind),
    audit.map((r) => r.actor),
    audit.map((r) => JSON.stringify(r.payload)),
    audit.map((r) => r.occurredAt),
    audit.map((r) => r.dedupeKey),
    rows.map((r) => r.directiveId),
    rows.map((r) => r.unitId),
    rows.map((r) => r.level),
    rows.map((r) => r.parentId),
    rows.map((r) => JSON.stringify(r.ancestors)),
    rows.map((r) => r.status),
    rows.map((r) => r.deadline),
    rows.map((r) => r.receivedAt),
    rows.map((r) => r.completedAt),
    rows.map((r) => r.attendees),
    rows.map((r) => r.members),
    rows.map((r) => r.essaysSubmitted),
    rows.map((r) => r.essaysExpected),
    rows.map((r) => r.version),
  ]);
  const written = result.rows[0];
  return { audit: written?.audit ?? 0, projections: written?.projections ?? 0 };
}

/**
 * One row per unit, the highest version winning: DO UPDATE may not touch the same row twice in a
 * statement, and an older version of the same unit would be dropped by the version guard anyway.
 */
function newestPerUnit(rows: readonly ProjectionRow[]): ProjectionRow[] {
  const newest = new Map<string, ProjectionRow>();
  for (const row of rows) {
    const key = `${row.directiveId}\u0000${row.unitId}`;
    const seen = newest.get(key);
    if (!seen || seen.version < row.version) newest.set(key, row);
  }
  return [...newest.values()];
}

/** What a journal write did: rows written, and entries set aside in the quarantine (only when there were any). */
export interface JournalWriteResult {
  audit: number;
  projections: number;
  quarantined?: number;
}

/** Options of recordJournal. */
export interface RecordJournalOptions {
  /** Where the alert line of a newly quarantined entry goes (default: stderr, which the worker's and API's logs collect). */
  alert?: (line: string) => void;
}

/**
 * Appends the audit records (a repeated dedupeKey is skipped) and upserts the projection rows
 * (only where the incoming version is newer), all in one transaction; returns the rows actually
 * written. When PostgreSQL refuses the batch for a reason no retry cures (permanent-db-errors.ts),
 * the refused entries are found by halving, the others written, and each refused one kept in the
 * quarantine with an alert: the call succeeds, so a committee is never stuck on one bad entry.
 * Any other failure (an outage) is thrown, and the activity retried, as before.
 */
export async function recordJournal(pool: Pool, batch: JournalEntries, opts: RecordJournalOptions = {}): Promise<JournalWriteResult> {
  if (batch.audit.length === 0 && batch.projections.length === 0) return { audit: 0, projections: 0 };
  const projections = newestPerUnit(batch.projections);
  try {
    return await writeAll(pool, batch.audit, projections);
  } catch (error) {
    const refusal = permanentDbError(error);
    if (!refusal) throw error;
    const items: JournalEntry[] = [
      ...batch.audit.map((entry) => ({ type: 'audit', entry }) as const),
      ...projections.map((entry) => ({ type: 'projection', entry }) as const),
    ];
    const total = { audit: 0, projections: 0 };
    const refused: RefusedEntry[] = [];
    await isolateRefused(pool, items, refusal, total, refused);
    const added = await quarantineEntries(pool, refused);
    for (const [r, id] of added) (opts.alert ?? defaultAlert)(alertLine(r, id));
    return { ...total, quarantined: refused.length };
  }
}

/** Writes `items`; when PostgreSQL refuses them for good, halves them until each refused entry stands alone in `refused`. */
async function writeAround(pool: Pool, items: JournalEntry[], total: { audit: number; projections: number }, refused: RefusedEntry[]): Promise<void> {
  try {
    const written = await writeAll(
      pool,
      items.flatMap((i) => (i.type === 'audit' ? [i.entry] : [])),
      items.flatMap((i) => (i.type === 'projection' ? [i.entry] : [])),
    );
    total.audit += written.audit;
    total.projections += written.projections;
  } catch (error) {
    const refusal = permanentDbError(error);
    if (!refusal) throw error;
    await isolateRefused(pool, items, refusal, total, refused);
  }
}

/** `items` were refused with `refusal`: one entry is refused itself, more are written half by half. */
async function isolateRefused(
  pool: Pool,
  items: JournalEntry[],
  refusal: RefusedEntry['error'],
  total: { audit: number; projections: number },
  refused: RefusedEntry[],
): Promise<void> {
  if (items.length === 1) refused.push({ item: items[0] as JournalEntry, error: refusal });
  else for (const half of halves(items)) await writeAround(pool, half, total, refused);
}

function halves<T>(items: readonly T[]): [T[], T[]] {
  const middle = Math.ceil(items.length / 2);
  return [items.slice(0, middle), items.slice(middle)];
}

/** One line for the operators' log: where the entry belongs and why it was refused; never its content (names, notes). */
function alertLine(r: RefusedEntry, id: number): string {
  const { entry } = r.item;
  const what = r.item.type === 'audit' ? `audit record '${r.item.entry.kind}'` : `projection row (${r.item.entry.status}, version ${r.item.entry.version})`;
  const message = storableText(r.error.message)
    .replace(/[\r\n]+/g, ' ')
    .slice(0, 300);
  return (
    `ALERT journal entry quarantined (#${id}): PostgreSQL refused the ${what} of unit ${storableText(String(entry.unitId))} in directive ${storableText(entry.directiveId)} ` +
    `for good (${r.error.code}: ${message}); the rest of its batch was written. See \`cascade quarantine ${storableText(entry.directiveId)}\`.`
  );
}

function defaultAlert(line: string): void {
  console.error(line);
}

/** The whole batch in one call, or in chunks within one transaction when it is larger than a statement. */
async function writeAll(pool: Pool, audit: readonly AuditEntry[], projections: readonly ProjectionRow[]): Promise<{ audit: number; projections: number }> {
  const auditChunks = chunks(audit, ROWS_PER_STATEMENT);
  const projectionChunks = chunks(projections, ROWS_PER_STATEMENT);
  // A batch of one statement's size (every report, every launch up to 2,000 units) is one call.
  if (auditChunks.length <= 1 && projectionChunks.length <= 1) return writeChunk(pool, auditChunks[0] ?? [], projectionChunks[0] ?? []);
  return withTransaction(pool, async (client) => {
    await client.query(LOCK_SCOPES, [projections.map((r) => r.directiveId), projections.map((r) => r.parentId)]);
    const total = { audit: 0, projections: 0 };
    for (let i = 0; i < Math.max(auditChunks.length, projectionChunks.length); i++) {
      const written = await writeChunk(client, auditChunks[i] ?? [], projectionChunks[i] ?? []);
      total.audit += written.audit;
      total.projections += written.projections;
    }
    return total;
  });
}
