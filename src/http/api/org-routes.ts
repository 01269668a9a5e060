/** The organisation directory: importing, editing and exporting it (secretariat; supervisors export their subtree). */
import { readOrganisationFile } from '../../app/organisation';
import { decodeOrgFile, type OrgFormat } from '../../domain/org/org-import';
import type { Principal } from '../auth/principal';
import { actorOf } from '../auth/actor';
import type { SecretariatTarget } from '../auth/access-policy';
import type { AdminActor } from '../../domain/audit/admin-actor';
import {
  DirectoryListQuerySchema,
  OrgBodySchema,
  OrgExportQuerySchema,
  OrgHistoryQuerySchema,
  OrgImportQuerySchema,
  OrgUnitBodySchema,
  OrgUnitParamsSchema,
  OrgUnitPatchSchema,
} from '../request/schemas';
import { guard, principalOf, rawParam, rawQuery, type RoutePlugin } from './route-kit';

const MAX_ORG_BYTES = 64 * 1024 * 1024;

/** The audit trails' actor for an API caller: the one its credential proves. */
function apiActor(p: Principal): AdminActor {
  return actorOf(p);
}

/** A file goes under a unit of a committee's secretariat's subtree (its own unit included); a whole directory is the central secretariat's. */
function importTarget(under: string | undefined): SecretariatTarget {
  return under === undefined
    ? { central: 'import the whole directory (a committee’s secretariat imports under its unit: ?under=)' }
    : { unit: under, what: 'import the organisation under' };
}

