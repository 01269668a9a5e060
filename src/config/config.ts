import path from 'node:path';
import { z } from 'zod';
import { headerSafeMailbox } from '../mail/mail-headers';
import { DEFAULT_INBOX_LINK_TTL_DAYS } from '../security/inbox-link';
import { DEFAULT_SIGN_IN_LINK_TTL_MINUTES } from '../security/sign-in-link';
import { DEFAULT_SESSION_TTL_HOURS } from '../security/session-token';
import { isReadableFile } from './file-access';

const blankAsUnset = (v: unknown) => (v === '' ? undefined : v);
const optionalUrl = z.preprocess(blankAsUnset, z.string().url().optional());
/** A port, `fallback` when unset or blank (a blank one is not port 0). */
const port = (fallback: number) => z.preprocess(blankAsUnset, z.coerce.number().int().min(0).max(65535).default(fallback));
/** "true"/"1"/"yes" or "false"/"0"/"no"; unset stays undefined so the caller can pick a default from other variables. */
const optionalBoolean = z.preprocess(
  (v) => {
    if (v === undefined || v === '') return undefined;
    const text = String(v).trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(text)) return true;
    if (['0', 'false', 'no', 'off'].includes(text)) return false;
    return v;
  },
  z.boolean({ error: 'must be true or false' }).optional(),
);
/** A file the process reads at start (certificates, keys): it must exist and be a readable file, checked now so the error names the variable. */
const readableFile = z.preprocess(
  blankAsUnset,
  z
    .string()
    .refine((file) => isReadableFile(file), {
      error: (iss) => `file ${String(iss.input)} does not exist or cannot be read; check the path (it is read at start)`,
    })
    .optional(),
);
/**
 * A whole number ≥ 0 from the environment, `fallback` when unset or blank; 0 switches the limit
 * off where the variable says so, so a blank one (`RATE_LIMIT_REPORTS=` in an env file) must not
 * read as 0.
 */
const count = (fallback: number) =>
  z.preprocess(
    blankAsUnset,
    z.coerce
      .number({ error: 'must be a whole number ≥ 0' })
      .int({ error: 'must be a whole number ≥ 0' })
      .min(0, { error: 'must be a whole number ≥ 0' })
      .default(fallback),
  );

