/**
 * Launch: import the organisation, launch the directive through the client, and time until
 * every unit has received it — the root's rollup counts every unit below it and every unit's
 * notice has reached the SMTP sink — and, separately, until the listing projection has a row
 * for every unit.
 */
import { requireValidOrg } from '../../../src/domain/org/org';
import type { RollupView } from '../../../src/domain/track/rollup';
import { committeeWorkflowId, rollupQuery } from '../../../src/engine/protocol';
import type { BenchContext } from '../context';
import type { GeneratedOrg } from '../generate-org';
import { nowMs, round, sleep } from '../stats';

/** What the launch phase measured. */
export interface LaunchMeasurement {
  directiveId: string;
  rootWorkflowId: string;
  /** Units that must receive the directive: all but the root (the issuer). */
  expected: number;
  importSeconds: number;
  /** The client's launch() call alone: load and check the organisation, start the root workflow. */
  launchCallSeconds: number;
  /** Until the root rollup counted every unit. */
  rollupCompleteSeconds: number | null;
  /** Until every unit's notice reached the SMTP sink. */
  noticesCompleteSeconds: number | null;
  /** Until unit_projection had a row for every unit (listings). */
  projectionCompleteSeconds: number | null;
  /** max(rollup, notices): the "every unit has received the directive". */
  launchSeconds: number | null;
  unitsPerSecond: number | null;
  received: number;
  notices: number;
  projected: number;
  /** Reminders and escalations that reached the sink while the launch ran: 0 when it ran alone (phases/deadlines.ts); absent from older files. */
  remindersDuringLaunch?: number;
  escalationsDuringLaunch?: number;
}

/** Units the root rollup counts as having received the directive. */
export function receivedIn(rollup: RollupView): number {
  return rollup.levels.reduce((sum, l) => sum + l.expected + l.exempted + l.withdrawn, 0);
}

/** The root's rollup, or null while the root is still loading (its query handler says so). */
/** The directive's national rollup as supervisors read it (PostgreSQL); null when it cannot be read. */
export async function rootRollup(ctx: BenchContext, directiveId: string): Promise<RollupView | null> {
  try {
    return await ctx.cascade.rollup(directiveId);
  } catch {
    return null;
  }
}

/** The root committee workflow's own rollup, which committees push up the tree; null when it does not answer. */
export async function rootWorkflowRollup(ctx: BenchContext, rootWorkflowId: string): Promise<RollupView | null> {
  try {
    return await ctx.temporal.workflow.getHandle(rootWorkflowId).query(rollupQuery);
  } catch {
    return null;
  }
}

async function projectedCount(ctx: BenchContext, directiveId: string): Promise<number> {
  const { rows } = await ctx.pool.query<{ n: string }>('SELECT count(*) AS n FROM unit_projection WHERE directive_id = $1', [directiveId]);
  return Number(rows[0]?.n ?? 0);
}

