// Standalone API and dashboard process, for deployments where Temporal, PostgreSQL and the
// workers already run (docker-compose.yml). `npm start` embeds the same server instead.
import { calendarBookFor } from '../app/calendar-book';
import { Client, Connection } from '@temporalio/client';
import { CascadeClient } from '../app/cascade-client';
import { migrate } from '../store/migrate';
import { createPool } from '../store/pool';
import { loadConfig } from '../config/config';
import { explainConnectionError, temporalConnectionOptions } from '../config/temporal-connection';
import { dataConverterFor } from '../security/payload-codec';
import { healthCheckWorkflow } from '../engine/workflows';
import { startApiServer } from './server';
import { createMailer } from '../mail/mailer';
import { appMailer } from '../app/sign-in-email';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required for the standalone API (npm start embeds one instead)');
  if (!config.API_TOKEN_SECRET) throw new Error('API_TOKEN_SECRET is required: it signs the access tokens');
  if (!config.LINK_SIGNING_SECRET)
    throw new Error('LINK_SIGNING_SECRET is required: it checks the report links in emails (the workers sign with the same key)');
  const pool = createPool(config.DATABASE_URL);
  // Sign-in links by email need SMTP; without SMTP_URL /sign-in says it cannot send them (tokens still work).
  const sender = config.SMTP_URL ? createMailer(config.SMTP_URL) : null;
  await migrate(pool);
  const temporalOptions = temporalConnectionOptions(config, config.TEMPORAL_ADDRESS ?? '127.0.0.1:7233');
  const connection = await Connection.connect(temporalOptions).catch((err: unknown) => {
    throw explainConnectionError(err, temporalOptions);
  });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverterFor(config.PAYLOAD_ENCRYPTION_KEY) });
  const api = await startApiServer({
    cascade: new CascadeClient({
      temporal,
      pool,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      calendars: calendarBookFor(config),
      payloadEncryptionKey: config.PAYLOAD_ENCRYPTION_KEY,
    }),
    config,
    tokenSecret: config.API_TOKEN_SECRET,
    linkSecret: config.LINK_SIGNING_SECRET,
    ...(sender ? { mailer: appMailer(sender, config.MAIL_FROM) } : {}),
    // Ready only when a worker on the task queue actually runs a workflow.
    ready: async () => {
      await temporal.workflow.execute(healthCheckWorkflow, { taskQueue: config.TEMPORAL_TASK_QUEUE, workflowId: `health-${Date.now()}` });
      return true;
    },
    port: config.PORT,
    host: process.env.API_HOST ?? '0.0.0.0',
    logger: { level: 'info' },
  });
  console.log(`API and dashboard on ${api.url}`);
  const shutdown = async () => {
    await api.close();
    await sender?.close();
    await connection.close();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
