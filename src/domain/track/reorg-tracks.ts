/**
 * What a reorganisation makes of units' tracks in a running directive: a unit that moves keeps its
 * track; merged units become one track by the merge rule below; the parts of a split unit start
 * from its track without its report; a created unit starts fresh. Pure: the committee that takes
 * the units and the orchestrator that starts a new committee compute the same tracks.
 *
 * The merge rule (shown in the dry run, docs/decisions.md 2026-12-03):
 * - the merged unit has reported only when every merged unit that was not exempted has reported:
 *   its report sums their figures (attendees, members, essays), takes the latest conference,
 *   document and completion, and so is on time only if every part was;
 * - if every merged unit was exempted, so is the merged unit;
 * - otherwise it is open: the reports already filed stay in the audit trail of the units that
 *   filed them, and the merged unit owes one report, by the earliest deadline in force among its
 *   open parts (their extension included), with that part's reminder and escalation steps, so no
 *   notice goes out twice for the same step.
 */
import { compareIso } from '../time/instant';
import type { CompletionReport } from './completion-report';
import { effectiveDeadline, isClosed, newTrack, type TrackIdentity, type UnitTrack } from './unit-track';

/** The merge rule in a sentence, for the dry run. */
export const MERGE_RULE =
  "a merged unit has reported only when every merged unit (not exempted) has: figures summed, on time only if each was; otherwise it owes one report by the earliest deadline of its open parts, and the reports filed stay in their units' audit trail";

/**
 * How a unit's track is made when a committee takes it:
 * - `carry`: the unit's own track (moved, renamed, figures changed), from `tracks[0]` or, with none, as held
 *   (its version moves on when the committee records the change);
 * - `merge`: the merge of `tracks` and, if the taking committee holds the unit already, its track;
 * - `derive`: a part of a split unit, from the split unit's track `tracks[0]`;
 * - `fresh`: a new unit, receiving the directive now.
 */
export type IncomingMode = 'carry' | 'merge' | 'derive' | 'fresh';

/** A unit as a reorganisation hands it to its (new) committee. */
export interface IncomingUnit {
  /** Who the unit is once the plan has applied (name, level, parent and figures from the directory). */
  identity: TrackIdentity;
  mode: IncomingMode;
  /** The released tracks it is made of (see IncomingMode). */
  tracks: UnitTrack[];
}

const latest = (values: Array<string | null>): string | null =>
  values.reduce<string | null>((a, b) => (b === null ? a : a === null || compareIso(b, a) > 0 ? b : a), null);
const earliest = (values: string[]): string => values.reduce((a, b) => (compareIso(b, a) < 0 ? b : a));

/** One report for the merged unit: figures summed, the latest dates, the notes joined. */
function mergedReport(reports: CompletionReport[]): CompletionReport {
  const byLatest = [...reports].sort((a, b) => a.documentDate.localeCompare(b.documentDate));
  const last = byLatest[byLatest.length - 1] as CompletionReport;
  const sum = (field: 'attendees' | 'members' | 'essaysSubmitted' | 'essaysExpected') => reports.reduce((n, r) => n + r[field], 0);
  const notes = reports.flatMap((r) => (r.notes ? [r.notes] : [])).join('\n');
  return {
    ...last,
    // ISO dates (YYYY-MM-DD): their text order is their calendar order.
    conferenceDate: reports.map((r) => r.conferenceDate).reduce((a, b) => (b > a ? b : a)),
    attendees: sum('attendees'),
    members: sum('members'),
    essaysSubmitted: sum('essaysSubmitted'),
    essaysExpected: sum('essaysExpected'),
    ...(notes ? { notes: notes.slice(0, 2000) } : {}),
  };
}

/** The merge of `parts` (at least one) as the unit `identity`; see the file comment for the rule. */
export function mergeTracks(identity: TrackIdentity, parts: readonly UnitTrack[]): UnitTrack {
  if (parts.length === 0) throw new RangeError(`merging into ${identity.unitId} needs at least one track`);
  const version = Math.max(...parts.map((t) => t.version)) + 1;
  const common = {
    ...identity,
    receivedAt: earliest(parts.map((t) => t.receivedAt)),
    extensions: Math.max(...parts.map((t) => t.extensions)),
    corrections: parts.reduce((n, t) => n + t.corrections, 0),
    withdrawnAt: null,
    version,
  };
  const active = parts.filter((t) => t.exemptedAt === null);
  if (active.length === 0) {
    const first = parts[0] as UnitTrack;
    return { ...first, ...common, exemptedAt: latest(parts.map((t) => t.exemptedAt)), report: null, completedAt: null };
  }
  const open = active.filter((t) => !isClosed(t));
  if (open.length === 0) {
    // Every part reported. The merged unit is on time only if each part was: its deadline in force
    // is the latest of theirs when all were on time, and the earliest when one was late (each part's
    // deadline in force is at least its own, so neither falls before the earliest base deadline).
    const completedAt = latest(active.map((t) => t.completedAt)) as string;
    const late = active.some((t) => compareIso(t.completedAt as string, effectiveDeadline(t)) > 0);
    const deadline = earliest(active.map((t) => t.deadline));
    const due = late ? earliest(active.map(effectiveDeadline)) : (latest(active.map(effectiveDeadline)) as string);
    return {
      ...(active[0] as UnitTrack),
      ...common,
      deadline,
      extendedTo: compareIso(due, deadline) > 0 ? due : null,
      acknowledgedAt: latest(active.map((t) => t.acknowledgedAt)) ?? completedAt,
      completedAt,
      report: mergedReport(active.map((t) => t.report as CompletionReport)),
      exemptedAt: null,
    };
  }
  const first = open.reduce((a, b) => (compareIso(effectiveDeadline(b), effectiveDeadline(a)) < 0 ? b : a));
  return {
    ...first,
    ...common,
    acknowledgedAt: open.every((t) => t.acknowledgedAt !== null) ? latest(open.map((t) => t.acknowledgedAt)) : null,
    completedAt: null,
    report: null,
    exemptedAt: null,
  };
}

/** A part of a split unit: the split unit's deadline, extension, receipt and steps, no report (its figures were the whole's). */
export function derivedTrack(identity: TrackIdentity, from: UnitTrack): UnitTrack {
  return { ...from, ...identity, completedAt: null, report: null, corrections: 0, version: from.version + 1 };
}

/** The unit's track once a committee takes it; `held` is the committee's own track of the unit, if it holds one. */
export function incomingTrack(
  incoming: IncomingUnit,
  held: UnitTrack | null,
  now: string,
  deadlineOf: (level: string, receivedAt: string) => string,
): UnitTrack {
  const { identity, mode, tracks } = incoming;
  switch (mode) {
    case 'carry': {
      const track = tracks[0] ?? held;
      if (!track) throw new RangeError(`unit ${identity.unitId} has no track to carry`);
      return { ...track, ...identity };
    }
    case 'merge':
      return mergeTracks(identity, held ? [held, ...tracks] : tracks);
    case 'derive': {
      const from = tracks[0];
      if (!from) throw new RangeError(`part ${identity.unitId} of a split has no track to start from`);
      return derivedTrack(identity, from);
    }
    case 'fresh':
      return held ?? newTrack(identity, now, deadlineOf(identity.level, now));
  }
}
