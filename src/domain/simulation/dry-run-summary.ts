/**
 * What a dry run found, from what its simulated activities recorded and the units' final state in
 * the committees: emails per Vietnam day, the peak email rates, and the overdue units per level at
 * each level's deadline and at the end.
 */
import { levelWords, type LevelDefinition } from '../org/levels';
import { VIETNAM_UTC_OFFSET_MS, vnIsoDate } from '../time/vn-time';
import type { Behaviour, PlannedReport } from './report-plan';

/** An email the workflows asked for, as the simulated sendEmails judged it. */
export interface SimulatedEmail {
  /** Workflow time at which the committee handed it to sendEmails (ISO). */
  at: string;
  kind: string;
  unitId: string;
  /** Who would receive it: the unit, or for an escalation its superior. */
  recipientId: string | null;
  step: number;
  /** `skipped`: the workflow marked it so, or the unit had closed meanwhile, as the real activity decides. */
  outcome: 'sent' | 'skipped';
}

/** A unit as its committee holds it at the end of the run. */
export interface FinalUnit {
  unitId: string;
  level: string;
  deadline: string;
  extendedTo: string | null;
  completedAt: string | null;
  exemptedAt: string | null;
}

/** The email kinds a day's line counts apart; the change notices (none in a dry run) go under `other`. */
type EmailCounts = { notice: number; reminder: number; escalation: number; other: number };

/** One Vietnam day with emails. */
export interface DayLine extends EmailCounts {
  /** ISO date (Vietnam). */
  date: string;
}

/** The most emails in one clock hour or minute (Vietnam time), and when that window starts. */
export interface Peak {
  count: number;
  /** Start of the window (ISO), null when no email went. */
  at: string | null;
}

/** Overdue units per level at one instant. */
export interface Checkpoint {
  /** The levels whose deadline this is (several when they share it), or empty for the end of the run. */
  deadlineOf: string[];
  at: string;
  overdue: Record<string, number>;
}

