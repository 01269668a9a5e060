// A directive's state "as of" an instant, rebuilt from the audit trail, equals what the live reads
// answered at that instant: a cascade on the time-skipping server with reports, a reorganisation
// move, an extension, a correction after it, units falling overdue, an exemption of an overdue unit
// and the withdrawal, with live snapshots (the root's and a district's rollups, the overdue list,
// every unit's listing row) taken at rest at several instants and compared with the rebuilt ones.
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { QUICK_JOURNAL_LIMITS, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { settled } from '../harness/settled';
import { launchSmallDirective, smallReport } from './small-org';

const DAY = 86_400_000;

let env: CascadeEnv;
beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: true, limits: QUICK_JOURNAL_LIMITS });
}, 120_000);
afterAll(() => env?.stop());

/** What supervisors read live; the same reads answer as of an instant when `asOf` is given. */
async function reads(directiveId: string, asOf?: string) {
  const opts = asOf === undefined ? {} : { asOf };
  return {
    root: await env.cascade.rollup(directiveId, undefined, opts),
    district: await env.cascade.rollup(directiveId, 'D1', opts),
    overdue: await env.cascade.listUnits(directiveId, { status: 'overdue', limit: 1000, ...opts }),
    overdueUnderD1: await env.cascade.listUnits(directiveId, { status: 'overdue', under: 'D1', limit: 1000, ...opts }),
    units: await env.cascade.listUnits(directiveId, { limit: 1000, ...opts }),
  };
}

type Snapshot = { at: string; what: string; live: Awaited<ReturnType<typeof reads>> };

/** The live reads once the workflows are at rest, with an instant between two equal readings. */
async function snapshot(directiveId: string, what: string): Promise<Snapshot> {
  const live = await settled(() => reads(directiveId), { what });
  const at = (await env.now()).toISOString();
  expect(await reads(directiveId)).toEqual(live);
  return { at, what, live };
}

test('the state rebuilt as of each instant equals the live reads taken then', async () => {
  const before = new Date((await env.now()).getTime() - 60_000).toISOString();
  const today = vnIsoDate((await env.now()).toISOString());
  const year = Number(today.slice(0, 4)) + 1;
  const directiveId = await launchSmallDirective(env, '41-CT/TW', today);
  const snapshots: Snapshot[] = [await snapshot(directiveId, 'launched')];

  await env.cascade.report(directiveId, 'D1-C1', smallReport('D1-C1', today, 18), 'Bí thư chi bộ 1.1');
  await env.cascade.acknowledge(directiveId, 'D2', 'Văn phòng Huyện ủy 2');
  const [d, m, y] = today.split('-').reverse();
  const moved = await env.cascade.reorganise({ effectiveAt: `${d}/${m}/${y}`, operations: [{ move: { unit: 'D3-C2', to: 'D1' } }] }, 'test:secretariat', [
    directiveId,
  ]);
  expect(moved.directives).toEqual([expect.objectContaining({ directiveId, unitsTaken: 1 })]);
  snapshots.push(await snapshot(directiveId, 'a report, an acknowledgement, a move'));

  await env.cascade.extend(directiveId, 'D2-C1', `31/12/${year}`, 'Huyện ủy 2', 'lũ lụt');
  await env.cascade.report(directiveId, 'D2-C1', smallReport('D2-C1', today, 15), 'Bí thư chi bộ 2.1');
  await env.cascade.correct(directiveId, 'D2-C1', smallReport('D2-C1', today, 17), 'Bí thư chi bộ 2.1');
  await env.cascade.correct(directiveId, 'D1-C1', smallReport('D1-C1', today, 20), 'Bí thư chi bộ 1.1');
  await env.cascade.extend(directiveId, 'D1-C2', `31/12/${year}`, 'Huyện ủy 1', 'bầu cử');
  snapshots.push(await snapshot(directiveId, 'extensions, a report and corrections after an extension'));

  // Past every level's deadline (30/09 of next year): the open units fall overdue, the extended one does not.
  await env.skipTo(new Date(Date.parse(`${year}-10-05T03:00:00Z`)).toISOString());
  snapshots.push(await snapshot(directiveId, 'past the deadlines'));
  expect(snapshots.at(-1)?.live.overdue.total).toBeGreaterThan(0);

  await env.cascade.exempt(directiveId, 'D3-C1', 'Huyện ủy 3', 'chi bộ giải thể');
  await env.cascade.report(directiveId, 'D1-C2', smallReport('D1-C2', vnIsoDate((await env.now()).toISOString()), 19), 'Bí thư chi bộ 1.2');
  await env.cascade.report(directiveId, 'D2-C2', smallReport('D2-C2', vnIsoDate((await env.now()).toISOString()), 12), 'Bí thư chi bộ 2.2');
  snapshots.push(await snapshot(directiveId, 'an overdue unit exempted, a late report'));

  await env.skip(3 * DAY);
  await env.cascade.withdraw(directiveId, 'test:secretariat', 'Thay bằng chỉ thị mới');
  snapshots.push(await snapshot(directiveId, 'withdrawn'));

  const statuses = snapshots.map((s) => s.live.units.units.map((u) => `${u.unitId}:${u.status}`).join(' '));
  // The snapshots saw the story: done, extended, overdue, exempted and withdrawn units all appear.
  for (const status of ['done-on-time', 'done-late', 'extended', 'acknowledged', 'overdue', 'exempted', 'withdrawn'])
    expect(statuses.join(' ')).toContain(`:${status}`);
  for (const s of snapshots) expect({ what: s.what, state: await reads(directiveId, s.at) }).toEqual({ what: s.what, state: s.live });

  // Before the launch nothing had been received: nothing counted, nothing listed.
  const empty = await reads(directiveId, before);
  expect(empty.units).toEqual({ total: 0, units: [] });
  expect(empty.root.levels.every((l) => l.expected + l.exempted + l.withdrawn === 0)).toBe(true);
}, 240_000);
