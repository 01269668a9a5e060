import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Socket } from 'node:net';
import { PGlite, type Extension } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { EMBEDDED_PG_USER, embeddedPostgresUrl } from './embedded-postgres-url';
import { authenticate } from './pg-password-gate';
import { keepExtendedQueriesTogether } from './pglite-protocol-queue';

// The package exports its contrib extensions only through its `exports` map, which this project's
// TypeScript resolution (`node`) does not read; Node does, so the module is required and typed here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as { pg_trgm: Extension };

/** PostgreSQL embedded in this process (PGlite), served over the wire protocol for `pg`. */
export interface EmbeddedPostgres {
  /** postgres://postgres:<password>@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts PGlite on `dataDir` (persistent; omit for in-memory) and serves it on loopback, so the
 * same `pg` code that talks to a real server talks to it. PGlite runs one query at a time; the
 * socket server queues concurrent connections' queries and keeps transactions together.
 * PGlite accepts any user without a password, so every connection first proves `password`
 * (SCRAM-SHA-256, src/dev/stack/pg-password-gate.ts): another local user cannot read the data through
 * the port. Without one, a random password is made for this run (tests).
 */
export async function startEmbeddedPostgres(
  opts: { dataDir?: string; port?: number; maxConnections?: number; password?: string } = {},
): Promise<EmbeddedPostgres> {
  if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true });
  const password = opts.password ?? crypto.randomBytes(24).toString('base64url');
  // pg_trgm indexes the directory's search (migration 0019); PGlite loads a contrib extension only when given it here.
  const db = await PGlite.create(opts.dataDir, { extensions: { pg_trgm } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: opts.port ?? 0, maxConnections: opts.maxConnections ?? 32 });
  // The socket server hands each accepted socket to handleConnection; it now gets only those that
  // proved the password, paused with their startup message unread (resumed once attached).
  const internals = server as unknown as { handleConnection?: (socket: Socket) => Promise<void> };
  const admit = internals.handleConnection?.bind(server);
  if (!admit) throw new Error('pglite-socket internals changed: cannot put the password check in front; pin @electric-sql/pglite-socket');
  internals.handleConnection = async (socket) => {
    if (!(await authenticate(socket, { user: EMBEDDED_PG_USER, password }))) return;
    await admit(socket);
    socket.resume();
  };
  await server.start();
  keepExtendedQueriesTogether(server);
  const port = Number(server.getServerConn().split(':').pop());
  return {
    url: embeddedPostgresUrl(port, password),
    port,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
