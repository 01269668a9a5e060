import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { keepExtendedQueriesTogether } from './pglite-protocol-queue';

/** PostgreSQL embedded in this process (PGlite), served over the wire protocol for `pg`. */
export interface EmbeddedPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts PGlite on `dataDir` (persistent; omit for in-memory) and serves it on loopback, so the
 * same `pg` code that talks to a real server talks to it. PGlite runs one query at a time; the
 * socket server queues concurrent connections' queries and keeps transactions together.
 */
export async function startEmbeddedPostgres(opts: { dataDir?: string; port?: number; maxConnections?: number } = {}): Promise<EmbeddedPostgres> {
  if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true });
  const db = await PGlite.create(opts.dataDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: opts.port ?? 0, maxConnections: opts.maxConnections ?? 32 });
  await server.start();
  keepExtendedQueriesTogether(server);
  const port = Number(server.getServerConn().split(':').pop());
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
