import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/config';
import { startTemporal, type RunningTemporal } from './dev-server';
import { startEmbeddedPostgres } from './embedded-postgres';
import { embeddedSecret } from './embedded-secret';
import { startSmtpSink } from './smtp-sink';

/** The servers the main job needs: the user's own where configured, embedded ones otherwise. */
export interface Stack {
  temporal: RunningTemporal;
  databaseUrl: string;
  databaseOrigin: string;
  smtpUrl: string;
  /** Folder where the embedded mail sink writes .eml files, or null with SMTP_URL. */
  mailDir: string | null;
  /** Stops what this process started, in reverse order. */
  stop(): Promise<void>;
}

/**
 * Starts (or connects to) Temporal, PostgreSQL and SMTP. Embedded state lives under
 * DATA_DIR, so stopping and starting again resumes the same cascades and data.
 */
export async function startStack(config: Config, log: (line: string) => void): Promise<Stack> {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => log(`while stopping: ${(err as Error).message}`));
  };
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const temporal = await startTemporal({
      dbFile: path.join(config.dataDir, 'temporal', 'temporal.sqlite'),
      port: config.TEMPORAL_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      namespace: config.TEMPORAL_NAMESPACE,
      logFile: path.join(config.dataDir, 'temporal.log'),
      log,
    });
    stops.push(() => temporal.stop());

    let databaseUrl = config.DATABASE_URL;
    let databaseOrigin = 'DATABASE_URL';
    if (!databaseUrl) {
      const pgDir = path.join(config.dataDir, 'postgres');
      // PGlite itself accepts anyone: the port asks for this password, which the CLI reads from the same file.
      const password = embeddedSecret(config.dataDir, 'postgres-password', undefined);
      const embedded = await startEmbeddedPostgres({ dataDir: pgDir, port: config.EMBEDDED_PG_PORT, password });
      stops.push(() => embedded.stop());
      databaseUrl = embedded.url;
      databaseOrigin = `embedded PGlite in ${pgDir}`;
    }

    let smtpUrl = config.SMTP_URL;
    let mailDir: string | null = null;
    if (!smtpUrl) {
      mailDir = path.join(config.dataDir, 'mail');
      const sink = await startSmtpSink({ port: config.MAIL_SINK_PORT, mailDir });
      stops.push(() => sink.stop());
      smtpUrl = sink.url;
    }
    return { temporal, databaseUrl, databaseOrigin, smtpUrl, mailDir, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
