/**
 * Deadlines: the districts' reminders and escalations, in a phase of their own after the launch.
 * The benchmark's district deadline (tools/bench/context.ts) falls after a national launch has
 * ended, so the launch measures the launch alone and this phase the timers: it waits until every
 * district's reminder and escalation has reached the SMTP sink. What reached it while the launch
 * ran is counted apart (LaunchMeasurement), so a launch that was not alone says so.
 */
import type { BenchContext } from '../context';
import { nowMs, round, sleep } from '../stats';

/** What the deadlines phase measured. */
export interface DeadlinesMeasurement {
  /** District committees: each is reminded once and escalated once to its province. */
  districts: number;
  reminders: number;
  escalations: number;
  /** Seconds from the launch's end until the last of them reached the sink; null when they had not all arrived within the timeout. */
  afterLaunchSeconds: number | null;
}

/**
 * Waits, from the launch's end and at most `timeoutMs`, until the sink of the run's own stack has
 * a reminder and an escalation per district. The reminder goes 30 s before the deadline
 * (context.ts), so a district deadline under 30 s after receipt has none and the wait times out.
 */
export async function waitForDeadlines(ctx: BenchContext, districts: number, timeoutMs: number): Promise<DeadlinesMeasurement> {
  const start = nowMs();
  const deadline = start + timeoutMs;
  let lastProgress = start;
  for (;;) {
    const { reminder: reminders, escalation: escalations } = ctx.mail.snapshot().byKind;
    const complete = reminders >= districts && escalations >= districts;
    if (complete || nowMs() > deadline) {
      const afterLaunchSeconds = complete ? round((nowMs() - start) / 1_000, 1) : null;
      ctx.log(
        complete
          ? `deadlines: ${reminders} reminders and ${escalations} escalations for ${districts} districts, the last ${afterLaunchSeconds} s after the launch`
          : `deadlines: only ${reminders} reminders and ${escalations} escalations for ${districts} districts within ${Math.round(timeoutMs / 1_000)} s`,
      );
      return { districts, reminders, escalations, afterLaunchSeconds };
    }
    if (nowMs() - lastProgress >= 15_000) {
      lastProgress = nowMs();
      ctx.log(`deadlines: ${reminders}/${districts} reminders, ${escalations}/${districts} escalations`);
    }
    await sleep(500);
  }
}
