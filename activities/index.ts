import type { Pool } from 'pg';
import type { Transporter } from 'nodemailer';

/** What activities may touch: passed in by the worker, never opened at module load. */
export interface ActivityDeps {
  pool: Pool;
  mailer: Transporter;
  mailFrom: string;
  publicBaseUrl: string;
}

/** Builds the activity implementations the worker registers. */
export function createActivities(_deps: ActivityDeps) {
  return {};
}

/** Activity interface, for `proxyActivities<CascadeActivities>()` in workflow code. */
export type CascadeActivities = ReturnType<typeof createActivities>;
