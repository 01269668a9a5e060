/**
 * What `cascade status` shows, gathered from live state: the subtree's rollup (one query), the
 * units under it to a depth (one query per committee shown), and the overdue list (projection).
 */
import type { RoundListing } from '../app/report-rounds';
import type { CascadeClient } from '../app/cascade-client';
import type { UnitListing } from '../store/unit-listings';
import { NotFoundError } from '../app/errors';
import type { DirectiveSummary } from '../store/directory-queries';
import { levelNames, levelWords, type LevelDefinition } from '../domain/org/levels';
import { rate } from '../domain/text/numbers';
import { rollupView, unitRollup, type LevelCountsView, type RollupView } from '../domain/track/rollup';
import { rollupStatus, type TrackStatus } from '../domain/track/unit-track';
import type { CommitteeView, UnitView } from '../engine/protocol';

/** A unit under the scope: a committee (with its subtree progress) or a unit held as state. */
export interface StatusNode {
  unitId: string;
  name: string;
  level: string;
  kind: 'committee' | 'unit';
  /** The unit's own status; null for a committee that was not expanded. */
  status: TrackStatus | null;
  deadline: string | null;
  /** Units done / expected in the subtree (the unit alone for a leaf). */
  done: number;
  expected: number;
  doneRate: number | null;
  overdue: number;
  attendance: { attendees: number; members: number; rate: number | null };
  /** Present when the node was expanded (within --depth). */
  children?: StatusNode[];
  /** Present when the unit reported a member count other than the directory's: both counts. */
  membersMismatch?: MembersMismatch;
}

/** A unit whose reported member count is not the directory's (flagged, never refused). */
export interface MembersMismatch {
  unitId: string;
  name: string;
  level: string;
  /** What the unit reported. */
  members: number;
  /** What the directive's snapshot of the directory holds. */
  directoryMembers: number;
}

/** One level's counts, with the words the directive's levels give it (its key when they define none). */
export type StatusLevel = LevelCountsView & { label: { vi: string; en: string } };

/** The whole `status --json` object. */
export interface StatusView {
  directive: DirectiveSummary;
  /** Its periodic report rounds (each a directive of its own once opened); empty without any. */
  rounds: RoundListing[];
  scope: { unitId: string; name: string | null; level: string | null; isRoot: boolean; status: TrackStatus | null };
  /** When the directive was withdrawn, as the scope's committee knows it; null while it runs. */
  withdrawnAt: string | null;
  asOf: string;
  /** True when the view was rebuilt from the audit trail as of `asOf` (`--as-of`); absent for the live status. */
  rebuilt?: true;
  /** The directive's own levels as it was launched, top first. */
  levels: StatusLevel[];
  attendance: RollupView['attendance'];
  essays: RollupView['essays'];
  firstFinisher: RollupView['firstFinisher'];
  overdueCount: number;
  /** Units of the subtree (the scope itself included) that reported a member count other than the directory's. */
  membersMismatchCount: number;
  units: StatusNode[];
  /** The overdue units of the subtree, the scope itself included: as many as overdueCount. */
  overdue?: Array<Pick<UnitListing, 'unitId' | 'name' | 'level' | 'parentId' | 'deadline'>>;
  /** With --members-mismatch: every unit counted in membersMismatchCount. */
  membersMismatch?: MembersMismatch[];
  /** With --q or --status: every unit of the subtree that passes them (and --level), by deadline. */
  matches?: Array<Pick<UnitListing, 'unitId' | 'name' | 'level' | 'parentId' | 'status' | 'deadline'>>;
}

/** What to gather. */
export interface StatusOptions {
  unitId?: string;
  level?: string;
  depth: number;
  overdue: boolean;
  /** List the units whose reported member count differs from the directory's. */
  membersMismatch?: boolean;
  /** List the units whose name or id holds this text (accents aside) and whose status is one of `statuses`. */
  search?: string;
  statuses?: TrackStatus[];
}

