/** The organisation directory (secretariat). */
import { decodeOrgFile, importOrg, type OrgFormat } from '../../domain/org/org-import';
import { OrgBodySchema } from '../request/schemas';
import { guard, type RoutePlugin } from './route-kit';

const MAX_ORG_BYTES = 64 * 1024 * 1024;

/** CSV unless the content type says JSON or YAML, or the first character says JSON. */
function formatOf(contentType: string | undefined, body: string): OrgFormat {
  if (contentType?.includes('json')) return 'json';
  if (contentType?.includes('yaml')) return 'yaml';
  if (contentType?.includes('csv')) return 'csv';
  return /^\uFEFF?\s*[[{]/.test(body) ? 'json' : 'csv';
}

/** Registers POST /org. */
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
   * Secretariat: replaces the organisation directory and its levels with a CSV, JSON or YAML file,
   * validated as a whole first. A file that declares no levels (CSV, a plain array) keeps the directory's.
   */
  app.post(
    '/org',
    {
      bodyLimit: MAX_ORG_BYTES,
      schema: { summary: 'Import the organisation (CSV, JSON or YAML), with its levels', tags: ['secretariat'], body: OrgBodySchema },
      preValidation: guard((_req, p) => deps.access.requireSecretariat(p)),
    },
    async (request) => {
      const format = formatOf(request.headers['content-type'], request.body);
      const tree = importOrg(request.body, format, await deps.cascade.organisationLevels());
      const imported = await deps.cascade.importOrganisation(tree);
      return { imported, levels: tree.levels };
    },
  );
};
