/**
 * `npm run cluster`: starts the local Temporal cluster (src/dev/cluster/local-cluster.ts) in the
 * foreground until Ctrl-C. Point the project at it with TEMPORAL_ADDRESS (`TEMPORAL_ADDRESS=127.0.0.1:7233 npm start`).
 */
import path from 'node:path';
import { startLocalCluster } from './local-cluster';

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}

async function main(): Promise<void> {
  const log = (line: string) => process.stdout.write(`[cluster] ${line}\n`);
  const dataDir = path.resolve(process.env.CLUSTER_DATA_DIR || path.join(process.env.DATA_DIR || 'data', 'cluster'));
  const cluster = await startLocalCluster({
    dataDir,
    basePort: intFromEnv('CLUSTER_TEMPORAL_PORT', 7233),
    postgresPort: intFromEnv('CLUSTER_POSTGRES_PORT', 55432),
    historyShards: intFromEnv('CLUSTER_HISTORY_SHARDS', 8),
    namespace: process.env.TEMPORAL_NAMESPACE || 'default',
    log,
  });
  process.stdout.write(
    [
      'The Temporal cluster is running.',
      `  Frontend:   ${cluster.address} (namespace ${process.env.TEMPORAL_NAMESPACE || 'default'}, the project's search attributes registered)`,
      `  Processes:  ${cluster.processes.map((p) => p.name).join(', ')}`,
      `  Data:       ${dataDir} (PostgreSQL, configuration, logs; kept across restarts)`,
      `  Use it:     TEMPORAL_ADDRESS=${cluster.address} npm start   (or npm run worker / npx cascade ...)`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    log('stopping...');
    cluster.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
