/**
 * What a committee's launch records: the tracks of its own unit and its leaf units, the
 * 'received' audit record and the first projection row of each, and the first subtree rollup
 * for its parent. Pure and deterministic (no Temporal, no IO): the committee workflow builds its
 * state with it, and the launchCommittee activity builds the same entries from the same input
 * and writes them itself, so they never travel through Temporal as payloads.
 */
import type { AuditEntry, ChildRollupMessage, CommitteeLoad, DirectiveRuntime, JournalEntries, ProjectionRow, SnapshotUnit } from './records';
import { parseDeadlineSpec, resolveDeadline } from '../time/deadline-spec';
import { mergeRollups, type Rollup } from '../track/rollup';
import { newTrack, trackRollup, trackStatus, type TrackStatus, type UnitTrack } from '../track/unit-track';

/** The deadline of a unit of `level` that received the directive at `receivedAt`. */
export function deadlineFor(directive: DirectiveRuntime, level: string, receivedAt: string): string {
  const text = directive.deadlines[level];
  if (text === undefined) throw new RangeError(`directive ${directive.code} sets no deadline for level "${level}"`);
  return resolveDeadline(parseDeadlineSpec(text), receivedAt, { calendar: directive.calendar, onDayOff: directive.deadlineOnDayOff });
}

/** The tracks a committee starts with: its own unit's (none for the root, the issuer) and its leaf children's. */
export interface LaunchTracks {
  self: UnitTrack | null;
  leaves: UnitTrack[];
}

/**
 * Tracks for a freshly loaded committee: its own unit received the directive at `receivedAt`
 * (when its parent started it), its leaves at `leavesReceivedAt` (when it loaded them).
 */
export function launchTracks(directive: DirectiveRuntime, unitId: string, receivedAt: string, load: CommitteeLoad, leavesReceivedAt: string): LaunchTracks {
  const trackFor = (unit: SnapshotUnit, at: string) => newTrack(unit, at, deadlineFor(directive, unit.level, at));
  return {
    self: unitId === directive.rootId ? null : trackFor(load.self, receivedAt),
    leaves: load.children.filter((c) => !c.hasChildren).map((c) => trackFor(c, leavesReceivedAt)),
  };
}

/** A track's projection row; `committeeAncestors` are the ancestors of the committee that holds it. */
export function projectionRow(
  directive: DirectiveRuntime,
  committeeId: string,
  committeeAncestors: readonly string[],
  track: UnitTrack,
  status: TrackStatus,
): ProjectionRow {
  const report = track.report;
  return {
    directiveId: directive.id,
    unitId: track.unitId,
    level: track.level,
    parentId: track.parentId,
    // The committee's own unit sits where the committee does; its leaves one level below.
    ancestors: track.unitId === committeeId ? [...committeeAncestors] : [committeeId, ...committeeAncestors],
    status,
    deadline: track.extendedTo ?? track.deadline,
    receivedAt: track.receivedAt,
    completedAt: track.completedAt,
    attendees: report?.attendees ?? null,
    members: report?.members ?? null,
    essaysSubmitted: report?.essaysSubmitted ?? null,
    essaysExpected: report?.essaysExpected ?? null,
    version: track.version,
  };
}

/** An audit record; `key` names the event within the unit, so a repeated write is a no-op. */
export function auditEntry(
  directiveId: string,
  unitId: string,
  kind: AuditEntry['kind'],
  actor: string | null,
  payload: Record<string, unknown>,
  at: string,
  key: string,
): AuditEntry {
  return { directiveId, unitId, kind, actor, payload, occurredAt: at, dedupeKey: `${directiveId}/${unitId}/${key}` };
}

/** Every track of a launch, the committee's own first. */
export function allTracks(tracks: LaunchTracks): UnitTrack[] {
  return tracks.self ? [tracks.self, ...tracks.leaves] : [...tracks.leaves];
}

/** The 'received' audit record of a track. */
function receivedAudit(directiveId: string, track: UnitTrack): AuditEntry {
  return auditEntry(directiveId, track.unitId, 'received', null, { deadline: track.deadline, receivedAt: track.receivedAt }, track.receivedAt, 'received');
}

/** The launch's audit records and projection rows, in track order, with statuses as of `now`. */
export function launchJournal(
  directive: DirectiveRuntime,
  committeeId: string,
  committeeAncestors: readonly string[],
  tracks: LaunchTracks,
  now: string,
): JournalEntries {
  const all = allTracks(tracks);
  return {
    audit: all.map((t) => receivedAudit(directive.id, t)),
    projections: all.map((t) => projectionRow(directive, committeeId, committeeAncestors, t, trackStatus(t, now))),
  };
}

/** The first subtree rollup of a launched committee: its own tracks only (its child committees have not started yet). */
export function launchRollup(directive: DirectiveRuntime, tracks: LaunchTracks, now: string): Rollup {
  return mergeRollups(directive.levels, ...allTracks(tracks).map((t) => trackRollup(directive.levels, t, now)));
}

/** Sequence number of the launch's rollup message: the first message a committee sends its parent. */
export const LAUNCH_ROLLUP_SEQ = 1;

/** The message that carries the launch's rollup to the parent (sent by the launchCommittee activity). */
export function launchRollupMessage(directive: DirectiveRuntime, committeeId: string, tracks: LaunchTracks, now: string): ChildRollupMessage {
  return { childId: committeeId, rollup: launchRollup(directive, tracks, now), seq: LAUNCH_ROLLUP_SEQ, closed: false };
}
