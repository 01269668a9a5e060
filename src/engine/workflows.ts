// Every workflow the worker registers. The worker bundles this file for Temporal's sandbox.
export { healthCheckWorkflow } from './health-check-workflow';
export { committeeWorkflow } from './committee/workflow';
export { scheduledReorganisationWorkflow } from './reorganisation-schedule';
export { reportRoundsWorkflow } from './report-rounds-schedule';
export { weeklyDigestWorkflow } from './weekly-digest-schedule';
