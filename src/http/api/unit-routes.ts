/** What a unit does for itself: report, correct, acknowledge (with its token or the report link from its email). */
import { z } from 'zod';
import { ReportBodySchema, UnitParamsSchema } from '../request/schemas';
import { guard, limited, principalOf, rawParam, type RoutePlugin } from './route-kit';

const tags = ['unit'];
/** Acknowledging says nothing but that it was received: no body, or an empty object; anything else is a mistake worth a 400. */
const AcknowledgeBodySchema = z.strictObject({}, { error: 'acknowledging takes no body (or {})' }).nullish();

/** Registers the unit routes. */
export const unitRoutes: RoutePlugin = async (app, deps) => {
  const { access, cascade } = deps;
  // Authorised first (a forbidden caller spends nobody's budget), then counted, then validated.
  const asUnit = [guard((req, p) => access.actAsUnit(p, rawParam(req, 'id'), rawParam(req, 'unitId'))), limited(deps.limits, 'reports')];

  /** Files the unit's completion report; the same schema and rules as everywhere, 400 naming the field otherwise. */
  app.post(
    '/directives/:id/units/:unitId/report',
    { schema: { summary: 'File a completion report', tags, params: UnitParamsSchema, body: ReportBodySchema }, preValidation: asUnit },
    async (request) => cascade.report(request.params.id, request.params.unitId, request.body, principalOf(request).sub),
  );

  /** Replaces the unit's earlier report; rollups follow. */
  app.post(
    '/directives/:id/units/:unitId/correct',
    { schema: { summary: 'Correct a completion report', tags, params: UnitParamsSchema, body: ReportBodySchema }, preValidation: asUnit },
    async (request) => cascade.correct(request.params.id, request.params.unitId, request.body, principalOf(request).sub),
  );

  /** Confirms the unit received the directive (idempotent). */
  app.post(
    '/directives/:id/units/:unitId/acknowledge',
    { schema: { summary: 'Acknowledge receipt', tags, params: UnitParamsSchema, body: AcknowledgeBodySchema }, preValidation: asUnit },
    async (request) => cascade.acknowledge(request.params.id, request.params.unitId, principalOf(request).sub),
  );
};