/** CSV unless the content type says JSON or YAML, or the first character says JSON. */
function formatOf(contentType: string | undefined, body: string): OrgFormat {
  if (contentType?.includes('json')) return 'json';
  if (contentType?.includes('yaml')) return 'yaml';
  if (contentType?.includes('csv')) return 'csv';
  return /^\uFEFF?\s*[[{]/.test(body) ? 'json' : 'csv';
}

const EXPORT_TYPES: Record<OrgFormat, string> = { csv: 'text/csv', json: 'application/json', yaml: 'text/yaml' };

/** Registers POST /org (the file upload). Its own plugin, because it reads every body as text. */
export const orgRoutes: RoutePlugin = async (app, deps) => {
  // The importers read text (so JSON errors name rows the way CSV errors do), decoded here strictly:
  // a Windows-1258 or UTF-16 file is refused naming the row and encoding instead of importing mangled names.
  const types = ['application/json', 'text/csv', 'text/plain', 'text/yaml', 'application/yaml', 'application/x-yaml'];
  app.removeContentTypeParser(types);
  app.addContentTypeParser(types, { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    try {
      done(null, decodeOrgFile(bytes, formatOf(request.headers['content-type'], bytes.subarray(0, 64).toString('utf8'))));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  /**
   * Secretariat: imports a CSV, JSON or YAML file, the whole resulting directory validated first:
   * without `under` it replaces the directory (and its levels, when the file declares them); with
   * `under` it replaces (`mode=replace`, default) or merges the units below that unit.
   */
  app.post(
    '/org',
    {
      bodyLimit: MAX_ORG_BYTES,
      schema: {
        summary: 'Import the organisation (CSV, JSON or YAML): the whole directory, or the units under one unit',
        tags: ['secretariat'],
        body: OrgBodySchema,
        querystring: OrgImportQuerySchema,
      },
      preValidation: guard((req, p) => deps.access.requireSecretariat(p, importTarget(rawQuery(req, 'under')))),
    },
    async (request) => {
      const format = formatOf(request.headers['content-type'], request.body);
      const { under, mode } = request.query;
      const summary = await deps.cascade.importOrganisationFile(readOrganisationFile(request.body, format), { under, mode }, apiActor(principalOf(request)));
      const levels = summary.levels.map((l) => l.name);
      // The whole-directory answer keeps the shape it always had; a subtree import also says what it changed.
      if (under === undefined) return { imported: summary.units, levels };
      return { imported: summary.units, levels, under, mode: summary.mode, added: summary.added, updated: summary.updated, removed: summary.removed };
    },
  );
};

/** Registers the unit edits, the export and the history of the directory (ordinary JSON bodies). */
export const orgUnitRoutes: RoutePlugin = async (app, deps) => {
  const { access } = deps;
  const tags = ['secretariat'];
  // A committee's secretariat edits and removes only units under its own, and adds or moves units only under units of its subtree.
  const strictlyUnder = (what: string) => guard((req, p) => access.requireSecretariat(p, { unit: rawParam(req, 'id'), what, strict: true }));
  const under = (p: Principal, parentId: string | null | undefined, what: string) =>
    parentId ? access.requireSecretariat(p, { unit: parentId, what }) : access.requireSecretariat(p, { central: `${what} the top of the directory` });

  /** Secretariat: changes one unit; the directory with the change is validated as a whole. */
  app.patch(
    '/org/units/:id',
    {
      schema: { summary: 'Edit one unit of the directory', tags, params: OrgUnitParamsSchema, body: OrgUnitPatchSchema },
      preValidation: strictlyUnder('edit units'),
    },
    async (request) => {
      const p = principalOf(request);
      if (request.body.parentId !== undefined) await under(p, request.body.parentId, 'move units under');
      return deps.cascade.editOrganisationUnit(request.params.id, request.body, apiActor(p));
    },
  );

  /** Secretariat: adds one unit under an existing parent. */
  app.post(
    '/org/units',
    {
      schema: { summary: 'Add one unit to the directory', tags, body: OrgUnitBodySchema },
      preValidation: guard((_req, p) => access.requireSecretariat(p, { subtree: 'add units' })),
    },
    async (request, reply) => {
      const p = principalOf(request);
      await under(p, request.body.parentId, 'add units under');
      return reply.code(201).send(await deps.cascade.addOrganisationUnit(request.body, apiActor(p)));
    },
  );

  /** Secretariat: removes one unit that has no units under it. */
  app.delete(
    '/org/units/:id',
    {
      schema: { summary: 'Remove one unit (without units under it) from the directory', tags, params: OrgUnitParamsSchema },
      preValidation: strictlyUnder('remove units'),
    },
    async (request) => deps.cascade.removeOrganisationUnit(request.params.id, apiActor(principalOf(request))),
  );

  /** The directory (or the units below `under`) as a file that imports back unchanged; a supervisor gets its own subtree. */
  app.get(
    '/org/export',
    {
      schema: { summary: 'Export the directory as CSV, JSON or YAML', tags: ['secretariat', 'supervisors'], querystring: OrgExportQuerySchema },
      preValidation: guard((request, p) => deps.access.directoryScope(p, rawQuery(request, 'under'))),
    },
    async (request, reply) => {
      const under = deps.access.effectiveScope(principalOf(request), request.query.under);
      const text = await deps.cascade.exportOrganisation(request.query.format, under);
      return reply
        .type(`${EXPORT_TYPES[request.query.format]}; charset=utf-8`)
        .header('content-disposition', `attachment; filename="organisation${under ? `-${under}` : ''}.${request.query.format}"`)
        .send(text);
    },
  );

  /**
   * The directory as a list, ordered by id and paged: units whose name or id holds `q` (accents
   * aside), of a `level`, under a unit (`under`, itself included); a supervisor or inspector reads its own subtree.
   */
  app.get(
    '/org/units',
    {
      schema: {
        summary: 'List the units of the directory (search, level, subtree; paged)',
        tags: ['secretariat', 'supervisors'],
        querystring: DirectoryListQuerySchema,
      },
      preValidation: guard((request, p) => deps.access.directoryScope(p, rawQuery(request, 'under'))),
    },
    async (request) => {
      const { q, level, limit, offset } = request.query;
      const under = deps.access.effectiveScope(principalOf(request), request.query.under);
      const page = await deps.cascade.listOrganisation({ search: q, level, under, limit, offset });
      return { ...page, limit, offset };
    },
  );

  /** Secretariat: the directory's audit trail, newest first. */
  app.get(
    '/org/history',
    {
      schema: { summary: 'The changes to the directory, with who made them', tags, querystring: OrgHistoryQuerySchema },
      // A committee's secretariat reads the changes of one unit of its subtree (its own unit by default).
      preValidation: guard((req, p) => {
        const unit = rawQuery(req, 'unit') ?? access.secretariatScope(p);
        return unit === undefined ? access.requireSecretariat(p) : access.requireSecretariat(p, { unit, what: 'read the history of' });
      }),
    },
    async (request) => ({
      entries: await deps.cascade.organisationHistory(request.query.unit ?? access.secretariatScope(principalOf(request)), request.query.limit),
    }),
  );
};
