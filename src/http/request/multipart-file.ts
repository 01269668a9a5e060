/**
 * An uploaded file from a multipart/form-data request (@fastify/multipart), handed on as a stream.
 * The limits are the parser's backstop: the 20 MiB rule itself is counted by the attachment store
 * as the bytes go by, so the parser lets one byte more through for that count to see.
 */
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { MAX_ATTACHMENT_BYTES } from '../../domain/attachment/file-kind';
import { RequestValidationError } from '../errors/http-errors';

/** The options @fastify/multipart is registered with. */
export const MULTIPART_LIMITS = { fileSize: MAX_ATTACHMENT_BYTES + 1, files: 1, fields: 40, fieldSize: 16_384, parts: 41 };

/** The field an upload's file comes in. */
export const FILE_FIELD = 'file';

/** The request's one file (in the field `file`), or 400 naming the field when the request is not multipart or has none. */
export async function uploadedFile(request: FastifyRequest): Promise<MultipartFile> {
  if (!request.isMultipart())
    throw new RequestValidationError([
      { path: FILE_FIELD, rule: 'multipart', message: `send the file as multipart/form-data in a field named "${FILE_FIELD}"` },
    ]);
  const file = await request.file();
  if (!file || file.fieldname !== FILE_FIELD || file.filename === '') {
    if (file) await drain(file);
    throw new RequestValidationError([
      { path: FILE_FIELD, rule: 'required', message: `${FILE_FIELD} is required: the plan or minutes (PDF, DOCX, PNG or JPEG)` },
    ]);
  }
  return file;
}

/** Reads and drops what is left of a file the server has refused, so its sender is answered rather than cut off. */
export async function drain(file: MultipartFile): Promise<void> {
  try {
    for await (const _chunk of file.file) {
      // discarded
    }
  } catch {
    // A file cut at the parser's limit ends in an error; it was refused already.
  }
}
