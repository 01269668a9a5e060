/**
 * The files units attach to their reports (migration 0021): the bytes in 256 KiB rows written while
 * the upload streams, the row that lists the file once its size and hash are known, and its record
 * in the unit's audit trail, all in the caller's transaction; read back one chunk at a time.
 */
import type { Pool, PoolClient } from 'pg';

/** Largest row of bytes (the column's CHECK says the same). */
export const ATTACHMENT_CHUNK_BYTES = 262_144;

/** What is known of a file once all its bytes are stored. */
export interface AttachmentRecord {
  id: string;
  directiveId: string;
  unitId: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
}

/** A stored attachment as listed: what is known of its file, and when it was uploaded and replaced. */
export interface AttachmentRow extends AttachmentRecord {
  uploadedAt: string;
  /** When and by which attachment it was replaced, or null for the current one. */
  replacedAt: string | null;
  replacedBy: string | null;
}

/** The id the next attachment will have, taken before its bytes stream in (its chunks name it). */
export async function nextAttachmentId(client: PoolClient): Promise<string> {
  const { rows } = await client.query<{ id: string }>(`SELECT nextval('attachments_id_seq')::text AS id`);
  return (rows[0] as { id: string }).id;
}

/** Stores one chunk of an attachment's bytes (the attachment's row follows in the same transaction). */
export async function insertAttachmentChunk(client: PoolClient, attachmentId: string, seq: number, data: Uint8Array): Promise<void> {
  await client.query('INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES ($1, $2, $3)', [attachmentId, seq, data]);
}

/**
 * Stores the attachment's row once its bytes are stored and judged, set aside: a row replaced by
 * nothing (`replaced_at` set, `replaced_by` null) is an upload whose report is not recorded (yet, or
 * ever, when it was refused). Listings and downloads skip it; `makeAttachmentCurrent` lists it.
 */
export async function insertStagedAttachment(client: PoolClient, a: AttachmentRecord): Promise<void> {
  await client.query(
    `INSERT INTO attachments (id, directive_id, unit_id, file_name, content_type, size_bytes, sha256, uploaded_by, replaced_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
    [a.id, a.directiveId, a.unitId, a.name, a.contentType, a.size, a.sha256, a.uploadedBy],
  );
}

/**
 * Lists a staged attachment as the unit's current one: the one it had is marked replaced by it
 * (kept, still downloadable), and the unit's audit trail records the upload. Uploads for one unit
 * take turns (a transaction lock), so two at once replace one another in order instead of
 * colliding. Staged uploads a day old that never became current (a process that stopped between
 * the two steps) are removed on the way. Returns the id of the attachment it replaced, or null.
 */
export async function makeAttachmentCurrent(client: PoolClient, a: AttachmentRecord): Promise<string | null> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 21))', [`attachment/${a.directiveId}/${a.unitId}`]);
  await client.query(`DELETE FROM attachments WHERE replaced_by IS NULL AND replaced_at < now() - interval '1 day' AND id <> $1`, [a.id]);
  const replaced = await client.query<{ id: string }>(
    `UPDATE attachments SET replaced_at = now(), replaced_by = $3 WHERE directive_id = $1 AND unit_id = $2 AND replaced_at IS NULL RETURNING id::text`,
    [a.directiveId, a.unitId, a.id],
  );
  const replacedId = replaced.rows[0]?.id ?? null;
  await client.query('UPDATE attachments SET replaced_at = NULL WHERE id = $1', [a.id]);
  const payload = { attachmentId: a.id, name: a.name, contentType: a.contentType, size: a.size, sha256: a.sha256, replaces: replacedId };
  await client.query(`INSERT INTO audit_log (directive_id, unit_id, kind, actor, payload, occurred_at) VALUES ($1, $2, 'attachment', $3, $4, now())`, [
    a.directiveId,
    a.unitId,
    a.uploadedBy,
    JSON.stringify(payload),
  ]);
  return replacedId;
}

/** Removes a staged attachment and its bytes (its report was refused); a current or replaced one is never touched. */
export async function discardStagedAttachment(pool: Pool, attachmentId: string): Promise<void> {
  await pool.query('DELETE FROM attachments WHERE id = $1 AND replaced_by IS NULL AND replaced_at IS NOT NULL', [attachmentId]);
}

interface Row {
  id: string;
  directive_id: string;
  unit_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: Date;
  replaced_at: Date | null;
  replaced_by: string | null;
}

const COLUMNS = `id::text, directive_id, unit_id, file_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at, replaced_at, replaced_by::text`;

function fromRow(r: Row): AttachmentRow {
  return {
    id: r.id,
    directiveId: r.directive_id,
    unitId: r.unit_id,
    name: r.file_name,
    contentType: r.content_type,
    size: r.size_bytes,
    sha256: r.sha256,
    uploadedBy: r.uploaded_by,
    uploadedAt: r.uploaded_at.toISOString(),
    replacedAt: r.replaced_at?.toISOString() ?? null,
    replacedBy: r.replaced_by,
  };
}

/** A row that is listed: current, or replaced by a later one (not a staged upload, see insertStagedAttachment). */
const LISTED = '(replaced_at IS NULL OR replaced_by IS NOT NULL)';

/** Every attachment of a unit's report in a directive, replaced ones included, oldest first. */
export async function listAttachments(pool: Pool, directiveId: string, unitId: string): Promise<AttachmentRow[]> {
  const { rows } = await pool.query<Row>(`SELECT ${COLUMNS} FROM attachments WHERE directive_id = $1 AND unit_id = $2 AND ${LISTED} ORDER BY id`, [
    directiveId,
    unitId,
  ]);
  return rows.map(fromRow);
}

/** One attachment of a unit's report, or null (also when the id is another unit's); on a transaction's client it sees that transaction's rows. */
export async function findAttachment(db: Pool | PoolClient, directiveId: string, unitId: string, attachmentId: string): Promise<AttachmentRow | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM attachments WHERE directive_id = $1 AND unit_id = $2 AND id = $3 AND ${LISTED}`, [
    directiveId,
    unitId,
    attachmentId,
  ]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** The attachment's chunk number `seq`, or null past its last. */
export async function attachmentChunk(pool: Pool, attachmentId: string, seq: number): Promise<Buffer | null> {
  const { rows } = await pool.query<{ data: Buffer }>('SELECT data FROM attachment_chunks WHERE attachment_id = $1 AND seq = $2', [attachmentId, seq]);
  return rows[0]?.data ?? null;
}