/** Environment variables the processes read; parsed once at each entry point and passed down. */
export const ConfigSchema = z
  .object({
    TEMPORAL_ADDRESS: z.preprocess(
      blankAsUnset,
      z
        .string()
        .regex(/^[^\s:]+:\d+$/, 'must be host:port')
        .optional(),
    ),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('directive-cascade'),
    TEMPORAL_PORT: port(7233),
    TEMPORAL_UI_PORT: port(8233),
    DATABASE_URL: optionalUrl,
    EMBEDDED_PG_PORT: port(54329),
    SMTP_URL: optionalUrl,
    MAIL_SINK_PORT: port(2525),
    MAIL_FROM: z
      .string()
      .refine((v) => headerSafeMailbox(v) !== null, { error: 'must be one sender on one line: "Name <address@example.org>" or "address@example.org"' })
      .default('Văn phòng Trung ương <no-reply@directive-cascade.local>'),
    DATA_DIR: z.string().min(1).default('data'),
    /** Folder of the working calendar's override files (2026.yaml, ...); unset: those that ship in `calendar/`. */
    CALENDAR_DIR: z.preprocess(blankAsUnset, z.string().optional()),
    /** ISO weekdays worked every week, 1 = Monday … 7 = Sunday; unset: 1,2,3,4,5. */
    WORKING_WEEKDAYS: z.preprocess(
      blankAsUnset,
      z
        .string()
        .regex(/^[1-7](?:,[1-7])*$/, { error: 'must list ISO weekdays separated by commas, e.g. 1,2,3,4,5 (1 = Monday … 7 = Sunday)' })
        .transform((text) => text.split(',').map(Number))
        .refine((days) => new Set(days).size === days.length, { error: 'must list each weekday once' })
        .optional(),
    ),
    /** Base of the links in emails; unset: this process's own address, `http://127.0.0.1:<PORT>` (see loadConfig). */
    PUBLIC_BASE_URL: z.preprocess(blankAsUnset, z.string().url().optional()),
    PORT: port(3000),
    /** `npm start` loads the sample province and launches the sample directive on an empty data folder. */
    DEMO: z.preprocess((v) => (v === undefined || v === '' ? true : !['0', 'false', 'no'].includes(String(v).toLowerCase())), z.boolean()),
    /** Which sample that is: 2021 (Quảng Ninh: province → district → cell) or 2025 (a merged province: province → commune → cell). */
    DEMO_ORGANISATION: z.preprocess(
      blankAsUnset,
      z.enum(['2021', '2025'], { error: 'must be 2021 (the Quảng Ninh sample, with districts) or 2025 (a merged province, with communes)' }).default('2021'),
    ),
    /** Key of the HMAC that signs API access tokens (≥ 32 characters). Never logged. */
    API_TOKEN_SECRET: z.preprocess(blankAsUnset, z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 48`)').optional()),
    /** Base64 of 32 bytes: encrypts Temporal payloads (AES-256-GCM) when set. Never logged. */
    PAYLOAD_ENCRYPTION_KEY: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be the base64 of 32 bytes (e.g. `openssl rand -base64 32`)')
        .optional(),
    ),
    /** Key of the HMAC that signs report links (≥ 32 characters). Never logged. */
    LINK_SIGNING_SECRET: z.preprocess(blankAsUnset, z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 48`)').optional()),
    /** Days the inbox link in every email stays valid after the email is sent. */
    INBOX_LINK_TTL_DAYS: count(DEFAULT_INBOX_LINK_TTL_DAYS).refine((n) => n > 0, { error: 'must be a whole number of days > 0' }),
    /** Minutes an emailed sign-in link works (once) after it is sent. */
    SIGN_IN_LINK_TTL_MINUTES: count(DEFAULT_SIGN_IN_LINK_TTL_MINUTES).refine((n) => n > 0 && n <= 1440, {
      error: 'must be a whole number of minutes from 1 to 1440',
    }),
    /** Hours a browser session lasts from sign-in (absolute: not extended by use). */
    SESSION_TTL_HOURS: count(DEFAULT_SESSION_TTL_HOURS).refine((n) => n > 0 && n <= 720, { error: 'must be a whole number of hours from 1 to 720' }),
    /** The weekly digest to each committee (Mondays 07:00 Vietnam time); off: the worker stops it. Unset: on. */
    WEEKLY_DIGEST: optionalBoolean,

    // Connecting to a Temporal cluster that requires TLS or mTLS (a self-hosted cluster, Temporal Cloud).
    /** TLS to Temporal; defaults to on when any TEMPORAL_TLS_* path or TEMPORAL_API_KEY is set. */
    TEMPORAL_TLS: optionalBoolean,
    /** PEM of the CA that signed the server's certificate (a private CA); unset trusts the system's CAs. */
    TEMPORAL_TLS_CA_PATH: readableFile,
    /** PEM client certificate for mTLS (with TEMPORAL_TLS_KEY_PATH). */
    TEMPORAL_TLS_CERT_PATH: readableFile,
    /** PEM private key of the client certificate. Never logged. */
    TEMPORAL_TLS_KEY_PATH: readableFile,
    /** Name to check the server certificate against, when it differs from the host in TEMPORAL_ADDRESS. */
    TEMPORAL_TLS_SERVER_NAME: z.preprocess(
      blankAsUnset,
      z
        .string()
        .regex(/^[A-Za-z0-9.-]+$/, 'must be a host name')
        .optional(),
    ),
    /** API key (Temporal Cloud), sent as a bearer token over TLS. Never logged. */
    TEMPORAL_API_KEY: z.preprocess(blankAsUnset, z.string().min(1).optional()),

    // Rate limits of the HTTP API, per caller (token, else IP) in a fixed window; 0 switches one off.
    /** Length of the rate-limit window in seconds. */
    RATE_LIMIT_WINDOW_SECONDS: count(60).refine((n) => n > 0, { error: 'must be a whole number of seconds > 0' }),
    /** Reports, corrections and acknowledgements one caller may send per window (API and report form). */
    RATE_LIMIT_REPORTS: count(30),
    /** Access tokens one secretariat caller may issue per window. */
    RATE_LIMIT_TOKENS: count(20),
    /** Sign-in links one email address may be sent per window (asked for whether or not the address is known). */
    RATE_LIMIT_SIGN_IN_EMAIL: count(3),
    /** Sign-in requests one client address may make per window. */
    RATE_LIMIT_SIGN_IN_IP: count(20),
    /** Largest request body the API takes, in bytes (organisation imports have their own limit of 64 MiB). */
    API_BODY_LIMIT_BYTES: count(1_048_576).refine((n) => n >= 1024, { error: 'must be at least 1024 bytes' }),

    // Worker limits.
    /** Committee workflows a worker keeps in memory (~1.4 MB each); unset: the SDK sizes it from the heap. */
    WORKER_MAX_CACHED_WORKFLOWS: z.preprocess(blankAsUnset, z.coerce.number().int().min(0).optional()),
    /** Workflow tasks a worker runs at once; unset: the SDK default (40). Fewer on a small machine keeps tasks inside their 10 s timeout under overload. */
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.preprocess(blankAsUnset, z.coerce.number().int().min(2).optional()),
    /**
     * How far, in percent, a worker's JavaScript heaps may grow past what the last full collection
     * kept (src/engine/worker/heap-growth.ts); 0: V8's own choice (up to fourfold); at most 300.
     */
    WORKER_HEAP_GROWTH_PERCENT: count(50).refine((n) => n <= 300, { error: 'must be at most 300 (V8 itself grows a heap at most fourfold)' }),
    /** host:port where the worker serves Prometheus metrics (the Temporal SDK's exporter, /metrics); unset: none. */
    WORKER_METRICS_BIND_ADDRESS: z.preprocess(
      blankAsUnset,
      z
        .string()
        .regex(/^[^\s:]+:\d{1,5}$/, { error: 'must be host:port, e.g. 0.0.0.0:9464' })
        .optional(),
    ),
    /** A file the worker touches every 15 s while it polls, for a container health check; unset: none. */
    WORKER_LIVENESS_FILE: z.preprocess(blankAsUnset, z.string().optional()),
  })
  .superRefine((c, ctx) => {
    // A certificate without its key (or the other way round) cannot do mTLS: say so now, not at the first handshake.
    if (c.TEMPORAL_TLS_CERT_PATH && !c.TEMPORAL_TLS_KEY_PATH)
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_TLS_KEY_PATH'],
        message: 'is required when TEMPORAL_TLS_CERT_PATH is set (mTLS needs the certificate and its key)',
      });
    if (c.TEMPORAL_TLS_KEY_PATH && !c.TEMPORAL_TLS_CERT_PATH)
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_TLS_CERT_PATH'],
        message: 'is required when TEMPORAL_TLS_KEY_PATH is set (mTLS needs the certificate and its key)',
      });
    const tlsSettings = (['TEMPORAL_TLS_CA_PATH', 'TEMPORAL_TLS_CERT_PATH', 'TEMPORAL_TLS_SERVER_NAME', 'TEMPORAL_API_KEY'] as const).filter(
      (k) => c[k] !== undefined,
    );
    if (c.TEMPORAL_TLS === false && tlsSettings.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_TLS'],
        message: `is false but ${tlsSettings.join(', ')} ${tlsSettings.length === 1 ? 'is' : 'are'} set; remove ${tlsSettings.length === 1 ? 'it' : 'them'} or set TEMPORAL_TLS=true`,
      });
    }
  });