/** A node's subtree figures from its rollup. */
export function totals(rollup: RollupView): Pick<StatusNode, 'done' | 'expected' | 'doneRate' | 'overdue' | 'attendance'> {
  const done = rollup.levels.reduce((n, l) => n + l.done, 0);
  const expected = rollup.levels.reduce((n, l) => n + l.expected, 0);
  return { done, expected, doneRate: rate(done, expected), overdue: rollup.overdueCount, attendance: rollup.attendance };
}

/** A leaf unit's own rollup, by the same domain rules a committee applies to it. */
function leafRollup(levels: readonly string[], view: UnitView): RollupView {
  return rollupView(
    unitRollup(levels, {
      unitId: view.unitId,
      name: view.name,
      level: view.level,
      status: rollupStatus(view.status),
      doneAt: view.completedAt ?? undefined,
      report: view.report ?? undefined,
    }),
  );
}

function leafNode(levels: readonly string[], view: UnitView): StatusNode {
  return {
    unitId: view.unitId,
    name: view.name,
    level: view.level,
    kind: 'unit',
    status: view.status,
    deadline: view.extendedTo ?? view.deadline,
    ...totals(leafRollup(levels, view)),
  };
}

async function children(client: CascadeClient, directiveId: string, levels: readonly string[], view: CommitteeView, depth: number): Promise<StatusNode[]> {
  const leaves = view.units.map((u) => leafNode(levels, u));
  const committees = await Promise.all(
    view.children.map(async (child): Promise<StatusNode> => {
      const base: StatusNode = {
        unitId: child.unitId,
        name: child.name,
        level: child.level,
        kind: 'committee',
        status: null,
        deadline: null,
        ...(child.rollup ? totals(child.rollup) : { done: 0, expected: 0, doneRate: null, overdue: 0, attendance: { attendees: 0, members: 0, rate: null } }),
      };
      if (depth <= 1) return base;
      const sub = await client.committee(directiveId, child.unitId);
      return {
        ...base,
        status: sub.self?.status ?? null,
        deadline: sub.self ? (sub.self.extendedTo ?? sub.self.deadline) : null,
        children: await children(client, directiveId, levels, sub, depth - 1),
      };
    }),
  );
  return [...committees, ...leaves].sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));
}

async function overdueUnits(
  client: CascadeClient,
  directiveId: string,
  under: string | undefined,
  level: string | undefined,
): Promise<NonNullable<StatusView['overdue']>> {
  const out: NonNullable<StatusView['overdue']> = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await client.listUnits(directiveId, { status: 'overdue', under, level, limit: 1000, offset });
    out.push(...page.units.map((u) => ({ unitId: u.unitId, name: u.name, level: u.level, parentId: u.parentId, deadline: u.deadline })));
    if (out.length >= page.total || page.units.length === 0) return out;
  }
}

/** Every unit of the subtree under `opts.unitId` (all without it) that passes the search, statuses and level. */
async function matchingUnits(client: CascadeClient, directiveId: string, opts: StatusOptions): Promise<NonNullable<StatusView['matches']>> {
  const out: NonNullable<StatusView['matches']> = [];
  const filter = { search: opts.search, status: opts.statuses, level: opts.level, under: opts.unitId };
  for (let offset = 0; ; offset += 1000) {
    const page = await client.listUnits(directiveId, { ...filter, limit: 1000, offset });
    out.push(...page.units.map((u) => ({ unitId: u.unitId, name: u.name, level: u.level, parentId: u.parentId, status: u.status, deadline: u.deadline })));
    if (out.length >= page.total || page.units.length === 0) return out;
  }
}

