/**
 * A unit's attachments (its plan or minutes) to its report: an upload streams into PostgreSQL in
 * 256 KiB rows while its SHA-256 and size are counted and its kind is told from its bytes; a file
 * over 20 MiB or of a kind not accepted is refused the moment that is known, naming the rule, and
 * its transaction rolls back, so nothing is stored. A download streams the rows back one at a time.
 */
import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { ACCEPTED_KINDS_TEXT, ATTACHMENT_KINDS, FileKindSniffer, MAX_ATTACHMENT_BYTES } from '../domain/attachment/file-kind';
import { flattenZodError, singleLineText } from '../domain/text/fields';
import { formatEnNumber } from '../domain/text/numbers';
import { withTransaction } from '../store/db';
import {
  ATTACHMENT_CHUNK_BYTES,
  attachmentChunk,
  findAttachment,
  insertAttachmentChunk,
  listAttachments,
  discardStagedAttachment,
  insertStagedAttachment,
  makeAttachmentCurrent,
  nextAttachmentId,
  type AttachmentRecord,
  type AttachmentRow,
} from '../store/attachments';
import { CascadeError, InputError, NotFoundError } from './errors';

/** A file as it arrives: the name its sender gave it and its bytes, in order. */
export interface IncomingFile {
  name: string;
  content: AsyncIterable<Uint8Array>;
}

/** An attachment stored, and the one it replaced (null if none). */
export interface StoredAttachment {
  attachment: AttachmentRow;
  replaced: string | null;
}

/** A stored attachment and its bytes, read one chunk at a time as they are consumed. */
export interface AttachmentDownload {
  attachment: AttachmentRow;
  content: AsyncIterable<Buffer>;
}

/** A file refused for its size (413) or its kind (415); the issue names the field and the rule. */
export class AttachmentRefusedError extends CascadeError {
  constructor(status: 413 | 415, rule: string, message: string) {
    super(message, status, status === 413 ? 'AttachmentTooLarge' : 'AttachmentType', [{ path: 'file', rule, message }]);
  }
}

const FileNameSchema = singleLineText('file name', 255);

/** The name kept for a file: what its sender called it, without any folder a browser or client put before it. */
function fileNameOf(given: string): string {
  const base = given.split(/[\\/]/).pop()?.trim() ?? '';
  const parsed = FileNameSchema.safeParse(base);
  if (!parsed.success)
    throw new InputError(
      `file: ${parsed.error.issues[0]?.message ?? 'bad file name'}`,
      flattenZodError(parsed.error).map((i) => ({ ...i, path: 'file' })),
    );
  return parsed.data;
}

