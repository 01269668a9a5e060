/** A unit's attachments to its report: uploaded by the unit itself, listed and downloaded by whoever may read the unit. */
import { Readable } from 'node:stream';
import { AttachmentIdParamsSchema, UnitParamsSchema } from '../request/schemas';
import { drain, uploadedFile } from '../request/multipart-file';
import { attachmentDisposition } from './content-disposition';
import { guard, limited, principalOf, rawParam, type RoutePlugin } from './route-kit';

const tags = ['unit'];

/** Registers the attachment routes. */
export const attachmentRoutes: RoutePlugin = async (app, deps) => {
  const { access, cascade } = deps;
  const asUnit = [guard((req, p) => access.actAsUnit(p, rawParam(req, 'id'), rawParam(req, 'unitId'))), limited(deps.limits, 'reports')];
  const reader = guard((req, p) => access.readUnit(p, rawParam(req, 'id'), rawParam(req, 'unitId')));

  /**
   * Attaches a file (multipart/form-data, field `file`: the plan or minutes as PDF, DOCX, PNG or
   * JPEG, at most 20 MiB, judged from its bytes) to the unit's filed report; a later one replaces it.
   */
  app.post(
    '/directives/:id/units/:unitId/attachments',
    {
      schema: {
        summary: 'Attach a file to the unit’s report',
        description:
          'multipart/form-data with one file in the field `file`: the plan or minutes as PDF, DOCX, PNG or JPEG, at most 20 MiB, its kind told from its bytes. 201 with the attachment stored and the one it replaced; 413 (rule attachment-size) or 415 (rule attachment-type) with nothing stored; 409 not-reported before the unit has filed its report.',
        tags,
        params: UnitParamsSchema,
      },
      preValidation: asUnit,
    },
    async (request, reply) => {
      const { id, unitId } = request.params;
      const file = await uploadedFile(request);
      try {
        const stored = await cascade.attach(id, unitId, { name: file.filename, content: file.file }, principalOf(request).sub);
        return reply.code(201).send(stored);
      } catch (err) {
        await drain(file);
        throw err;
      }
    },
  );

  /** The files attached to the unit's report, replaced ones included (each names the one that replaced it), oldest first. */
  app.get(
    '/directives/:id/units/:unitId/attachments',
    { schema: { summary: 'A unit’s attachments', tags, params: UnitParamsSchema }, preValidation: reader },
    async (request) => ({ attachments: await cascade.attachments(request.params.id, request.params.unitId) }),
  );

  /** One attachment's bytes, streamed, as a download with its own content type. */
  app.get(
    '/directives/:id/units/:unitId/attachments/:attachmentId',
    { schema: { summary: 'Download an attachment', tags, params: AttachmentIdParamsSchema }, preValidation: reader },
    async (request, reply) => {
      const { id, unitId, attachmentId } = request.params;
      const { attachment, content } = await cascade.openAttachment(id, unitId, attachmentId);
      return reply
        .header('content-type', attachment.contentType)
        .header('content-length', String(attachment.size))
        .header('content-disposition', attachmentDisposition(attachment.name))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(Readable.from(content));
    },
  );
};
