// Starts the real servers the test suite shares, once per `jest` run:
// a throwaway PostgreSQL cluster (unless DATABASE_URL) and a Temporal dev server from the
// built CLI on a SQLite file, or with TEST_TEMPORAL_CLUSTER=1 the real cluster (`npm run cluster`'s).
// Tests read their addresses from env.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clusterPorts, clusterProcesses } from '../../src/dev/cluster/cluster-config';
import { startLocalCluster, type LocalCluster } from '../../src/dev/cluster/local-cluster';
import { startTemporal } from '../../src/dev/stack/dev-server';
import { freePort, portIsFree } from '../../src/dev/toolchain/free-port';
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
    // PostgreSQL runs as its own user (as root, Debian's postgres), which must reach its folder inside.
    fs.chmodSync(tmp, 0o755);
    const cluster = await startTestCluster(tmp, log);
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

/**
 * The cluster on the first base port whose eleven ports are all free. A start that fails is
 * printed whole (the processes' logs) and tried once more on a fresh data folder: the suite should
 * not be lost to one bad start, and the printed failure keeps the cause visible.
 */
async function startTestCluster(tmp: string, log: (line: string) => void): Promise<LocalCluster> {
  for (let attempt = 1; ; attempt++) {
    const basePort = await freeClusterBase([26233, 23233, 20233]);
    const dataDir = path.join(tmp, `cluster-${attempt}`);
    try {
      return await startLocalCluster({ dataDir, basePort, postgresPort: await freePort(), historyShards: 8, namespace: 'default', log });
    } catch (err) {
      if (attempt >= 2) throw err;
      log(`start ${attempt} failed, trying once more: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

async function freeClusterBase(candidates: number[]): Promise<number> {
  for (const base of candidates) {
    const free = await Promise.all(clusterPorts(clusterProcesses(base)).map(({ port }) => portIsFree(port)));
    if (free.every(Boolean)) return base;
  }
  throw new Error(`no free ports for the test cluster at base ${candidates.join(', ')}`);
}
