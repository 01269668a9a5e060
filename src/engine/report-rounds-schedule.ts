/**
 * A periodic directive's report rounds: a durable timer until each round's window opens, then one
 * activity that launches the round as a cascade of its own (src/app/report-rounds.ts), against the
 * organisation and the calendar as they are then. Chosen over Temporal Schedules: the rounds are a
 * few fixed instants known at launch, not a recurring calendar rule, and a workflow per directive
 * keeps them in one history beside the directive's own, cancelled with it when it is withdrawn.
 * The activity is safe to repeat: launching a round again starts nothing twice.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { CascadeActivities } from './activities';
import { ROUND_ACTIVITY_OPTIONS } from './activities/retry-policies';

const { openRound } = proxyActivities<CascadeActivities>(ROUND_ACTIVITY_OPTIONS);

/** Deterministic id of the workflow that opens a directive's rounds. */
export function reportRoundsWorkflowId(directiveId: string): string {
  return `rounds/${directiveId}`;
}

/** Input of the rounds workflow: the directive and, in order, when each round opens (UTC ISO). */
export interface ReportRoundsInput {
  directiveId: string;
  rounds: Array<{ key: string; opensAt: string }>;
}

/** Opens each round at its instant; see the file comment. Answers the rounds' directive ids. */
export async function reportRoundsWorkflow(input: ReportRoundsInput): Promise<string[]> {
  const opened: string[] = [];
  for (const round of input.rounds) {
    const wait = Date.parse(round.opensAt) - Date.now();
    if (wait > 0) await sleep(wait);
    const result = await openRound({ directiveId: input.directiveId, roundKey: round.key });
    if (result.roundId) opened.push(result.roundId);
  }
  return opened;
}
