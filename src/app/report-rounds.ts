/**
 * A periodic directive's report rounds, each launched as a directive of its own when its window
 * opens (src/engine/report-rounds-schedule.ts): the same code, root and offsets, the round's name in
 * its title, the round's deadline for every level. A round therefore has its own notices,
 * reminders, escalation, statuses, rollups, exports and report, and a report counts only in its
 * round. Its id is the directive's id and the round's key: `01-CT-TW-2027.r2`.
 */
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { validateDirectiveSpec, type DirectiveSpec } from '../domain/directive/directive';
import { planRounds, type ReportRound } from '../domain/directive/periodic';
import { vnIsoDate } from '../domain/time/vn-time';
import { directiveCalendar } from '../store/directive-calendars';
import { directiveSpecAndStatus, openedRounds, recordRound } from '../store/directive-rounds';
import type { CalendarBook } from './calendar-book';
import { DirectiveLookups } from './directive-lookups';
import { Launcher, type LaunchDeps } from './launch';
import { NotFoundError } from './errors';

/** The id of a directive's round. */
export function roundDirectiveId(directiveId: string, roundKey: string): string {
  return `${directiveId}.${roundKey}`;
}

const viDate = (iso: string) => iso.split('-').reverse().join('/');

/** The spec a round is launched with: the directive's, with the round's name and deadline. */
export function roundSpec(spec: DirectiveSpec, round: ReportRound): Record<string, unknown> {
  const deadline = viDate(vnIsoDate(round.deadline));
  const { periodic: _periodic, ...rest } = spec;
  return { ...rest, title: `${spec.title} — ${round.name}`, deadlines: Object.fromEntries(Object.keys(spec.deadlines).map((level) => [level, deadline])) };
}

/** The rounds a recorded directive declares, on its own calendar. */
export async function roundsOf(pool: Pool, directiveId: string): Promise<ReportRound[]> {
  const row = await directiveSpecAndStatus(pool, directiveId);
  if (!row) return [];
  const spec = validateDirectiveSpec(row.spec);
  return spec.periodic ? planRounds(spec.periodic, (await directiveCalendar(pool, directiveId)) ?? undefined) : [];
}

/**
 * What a worker runs when a round's window opens (the openRound activity), with the worker's own
 * Temporal client: launches the round unless its directive was withdrawn; answers the round's id,
 * or null when nothing was opened.
 */
export function reportRoundOpener(
  pool: Pool,
  taskQueue: string,
  calendars: CalendarBook,
  launchOptions: Pick<LaunchDeps, 'searchAttributes' | 'limits' | 'payloadEncryptionKey'> = {},
): (client: Client, directiveId: string, roundKey: string) => Promise<string | null> {
  return async (client, directiveId, roundKey) => {
    const row = await directiveSpecAndStatus(pool, directiveId);
    if (!row || row.status !== 'active') return null;
    const round = (await roundsOf(pool, directiveId)).find((r) => r.key === roundKey);
    if (!round) return null;
    const spec = validateDirectiveSpec(row.spec);
    const id = roundDirectiveId(directiveId, roundKey);
    const launcher = new Launcher({ ...launchOptions, temporal: client, pool, taskQueue, calendars }, new DirectiveLookups(client, pool));
    await launcher.launch(roundSpec(spec, round), { id });
    await recordRound(pool, id, directiveId, round);
    return id;
  };
}

/** A round as supervisors list it: planned from the spec, and its own directive once opened. */
export interface RoundListing extends ReportRound {
  /** The round's directive, once its window has opened; null before. */
  directiveId: string | null;
  /** `planned` before it opens, then its directive's status (`active`, `withdrawn`). */
  status: string;
}

/** A directive's rounds, planned and opened, in order of deadline (empty for a directive without rounds). */
export async function roundListing(pool: Pool, directiveId: string): Promise<RoundListing[]> {
  if (!(await directiveSpecAndStatus(pool, directiveId))) throw new NotFoundError(`directive ${directiveId} has not been launched`);
  const opened = new Map((await openedRounds(pool, directiveId)).map((o) => [o.round.key, o]));
  return (await roundsOf(pool, directiveId)).map((round) => {
    const open = opened.get(round.key);
    return { ...round, directiveId: open?.directiveId ?? null, status: open?.status ?? 'planned' };
  });
}
