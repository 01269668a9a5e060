/**
 * Progress over time: for each level of a subtree, how many of its units had finished (on time or
 * late) at each instant since the launch, beside how many are expected, with each level's
 * deadline. Built from the same audit records and snapshot as the state "as of" an instant
 * (src/domain/cascade/as-of-rebuild.ts): the tracks are rebuilt once, at `to`, and a unit counts
 * as done from its first report on. That is exact because a finished unit stays finished: a
 * correction keeps the first report's instant, and neither an exemption nor a withdrawal reaches a
 * finished unit (src/domain/track/track-rules.ts). Units are counted where they stand at `to`
 * (a unit moved into the subtree counts there from its first report on) and `expected` is the
 * rollup's at `to` (exempted and withdrawn units are not expected), so the last point of every
 * level is the live rollup's `done`. Pure: the store reads the records, the app calls this, the
 * dashboard and the documents draw it.
 */
import { rebuildTracks, type AsOfSnapshotUnit, type RebuiltTracks, type StateRecord } from '../cascade/as-of-rebuild';
import { levelWords, type LevelDefinition } from '../org/levels';
import { compareIso, toEpochMs } from '../time/instant';
import { VIETNAM_UTC_OFFSET_MS } from '../time/vn-time';
import type { UnitTrack } from '../track/unit-track';

/** One level's line: its expected units and the cumulative count done, as steps (the count holds from `at` until the next point). */
export interface ProgressLevel {
  level: string;
  label: string;
  expected: number;
  points: Array<{ at: string; done: number }>;
}

/** What a progress chart draws (instants ISO, labels in the language asked for). */
export interface ProgressSeries {
  directiveId: string;
  scope: { unitId: string; name: string };
  /** The launch: the first instant a unit received the directive (`to` when none has). */
  from: string;
  /** The instant the series stands at (now, for the live chart). */
  to: string;
  /** Levels with units expected in the subtree, top first. */
  levels: ProgressLevel[];
  /** Each drawn level's deadline, in level order (see levelDeadline). */
  deadlines: Array<{ level: string; label: string; at: string }>;
}

/** What the series is built from: the directive's state records and snapshot, as the as-of rebuild reads them. */
export interface ProgressSeriesInput {
  directiveId: string;
  rootId: string;
  scope: { unitId: string; name: string };
  /** The directive's own levels, top first (their words label the lines). */
  levels: readonly LevelDefinition[];
  units: readonly AsOfSnapshotUnit[];
  records: readonly StateRecord[];
  to: string;
  lang: 'vi' | 'en';
}

/**
 * Points per level at most, the launch and `to` included: enough for a chart a few hundred pixels
 * wide, and small enough that a national directive's series (tens of thousands of reports) stays
 * a few kilobytes.
 */
export const MAX_POINTS_PER_LEVEL = 400;

const DAY_MS = 24 * 60 * 60 * 1000;

/** See the file comment. Throws a RangeError when the scope is not a unit of the directive's snapshot. */
export function progressSeries(input: ProgressSeriesInput): ProgressSeries {
  if (!input.units.some((u) => u.unitId === input.scope.unitId))
    throw new RangeError(`unit ${input.scope.unitId} is not in directive ${input.directiveId}; a progress series is drawn for a unit of its snapshot`);
  return seriesOfTracks(rebuildTracks(input.directiveId, input.rootId, input.units, input.records, input.to), input);
}

/**
 * The series from tracks already rebuilt (it ends at their instant): a caller that draws several
 * subtrees of one directive rebuilds once. The scope must be a unit of the rebuilt snapshot.
 */
