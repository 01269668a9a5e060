/**
 * Workflow history sizes against Temporal's limits: every run of every committee workflow of the
 * directive (closed runs from visibility, running ones from describe, which is current), and the
 * root, the largest province and the largest district by name.
 */
import { committeeWorkflowId } from '../../../src/engine/protocol';
import type { BenchContext } from '../context';
import { inPool } from '../stats';

/** Temporal warns at 10,240 events (and fails a workflow at 51,200). */
export const HISTORY_EVENTS_WARNING = 10_240;
/** Temporal's history size limit (it warns at 10 MB). */
export const HISTORY_BYTES_LIMIT = 50 * 1024 * 1024;

/** One workflow's history: the current run, and how many runs it took (continue-as-new). */
export interface NamedHistory {
  unitId: string;
  workflowId: string;
  events: number;
  bytes: number | null;
  runs: number;
  /** Largest run of this workflow id. */
  maxRunEvents: number;
}

/** History figures of one directive. */
export interface HistoryMeasurement {
  workflows: number;
  runs: number;
  continuedAsNew: number;
  maxHistoryEvents: number;
  maxHistoryBytes: number | null;
  maxHistoryWorkflowId: string | null;
  root: NamedHistory | null;
  largestProvince: NamedHistory | null;
  largestDistrict: NamedHistory | null;
}

interface RunInfo {
  workflowId: string;
  status: string;
  events: number;
  bytes: number | null;
}

/** Lists every run of the directive's committee workflows and measures their histories. */
export async function measureHistories(
  ctx: BenchContext,
  directiveId: string,
  named: { root: string; province: string; district: string },
): Promise<HistoryMeasurement> {
  const runs: RunInfo[] = [];
  for await (const wf of ctx.temporal.workflow.list({ query: `CascadeDirective = "${directiveId}"` })) {
    runs.push({ workflowId: wf.workflowId, status: wf.status.name, events: wf.historyLength, bytes: wf.historySize ?? null });
  }
  // Visibility records a running workflow's history length only when it closes; describe is live.
  await inPool(
    runs.filter((r) => r.status === 'RUNNING'),
    16,
    async (run) => {
      const d = await ctx.temporal.workflow.getHandle(run.workflowId).describe();
      run.events = d.historyLength;
      run.bytes = d.historySize ?? null;
    },
  );
  // The root carries no CascadeDirective attribute on a cluster that did not register it; add it by id if missing.
  const rootId = committeeWorkflowId(directiveId, named.root);
  if (!runs.some((r) => r.workflowId === rootId)) {
    const d = await ctx.temporal.workflow.getHandle(rootId).describe();
    runs.push({ workflowId: rootId, status: d.status.name, events: d.historyLength, bytes: d.historySize ?? null });
  }
  const byEvents = [...runs].sort((a, b) => b.events - a.events);
  const namedHistory = (unitId: string): NamedHistory | null => {
    const workflowId = committeeWorkflowId(directiveId, unitId);
    const mine = runs.filter((r) => r.workflowId === workflowId);
    const current = mine.find((r) => r.status === 'RUNNING') ?? mine[0];
    if (!current) return null;
    return { unitId, workflowId, events: current.events, bytes: current.bytes, runs: mine.length, maxRunEvents: Math.max(...mine.map((r) => r.events)) };
  };
  const bytes = runs.map((r) => r.bytes).filter((b): b is number => b !== null);
  return {
    workflows: new Set(runs.map((r) => r.workflowId)).size,
    runs: runs.length,
    continuedAsNew: runs.filter((r) => r.status === 'CONTINUED_AS_NEW').length,
    maxHistoryEvents: byEvents[0]?.events ?? 0,
    maxHistoryBytes: bytes.length ? Math.max(...bytes) : null,
    maxHistoryWorkflowId: byEvents[0]?.workflowId ?? null,
    root: namedHistory(named.root),
    largestProvince: namedHistory(named.province),
    largestDistrict: namedHistory(named.district),
  };
}
