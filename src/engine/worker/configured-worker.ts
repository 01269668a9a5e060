/**
 * The cascade worker as the environment configures it (namespace, task queue, payload encryption,
 * cache and concurrency limits, the mail sender and the links' base): the one definition that the
 * standalone worker (`npm run worker`) and the `npm start` stack share. The process owns what it
 * passes in (its connection, pool, mailer and link secret) and closes it.
 */
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { workerTuning, type Config } from '../../config/config';
import type { MailSender } from '../../mail/smtp-sender';
import { dataConverterFor } from '../../security/payload-codec';
import { scheduledReorganisationApplier } from '../../app/reorganisation';
import { reportRoundOpener } from '../../app/report-rounds';
import { calendarBookFor } from '../../app/calendar-book';
import { isWorkingDay } from '../../domain/calendar/working-calendar';
import { createActivities } from '../activities';
import { bundleWorkflows, createCascadeWorker } from './create-worker';

/** What the process hands the worker. */
export interface WorkerParts {
  connection: NativeConnection;
  pool: Pool;
  mailer: MailSender;
  /** LINK_SIGNING_SECRET, or the one `npm start` keeps in its data folder. */
  linkSecret: string;
}

/** Creates (does not run) the cascade worker configured by `config`. */
export async function configuredCascadeWorker(config: Config, parts: WorkerParts): Promise<Worker> {
  const dataConverter = dataConverterFor(config.PAYLOAD_ENCRYPTION_KEY);
  return createCascadeWorker({
    connection: parts.connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowBundle: await bundleWorkflows({ dataConverter }),
    dataConverter,
    tuning: workerTuning(config),
    activities: createActivities({
      pool: parts.pool,
      mailer: parts.mailer,
      mailFrom: config.MAIL_FROM,
      publicBaseUrl: config.PUBLIC_BASE_URL,
      linkSecret: parts.linkSecret,
      inboxLinkTtlDays: config.INBOX_LINK_TTL_DAYS,
      applyReorganisation: scheduledReorganisationApplier(parts.pool, config.TEMPORAL_TASK_QUEUE),
      openRound: reportRoundOpener(parts.pool, config.TEMPORAL_TASK_QUEUE, calendarBookFor(config), { payloadEncryptionKey: config.PAYLOAD_ENCRYPTION_KEY }),
      digestWorkingDay: (iso) => isWorkingDay(calendarBookFor(config).workingCalendar(Number(iso.slice(0, 4)), Number(iso.slice(0, 4))), iso),
    }),
  });
}
