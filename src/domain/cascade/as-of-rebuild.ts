/**
 * A directive's unit tracks as they stood at an instant, rebuilt from its audit records: each
 * record at or before the instant is applied with the same track rules the committee workflows
 * apply (src/domain/track/track-rules.ts), so a status "as of" is the status the live engine gave.
 * Units stand where the reorganisations up to the instant put them: a 'moved' record after it is
 * undone. Pure: the store reads the records and the snapshot, the app calls this.
 */
import { compareIso } from '../time/instant';
import { vnTime, acknowledge, applyCorrection, applyExemption, applyExtension, applyReport, applyWithdrawal } from '../track/track-rules';
import type { CompletionReport } from '../track/completion-report';
import { newTrack, type TrackIdentity, type UnitTrack } from '../track/unit-track';

/** A unit of the directive's snapshot as it stands now (directive_units); the root's parentId is null. */
export type AsOfSnapshotUnit = TrackIdentity;

/** One audit record of a unit, as the store reads it (kinds that change a track or a unit's place). */
export interface StateRecord {
  unitId: string;
  kind: string;
  payload: Record<string, unknown>;
  /** ISO instant (workflow time). */
  occurredAt: string;
}

/** The kinds of audit record that change a unit's track or its place in the tree: the only ones the rebuild reads. */
export const STATE_RECORD_KINDS = [
  'received',
  'acknowledged',
  'report',
  'correction',
  'extension',
  'exemption',
  'withdrawal',
  'moved',
  'merged',
  'split',
  'renamed',
  'removed',
] as const;

/**
 * Reorganisation records whose effect the audit trail cannot undo: the snapshot keeps only the
 * units' latest names and figures, and a merged or split unit's track follows the merge rule over
 * parts that may be gone. An instant before one of these cannot be rebuilt.
 */
const RESHAPING_KINDS: readonly string[] = ['merged', 'split', 'renamed', 'removed'];

/** Why a directive's state cannot be rebuilt at the instant asked; `at` is the reorganisation's instant. */
export class AsOfUnavailableError extends Error {
  override readonly name = 'AsOfUnavailableError';
  constructor(
    readonly directiveId: string,
    readonly at: string,
    message: string,
  ) {
    super(message);
  }
}

/** The tracks at an instant and the tree they stand in. */
export interface RebuiltTracks {
  asOf: string;
  rootId: string;
  /** Every unit received by the instant and still in the directive, keyed by id (the root, never tracked, is absent). */
  tracks: Map<string, UnitTrack>;
  /** Parent of every unit of the snapshot at the instant (the root's is null). */
  parents: Map<string, string | null>;
  /** The first withdrawal record at or before the instant, if any: when the directive was withdrawn. */
  withdrawnAt: string | null;
}

/**
 * Each unit's parent at `asOf`: the `to` of its last 'moved' record at or before it, else the
 * `from` of its first one after it, else where the snapshot holds it now.
 */
function parentsAt(units: readonly AsOfSnapshotUnit[], records: readonly StateRecord[], asOf: string): Map<string, string | null> {
  const lastBefore = new Map<string, string | null>();
  const firstAfter = new Map<string, string | null>();
  for (const record of records) {
    if (record.kind !== 'moved') continue;
    const { from, to } = record.payload as { from?: string | null; to?: string | null };
    if (compareIso(record.occurredAt, asOf) <= 0) lastBefore.set(record.unitId, to ?? null);
    else if (!firstAfter.has(record.unitId)) firstAfter.set(record.unitId, from ?? null);
  }
  const placed = (u: AsOfSnapshotUnit): string | null =>
    lastBefore.has(u.unitId) ? (lastBefore.get(u.unitId) ?? null) : firstAfter.has(u.unitId) ? (firstAfter.get(u.unitId) ?? null) : u.parentId;
  return new Map(units.map((u) => [u.unitId, placed(u)]));
}

/**
 * Refuses an instant that a reshaping reorganisation's records make impossible to rebuild (see
 * RESHAPING_KINDS): a rename or a removal after the instant, a merge or a split at any instant.
 */
function refuseReshaped(directiveId: string, records: readonly StateRecord[], asOf: string): void {
  for (const record of records) {
    if (!RESHAPING_KINDS.includes(record.kind)) continue;
    const mergeOrSplit = record.kind === 'merged' || record.kind === 'split' || ['merged', 'split'].includes(String(record.payload.reason ?? ''));
    if (!mergeOrSplit && compareIso(record.occurredAt, asOf) <= 0) continue;
    throw new AsOfUnavailableError(
      directiveId,
      record.occurredAt,
      mergeOrSplit
        ? `directive ${directiveId} had units merged or split by a reorganisation on ${vnTime(record.occurredAt)}; its state as of an instant is not rebuilt from the audit trail across a merge or a split`
        : `directive ${directiveId} was reorganised on ${vnTime(record.occurredAt)} (unit ${record.unitId} ${record.kind}); its snapshot no longer holds the units as they were before, so asOf must be at or after that instant`,
    );
  }
}

/**
 * The tracks of every unit at `asOf` (ISO), rebuilt from `records` (ordered by occurredAt, then by
 * the order they were written) over the snapshot `units`. Records after `asOf` only place units
 * (see parentsAt); records of units no longer in the snapshot (removed before `asOf`) are ignored.
 */
export function rebuildTracks(
  directiveId: string,
  rootId: string,
  units: readonly AsOfSnapshotUnit[],
  records: readonly StateRecord[],
  asOf: string,
): RebuiltTracks {
  refuseReshaped(directiveId, records, asOf);
  const parents = parentsAt(units, records, asOf);
  const identities = new Map(units.map((u) => [u.unitId, { ...u, parentId: parents.get(u.unitId) ?? null }]));
  const tracks = new Map<string, UnitTrack>();
  let withdrawnAt: string | null = null;
  for (const record of records) {
    const at = record.occurredAt;
    if (compareIso(at, asOf) > 0) continue;
    if (record.kind === 'withdrawal') withdrawnAt ??= at;
    const identity = identities.get(record.unitId);
    if (!identity) continue;
    if (record.kind === 'received') {
      const { deadline, receivedAt } = record.payload as { deadline: string; receivedAt?: string };
      if (!tracks.has(record.unitId)) tracks.set(record.unitId, newTrack(identity, receivedAt ?? at, deadline));
      continue;
    }
    if (record.kind === 'removed') {
      tracks.delete(record.unitId);
      continue;
    }
    const track = tracks.get(record.unitId);
    if (!track) continue;
    applyRecord(track, record);
  }
  return { asOf, rootId, tracks, parents, withdrawnAt };
}

/** Applies one record to its unit's track through the track rules (the same ones that let it be recorded). */
function applyRecord(track: UnitTrack, record: StateRecord): void {
  const at = record.occurredAt;
  switch (record.kind) {
    case 'acknowledged':
      acknowledge(track, at);
      return;
    case 'report':
      applyReport(track, record.payload.report as CompletionReport, at);
      return;
    case 'correction':
      applyCorrection(track, record.payload.report as CompletionReport);
      return;
    case 'extension':
      // Reminder bookkeeping is not state anyone reads as of an instant: no offsets, no calendar.
      applyExtension(track, String(record.payload.to), at, { reminders: [], calendar: undefined });
      return;
    case 'exemption':
      applyExemption(track, at);
      return;
    case 'withdrawal':
      applyWithdrawal(track, at);
      return;
    default:
      // 'moved' places the unit (parentsAt); the identity already carries it.
      return;
  }
}
