// `npm start`: the whole product on embedded defaults, one command, Ctrl-C to stop.
import { calendarBookFor } from '../app/calendar-book';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { createMailer } from '../mail/mailer';
import { migrate } from '../store/migrate';
import { createPool } from '../store/pool';
import { configuredCascadeWorker } from '../engine/worker/configured-worker';
import { healthCheckWorkflow } from '../engine/workflows';
import { startApiServer } from '../http/server';
import { appMailer } from '../app/sign-in-email';
import { CascadeClient } from '../app/cascade-client';
import { dataConverterFor } from '../security/payload-codec';
import { bootstrapDemo } from './demo/bootstrap';
import { loadConfig } from '../config/config';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { embeddedSecret } from './stack/embedded-secret';
import { startStack } from './stack/embedded-stack';
import { ensureWeeklyDigest } from '../app/weekly-digest-start';
import { declaredActor } from '../domain/audit/admin-actor';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = (line: string) => console.log(`[start] ${line}`);
  // We own shutdown order (worker drains before the servers it needs stop), not the SDK.
  Runtime.install({ shutdownSignals: [], logger: new DefaultLogger('WARN') });

  const stack = await startStack(config, log);
  const pool = createPool(stack.databaseUrl);
  const { applied } = await migrate(pool);
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);

  const mailer = createMailer(stack.smtpUrl, { pooled: true });
  const linkSecret = embeddedSecret(config.dataDir, 'link-signing-secret', config.LINK_SIGNING_SECRET);
  const tokenSecret = embeddedSecret(config.dataDir, 'api-token-secret', config.API_TOKEN_SECRET);
  const dataConverter = dataConverterFor(config.PAYLOAD_ENCRYPTION_KEY);
  // TLS settings apply to a cluster named by TEMPORAL_ADDRESS; the embedded dev server speaks plaintext.
  const temporalOptions = config.TEMPORAL_ADDRESS ? temporalConnectionOptions(config, stack.temporal.address) : { address: stack.temporal.address };
  const nativeConnection = await NativeConnection.connect(temporalOptions);
  const worker = await configuredCascadeWorker(config, { connection: nativeConnection, pool, mailer, linkSecret });
  const running = worker.run();

  const connection = await Connection.connect(temporalOptions);
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter });
  await client.workflow.execute(healthCheckWorkflow, { taskQueue: config.TEMPORAL_TASK_QUEUE, workflowId: `health-${Date.now()}` });
  log(`weekly digest: ${await ensureWeeklyDigest(client, config.TEMPORAL_TASK_QUEUE, config.WEEKLY_DIGEST ?? true)}`);
  const cascade = new CascadeClient({
    temporal: client,
    pool,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    calendars: calendarBookFor(config),
    payloadEncryptionKey: config.PAYLOAD_ENCRYPTION_KEY,
  });
  const directiveId = config.DEMO ? await bootstrapDemo(cascade, log, config.DEMO_ORGANISATION) : null;
  const api = await startApiServer({
    cascade,
    config,
    tokenSecret,
    linkSecret,
    // Sign-in links go out through the same sink as the worker's emails.
    mailer: appMailer(mailer, config.MAIL_FROM),
    // Ready means a worker actually runs workflows, not just that the port is open.
    ready: async () => {
      await client.workflow.execute(healthCheckWorkflow, { taskQueue: config.TEMPORAL_TASK_QUEUE, workflowId: `health-${Date.now()}` });
      return true;
    },
    port: config.PORT,
  });
  // Recorded like every token, so the secretariat can list and revoke this sign-in link too.
  const { token: adminToken } = await cascade.issueAccessToken(
    { sub: 'secretariat', role: 'secretariat' },
    { secret: tokenSecret, ttlSeconds: 30 * 86_400, actor: declaredActor('npm start'), issuedBy: 'npm start' },
  );

  console.log(
    [
      '',
      'directive-cascade is running.',
      `  Dashboard:       ${api.url}/dashboard?token=${adminToken}`,
      `                   (secretariat sign-in link, valid 30 days; API: ${api.url}/api, OpenAPI: ${api.url}/openapi.json)`,
      `  Temporal:        ${stack.temporal.address} (${stack.temporal.origin})`,
      `  Temporal Web UI: ${stack.temporal.uiUrl ?? '(not started by this process)'}`,
      `  PostgreSQL:      ${stack.databaseOrigin}`,
      `  Mail:            ${stack.mailDir ? `embedded SMTP sink ${stack.smtpUrl}; messages as .eml files in ${stack.mailDir}` : stack.smtpUrl.replace(/\/\/[^@]*@/, '//***@')}`,
      `  Data folder:     ${config.dataDir} (state survives a restart)`,
      ...(directiveId ? [`  Sample directive: ${directiveId} (try: npx cascade status ${directiveId})`] : []),
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      log(`${signal} again: exiting without waiting.`);
      process.exit(130);
    }
    stopping = true;
    log(`${signal}: stopping the worker, then the servers... (Ctrl-C again to force)`);
    // A worker that cannot drain (a server already gone) must not keep the process forever.
    setTimeout(() => {
      log('shutdown took longer than 30 s; exiting.');
      process.exit(1);
    }, 30_000).unref();
    await api.close();
    worker.shutdown();
    await running;
    await connection.close();
    await nativeConnection.close();
    await mailer.close();
    await pool.end();
    await stack.stop();
    log('stopped cleanly.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
