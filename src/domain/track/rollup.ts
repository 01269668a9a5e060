/**
 * Rollup arithmetic: counts per level plus attendance and essay sums. Merging is a plain sum (and a min for the
 * first finisher), so it is associative: a parent's rollup is its own contribution merged with its children's.
 */
import { compareIso } from '../time/instant';
import { rate } from '../text/numbers';

/** Unit counts for one level. expected = done + pending + overdue; exempted and withdrawn units are not expected. */
export type LevelCounts = {
  level: string;
  expected: number;
  done: number;
  onTime: number;
  late: number;
  overdue: number;
  pending: number;
  exempted: number;
  withdrawn: number;
};

/** Totals for a subtree. Attendance and essays come only from units that reported. */
export type Rollup = {
  /** Ordered by the levels array. */
  levels: LevelCounts[];
  attendance: { attendees: number; members: number };
  essays: { submitted: number; expected: number };
  firstFinisher: { unitId: string; name: string; at: string } | null;
  overdueCount: number;
};

/** Where one unit stands on a directive. */
export type UnitStatus = 'pending' | 'overdue' | 'done-on-time' | 'done-late' | 'exempted' | 'withdrawn';

/** One unit's state, as needed to compute its own contribution to a rollup. */
export type UnitProgress = {
  unitId: string;
  name: string;
  level: string;
  status: UnitStatus;
  /** When the unit finished; required for the done statuses. */
  doneAt?: string;
  /** Figures from its completion report; counted only when the unit is done. */
  report?: ReportFigures;
};

type CountKey = Exclude<keyof LevelCounts, 'level'>;
const COUNT_KEYS: readonly CountKey[] = ['expected', 'done', 'onTime', 'late', 'overdue', 'pending', 'exempted', 'withdrawn'];

/** Counts of zero for a level. */
export function emptyLevelCounts(level: string): LevelCounts {
  return { level, expected: 0, done: 0, onTime: 0, late: 0, overdue: 0, pending: 0, exempted: 0, withdrawn: 0 };
}

/** The identity of `mergeRollups`: nothing counted. */
export function emptyRollup(): Rollup {
  return { levels: [], attendance: { attendees: 0, members: 0 }, essays: { submitted: 0, expected: 0 }, firstFinisher: null, overdueCount: 0 };
}

function earlier(a: Rollup['firstFinisher'], b: Rollup['firstFinisher']): Rollup['firstFinisher'] {
  if (a === null) return b;
  if (b === null) return a;
  const byTime = compareIso(a.at, b.at);
  // Ties go to the smaller unit id so the result never depends on merge order.
  if (byTime !== 0) return byTime < 0 ? a : b;
  return b.unitId < a.unitId ? b : a;
}

/** Sums rollups; the result has one entry per level, in `levels` order. Throws if a rollup counts a level not in `levels`. */
export function mergeRollups(levels: readonly string[], ...rollups: readonly Rollup[]): Rollup {
  const byLevel = new Map(levels.map((l) => [l, emptyLevelCounts(l)]));
  const out = emptyRollup();
  for (const r of rollups) {
    for (const counts of r.levels) {
      const target = byLevel.get(counts.level);
      if (!target)
        throw new RangeError(
          `rollup counts level "${counts.level}", which is not in levels (${levels.join(', ')}); merge with the same levels the rollups were built with`,
        );
      for (const key of COUNT_KEYS) target[key] += counts[key];
    }
    out.attendance.attendees += r.attendance.attendees;
    out.attendance.members += r.attendance.members;
    out.essays.submitted += r.essays.submitted;
    out.essays.expected += r.essays.expected;
    out.overdueCount += r.overdueCount;
    out.firstFinisher = earlier(out.firstFinisher, r.firstFinisher);
  }
  out.levels = [...byLevel.values()];
  return out;
}

/** One unit's own contribution to the rollups above it. */
export function unitRollup(levels: readonly string[], unit: UnitProgress): Rollup {
  const done = unit.status === 'done-on-time' || unit.status === 'done-late';
  if (done && unit.doneAt === undefined) throw new RangeError(`unit ${unit.unitId} is ${unit.status} but has no doneAt; pass the instant it finished`);
  const out = statusGroupRollup(unit.level, unit.status, 1, unit.report ?? null);
  if (done) out.firstFinisher = { unitId: unit.unitId, name: unit.name, at: unit.doneAt as string };
  // Merging once checks the level against `levels` and lays the counts out in level order.
  return mergeRollups(levels, out);
}

/** Report figures, of one unit or summed over several. */
export type ReportFigures = { attendees: number; members: number; essaysSubmitted: number; essaysExpected: number };

/**
 * The rollup of `units` units of one level that share a status; `figures` are their report
 * figures (summed), counted only for the done statuses. No first finisher and no level check:
 * unitRollup adds both for one unit; PostgreSQL's counters (src/store/rollup-counts.ts) read a
 * finisher of their own and merge against the levels.
 */
export function statusGroupRollup(level: string, status: UnitStatus, units: number, figures: ReportFigures | null): Rollup {
  const counts = emptyLevelCounts(level);
  const out: Rollup = { ...emptyRollup(), levels: [counts] };
  if (status === 'exempted') counts.exempted = units;
  else if (status === 'withdrawn') counts.withdrawn = units;
  else {
    counts.expected = units;
    if (status === 'pending') counts.pending = units;
    if (status === 'overdue') {
      counts.overdue = units;
      out.overdueCount = units;
    }
    if (status === 'done-on-time' || status === 'done-late') {
      counts.done = units;
      if (status === 'done-on-time') counts.onTime = units;
      else counts.late = units;
      if (figures) {
        out.attendance = { attendees: figures.attendees, members: figures.members };
        out.essays = { submitted: figures.essaysSubmitted, expected: figures.essaysExpected };
      }
    }
  }
  return out;
}

/** Per-level counts with their rates. */
export type LevelCountsView = LevelCounts & { doneRate: number | null; onTimeRate: number | null };

/** A rollup with rates added, ready for a page or a report. */
export type RollupView = {
  levels: LevelCountsView[];
  attendance: { attendees: number; members: number; rate: number | null };
  essays: { submitted: number; expected: number; rate: number | null };
  firstFinisher: Rollup['firstFinisher'];
  overdueCount: number;
};

/** Adds rates: done/expected and onTime/done per level; attendance and essays as Σ/Σ, never an average of percentages. */
export function rollupView(rollup: Rollup): RollupView {
  return {
    levels: rollup.levels.map((c) => ({ ...c, doneRate: rate(c.done, c.expected), onTimeRate: rate(c.onTime, c.done) })),
    attendance: { ...rollup.attendance, rate: rate(rollup.attendance.attendees, rollup.attendance.members) },
    essays: { ...rollup.essays, rate: rate(rollup.essays.submitted, rollup.essays.expected) },
    firstFinisher: rollup.firstFinisher,
    overdueCount: rollup.overdueCount,
  };
}