/** The units of the subtree whose reported member count differs from the directory's: the first `max`, and how many there are. */
async function mismatchedUnits(
  client: CascadeClient,
  directiveId: string,
  under: string | undefined,
  max: number,
): Promise<{ total: number; units: MembersMismatch[] }> {
  const units: MembersMismatch[] = [];
  let total = 0;
  for (let offset = 0; units.length < max; offset += 1000) {
    const page = await client.listUnits(directiveId, { membersMismatch: true, under, limit: Math.min(1000, max - units.length), offset });
    total = page.total;
    units.push(...page.units.map((u) => ({ unitId: u.unitId, name: u.name, level: u.level, members: u.members ?? 0, directoryMembers: u.directoryMembers })));
    if (units.length >= page.total || page.units.length === 0) break;
  }
  return { total, units };
}

/** Marks the nodes of the tree whose unit reported a member count other than the directory's. */
function markMismatches(nodes: StatusNode[], byUnit: ReadonlyMap<string, MembersMismatch>): void {
  for (const node of nodes) {
    const mismatch = byUnit.get(node.unitId);
    if (mismatch) node.membersMismatch = mismatch;
    if (node.children) markMismatches(node.children, byUnit);
  }
}

/** One level's counts with the words the directive's levels give it. */
export function labelled(levels: readonly LevelDefinition[], counts: LevelCountsView): StatusLevel {
  const { level, ...rest } = counts;
  return { level, label: { vi: levelWords(levels, level, 'vi'), en: levelWords(levels, level, 'en') }, ...rest };
}

/** Gathers the status of a directive (or of the subtree under `unitId`). */
export async function gatherStatus(client: CascadeClient, directiveId: string, opts: StatusOptions): Promise<StatusView> {
  const directive = (await client.directives()).find((d) => d.id === directiveId);
  if (!directive) throw new NotFoundError(`directive ${directiveId} has not been launched (\`cascade directives\` lists those that have)`);
  const definitions = await client.directiveLevels(directiveId);
  const levels = levelNames(definitions);
  const scopeId = opts.unitId ?? directive.rootUnitId;
  const isRoot = scopeId === directive.rootUnitId;
  let committee: CommitteeView | null = null;
  let leaf: UnitView | null = null;
  try {
    committee = await client.committee(directiveId, scopeId);
  } catch (err) {
    // A unit without units under it has no committee workflow: its parent holds its state.
    if (!(err instanceof NotFoundError) || isRoot) throw err;
    leaf = await client.unit(directiveId, scopeId);
  }
  const rollup = committee ? committee.rollup : leafRollup(levels, leaf as UnitView);
  const self = committee ? committee.self : leaf;
  const shown = opts.level ? rollup.levels.filter((l) => l.level === opts.level) : rollup.levels.filter((l) => l.expected + l.exempted + l.withdrawn > 0);
  const view: StatusView = {
    directive,
    rounds: await client.rounds(directiveId),
    scope: { unitId: scopeId, name: self?.name ?? null, level: self?.level ?? null, isRoot, status: self?.status ?? null },
    withdrawnAt: committee ? committee.withdrawnAt : (leaf?.withdrawnAt ?? null),
    asOf: new Date().toISOString(),
    levels: shown.map((l) => labelled(definitions, l)),
    attendance: rollup.attendance,
    essays: rollup.essays,
    firstFinisher: rollup.firstFinisher,
    overdueCount: rollup.overdueCount,
    membersMismatchCount: 0,
    units: committee && opts.depth > 0 ? await children(client, directiveId, levels, committee, opts.depth) : [],
  };
  const under = isRoot ? undefined : scopeId;
  // The tree marks the mismatches among its nodes; a whole list only when asked (it can be long nationally).
  const mismatched = await mismatchedUnits(client, directiveId, under, opts.membersMismatch ? Number.MAX_SAFE_INTEGER : 1000);
  view.membersMismatchCount = mismatched.total;
  markMismatches(view.units, new Map(mismatched.units.map((u) => [u.unitId, u])));
  if (opts.membersMismatch) view.membersMismatch = mismatched.units;
  if (opts.overdue) view.overdue = await overdueUnits(client, directiveId, under, opts.level);
  if (opts.search !== undefined || opts.statuses !== undefined) view.matches = await matchingUnits(client, directiveId, { ...opts, unitId: under });
  return view;
}
