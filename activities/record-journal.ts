/** recordJournal: append audit records and upsert unit projections in one transaction, safely retryable. */
import type { Pool, PoolClient } from 'pg';
import type { AuditEntry, JournalBatch, ProjectionRow } from './contract';
import { chunks, withTransaction } from './db';

/** Rows per INSERT: keeps each statement's parameters (arrays) a few hundred kB at most. */
const ROWS_PER_STATEMENT = 2000;

// One multi-row INSERT per chunk: each column travels as one array parameter, unnest zips them.
const INSERT_AUDIT = `
  INSERT INTO audit_log (directive_id, unit_id, kind, actor, payload, occurred_at, dedupe_key)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[], $7::text[])
  ON CONFLICT (dedupe_key) DO NOTHING`;

// ancestors is a list per row, which a flat array parameter cannot carry, so it travels as JSON.
// The WHERE on DO UPDATE makes an older or replayed version a no-op (rowCount counts only real writes).
const UPSERT_PROJECTIONS = `
  INSERT INTO unit_projection (directive_id, unit_id, level, parent_id, ancestors, status, deadline, received_at,
                               completed_at, attendees, members, essays_submitted, essays_expected, version)
  SELECT r.directive_id, r.unit_id, r.level, r.parent_id, ARRAY(SELECT jsonb_array_elements_text(r.ancestors)),
         r.status, r.deadline, r.received_at, r.completed_at, r.attendees, r.members, r.essays_submitted,
         r.essays_expected, r.version
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::timestamptz[],
              $8::timestamptz[], $9::timestamptz[], $10::int[], $11::int[], $12::int[], $13::int[], $14::bigint[])
       AS r(directive_id, unit_id, level, parent_id, ancestors, status, deadline, received_at, completed_at,
            attendees, members, essays_submitted, essays_expected, version)
  ON CONFLICT (directive_id, unit_id) DO UPDATE SET
    level = EXCLUDED.level, parent_id = EXCLUDED.parent_id, ancestors = EXCLUDED.ancestors,
    status = EXCLUDED.status, deadline = EXCLUDED.deadline, received_at = EXCLUDED.received_at,
    completed_at = EXCLUDED.completed_at, attendees = EXCLUDED.attendees, members = EXCLUDED.members,
    essays_submitted = EXCLUDED.essays_submitted, essays_expected = EXCLUDED.essays_expected,
    version = EXCLUDED.version, updated_at = now()
  WHERE unit_projection.version < EXCLUDED.version`;

// Every unit of one committee scope (same directive, same parent) shares the unit_rollup_counts
// rows its trigger updates, row by row in batch order: two transactions writing units of one scope
// in different orders (a committee's batch, an API process's single-unit write) would deadlock on
// them. One advisory lock per (directive, scope), taken before anything else and in key order,
// makes them queue instead. The two-key form keeps these apart from single-key locks (db/migrate.ts);
// a hash collision only serialises two scopes needlessly. A unit whose parent changes (a moved
// subtree) also leaves its old scope's counter row, which is not locked here: moves are rare.
// PostgreSQL evaluates a volatile select-list function after the ORDER BY sort (since 9.6), so
// the locks are taken in key order.
const LOCK_SCOPES = `
  SELECT pg_advisory_xact_lock(k.directive_key, k.scope_key)
  FROM (SELECT DISTINCT hashtext(t.directive_id) AS directive_key, hashtext(t.scope_id) AS scope_key
        FROM unnest($1::text[], $2::text[]) AS t(directive_id, scope_id)) AS k
  ORDER BY k.directive_key, k.scope_key`;

/** Locks the rollup scopes the rows are counted in: their parents (a unit without one is not counted). */
async function lockScopes(client: PoolClient, rows: readonly ProjectionRow[]): Promise<void> {
  const counted = rows.filter((r) => r.parentId !== null);
  if (counted.length === 0) return;
  await client.query(LOCK_SCOPES, [counted.map((r) => r.directiveId), counted.map((r) => r.parentId)]);
}

async function insertAudit(client: PoolClient, rows: readonly AuditEntry[]): Promise<number> {
  const result = await client.query(INSERT_AUDIT, [
    rows.map((r) => r.directiveId),
    rows.map((r) => r.unitId),
    rows.map((r) => r.kind),
    rows.map((r) => r.actor),
    rows.map((r) => JSON.stringify(r.payload)),
    rows.map((r) => r.occurredAt),
    rows.map((r) => r.dedupeKey),
  ]);
  return result.rowCount ?? 0;
}

async function upsertProjections(client: PoolClient, rows: readonly ProjectionRow[]): Promise<number> {
  const result = await client.query(UPSERT_PROJECTIONS, [
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
  return result.rowCount ?? 0;
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

/**
 * Appends the audit records (a repeated dedupeKey is skipped) and upserts the projection rows
 * (only where the incoming version is newer), all in one transaction; returns the rows actually written.
 */
export async function recordJournal(pool: Pool, batch: JournalBatch): Promise<{ audit: number; projections: number }> {
  if (batch.audit.length === 0 && batch.projections.length === 0) return { audit: 0, projections: 0 };
  const projections = newestPerUnit(batch.projections);
  return withTransaction(pool, async (client) => {
    await lockScopes(client, projections);
    let audit = 0;
    for (const chunk of chunks(batch.audit, ROWS_PER_STATEMENT)) audit += await insertAudit(client, chunk);
    let written = 0;
    for (const chunk of chunks(projections, ROWS_PER_STATEMENT)) written += await upsertProjections(client, chunk);
    return { audit, projections: written };
  });
}
