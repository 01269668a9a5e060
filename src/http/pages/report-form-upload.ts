/**
 * The report form's post with a file attached (multipart/form-data): the fields are read first, in
 * the form's order, then the file is handed on as a stream while it is still arriving. A plain form
 * post (no file chosen, or a browser without the file field) goes through unchanged.
 */
import type { FastifyRequest } from 'fastify';
import type { IncomingFile } from '../../app/attachments';
import { drain, FILE_FIELD } from '../request/multipart-file';

/**
 * Fills `values` with the posted fields and calls `file` once: with the attached file, or null
 * when there is none. A file input left empty arrives as a part with no name and no bytes: no file.
 */
export async function readReportForm(request: FastifyRequest, values: Record<string, string>, file: (f: IncomingFile | null) => Promise<void>): Promise<void> {
  if (!request.isMultipart()) return file(null);
  let handled = false;
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (!handled && typeof part.value === 'string') values[part.fieldname] = part.value;
      continue;
    }
    if (handled || part.fieldname !== FILE_FIELD || part.filename === '') {
      await drain(part);
      continue;
    }
    handled = true;
    try {
      await file({ name: part.filename, content: part.file });
    } catch (err) {
      await drain(part);
      throw err;
    }
  }
  if (!handled) await file(null);
}
