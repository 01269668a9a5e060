/**
 * Rollups read from unit_rollup_counts must equal the domain's rollup of the projected units:
 * the expected side is always mergeRollups(...unitRollup(...)) over the final unit_projection rows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Pool } from 'pg';
import type { ProjectionRow } from '../../src/domain/cascade/records';
import type { JournalBatch } from '../../src/engine/protocol';
import { recordJournal } from '../../src/store/record-journal';
import { childRollups, subtreeRollup, type RollupDirective } from '../../src/store/rollup-counts';
import { MIGRATIONS_DIR, migrate } from '../../src/store/migrate';
import { createPool } from '../../src/store/pool';
import { mergeRollups, unitRollup, type Rollup } from '../../src/domain/track/rollup';
import { rollupStatus, type TrackStatus } from '../../src/domain/track/unit-track';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { migratedDatabase } from './fixtures';

const LEVELS = ['central', 'province', 'district', 'cell'] as const;
const DEADLINE = '2021-09-30T16:59:59.999Z';
const EXTENDED = '2021-10-31T16:59:59.999Z';
// Few distinct instants, so that first finishers tie and the smaller unit id must win.
const FINISH_TIMES = ['2021-06-01T03:00:00.000Z', '2021-06-01T03:00:00.000Z', '2021-06-02T08:30:00.000Z', '2021-10-05T01:00:00.000Z'];
const DONE: readonly TrackStatus[] = ['done-on-time', 'done-late'];
const OPEN: readonly TrackStatus[] = ['pending', 'acknowledged', 'extended', 'overdue'];

/** A unit of the directive's snapshot. */
interface TreeUnit {
  unitId: string;
  name: string;
  level: string;
  parentId: string | null;
  /** Nearest first, up to the root. */
  ancestors: string[];
  hasChildren: boolean;
}

/**
 * VN → P1 (3 districts), P2 (2 districts and a cell directly under it) → cells. P1-D1 has 11 cells
 * so that byte order (C10 < C2) and numeric order differ in tie-breaks.
 */
function buildTree(): TreeUnit[] {
  const units: TreeUnit[] = [];
  const add = (unitId: string, level: string, parent: TreeUnit | null) => {
    const unit: TreeUnit = {
      unitId,
      name: `Đơn vị ${unitId}`,
      level,
      parentId: parent?.unitId ?? null,
      ancestors: parent ? [parent.unitId, ...parent.ancestors] : [],
      hasChildren: false,
    };
    if (parent) parent.hasChildren = true;
    units.push(unit);
    return unit;
  };
  const root = add('VN', 'central', null);
  const shape: Record<string, number[]> = { P1: [11, 3, 2], P2: [4, 3] };
  for (const [provinceId, districts] of Object.entries(shape)) {
    const province = add(provinceId, 'province', root);
    districts.forEach((cells, d) => {
      const district = add(`${provinceId}-D${d + 1}`, 'district', province);
      for (let c = 1; c <= cells; c += 1) add(`${district.unitId}-C${c}`, 'cell', district);
    });
  }
  add('P2-C1', 'cell', units.find((u) => u.unitId === 'P2') ?? null);
  return units;
}

const TREE = buildTree();
const TRACKED = TREE.filter((u) => u.parentId !== null);
const COMMITTEES = TREE.filter((u) => u.hasChildren);

function directiveFor(id: string): RollupDirective {
  return { id, rootId: 'VN', levels: LEVELS };
}

