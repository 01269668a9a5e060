// Standalone worker process, for deployments where Temporal, PostgreSQL and SMTP already run.
import { Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { createMailer } from '../../mail/mailer';
import { createPool } from '../../store/pool';
import { migrate } from '../../store/migrate';
import { loadConfig } from '../../config/config';
import { registerSearchAttributes } from '../search-attribute-registration';
import { describeTemporalConnection, explainConnectionError, temporalConnectionOptions } from '../../config/temporal-connection';
import { configuredCascadeWorker } from './configured-worker';
import { startLivenessFile } from './liveness';
import { Client } from '@temporalio/client';
import { ensureWeeklyDigest } from '../../app/weekly-digest-start';
import { dataConverterFor } from '../../security/payload-codec';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required for a standalone worker (npm start embeds one instead)');
  if (!config.SMTP_URL) throw new Error('SMTP_URL is required for a standalone worker (npm start embeds a mail sink instead)');
  if (!config.LINK_SIGNING_SECRET) throw new Error('LINK_SIGNING_SECRET is required for a standalone worker: it signs the report links in emails');
  const metrics = config.WORKER_METRICS_BIND_ADDRESS;
  Runtime.install({ shutdownSignals: ['SIGINT', 'SIGTERM'], ...(metrics ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metrics } } } } : {}) });
  const pool = createPool(config.DATABASE_URL);
  await migrate(pool);
  // The same TLS/mTLS/API-key options for the admin client and the worker's native connection.
  const temporalOptions = temporalConnectionOptions(config, config.TEMPORAL_ADDRESS ?? '127.0.0.1:7233');
  const admin = await Connection.connect(temporalOptions).catch((err: unknown) => {
    throw explainConnectionError(err, temporalOptions);
  });
  await registerSearchAttributes(admin, config.TEMPORAL_NAMESPACE)
    .then(async () => {
      const digest = new Client({ connection: admin, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverterFor(config.PAYLOAD_ENCRYPTION_KEY) });
      console.log(`weekly digest: ${await ensureWeeklyDigest(digest, config.TEMPORAL_TASK_QUEUE, config.WEEKLY_DIGEST ?? true)}`);
    })
    .finally(() => admin.close());
  const mailer = createMailer(config.SMTP_URL, { pooled: true });
  const connection = await NativeConnection.connect(temporalOptions).catch((err: unknown) => {
    throw explainConnectionError(err, temporalOptions);
  });
  const worker = await configuredCascadeWorker(config, { connection, pool, mailer, linkSecret: config.LINK_SIGNING_SECRET });
  console.log(`worker polling ${config.TEMPORAL_TASK_QUEUE} on ${describeTemporalConnection(temporalOptions)}`);
  // run() resolves after SIGINT/SIGTERM once in-flight tasks have drained.
  const running = worker.run();
  const liveness = config.WORKER_LIVENESS_FILE ? startLivenessFile(config.WORKER_LIVENESS_FILE, () => worker.getState() === 'RUNNING') : null;
  await running.finally(() => liveness?.stop());
  await connection.close();
  await mailer.close();
  await pool.end();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
