/** Readiness and the API's own description. */
import type { FastifyPluginAsync } from 'fastify';

const READY_TIMEOUT_MS = 5_000;

/** Registers GET /healthz and GET /openapi.json. */
export const healthRoutes: FastifyPluginAsync<{ ready: () => Promise<boolean> }> = async (app, opts) => {
  /** 200 once the servers and a worker answer (the caller's probe runs the health-check workflow), else 503. */
  app.get('/healthz', { schema: { summary: 'Readiness', tags: ['health'] } }, async (request, reply) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
    });
    const ready = await Promise.race([
      opts.ready().catch((err: unknown) => {
        request.log.warn({ err }, 'readiness probe failed');
        return false;
      }),
      timeout,
    ]).finally(() => clearTimeout(timer));
    return reply
      .code(ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: ready ? 'ok' : 'unavailable' });
  });

  /** The OpenAPI 3.1 document, generated from the routes' zod schemas. */
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
};
