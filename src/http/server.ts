/** The HTTP process around the app: listens on PORT (default 3000), logs without tokens, closes gracefully. */
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from './app';

/** A running API server. */
export interface ApiServer {
  app: FastifyInstance;
  /** Where it listens, e.g. http://127.0.0.1:3000. */
  url: string;
  /** Stops accepting connections and waits for requests in flight. */
  close(): Promise<void>;
}

/** What the server needs beyond the app's dependencies. */
export interface ApiServerOptions extends AppDeps {
  /** Port to listen on (config.PORT; 0 picks a free one). Default 3000. */
  port?: number;
  /** Interface to bind; default 127.0.0.1 (0.0.0.0 in a container). */
  host?: string;
}

/** Builds the app and listens; the caller owns signals and calls `close()` in its shutdown order. */
export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const { port = 3000, host = '127.0.0.1', ...deps } = opts;
  const app = buildApp({ ...deps, logger: deps.logger ?? { level: 'warn' } });
  const address = await app.listen({ port, host });
  let closing: Promise<void> | null = null;
  return {
    app,
    url: address.replace('[::1]', 'localhost'),
    close() {
      closing ??= app.close();
      return closing;
    },
  };
}
