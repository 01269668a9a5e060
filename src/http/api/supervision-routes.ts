/** What supervisors read and do over their subtree: rollups, progress over time, committees, unit lists, timelines, extend, exempt, export, report. */
import {
  DirectiveParamsSchema,
  ExemptBodySchema,
  ExtendBodySchema,
  ProgressQuerySchema,
  ResultsReportQuerySchema,
  RollupQuerySchema,
  UnitFilterQuerySchema,
  UnitListQuerySchema,
  UnitParamsSchema,
} from '../request/schemas';
import { guard, principalOf, rawParam, rawQuery, type RoutePlugin } from './route-kit';

const tags = ['supervisor'];

/** Registers the supervision routes. */
export const supervisionRoutes: RoutePlugin = async (app, deps) => {
  const { access, cascade } = deps;
  const scopeFrom = (name: string) => guard((req, p) => access.scope(p, rawParam(req, 'id'), rawQuery(req, name)));
  const unitGuard = (check: 'readUnit' | 'readTimeline' | 'superviseUnit') => guard((req, p) => access[check](p, rawParam(req, 'id'), rawParam(req, 'unitId')));

  /** The rollup of a subtree (the caller's committee by default): per-level counts, attendance and essay rates; with `asOf`, as it stood then. */
  app.get(
    '/directives/:id/rollup',
    { schema: { summary: 'Rollup of a subtree', tags, params: DirectiveParamsSchema, querystring: RollupQuerySchema }, preValidation: scopeFrom('unit') },
    async (request) => {
      const scope = access.effectiveScope(principalOf(request), request.query.unit);
      return cascade.rollup(request.params.id, scope, request.query.asOf === undefined ? {} : { asOf: request.query.asOf });
    },
  );

  /** Progress over time of a subtree (the caller's committee by default): per level, units expected and done at each instant, and the deadlines; with `asOf`, up to then. */
  app.get(
    '/directives/:id/progress',
    {
      schema: { summary: 'Progress over time of a subtree', tags, params: DirectiveParamsSchema, querystring: ProgressQuerySchema },
      preValidation: scopeFrom('unit'),
    },
    async (request) => {
      const { lang, asOf } = request.query;
      return cascade.progress(request.params.id, { unitId: access.effectiveScope(principalOf(request), request.query.unit), lang, asOf });
    },
  );

  /** A committee's whole live state: its own unit, the leaf units it holds, its child committees and their rollups. */
  app.get(
    '/directives/:id/committees/:unitId',
    {
      schema: { summary: 'A committee and what it holds', tags, params: UnitParamsSchema },
      preValidation: guard((req, p) => access.scope(p, rawParam(req, 'id'), rawParam(req, 'unitId'))),
    },
    async (request) => cascade.committee(request.params.id, request.params.unitId),
  );

  /** Units of the subtree (`under` itself included) filtered by status, level, name and member mismatch, paged (from the projection; eventually consistent). */
  app.get(
    '/directives/:id/units',
    {
      schema: { summary: 'List units (filtered, paged)', tags, params: DirectiveParamsSchema, querystring: UnitListQuerySchema },
      preValidation: scopeFrom('under'),
    },
    async (request) => {
      const { status, level, q, membersMismatch, limit, offset, asOf } = request.query;
      const under = access.effectiveScope(principalOf(request), request.query.under);
      const page = await cascade.listUnits(request.params.id, { status, level, under, membersMismatch, search: q, limit, offset, asOf });
      return { ...page, limit, offset };
    },
  );

  /** One unit's live state (also readable by the unit itself and its report link). */
  app.get(
    '/directives/:id/units/:unitId',
    { schema: { summary: 'A unit’s state', tags: [...tags, 'unit'], params: UnitParamsSchema }, preValidation: unitGuard('readUnit') },
    async (request) => cascade.unit(request.params.id, request.params.unitId),
  );

  /** A unit's timeline: received, acknowledged, reminded, reported, escalated, ... oldest first. */
  app.get(
    '/directives/:id/units/:unitId/timeline',
    { schema: { summary: 'A unit’s timeline', tags, params: UnitParamsSchema }, preValidation: unitGuard('readTimeline') },
    async (request) => ({ entries: await cascade.timeline(request.params.id, request.params.unitId) }),
  );

  /** Moves the deadline of a unit strictly below the caller to a date, quarter or instant. */
  app.post(
    '/directives/:id/units/:unitId/extend',
    { schema: { summary: 'Extend a unit’s deadline', tags, params: UnitParamsSchema, body: ExtendBodySchema }, preValidation: unitGuard('superviseUnit') },
    async (request) => cascade.extend(request.params.id, request.params.unitId, request.body.to, principalOf(request).sub, request.body.reason),
  );

  /** Exempts a unit strictly below the caller, with a reason. */
  app.post(
    '/directives/:id/units/:unitId/exempt',
    { schema: { summary: 'Exempt a unit', tags, params: UnitParamsSchema, body: ExemptBodySchema }, preValidation: unitGuard('superviseUnit') },
    async (request) => cascade.exempt(request.params.id, request.params.unitId, principalOf(request).sub, request.body.reason),
  );

  /** The subtree's units as CSV (safe to open in a spreadsheet). */
  app.get(
    '/directives/:id/export.csv',
    { schema: { summary: 'Export units as CSV', tags, params: DirectiveParamsSchema, querystring: UnitFilterQuerySchema }, preValidation: scopeFrom('under') },
    async (request, reply) => {
      const { status, level, q, membersMismatch, asOf } = request.query;
      const under = access.effectiveScope(principalOf(request), request.query.under);
      const csv = await cascade.exportCsv(request.params.id, { status, level, under, membersMismatch, search: q, asOf });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${request.params.id}${under ? `-${under}` : ''}-units.csv"`)
        .send(csv);
    },
  );

  /** The results report of a subtree from live state: Vietnamese or English, Markdown or printable HTML, a DOCX or PDF in the Party's format, or the XLSX workbook. */
  app.get(
    '/directives/:id/report',
    { schema: { summary: 'Results report', tags, params: DirectiveParamsSchema, querystring: ResultsReportQuerySchema }, preValidation: scopeFrom('unit') },
    async (request, reply) => {
      const { lang, format, number, signer, signerTitle } = request.query;
      const unitId = access.effectiveScope(principalOf(request), request.query.unit);
      if (format === 'docx' || format === 'pdf' || format === 'xlsx') {
        const file = await cascade.resultsReportFile(request.params.id, { format, unitId, lang, number, signer: { name: signer, position: signerTitle } });
        return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.fileName}"`).send(file.bytes);
      }
      const text = await cascade.resultsReport(request.params.id, { unitId, lang, format });
      if (format === 'markdown') return reply.type('text/markdown; charset=utf-8').send(text);
      // The report page carries its own inline print styles and nothing else.
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
        .send(text);
    },
  );
};
