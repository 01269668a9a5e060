/**
 * A dry run of a directive: the real committee workflows on Temporal's time-skipping test server,
 * in this process, with a worker whose activities record instead of writing PostgreSQL or sending
 * mail (sim-activities.ts). Simulated units file their reports with the same update the real
 * client sends, at the instants the profile gives them; the test server skips the time between.
 * Nothing reaches the project's database, SMTP server or Temporal.
 */
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { updateIdFor } from '../app/unit-commands';
import type { CalendarBook } from '../app/calendar-book';
import type { OrgTree } from '../domain/org/org';
import { planReports, simulatedReport, type PlannedReport, type PlannedUnit } from '../domain/simulation/report-plan';
import { summariseDryRun, type DryRunSummary, type FinalUnit } from '../domain/simulation/dry-run-summary';
import type { UnitProfile } from '../domain/simulation/unit-profile';
import { committeeWorkflow } from '../engine/committee/workflow';
import { committeeWorkflowId, reportUpdate, stateQuery, type CommitteeView, type UnitView } from '../engine/protocol';
import { bundleWorkflows } from '../engine/worker/create-worker';
import { ensureTestServer, timeSkippingEnvOptions } from '../dev/toolchain/temporal-test-server';
import { createSimActivities } from './sim-activities';
import { prepareSimDirective } from './sim-directive';
import { SimJournal } from './sim-journal';
import { SimSnapshot } from './sim-snapshot';

const TASK_QUEUE = 'dry-run';
const DAY_MS = 86_400_000;
/**
 * How long the run goes on after the last deadline's last escalation offset: escalations due on a
 * day off go on the next working day (Tết can close nine days), and the committees' deferred
 * journal writes land long before.
 */
const END_MARGIN_MS = 14 * DAY_MS;
/** One sleep on the test server at most this long: a longer unlockTimeSkippingWithSleep call outlives gRPC's keepalive. */
const SKIP_STEP_MS = 7 * DAY_MS;
/** Reports in flight at once, over all committees. */
const REPORTS_IN_FLIGHT = 16;
/** How long the committees may take to load every unit (real time). */
const LOAD_TIMEOUT_MS = 120_000;
/** A query unanswered this long (real time) means the committee's workflow task keeps failing. */
const QUERY_TIMEOUT_MS = 15_000;

/** What a dry run needs that is the same for every spec: the test server's executable and the workflow bundle. */
export interface DryRunTools {
  testServerPath: string;
  workflowBundle: WorkflowBundleWithSourceMap;
}

let tools: Promise<DryRunTools> | null = null;

/**
 * Finds (or fetches once) the time-skipping test server and bundles the workflows, once per process
 * (bundling takes seconds; `--compare` and the tests reuse it); progress lines go to `log`.
 */
export function prepareDryRunTools(log: (line: string) => void): Promise<DryRunTools> {
  quietRuntime();
  tools ??= (async () => ({ testServerPath: await ensureTestServer({ log }), workflowBundle: await bundleWorkflows() }))();
  // A failure is not kept: the next call tries again.
  tools.catch(() => (tools = null));
  return tools;
}

/** One dry run's input. */
export interface DryRunInput {
  specText: string;
  tree: OrgTree;
  profile: UnitProfile;
  /** How the profile is named in the output (its built-in name or its file). */
  profileName: string;
  calendars: CalendarBook;
  log: (line: string) => void;
}