export function seriesOfTracks(rebuilt: RebuiltTracks, input: Pick<ProgressSeriesInput, 'directiveId' | 'scope' | 'levels' | 'lang'>): ProgressSeries {
  const { scope } = input;
  const to = rebuilt.asOf;
  const tracks = [...rebuilt.tracks.values()];
  // Instants are compared as epoch milliseconds, each read once: a national directive has tens of
  // thousands of distinct report instants, more than the instant parser keeps.
  let fromMs = toEpochMs(to);
  for (const t of tracks) fromMs = Math.min(fromMs, toEpochMs(t.receivedAt));
  const from = new Date(fromMs).toISOString();
  const inScope = (unitId: string): boolean => {
    if (scope.unitId === rebuilt.rootId) return true;
    for (let at: string | null = unitId, seen = 0; at !== null && seen <= rebuilt.parents.size; at = rebuilt.parents.get(at) ?? null, seen++)
      if (at === scope.unitId) return true;
    return false;
  };
  const byLevel = new Map<string, UnitTrack[]>();
  for (const track of tracks) {
    if (!inScope(track.unitId)) continue;
    const list = byLevel.get(track.level);
    if (list) list.push(track);
    else byLevel.set(track.level, [track]);
  }
  const levels: ProgressLevel[] = [];
  const deadlines: ProgressSeries['deadlines'] = [];
  for (const definition of input.levels) {
    const own = byLevel.get(definition.name) ?? [];
    // As the rollup counts: exempted and withdrawn units are not expected (trackStatus's first two cases).
    const expected = own.filter((t) => t.exemptedAt === null && t.withdrawnAt === null).length;
    if (expected === 0) continue;
    const label = levelWords(input.levels, definition.name, input.lang);
    // Tracks rebuilt at `to` hold no report after it.
    const finished = own.flatMap((t) => (t.completedAt === null ? [] : [t.completedAt]));
    levels.push({ level: definition.name, label, expected, points: donePoints(finished, from, to) });
    deadlines.push({ level: definition.name, label, at: levelDeadline(own) });
  }
  return { directiveId: input.directiveId, scope, from, to, levels, deadlines };
}

/**
 * A level's deadline as the chart marks it: the latest deadline the directive set for its units
 * (one date for a dated or quarter deadline; for a deadline counted from receipt, the last unit's).
 * Extensions are per unit and not marked: a late unit shows in the done line reaching the
 * expected count after the mark.
 */
function levelDeadline(tracks: readonly UnitTrack[]): string {
  return tracks.reduce((last, t) => (compareIso(t.deadline, last) > 0 ? t.deadline : last), (tracks[0] as UnitTrack).deadline);
}

/**
 * The cumulative done count as steps: a point at the launch, one at each instant a unit finished,
 * and one at `to`. When the instants are more than the points allowed, finishes are grouped by
 * Vietnam day (by runs of days for a cascade longer than the allowance in days), each group's
 * point at its last finish with the count after it: exact at those instants, a day's earlier
 * finishes drawn at its last one.
 */
function donePoints(finished: readonly string[], from: string, to: string): ProgressLevel['points'] {
  const times = finished.map(toEpochMs).sort((a, b) => a - b);
  // The count after each distinct instant.
  let steps: Step[] = [];
  times.forEach((ms, i) => {
    const last = steps[steps.length - 1];
    if (last && last.ms === ms) last.done = i + 1;
    else steps.push({ ms, done: i + 1 });
  });
  const room = MAX_POINTS_PER_LEVEL - 2;
  if (steps.length > room) steps = lastOfEachGroup(steps, room);
  const fromMs = toEpochMs(from);
  const points = [{ at: new Date(fromMs).toISOString(), done: steps.filter((s) => s.ms <= fromMs).reduce((done, s) => Math.max(done, s.done), 0) }];
  for (const step of steps) if (step.ms > fromMs) points.push({ at: new Date(step.ms).toISOString(), done: step.done });
  const last = points[points.length - 1] as { at: string; done: number };
  if (compareIso(last.at, to) < 0) points.push({ at: new Date(toEpochMs(to)).toISOString(), done: last.done });
  return points;
}

type Step = { ms: number; done: number };

/** The last step of each Vietnam day, or of each run of days wide enough that at most `room` groups remain. */
function lastOfEachGroup(steps: readonly Step[], room: number): Step[] {
  const day = (ms: number) => Math.floor((ms + VIETNAM_UTC_OFFSET_MS) / DAY_MS);
  const firstDay = day((steps[0] as Step).ms);
  const width = Math.ceil((day((steps[steps.length - 1] as Step).ms) - firstDay + 1) / room);
  const groups = new Map<number, Step>();
  // Steps are in time order, so the last one set for a group is its last.
  for (const step of steps) groups.set(Math.floor((day(step.ms) - firstDay) / width), step);
  return [...groups.values()];
}