/** Everything a dry run reports. */
export interface DryRunSummary {
  directiveId: string;
  code: string;
  title: string;
  profile: string;
  /** Levels with units in the run, top first. */
  levels: string[];
  /** Each level's short name as people read it. */
  levelLabels: Record<string, { vi: string; en: string }>;
  unitsPerLevel: Record<string, number>;
  behaviours: Record<Behaviour, number>;
  launchedAt: string;
  endedAt: string;
  days: DayLine[];
  totals: EmailCounts & { skipped: number };
  peakPerHour: Peak;
  peakPerMinute: Peak;
  checkpoints: Checkpoint[];
  /** Per level at the end: reported on time, reported late, still open. */
  outcome: Record<string, { onTime: number; late: number; open: number }>;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** True when the unit is overdue at `at`: its deadline has passed and it had neither reported nor been exempted by then. */
function overdueAt(unit: FinalUnit, at: number): boolean {
  const deadline = Date.parse(unit.extendedTo ?? unit.deadline);
  if (at <= deadline) return false;
  if (unit.exemptedAt !== null && Date.parse(unit.exemptedAt) <= at) return false;
  return unit.completedAt === null || Date.parse(unit.completedAt) > at;
}

function kindKey(kind: string): keyof EmailCounts {
  return kind === 'notice' || kind === 'reminder' || kind === 'escalation' ? kind : 'other';
}

/** The fullest window of `sizeMs` (aligned to Vietnam clock hours or minutes). */
function peak(sent: readonly SimulatedEmail[], sizeMs: number): Peak {
  const counts = new Map<number, number>();
  for (const email of sent) {
    const start = Math.floor((Date.parse(email.at) + VIETNAM_UTC_OFFSET_MS) / sizeMs) * sizeMs - VIETNAM_UTC_OFFSET_MS;
    counts.set(start, (counts.get(start) ?? 0) + 1);
  }
  let best: Peak = { count: 0, at: null };
  for (const [start, count] of [...counts].sort(([a], [b]) => a - b)) if (count > best.count) best = { count, at: new Date(start).toISOString() };
  return best;
}

/** What the summary is built from. */
export interface DryRunRecord {
  directiveId: string;
  code: string;
  title: string;
  profile: string;
  levels: readonly LevelDefinition[];
  launchedAt: string;
  endedAt: string;
  emails: readonly SimulatedEmail[];
  units: readonly FinalUnit[];
  plan: readonly PlannedReport[];
}

/** Builds the summary; see the file comment. */
export function summariseDryRun(record: DryRunRecord): DryRunSummary {
  const levels = record.levels.map((l) => l.name).filter((level) => record.units.some((u) => u.level === level));
  const levelLabels = Object.fromEntries(
    levels.map((level) => [level, { vi: levelWords(record.levels, level, 'vi', 'short'), en: levelWords(record.levels, level, 'en', 'short') }]),
  );
  const unitsPerLevel = Object.fromEntries(levels.map((level) => [level, record.units.filter((u) => u.level === level).length]));
  const behaviours: Record<Behaviour, number> = { 'on-time': 0, late: 0, never: 0 };
  for (const planned of record.plan) behaviours[planned.behaviour] += 1;

  const sent = record.emails.filter((e) => e.outcome === 'sent');
  const days = new Map<string, DayLine>();
  const totals = { notice: 0, reminder: 0, escalation: 0, other: 0, skipped: record.emails.length - sent.length };
  for (const email of sent) {
    const date = vnIsoDate(email.at);
    const line = days.get(date) ?? { date, notice: 0, reminder: 0, escalation: 0, other: 0 };
    line[kindKey(email.kind)] += 1;
    totals[kindKey(email.kind)] += 1;
    days.set(date, line);
  }

  const overdueCounts = (at: number) =>
    Object.fromEntries(levels.map((level) => [level, record.units.filter((u) => u.level === level && overdueAt(u, at)).length]));
  // Just after each level's (latest) deadline: a unit that reports at its deadline is on time. Levels
  // whose deadlines fall in the same minute (a duration counted from receipts milliseconds apart) share one.
  const deadlines = levels
    .map((level) => ({ level, at: Math.max(...record.units.filter((u) => u.level === level).map((u) => Date.parse(u.deadline))) + 1 }))
    .sort((a, b) => a.at - b.at);
  const checkpoints: Checkpoint[] = [];
  for (const { level, at } of deadlines) {
    const last = checkpoints[checkpoints.length - 1];
    if (last && at - Date.parse(last.at) < MINUTE_MS) {
      last.deadlineOf.push(level);
      last.at = new Date(at).toISOString();
    } else checkpoints.push({ deadlineOf: [level], at: new Date(at).toISOString(), overdue: {} });
  }
  for (const checkpoint of checkpoints) checkpoint.overdue = overdueCounts(Date.parse(checkpoint.at));
  checkpoints.push({ deadlineOf: [], at: record.endedAt, overdue: overdueCounts(Date.parse(record.endedAt)) });

  const outcome: DryRunSummary['outcome'] = {};
  for (const level of levels) {
    const units = record.units.filter((u) => u.level === level);
    const onTime = units.filter((u) => u.completedAt !== null && Date.parse(u.completedAt) <= Date.parse(u.extendedTo ?? u.deadline)).length;
    const done = units.filter((u) => u.completedAt !== null).length;
    outcome[level] = { onTime, late: done - onTime, open: units.length - done };
  }

  return {
    directiveId: record.directiveId,
    code: record.code,
    title: record.title,
    profile: record.profile,
    levels,
    levelLabels,
    unitsPerLevel,
    behaviours,
    launchedAt: record.launchedAt,
    endedAt: record.endedAt,
    days: [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1)),
    totals,
    peakPerHour: peak(sent, HOUR_MS),
    peakPerMinute: peak(sent, MINUTE_MS),
    checkpoints,
    outcome,
  };
}
