/** Bodies besides JSON: CSV and YAML as text (organisation files, directive specs), and HTML form posts. */
import type { FastifyInstance } from 'fastify';

/** Registers text and form parsers on the app. */
export function registerContentParsers(app: FastifyInstance): void {
  app.addContentTypeParser(['text/csv', 'text/plain', 'text/yaml', 'application/yaml', 'application/x-yaml'], { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
}
