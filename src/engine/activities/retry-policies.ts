/**
 * Suggested activity options for the committee workflows. Plain data with a type-only import, so
 * workflow code may import this file (it pulls no Node, pg or nodemailer code into the sandbox).
 */
import type { ActivityOptions } from '@temporalio/common';
import { FAILURE_TYPES } from './failure-types';

const NON_RETRYABLE = Object.values(FAILURE_TYPES);

/**
 * Database activities (prepareDirective, loadCommittee, recordJournal): each is one short
 * transaction, so a short timeout finds a stuck call fast; retry forever (no maximumAttempts),
 * because a database outage should pause the cascade, not fail it, with backoff capped at a minute.
 * prepareDirective copies up to ~60,000 units in a couple of seconds; 1 minute leaves room.
 */
export const DB_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [...NON_RETRYABLE],
  },
};

/**
 * sendEmails: a batch of a few hundred emails through a possibly slow SMTP relay takes minutes,
 * and it heartbeats as emails go (at most once a second, send-emails.ts) so a dead worker is
 * noticed within the heartbeat timeout.
 * An SMTP outage is retried forever with backoff capped at 5 minutes; the email ledger makes every
 * retry send only what was not sent yet.
 */
export const EMAIL_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: [...NON_RETRYABLE],
  },
};

/** Most emails one sendEmails call should carry; larger lists are split by the workflow. */
export const MAX_EMAILS_PER_BATCH = 500;

/**
 * Applying a scheduled reorganisation: minutes at national scale (it heartbeats), repeated safely
 * after a failure (the plan resumes), every few minutes at most, until it succeeds; a plan that no
 * longer fits the directory fails for good.
 */
export const REORGANISATION_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: ['ReorganisationRefused'] },
};

/** Opening a report round: a launch, repeated until it succeeds (a repeat starts nothing twice). */
export const ROUND_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
};
