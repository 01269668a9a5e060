/**
 * The weekly digest: one workflow (`digest/weekly`) that asks when the next digest goes (07:00
 * Vietnam time on the first working day of the week, by the secretariat's calendar), sleeps until
 * then on a durable timer, and runs one activity that emails every committee its digest; then the
 * next week. It continues as new every half year so its history stays short. Chosen over a
 * Temporal Schedule: the day moves with the working calendar (a Monday off for Tết or 2/9), which
 * a cron rule cannot say, and like the report rounds and scheduled reorganisations it runs on the
 * time-skipping test server. The activity is safe to repeat: each (unit, week) is sent once.
 */
import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import type { CascadeActivities } from './activities';
import { DB_ACTIVITY_OPTIONS, EMAIL_ACTIVITY_OPTIONS } from './activities/retry-policies';

const { nextDigestSlot } = proxyActivities<CascadeActivities>(DB_ACTIVITY_OPTIONS);
// A national run sends tens of thousands of digests: it heartbeats per committee, and repeats only what was not sent.
const { sendWeeklyDigest } = proxyActivities<CascadeActivities>({ ...EMAIL_ACTIVITY_OPTIONS, startToCloseTimeout: '2 hours' });

/** The one weekly digest workflow of a namespace and task queue. */
export const WEEKLY_DIGEST_WORKFLOW_ID = 'digest/weekly';

/** Weeks one run covers before continuing as new. */
const WEEKS_PER_RUN = 26;

/** Input of the weekly digest: the instant after which the next digest goes (default: now), and weeks before continuing as new. */
export interface WeeklyDigestInput {
  after?: string;
  weeksPerRun?: number;
}

/** Sends the weekly digest every week; see the file comment. Never returns: it continues as new. */
export async function weeklyDigestWorkflow(input: WeeklyDigestInput = {}): Promise<never> {
  let after = input.after ?? new Date(Date.now()).toISOString();
  const weeks = input.weeksPerRun ?? WEEKS_PER_RUN;
  for (let week = 0; week < weeks; week++) {
    const slot = await nextDigestSlot({ after });
    const wait = Date.parse(slot.at) - Date.now();
    if (wait > 0) await sleep(wait);
    await sendWeeklyDigest(slot);
    after = slot.at;
  }
  return continueAsNew<typeof weeklyDigestWorkflow>({ after, weeksPerRun: weeks });
}
