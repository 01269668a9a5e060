/** The organisation directory (secretariat). */
import { decodeOrgFile, importOrg } from '../../domain/org/org-import';
import { OrgBodySchema } from '../request/schemas';
import { guard, type RoutePlugin } from './route-kit';

const MAX_ORG_BYTES = 64 * 1024 * 1024;

/** CSV unless the content type or the first character says JSON. */
function formatOf(contentType: string | undefined, body: string): 'csv' | 'json' {
  if (contentType?.includes('json')) return 'json';
  if (contentType?.includes('csv')) return 'csv';
  return /^\uFEFF?\s*[[{]/.test(body) ? 'json' : 'csv';
}

/** Registers POST /org. */
export const orgRoutes: RoutePlugin = async (app, deps) => {
  // The importers read text (so JSON errors name rows the way CSV errors do), decoded here strictly:
  // a Windows-1258 or UTF-16 file is refused naming the row and encoding instead of importing mangled names.
  const types = ['application/json', 'text/csv', 'text/plain'];
  app.removeContentTypeParser(types);
  app.addContentTypeParser(types, { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    try {
      done(null, decodeOrgFile(bytes, formatOf(request.headers['content-type'], bytes.subarray(0, 64).toString('utf8'))));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  /** Secretariat: replaces the organisation directory with a CSV or JSON file, validated as a whole first. */
  app.post(
    '/org',
    {
      bodyLimit: MAX_ORG_BYTES,
      schema: { summary: 'Import the organisation (CSV or JSON)', tags: ['secretariat'], body: OrgBodySchema },
      preValidation: guard((_req, p) => deps.access.requireSecretariat(p)),
    },
    async (request) => {
      const tree = importOrg(request.body, formatOf(request.headers['content-type'], request.body), deps.cascade.levels);
      const imported = await deps.cascade.importOrganisation(tree);
      return { imported, levels: tree.levels };
    },
  );
};
