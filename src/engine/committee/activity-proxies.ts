/** The activities committee workflows call, with their retry policies. */
import { proxyActivities } from '@temporalio/workflow';
import type { CascadeActivities } from '../activities';
import { DB_ACTIVITY_OPTIONS, EMAIL_ACTIVITY_OPTIONS } from '../activities/retry-policies';

// Database work is short and must eventually succeed; SMTP outages can last hours (the email
// ledger makes every retry safe). Both retry forever with capped backoff.
export const db = proxyActivities<CascadeActivities>(DB_ACTIVITY_OPTIONS);
export const mail = proxyActivities<CascadeActivities>(EMAIL_ACTIVITY_OPTIONS);