function hexHead(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4), (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

function tooLarge(name: string): AttachmentRefusedError {
  return new AttachmentRefusedError(
    413,
    'attachment-size',
    `file "${name}" is larger than 20 MiB (${formatEnNumber(MAX_ATTACHMENT_BYTES)} bytes), the most an attachment may be; nothing was stored. Send a smaller file (scan at a lower resolution, or split it)`,
  );
}

function wrongKind(name: string, head: Uint8Array, zip: boolean): AttachmentRefusedError {
  const what = zip ? 'a ZIP archive without word/document.xml, so not a Word document' : `none of them (its first bytes are ${hexHead(head) || 'missing'})`;
  return new AttachmentRefusedError(
    415,
    'attachment-type',
    `file "${name}" must be a ${ACCEPTED_KINDS_TEXT} file, told from its content (not its name or declared type); it is ${what}; nothing was stored`,
  );
}

/** See the file comment. */
export class Attachments {
  constructor(private readonly pool: Pool) {}

  /** Stores `file` as the unit's current attachment, replacing the one it had (kept, marked replaced); one transaction. */
  async attach(directiveId: string, unitId: string, file: IncomingFile, actor: string): Promise<StoredAttachment> {
    const name = fileNameOf(file.name);
    return withTransaction(this.pool, async (client) => this.makeCurrent(client, await this.stage(client, directiveId, unitId, name, file.content, actor)));
  }

  /**
   * Stores `file`, then runs `send` (the report or correction it goes with), then lists the file
   * as the unit's current attachment: a refused file sends nothing, a refused report discards the
   * file. Three short steps rather than one transaction around `send`: the report's own journal
   * write needs the database meanwhile, and the embedded PostgreSQL of `npm start` (one session)
   * would hold it back until the transaction ended, which would wait for the report: a deadlock.
   */
  async attachWith<T>(directiveId: string, unitId: string, file: IncomingFile, actor: string, send: () => Promise<T>): Promise<StoredAttachment & { sent: T }> {
    const name = fileNameOf(file.name);
    const staged = await withTransaction(this.pool, (client) => this.stage(client, directiveId, unitId, name, file.content, actor));
    let sent: T;
    try {
      sent = await send();
    } catch (err) {
      // Left behind if this fails too: a staged row is never listed, and the next upload's sweep removes it after a day.
      await discardStagedAttachment(this.pool, staged.id).catch(() => undefined);
      throw err;
    }
    return { ...(await withTransaction(this.pool, (client) => this.makeCurrent(client, staged))), sent };
  }

  /** Streams the bytes in and stores the attachment's row set aside (staged), in the caller's transaction. */
  private async stage(client: PoolClient, directiveId: string, unitId: string, name: string, content: AsyncIterable<Uint8Array>, actor: string) {
    const id = await nextAttachmentId(client);
    const { size, sha256, kind } = await this.streamInto(client, id, name, content);
    const row: AttachmentRecord = { id, directiveId, unitId, name, contentType: ATTACHMENT_KINDS[kind].contentType, size, sha256, uploadedBy: actor };
    await insertStagedAttachment(client, row);
    return row;
  }

  private async makeCurrent(client: PoolClient, row: AttachmentRecord): Promise<StoredAttachment> {
    const replaced = await makeAttachmentCurrent(client, row);
    const stored = await findAttachment(client, row.directiveId, row.unitId, row.id);
    if (!stored) throw new Error(`attachment ${row.id} of ${row.unitId} was not found in the transaction that listed it`);
    return { attachment: stored, replaced };
  }

  /** Writes the bytes in chunks as they come, hashing, counting and judging them; throws at the first broken rule. */
  private async streamInto(client: PoolClient, id: string, name: string, content: AsyncIterable<Uint8Array>) {
    const hash = createHash('sha256');
    const sniffer = new FileKindSniffer();
    let head = new Uint8Array(0);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let size = 0;
    let seq = 0;
    const flush = async (all: boolean) => {
      let joined = Buffer.concat(pending, pendingBytes);
      while (joined.length >= ATTACHMENT_CHUNK_BYTES || (all && joined.length > 0)) {
        const piece = joined.subarray(0, ATTACHMENT_CHUNK_BYTES);
        await insertAttachmentChunk(client, id, seq++, piece);
        joined = joined.subarray(piece.length);
      }
      pending = joined.length ? [Buffer.from(joined)] : [];
      pendingBytes = joined.length;
    };
    for await (const chunk of content) {
      if (chunk.length === 0) continue;
      size += chunk.length;
      if (size > MAX_ATTACHMENT_BYTES) throw tooLarge(name);
      if (head.length < 8) head = Buffer.concat([head, chunk.subarray(0, 8 - head.length)]);
      if (sniffer.push(chunk).state === 'refused') throw wrongKind(name, head, false);
      hash.update(chunk);
      pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      pendingBytes += chunk.length;
      if (pendingBytes >= ATTACHMENT_CHUNK_BYTES) await flush(false);
    }
    if (size === 0)
      throw new InputError(`file "${name}" is empty; attach the plan or minutes themselves`, [
        { path: 'file', rule: 'attachment-empty', message: `file "${name}" is empty` },
      ]);
    const kind = sniffer.finish();
    if (kind === null) throw wrongKind(name, head, head[0] === 0x50 && head[1] === 0x4b);
    await flush(true);
    return { size, sha256: hash.digest('hex'), kind };
  }

  /** Every attachment of the unit's report, replaced ones included (each says by which), oldest first. */
  list(directiveId: string, unitId: string): Promise<AttachmentRow[]> {
    return listAttachments(this.pool, directiveId, unitId);
  }

  /** One attachment and its bytes, streamed; 404 when the unit has no attachment of that id. */
  async open(directiveId: string, unitId: string, attachmentId: string): Promise<AttachmentDownload> {
    const attachment = /^\d{1,18}$/.test(attachmentId) ? await findAttachment(this.pool, directiveId, unitId, attachmentId) : null;
    if (!attachment) throw new NotFoundError(`unit ${unitId} has no attachment ${attachmentId} in directive ${directiveId}`);
    const pool = this.pool;
    async function* content(): AsyncGenerator<Buffer> {
      for (let seq = 0; ; seq++) {
        const chunk = await attachmentChunk(pool, attachment!.id, seq);
        if (!chunk) return;
        yield chunk;
      }
    }
    return { attachment, content: content() };
  }
}
