// Starts the real servers the test suite shares, once per `jest` run:
// a throwaway PostgreSQL cluster (unless DATABASE_URL) and a Temporal dev server from the
// built CLI on a SQLite file, or with TEST_TEMPORAL_CLUSTER=1 the real cluster (`npm run cluster`'s).
// Tests read their addresses from env.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCluster } from '../../src/dev/cluster/local-cluster';
import { startTemporal } from '../../src/dev/stack/dev-server';
import { freePort } from '../../src/dev/toolchain/free-port';
import { startThrowawayPostgres } from '../../src/dev/stack/postgres-cluster';
import { ensureTestServer } from '../../src/dev/toolchain/temporal-test-server';
import type { SharedServers } from './shared-servers';

export default async function globalSetup(): Promise<void> {
  const log = (line: string) => process.stderr.write(`[test servers] ${line}\n`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-test-'));
  const servers: SharedServers = { tmp, stops: [] };
  (globalThis as { __cascadeServers?: SharedServers }).__cascadeServers = servers;

  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
  } else {
    const pg = await startThrowawayPostgres({ log });
    servers.stops.push(() => pg.stop());
    process.env.TEST_DATABASE_URL = pg.url;
  }

  if (process.env.TEST_TEMPORAL_CLUSTER === '1') {
    // `npm run test:cluster`: the e2e core on the real cluster instead of the dev server.
    const dataDir = path.join(tmp, 'cluster');
    // PostgreSQL runs as its own user (as root, Debian's postgres), which must reach its folder inside.
    fs.chmodSync(tmp, 0o755);
    const cluster = await startLocalCluster({ dataDir, basePort: 26233, postgresPort: await freePort(), historyShards: 8, namespace: 'default', log });
    servers.stops.push(() => cluster.stop());
    process.env.TEST_TEMPORAL_ADDRESS = cluster.address;
    process.env.TEST_TEMPORAL_ORIGIN = 'cluster';
  } else {
    const temporal = await startTemporal({ dbFile: path.join(tmp, 'temporal.sqlite'), uiPort: null, logFile: path.join(tmp, 'temporal.log'), log });
    servers.stops.push(() => temporal.stop());
    process.env.TEST_TEMPORAL_ADDRESS = temporal.address;
    process.env.TEST_TEMPORAL_ORIGIN = temporal.origin;
  }

  process.env.TEST_TIME_SKIPPING_SERVER = await ensureTestServer({ log });
}
