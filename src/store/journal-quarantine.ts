/**
 * The journal quarantine (migration 0006): entries PostgreSQL refused for good, kept aside so the
 * rest of their batch is written and their committee goes on. Every statement on the table lives here.
 */
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { AuditEntry, ProjectionRow } from '../domain/cascade/records';
import type { PermanentDbError } from './permanent-db-errors';

/** An entry of a journal batch, tagged with its table. */
export type JournalEntry = { type: 'audit'; entry: AuditEntry } | { type: 'projection'; entry: ProjectionRow };

/** An entry PostgreSQL refused, and why. */
export interface RefusedEntry {
  item: JournalEntry;
  error: PermanentDbError;
}

/** A quarantined entry as the secretariat reads it. */
export interface QuarantinedEntry {
  id: number;
  directiveId: string;
  unitId: string | null;
  entryType: 'audit' | 'projection';
  /** The audit record's kind, or the projection row's status. */
  kind: string;
  /** The entry as it was handed to the journal (NUL and lone surrogates as \u escapes in the stored JSON). */
  entry: Record<string, unknown>;
  errorCode: string;
  errorMessage: string;
  quarantinedAt: string;
}

const INSERT = `
  INSERT INTO journal_quarantine (directive_id, unit_id, entry_type, kind, entry_json, entry_key, error_code, error_message)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
  ON CONFLICT (entry_key) DO NOTHING
  RETURNING id, entry_key`;

const LIST = `
  SELECT id, directive_id, unit_id, entry_type, kind, entry_json, error_code, error_message, quarantined_at
    FROM journal_quarantine WHERE directive_id = $1 ORDER BY id`;

/**
 * Text as PostgreSQL can always hold it: NUL and lone surrogates become \u escapes (a NUL is
 * refused in text; pg's UTF-8 encoding would silently turn a lone surrogate into U+FFFD).
 */
export function storableText(text: string): string {
  return text.replace(
    /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function kindOf(item: JournalEntry): string {
  return item.type === 'audit' ? item.entry.kind : item.entry.status;
}

/** Keeps refused entries (each once, whoever refuses it again); returns the ids of those new to the quarantine. */
export async function quarantineEntries(pool: Pool, refused: readonly RefusedEntry[]): Promise<Map<RefusedEntry, number>> {
  if (refused.length === 0) return new Map();
  const json = refused.map((r) => JSON.stringify(r.item.entry));
  const keys = refused.map((r, i) => createHash('sha256').update(`${r.item.type}\n${json[i]}`).digest('hex'));
  const { rows } = await pool.query<{ id: string; entry_key: string }>(INSERT, [
    refused.map((r) => storableText(String(r.item.entry.directiveId))),
    refused.map((r) => (r.item.entry.unitId === null ? null : storableText(String(r.item.entry.unitId)))),
    refused.map((r) => r.item.type),
    refused.map((r) => storableText(String(kindOf(r.item)))),
    json,
    keys,
    refused.map((r) => storableText(r.error.code)),
    refused.map((r) => storableText(r.error.message)),
  ]);
  const idByKey = new Map(rows.map((r) => [r.entry_key, Number(r.id)]));
  const added = new Map<RefusedEntry, number>();
  refused.forEach((r, i) => {
    const id = idByKey.get(keys[i] as string);
    if (id === undefined) return;
    added.set(r, id);
    idByKey.delete(keys[i] as string); // the same entry twice in one batch is new once
  });
  return added;
}

/** The quarantined entries of a directive, oldest first. */
export async function listQuarantine(pool: Pool, directiveId: string): Promise<QuarantinedEntry[]> {
  const { rows } = await pool.query<{
    id: string;
    directive_id: string;
    unit_id: string | null;
    entry_type: 'audit' | 'projection';
    kind: string;
    entry_json: string;
    error_code: string;
    error_message: string;
    quarantined_at: Date;
  }>(LIST, [directiveId]);
  return rows.map((r) => ({
    id: Number(r.id),
    directiveId: r.directive_id,
    unitId: r.unit_id,
    entryType: r.entry_type,
    kind: r.kind,
    entry: JSON.parse(r.entry_json) as Record<string, unknown>,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    quarantinedAt: r.quarantined_at.toISOString(),
  }));
}
