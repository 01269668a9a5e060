// The worker SIGKILLed mid-launch on the real cluster (`npm run cluster`'s: five server processes on
// PostgreSQL, 8 history shards), the same scenario as on the dev server (worker-sigkill-scenario.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCluster } from '../../src/dev/cluster/local-cluster';
import { freePort } from '../../src/dev/toolchain/free-port';
import { workerSigkillScenario } from './worker-sigkill-scenario';

workerSigkillScenario('the real cluster', 'cluster-worker-sigkill', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-cluster-sigkill-'));
  // PostgreSQL runs as its own user (as root, Debian's postgres), which must reach its folder inside.
  fs.chmodSync(dir, 0o755);
  // 28233: clear of the dev servers' ports and of the other cluster test's.
  const cluster = await startLocalCluster({
    dataDir: dir,
    basePort: 28233,
    postgresPort: await freePort(),
    historyShards: 8,
    namespace: 'default',
    log: () => undefined,
  });
  return {
    address: cluster.address,
    dir,
    async dispose() {
      await cluster.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