/** Imports `org`, launches `spec` over it and waits until the launch is complete (or `timeoutMs` passes: then throws, saying what is missing). */
export async function runLaunch(
  ctx: BenchContext,
  org: GeneratedOrg,
  spec: Record<string, unknown>,
  opts: { timeoutMs?: number; progressEveryMs?: number } = {},
): Promise<LaunchMeasurement> {
  const expected = org.counts.units - 1;
  const timeoutMs = opts.timeoutMs ?? Math.max(600_000, expected * 40);
  const tree = requireValidOrg(org.units);
  const importStart = nowMs();
  await ctx.cascade.importOrganisation(tree);
  const importSeconds = (nowMs() - importStart) / 1_000;
  ctx.log(`imported ${org.counts.units.toLocaleString('en')} units in ${importSeconds.toFixed(1)} s; launching`);

  const mailBefore = ctx.mail.snapshot();
  const start = nowMs();
  const launched = await ctx.cascade.launch(spec);
  const launchCallSeconds = (nowMs() - start) / 1_000;
  const rootWorkflowId = committeeWorkflowId(launched.directiveId, org.rootId);
  const seconds = () => round((nowMs() - start) / 1_000, 2);

  let rollupAt: number | null = null;
  let noticesAt: number | null = null;
  let projectionAt: number | null = null;
  let received = 0;
  let notices = 0;
  let projected = 0;
  let lastProjectionCheck = 0;
  let lastProgress = nowMs();
  const deadline = nowMs() + timeoutMs;
  // The projection trails the workflows by a journal batch or two; it gets its own (short) grace.
  let projectionGraceUntil = Number.POSITIVE_INFINITY;
  for (;;) {
    if (rollupAt === null) {
      // A query the busy root cannot answer in time leaves the last known count.
      const rollup = await rootRollup(ctx, launched.directiveId);
      if (rollup) received = receivedIn(rollup);
      if (received >= expected) rollupAt = seconds();
    }
    if (noticesAt === null) {
      notices = ctx.mail.snapshot().noticedUnits - mailBefore.noticedUnits;
      if (notices >= expected) noticesAt = seconds();
    }
    if (projectionAt === null && (nowMs() - lastProjectionCheck >= 1_000 || (rollupAt !== null && noticesAt !== null))) {
      lastProjectionCheck = nowMs();
      projected = await projectedCount(ctx, launched.directiveId);
      if (projected >= expected) projectionAt = seconds();
    }
    if (rollupAt !== null && noticesAt !== null) {
      if (projectionAt !== null) break;
      if (projectionGraceUntil === Number.POSITIVE_INFINITY) projectionGraceUntil = nowMs() + 120_000;
      if (nowMs() > projectionGraceUntil) break;
    }
    if (nowMs() > deadline) {
      throw new Error(
        `launch of ${expected} units did not complete within ${Math.round(timeoutMs / 1_000)} s: ` +
          `root rollup counts ${received}, notices received ${notices}, projection rows ${projected}`,
      );
    }
    if (nowMs() - lastProgress >= (opts.progressEveryMs ?? 5_000)) {
      lastProgress = nowMs();
      ctx.log(
        `launch ${seconds().toFixed(0)} s: received ${received.toLocaleString('en')}/${expected.toLocaleString('en')}, notices ${notices.toLocaleString('en')}, projected ${projected.toLocaleString('en')}`,
      );
    }
    await sleep(rollupAt === null || noticesAt === null ? 250 : 500);
  }
  const launchSeconds = rollupAt !== null && noticesAt !== null ? Math.max(rollupAt, noticesAt) : null;
  const mailAfter = ctx.mail.snapshot().byKind;
  const remindersDuringLaunch = mailAfter.reminder - mailBefore.byKind.reminder;
  const escalationsDuringLaunch = mailAfter.escalation - mailBefore.byKind.escalation;
  ctx.log(
    `launch complete: ${expected.toLocaleString('en')} units in ${launchSeconds?.toFixed(1)} s (rollup ${rollupAt} s, notices ${noticesAt} s, projection ${projectionAt ?? 'incomplete'} s)` +
      (remindersDuringLaunch + escalationsDuringLaunch > 0
        ? `; NOT ALONE: ${remindersDuringLaunch} reminders and ${escalationsDuringLaunch} escalations went out during it`
        : ''),
  );
  return {
    directiveId: launched.directiveId,
    rootWorkflowId,
    expected,
    importSeconds: round(importSeconds, 2),
    launchCallSeconds: round(launchCallSeconds, 2),
    rollupCompleteSeconds: rollupAt,
    noticesCompleteSeconds: noticesAt,
    projectionCompleteSeconds: projectionAt,
    launchSeconds,
    unitsPerSecond: launchSeconds ? round(expected / launchSeconds, 1) : null,
    received,
    notices,
    projected,
    remindersDuringLaunch,
    escalationsDuringLaunch,
  };
}