/** Parsed configuration; PUBLIC_BASE_URL always set (its default follows PORT). */
export type Config = Omit<z.infer<typeof ConfigSchema>, 'PUBLIC_BASE_URL'> & { PUBLIC_BASE_URL: string; dataDir: string };

/** What the environment tunes of a worker (see WorkerDeps.tuning). */
export interface WorkerTuning {
  maxCachedWorkflows?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
  /** Not a Temporal option: the worker's process applies it (src/engine/worker/heap-growth.ts). */
  heapGrowthPercent?: number;
}

/** The worker options the environment tunes. */
export function workerTuning(config: Config): WorkerTuning {
  return {
    heapGrowthPercent: config.WORKER_HEAP_GROWTH_PERCENT,
    ...(config.WORKER_MAX_CACHED_WORKFLOWS !== undefined ? { maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS } : {}),
    ...(config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS !== undefined ? { maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS } : {}),
  };
}

/** Parses the environment; a bad value fails with the variable's name and the rule. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  // The default base follows PORT: `PORT=3923 npm start` must send links to port 3923, not to 3000.
  const publicBaseUrl = parsed.data.PUBLIC_BASE_URL ?? `http://127.0.0.1:${parsed.data.PORT}`;
  return { ...parsed.data, PUBLIC_BASE_URL: publicBaseUrl, dataDir: path.resolve(parsed.data.DATA_DIR) };
}