async function insertSnapshot(pool: Pool, directiveId: string): Promise<void> {
  for (const [depth, u] of TREE.map((unit) => [unit.ancestors.length, unit] as const)) {
    await pool.query(
      `INSERT INTO directive_units (directive_id, unit_id, parent_id, level, name, email, members, essays_expected, has_children, holder_id, ancestors, depth)
       VALUES ($1, $2, $3, $4, $5, $6, 30, 28, $7, $8, $9, $10)`,
      [
        directiveId,
        u.unitId,
        u.parentId,
        u.level,
        u.name,
        `${u.unitId.toLowerCase()}@dang.test`,
        u.hasChildren,
        u.hasChildren || !u.parentId ? u.unitId : u.parentId,
        u.ancestors,
        depth,
      ],
    );
  }
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure replays. */
function random(seed: number): { int(n: number): number; pick<T>(items: readonly T[]): T; chance(p: number): boolean } {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { int, pick: (items) => items[int(items.length)] as (typeof items)[number], chance: (p) => next() < p };
}
type Random = ReturnType<typeof random>;

function row(directiveId: string, unit: TreeUnit, version: number, status: TrackStatus, extra: Partial<ProjectionRow> = {}): ProjectionRow {
  return {
    directiveId,
    unitId: unit.unitId,
    level: unit.level,
    parentId: unit.parentId,
    ancestors: unit.ancestors,
    status,
    deadline: status === 'extended' ? EXTENDED : DEADLINE,
    receivedAt: '2021-03-20T01:00:00.000Z',
    completedAt: null,
    attendees: null,
    members: null,
    essaysSubmitted: null,
    essaysExpected: null,
    version,
    ...extra,
  };
}

/** Report figures; now and then one of them missing (it must count as 0). */
function figures(rng: Random): Pick<ProjectionRow, 'attendees' | 'members' | 'essaysSubmitted' | 'essaysExpected'> {
  const out = { attendees: 10 + rng.int(30), members: 30 + rng.int(20), essaysSubmitted: rng.int(40), essaysExpected: 20 + rng.int(30) };
  if (rng.chance(0.15)) return { ...out, [rng.pick(['attendees', 'members', 'essaysSubmitted', 'essaysExpected'] as const)]: null };
  return out;
}

/** The next projection of a unit, as a committee workflow would write it after one event. */
function nextRow(rng: Random, directiveId: string, unit: TreeUnit, current: ProjectionRow | undefined): ProjectionRow {
  if (!current) return row(directiveId, unit, 1, rng.chance(0.8) ? 'pending' : 'acknowledged');
  const version = current.version + 1;
  if (DONE.includes(current.status)) {
    // A correction: same status and completion instant, new figures.
    return { ...current, ...figures(rng), version };
  }
  if (current.status === 'exempted' || current.status === 'withdrawn') return { ...current, version }; // nothing counted changes
  const move = rng.int(20);
  if (move < 5) return row(directiveId, unit, version, current.status === 'pending' ? 'acknowledged' : current.status);
  if (move < 7) return row(directiveId, unit, version, 'extended');
  if (move < 10) return row(directiveId, unit, version, 'overdue');
  if (move < 15) return row(directiveId, unit, version, rng.pick(DONE), { completedAt: rng.pick(FINISH_TIMES), ...figures(rng) });
  if (move < 16) return row(directiveId, unit, version, 'exempted');
  if (move < 17) return row(directiveId, unit, version, 'withdrawn');
  return { ...current, receivedAt: '2021-03-21T01:00:00.000Z', version }; // a change the counters ignore
}

/** The projection as recordJournal must leave it: per unit, the highest version ever written. */
function applyToModel(model: Map<string, ProjectionRow>, rows: readonly ProjectionRow[]): void {
  for (const r of rows) {
    const seen = model.get(r.unitId);
    if (!seen || seen.version < r.version) model.set(r.unitId, r);
  }
}

/** A stale write: an older version than the unit's latest, with some other state. */
function staleRow(rng: Random, directiveId: string, unit: TreeUnit, current: ProjectionRow): ProjectionRow {
  return row(directiveId, unit, rng.int(current.version), rng.pick(OPEN));
}

/** What a random history wrote: the projection it should leave, and every status it wrote on the way. */
interface History {
  model: Map<string, ProjectionRow>;
  written: Set<TrackStatus>;
}

/**
 * Random batches of events over the tree, continuing from `model` (the launch writes every unit
 * pending when it is empty).
 */
async function randomHistory(pool: Pool, directiveId: string, seed: number, batches: number, model = new Map<string, ProjectionRow>()): Promise<History> {
  const rng = random(seed);
  const written = new Set<TrackStatus>(['pending']);
  if (model.size === 0) {
    const launch = TRACKED.map((u) => row(directiveId, u, 1, 'pending'));
    await recordJournal(pool, { audit: [], projections: launch });
    applyToModel(model, launch);
  }
  let previous: JournalBatch | null = null;
  for (let b = 0; b < batches; b += 1) {
    if (previous && rng.chance(0.08)) {
      await recordJournal(pool, previous); // a retried activity: the same batch again
      continue;
    }
    const projections: ProjectionRow[] = [];
    const size = 1 + rng.int(6);
    for (let i = 0; i < size; i += 1) {
      // Skewed towards the first units: some see many events (corrections), others few (still open).
      const unit = TRACKED[rng.int(1 + rng.int(TRACKED.length))] as TreeUnit;
      const latestHere = [...projections].reverse().find((p) => p.unitId === unit.unitId);
      const current = latestHere ?? model.get(unit.unitId);
      if (current && current.version > 1 && rng.chance(0.15)) projections.push(staleRow(rng, directiveId, unit, current));
      else projections.push(nextRow(rng, directiveId, unit, current));
    }
    previous = { audit: [], projections };
    await recordJournal(pool, previous);
    applyToModel(model, projections);
    for (const p of projections) written.add(p.status);
  }
  return { model, written };
}

/** A unit_projection row as the reader's tables hold it. */
interface StoredRow {
  unit_id: string;
  parent_id: string | null;
  level: string;
  status: TrackStatus;
  completed_at: Date | null;
  attendees: number | null;
  members: number | null;
  essays_submitted: number | null;
  essays_expected: number | null;
  version: number;
}

async function storedRows(pool: Pool, directiveId: string): Promise<StoredRow[]> {
  const { rows } = await pool.query<StoredRow>(
    `SELECT unit_id, parent_id, level, status, completed_at, attendees, members, essays_submitted, essays_expected, version::int AS version
     FROM unit_projection WHERE directive_id = $1 ORDER BY unit_id`,
    [directiveId],
  );
  return rows;
}

const isDone = (status: string) => status === 'done-on-time' || status === 'done-late';
const unitsById = new Map(TREE.map((u) => [u.unitId, u]));

/** The domain's rollup of the stored rows under `unitId` (itself included). */
function expectedRollup(rows: readonly StoredRow[], unitId: string): Rollup {
  const inSubtree = rows.filter((r) => r.unit_id === unitId || unitsById.get(r.unit_id)?.ancestors.includes(unitId));
  return mergeRollups(
    LEVELS,
    ...inSubtree.map((r) =>
      unitRollup(LEVELS, {
        unitId: r.unit_id,
        name: unitsById.get(r.unit_id)?.name ?? '?',
        level: r.level,
        status: rollupStatus(r.status),
        doneAt: r.completed_at?.toISOString(),
        report: isDone(r.status)
          ? { attendees: r.attendees ?? 0, members: r.members ?? 0, essaysSubmitted: r.essays_submitted ?? 0, essaysExpected: r.essays_expected ?? 0 }
          : undefined,
      }),
    ),
  );
}

/** The counter rows the stored rows imply, computed here, for comparison with the trigger's. */
function expectedCounters(rows: readonly StoredRow[]): Record<string, unknown>[] {
  const byKey = new Map<
    string,
    {
      scope_id: string;
      level: string;
      status: string;
      units: number;
      attendees: number;
      members: number;
      essays_submitted: number;
      essays_expected: number;
      first: StoredRow | null;
    }
  >();
  for (const r of rows) {
    if (r.parent_id === null) continue;
    const key = [r.parent_id, r.level, r.status].join('|');
    const c = byKey.get(key) ?? {
      scope_id: r.parent_id,
      level: r.level,
      status: r.status,
      units: 0,
      attendees: 0,
      members: 0,
      essays_submitted: 0,
      essays_expected: 0,
      first: null,
    };
    c.units += 1;
    if (isDone(r.status)) {
      c.attendees += r.attendees ?? 0;
      c.members += r.members ?? 0;
      c.essays_submitted += r.essays_submitted ?? 0;
      c.essays_expected += r.essays_expected ?? 0;
      const at = r.completed_at?.getTime();
      const firstAt = c.first?.completed_at?.getTime();
      if (at !== undefined && (firstAt === undefined || at < firstAt || (at === firstAt && r.unit_id < (c.first as StoredRow).unit_id))) c.first = r;
    }
    byKey.set(key, c);
  }
  return [...byKey.values()]
    .map(({ first, ...c }) => ({ ...c, first_unit_id: first?.unit_id ?? null, first_completed_at: first?.completed_at ?? null }))
    .sort((a, b) => (a.scope_id + a.level + a.status < b.scope_id + b.level + b.status ? -1 : 1));
}

/** The trigger's counter rows (rows counting no unit must count nothing else either, and are left out). */
async function storedCounters(pool: Pool, directiveId: string): Promise<Record<string, unknown>[]> {
  const { rows } = await pool.query<Record<string, unknown> & { units: number }>(
    `SELECT scope_id, level, status, units, attendees::int AS attendees, members::int AS members, essays_submitted::int AS essays_submitted,
            essays_expected::int AS essays_expected, first_unit_id, first_completed_at
     FROM unit_rollup_counts WHERE directive_id = $1`,
    [directiveId],
  );
  for (const empty of rows.filter((r) => r.units === 0)) {
    expect(empty).toMatchObject({ attendees: 0, members: 0, essays_submitted: 0, essays_expected: 0, first_unit_id: null, first_completed_at: null });
  }
  return rows.filter((r) => r.units !== 0).sort((a, b) => (`${a.scope_id}${a.level}${a.status}` < `${b.scope_id}${b.level}${b.status}` ? -1 : 1));
}

/** The counter rows against a recount of the stored projection rows; returns the counters and the rows. */
async function expectExactCounters(pool: Pool, directiveId: string): Promise<{ counters: Record<string, unknown>[]; rows: StoredRow[] }> {
  const rows = await storedRows(pool, directiveId);
  const counters = await storedCounters(pool, directiveId);
  expect(counters).toEqual(expectedCounters(rows));
  return { counters, rows };
}

/** Counters and the rollup of every unit (root, committees, leaves) against the domain's computation. */
async function expectExact(pool: Pool, directiveId: string): Promise<StoredRow[]> {
  const { rows } = await expectExactCounters(pool, directiveId);
  for (const unit of TREE) {
    expect({ unit: unit.unitId, rollup: await subtreeRollup(pool, directiveFor(directiveId), unit.unitId) }).toEqual({
      unit: unit.unitId,
      rollup: expectedRollup(rows, unit.unitId),
    });
  }
  return rows;
}

describe('unit_rollup_counts and the rollup reader', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await migratedDatabase();
  });
  afterAll(() => db.drop());

  test('after a random history of writes, every subtree rollup equals the domain rollup of the projected units', async () => {
    const directiveId = 'D-RANDOM';
    await insertSnapshot(db.pool, directiveId);
    const { model, written } = await randomHistory(db.pool, directiveId, 20_210_309, 300);

    const rows = await expectExact(db.pool, directiveId);
    // The history really went through the version guard: what is stored is the newest of each unit.
    expect(rows.map((r) => [r.unit_id, r.version, r.status])).toEqual(
      [...model.values()].sort((a, b) => (a.unitId < b.unitId ? -1 : 1)).map((m) => [m.unitId, m.version, m.status]),
    );
    // The history covered what it is meant to: every status, open and closed units at the end, missing figures.
    expect(written).toEqual(new Set(['pending', 'acknowledged', 'extended', 'overdue', 'done-on-time', 'done-late', 'exempted', 'withdrawn']));
    expect(rows.some((r) => OPEN.includes(r.status)) && rows.some((r) => !OPEN.includes(r.status))).toBe(true);
    expect(rows.some((r) => isDone(r.status) && [r.attendees, r.members, r.essays_submitted, r.essays_expected].includes(null))).toBe(true);

    const root = (await subtreeRollup(db.pool, directiveFor(directiveId)))!;
    expect(root).toEqual(expectedRollup(rows, 'VN'));
    expect(root.levels.map((l) => l.level)).toEqual([...LEVELS]);
    expect(root.firstFinisher?.name).toBe(unitsById.get(root.firstFinisher?.unitId ?? '')?.name);
  });

  test('20 concurrent journal writes to one committee finish without deadlock and leave the counters exact', async () => {
    const directiveId = 'D-CONCURRENT';
    await insertSnapshot(db.pool, directiveId);
    // P1-D1's cells, P1-D1 itself and its sibling P1-D2: two scopes (P1-D1 and P1).
    const units = TREE.filter((u) => u.parentId === 'P1-D1' || u.unitId === 'P1-D1' || u.unitId === 'P1-D2');
    await recordJournal(db.pool, { audit: [], projections: units.map((u) => row(directiveId, u, 1, 'pending')) });

    const rng = random(7);
    const pool = createPool(db.url, 20);
    try {
      const writes = Array.from({ length: 20 }, (_, i) => {
        const picked = i % 4 === 0 ? [rng.pick(units)] : units.filter(() => rng.chance(0.6));
        const ordered = i % 2 === 0 ? picked : [...picked].reverse();
        // Versions interleave across writers, so some rows win and some lose the version guard.
        const projections = ordered.map((u) => {
          const status = rng.pick<TrackStatus>([...OPEN, ...DONE, 'exempted', 'withdrawn']);
          return row(directiveId, u, 2 + rng.int(30), status, isDone(status) ? { completedAt: rng.pick(FINISH_TIMES), ...figures(rng) } : {});
        });
        return recordJournal(pool, { audit: [], projections });
      });
      const results = await Promise.allSettled(writes);
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    } finally {
      await pool.end();
    }
    await expectExact(db.pool, directiveId);
  });

  test('childRollups gives each child committee its subtree rollup', async () => {
    const directiveId = 'D-CHILDREN';
    await insertSnapshot(db.pool, directiveId);
    await randomHistory(db.pool, directiveId, 42, 200);
    const directive = directiveFor(directiveId);
    for (const committee of COMMITTEES) {
      const children = (await childRollups(db.pool, directive, committee.unitId))!;
      const childCommittees = COMMITTEES.filter((c) => c.parentId === committee.unitId).map((c) => c.unitId);
      expect([...children.keys()]).toEqual(childCommittees.sort());
      for (const [childId, rollup] of children) expect(rollup).toEqual(await subtreeRollup(db.pool, directive, childId));
    }
    expect((await childRollups(db.pool, directive, 'P1-D1'))?.size).toBe(0); // cells only under it
  });

  test('a finisher moved to another committee, or with a rewritten completion instant, leaves its counter rows exact', async () => {
    // Neither happens in today's workflows; the trigger recomputes the first finisher rather than trust its running min.
    const directiveId = 'D-MOVES';
    await insertSnapshot(db.pool, directiveId);
    const cell = (id: string) => unitsById.get(id) as TreeUnit;
    const done = (u: TreeUnit, version: number, completedAt: string, extra: Partial<ProjectionRow> = {}) =>
      row(directiveId, u, version, 'done-late', { completedAt, attendees: 20, members: 30, essaysSubmitted: 25, essaysExpected: 28, ...extra });
    await recordJournal(db.pool, {
      audit: [],
      projections: [
        done(cell('P1-D1-C1'), 2, FINISH_TIMES[0] as string),
        done(cell('P1-D1-C2'), 2, FINISH_TIMES[2] as string),
        done(cell('P1-D2-C1'), 2, FINISH_TIMES[3] as string),
      ],
    });
    // P1-D1-C1, P1-D1's first finisher, moves under P1-D2 and becomes its first finisher there.
    await recordJournal(db.pool, {
      audit: [],
      projections: [done(cell('P1-D1-C1'), 3, FINISH_TIMES[0] as string, { parentId: 'P1-D2', ancestors: ['P1-D2', 'P1', 'VN'] })],
    });
    await expectExactCounters(db.pool, directiveId);
    // Rewritten instants: P1-D1-C2 (alone in P1-D1 now) later, P1-D2-C1 before P1-D1-C1, taking P1-D2's first place.
    await recordJournal(db.pool, {
      audit: [],
      projections: [done(cell('P1-D1-C2'), 3, FINISH_TIMES[3] as string), done(cell('P1-D2-C1'), 3, '2021-05-01T00:00:00.000Z')],
    });
    const { counters } = await expectExactCounters(db.pool, directiveId);
    expect(counters.filter((c) => c.status === 'done-late').map((c) => [c.scope_id, c.units, c.first_unit_id])).toEqual([
      ['P1-D1', 1, 'P1-D1-C2'],
      ['P1-D2', 2, 'P1-D2-C1'],
    ]);
  });

  test("one statement moving a committee's units, their first finishers among them, leaves every counter row exact", async () => {
    // A reorganisation moves whole levels in one UPDATE (reorg-snapshot.ts): each moved row leaves
    // its counter rows and enters others, first finishers included.
    const directiveId = 'D-BULK-MOVE';
    await insertSnapshot(db.pool, directiveId);
    await randomHistory(db.pool, directiveId, 11, 200);
    const doneUnder = async (parentId: string) => (await storedRows(db.pool, directiveId)).filter((r) => r.parent_id === parentId && isDone(r.status)).length;
    expect(await doneUnder('P1-D1')).toBeGreaterThan(0);
    await db.pool.query(
      `UPDATE unit_projection SET parent_id = 'P1-D2', ancestors = ARRAY['P1-D2', 'P1', 'VN']
        WHERE directive_id = $1 AND parent_id = 'P1-D1'`,
      [directiveId],
    );
    expect(await doneUnder('P1-D1')).toBe(0);
    // The counters only: the snapshot (directive_units) keeps the old tree, which subtree rollups follow.
    await expectExactCounters(db.pool, directiveId);
    // And back, with every done unit's completion instant rewritten in the same statement.
    await db.pool.query(
      `UPDATE unit_projection SET parent_id = 'P1-D1', ancestors = ARRAY['P1-D1', 'P1', 'VN'],
              completed_at = CASE WHEN completed_at IS NULL THEN NULL ELSE completed_at + interval '1 hour' END
        WHERE directive_id = $1 AND parent_id = 'P1-D2' AND unit_id LIKE 'P1-D1-%'`,
      [directiveId],
    );
    await expectExactCounters(db.pool, directiveId);
  });

  test('an empty directive rolls up to zeros at every level; an unknown unit has no rollup', async () => {
    const directive = directiveFor('D-EMPTY');
    await insertSnapshot(db.pool, directive.id);
    expect(await subtreeRollup(db.pool, directive)).toEqual(mergeRollups(LEVELS));
    expect(await subtreeRollup(db.pool, directive, 'P2-D2')).toEqual(mergeRollups(LEVELS));
    expect(await subtreeRollup(db.pool, directive, 'NOWHERE')).toBeUndefined();
    expect(await childRollups(db.pool, directive, 'NOWHERE')).toBeUndefined();
    expect(await subtreeRollup(db.pool, directiveFor('NO-SUCH-DIRECTIVE'))).toBeUndefined();
  });
});

