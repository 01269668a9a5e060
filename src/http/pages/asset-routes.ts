/** The pages' stylesheet and scripts: plain files beside this module, no build step. */
import fs from 'node:fs';
import path from 'node:path';
import type { PagePlugin } from './page-kit';

const ASSETS: Record<string, string> = {
  'dashboard.css': 'text/css; charset=utf-8',
  'live.js': 'text/javascript; charset=utf-8',
  'report-form.js': 'text/javascript; charset=utf-8',
  'workplace.js': 'text/javascript; charset=utf-8',
};

/** Registers GET /assets/:name for the files above (read once, when the app is built). */
export const assetRoutes: PagePlugin = async (app) => {
  const files = new Map(Object.entries(ASSETS).map(([name, type]) => [name, { type, body: fs.readFileSync(path.join(__dirname, 'assets', name), 'utf8') }]));
  /** One asset by name; anything else is 404. */
  app.get<{ Params: { name: string } }>('/assets/:name', { schema: { hide: true } }, async (request, reply) => {
    const file = files.get(request.params.name);
    if (!file) return reply.code(404).send({ error: 'NotFound', message: `no asset named ${request.params.name}` });
    return reply.type(file.type).header('cache-control', 'public, max-age=300').header('x-content-type-options', 'nosniff').send(file.body);
  });
};