/** Runs the directive of `input.specText` over the organisation copy; see the file comment. */
export async function runDryRun(input: DryRunInput, tools: DryRunTools): Promise<DryRunSummary> {
  const started = Date.now();
  const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const env = await TestWorkflowEnvironment.createTimeSkipping(timeSkippingEnvOptions(tools.testServerPath));
  try {
    // A plain client: the environment's own one unlocks time skipping while it awaits results.
    const client = new Client({ connection: env.connection });
    const now = async () => Number(await env.currentTimeMs());
    const launchedAt = new Date(await now()).toISOString();
    const { spec, directive } = prepareSimDirective(input.specText, input.tree, input.calendars, launchedAt);
    const snapshot = new SimSnapshot(input.tree, spec.root);
    const journal = new SimJournal();
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowBundle: tools.workflowBundle,
      activities: createSimActivities(snapshot, journal),
    });
    return await worker.runUntil(async () => {
      await client.workflow.start(committeeWorkflow, {
        workflowId: committeeWorkflowId(directive.id, directive.rootId),
        taskQueue: TASK_QUEUE,
        args: [{ directive, unitId: directive.rootId, parentWorkflowId: null, ancestors: [], receivedAt: launchedAt, spec }],
      });
      const committees = snapshot.committeeIds();
      const committeeOf = (unitId: string) => client.workflow.getHandle(committeeWorkflowId(directive.id, unitId));
      const loaded = await allLoaded(committees.map(committeeOf), snapshot.size - 1);
      input.log(`  ${snapshot.size - 1} units received the directive (${seconds()}); filing reports as the profile says...`);

      // A committee holds its own unit and its leaf units: a report goes to the committee holding the unit.
      const holders = new Map(loaded.flatMap((view) => heldUnits(view).map((u) => [u.unitId, view.unitId] as const)));
      const planned: PlannedUnit[] = loaded.flatMap(heldUnits).map((u) => {
        const unit = input.tree.require(u.unitId);
        return { unitId: u.unitId, level: u.level, members: unit.members, essaysExpected: unit.essaysExpected, receivedAt: u.receivedAt, deadline: u.deadline };
      });
      const plan = planReports(planned, input.profile);
      const byId = new Map(planned.map((u) => [u.unitId, u]));

      const skipTo = async (at: number) => {
        for (let left = at - (await now()); left > 0; left -= SKIP_STEP_MS) await env.sleep(Math.min(SKIP_STEP_MS, left));
      };
      for (const [at, reports] of byInstant(plan)) {
        await skipTo(Date.parse(at));
        await inPool(reports, REPORTS_IN_FLIGHT, async ({ unitId }) => {
          const report = simulatedReport(byId.get(unitId) as PlannedUnit, at, input.profile);
          const actor = `dry-run:${unitId}`;
          // The update the real client sends, under the id it would give it.
          const result = await committeeOf(holders.get(unitId) as string).executeUpdate(reportUpdate, {
            args: [{ unitId, report, actor }],
            updateId: updateIdFor('report', { unitId, report, actor }),
          });
          // As the real client does: the caller records the entries the update hands back.
          if (result.journal) journal.record(result.journal);
        });
      }
      const lastDeadline = Math.max(...planned.map((u) => Date.parse(u.deadline)));
      const lastReport = Math.max(0, ...plan.map((p) => (p.at === null ? 0 : Date.parse(p.at))));
      const lastEscalation = Math.max(0, ...directive.escalation);
      const end = Math.max(lastDeadline + lastEscalation, lastReport) + END_MARGIN_MS;
      input.log(`  every planned report filed (${seconds()}); running on to ${new Date(end).toISOString().slice(0, 10)}...`);
      await skipTo(end);
      const endedAt = new Date(end).toISOString();

      const finals = await Promise.all(committees.map((id) => withTimeout(committeeOf(id).query(stateQuery), QUERY_TIMEOUT_MS)));
      const finalUnits: FinalUnit[] = finals.flatMap(heldUnits).map((u) => ({
        unitId: u.unitId,
        level: u.level,
        deadline: u.deadline,
        extendedTo: u.extendedTo,
        completedAt: u.completedAt,
        exemptedAt: u.exemptedAt,
      }));
      return summariseDryRun({
        directiveId: directive.id,
        code: directive.code,
        title: directive.title,
        profile: input.profileName,
        levels: input.tree.levelDefinitions,
        launchedAt,
        endedAt,
        emails: journal.emails,
        units: finalUnits,
        plan,
      });
    });
  } finally {
    await env.teardown();
  }
}

/** Waits (real time) until every committee has loaded its units and together they hold `expected` units. */
async function allLoaded(handles: ReadonlyArray<{ query: (q: typeof stateQuery) => Promise<CommitteeView> }>, expected: number): Promise<CommitteeView[]> {
  const giveUpAt = Date.now() + LOAD_TIMEOUT_MS;
  for (;;) {
    const views = await Promise.all(handles.map((h) => withTimeout(h.query(stateQuery), QUERY_TIMEOUT_MS).catch(() => null)));
    const ready = views.filter((v): v is CommitteeView => v !== null && v.loaded);
    const held = ready.reduce((n, v) => n + (v.self ? 1 : 0) + v.units.length, 0);
    if (ready.length === handles.length && held === expected) return ready;
    if (Date.now() > giveUpAt) throw new Error(`the committees loaded ${held} of ${expected} units within ${LOAD_TIMEOUT_MS / 1000} s; the dry run stops`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The promise's value, or an error once `ms` (real time) have passed. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer from a committee within ${ms / 1000} s: its workflow task fails (the worker's errors are printed above)`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The units a committee holds: its own (none for the cascade's root, the issuer) and its leaf units. */
function heldUnits(view: CommitteeView): UnitView[] {
  return [...(view.self ? [view.self] : []), ...view.units];
}

/** The planned reports grouped by instant, earliest first. */
function byInstant(plan: readonly PlannedReport[]): Array<[string, PlannedReport[]]> {
  const groups = new Map<string, PlannedReport[]>();
  for (const planned of plan) {
    if (planned.at === null) continue;
    const group = groups.get(planned.at);
    if (group) group.push(planned);
    else groups.set(planned.at, [planned]);
  }
  return [...groups].sort(([a], [b]) => Date.parse(a) - Date.parse(b));
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/**
 * Keeps the SDK's INFO lines (worker state changes) off the operator's terminal, and the native
 * core's own lines (which it writes to stdout) off `--json`'s output: they are forwarded to the
 * logger, which writes to stderr. The runtime can be installed once per process: a host that
 * installed its own (a test's setup) keeps it.
 */
function quietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  } catch {
    // Already installed by the host process.
  }
}