describe('migration 0004', () => {
  let db: TestDatabase;
  let before: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    // The same files as 0001-0003 (same checksums), so the full migration later applies 0004 onwards.
    before = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-before-0004-'));
    for (const file of fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql') && f < '0004'))
      fs.copyFileSync(path.join(MIGRATIONS_DIR, file), path.join(before, file));
    await migrate(db.pool, before);
    // Today's recordJournal writes through journal_write (0005), which needs only the tables of
    // 0001; installed ahead here (it is CREATE OR REPLACE), so the rows before 0004 are written as today.
    await db.pool.query(fs.readFileSync(path.join(MIGRATIONS_DIR, '0005_journal_write.sql'), 'utf8'));
  });
  afterAll(async () => {
    await db.drop();
    fs.rmSync(before, { recursive: true, force: true });
  });

  test('counts the rows written before the trigger existed, then keeps counting', async () => {
    const directiveId = 'D-BACKFILL';
    await insertSnapshot(db.pool, directiveId);
    const { model } = await randomHistory(db.pool, directiveId, 3, 250);

    await expect(migrate(db.pool)).resolves.toEqual({
      applied: [
        '0004_rollup_counts.sql',
        '0005_journal_write.sql',
        '0006_journal_quarantine.sql',
        '0007_org_levels.sql',
        '0008_org_audit.sql',
        '0009_reorganisations.sql',
        '0010_scheduled_reorganisations.sql',
        '0011_directive_calendars.sql',
        '0012_directive_rounds.sql',
        '0013_weekly_digest.sql',
        '0014_credentials.sql',
        '0015_inspector_access_log.sql',
        '0016_people_sessions.sql',
        '0017_admin_audit.sql',
        '0018_secret_directive_reads.sql',
        '0019_search.sql',
        '0020_audit_state_records.sql',
        '0021_attachments.sql',
        '0022_withdrawal_records_idx.sql',
      ],
    });
    await expectExact(db.pool, directiveId);

    await randomHistory(db.pool, directiveId, 4, 150, model);
    await expectExact(db.pool, directiveId);
  });
});
