import path from 'node:path';
import { z } from 'zod';

const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional());
const port = z.coerce.number().int().min(0).max(65535);

/** Environment variables the processes read; parsed once at each entry point and passed down. */
export const ConfigSchema = z.object({
  TEMPORAL_ADDRESS: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port').optional()),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('directive-cascade'),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  DATABASE_URL: optionalUrl,
  EMBEDDED_PG_PORT: port.default(54329),
  SMTP_URL: optionalUrl,
  MAIL_SINK_PORT: port.default(2525),
  MAIL_FROM: z.string().min(3).default('Văn phòng Trung ương <no-reply@directive-cascade.local>'),
  DATA_DIR: z.string().min(1).default('data'),
  PUBLIC_BASE_URL: z.string().url().default('http://127.0.0.1:3000'),
  PORT: port.default(3000),
  /** `npm start` loads the sample province and launches the sample directive on an empty data folder. */
  DEMO: z.preprocess((v) => (v === undefined || v === '' ? true : !['0', 'false', 'no'].includes(String(v).toLowerCase())), z.boolean()),
  /** Key of the HMAC that signs API access tokens (≥ 32 characters). Never logged. */
  API_TOKEN_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 48`)').optional()),
  /** Base64 of 32 bytes: encrypts Temporal payloads (AES-256-GCM) when set. Never logged. */
  PAYLOAD_ENCRYPTION_KEY: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be the base64 of 32 bytes (e.g. `openssl rand -base64 32`)').optional(),
  ),
  /** Key of the HMAC that signs report links (≥ 32 characters). Never logged. */
  LINK_SIGNING_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 48`)').optional()),
  /** Committee workflows a worker keeps in memory (~1.4 MB each); unset: the SDK sizes it from the heap. */
  WORKER_MAX_CACHED_WORKFLOWS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).optional()),
  /** Workflow tasks a worker runs at once; unset: the SDK default (40). Fewer on a small machine keeps tasks inside their 10 s timeout under overload. */
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(2).optional()),
});

/** Parsed configuration. */
export type Config = z.infer<typeof ConfigSchema> & { dataDir: string };

/** The worker options the environment tunes (see WorkerDeps.tuning). */
export function workerTuning(config: Config): { maxCachedWorkflows?: number; maxConcurrentWorkflowTaskExecutions?: number } {
  return {
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
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}
