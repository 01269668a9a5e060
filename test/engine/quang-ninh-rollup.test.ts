// The figures of the Quảng Ninh 2021 press report, reproduced by a whole cascade: every unit of
// a 20-district, 695-cell province reports through the client, and one query at the root reads
// "20/20 district committees, 695/695 grassroots units, 97,58% attendance, 4.285/4.478 essays".
import { formatViFraction, formatViRate } from '../../src/domain/text/numbers';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { CELLS, DISTRICTS, ESSAYS_EXPECTED, ESSAYS_SUBMITTED, quangNinhOrg, reportFor } from '../fixtures/quang-ninh';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';

let env: CascadeEnv;
beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: true });
}, 120_000);
afterAll(() => env?.stop());

/** Runs `work` over `items` with at most `limit` in flight. */
async function inPool<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index] as T, index);
      }
    }),
  );
}

test('the root rollup of a whole province reads the seed figures', async () => {
  const org = quangNinhOrg();
  await env.importOrg(org);
  const now = await env.now();
  const today = vnIsoDate(now.toISOString());
  const year = Number(today.slice(0, 4)) + 1;
  const { directiveId } = await env.cascade.launch({
    code: '01-CT/TW',
    title: 'Nghiên cứu, học tập, quán triệt Nghị quyết Đại hội XIII',
    issuer: 'Bộ Chính trị',
    issuedOn: today,
    root: 'TW',
    deadlines: { province: `Q2/${year}`, district: `quý III/${year}`, cell: `30/09/${year}` },
  });

  await eventually(
    async () => (await env.cascade.rollup(directiveId)).levels.find((l) => l.level === 'cell')?.expected === CELLS,
    120_000,
    'all cells received',
  );

  const reporters = org.filter((u) => u.level !== 'central');
  const cells = reporters.filter((u) => u.level === 'cell');
  await inPool(reporters, 16, (unit) => env.cascade.report(directiveId, unit.id, reportFor(unit.id, today, cells.indexOf(unit)), `Văn phòng ${unit.id}`));

  const rollup = await eventually(
    async () => {
      const r = await env.cascade.rollup(directiveId);
      return r.levels.find((l) => l.level === 'cell')?.done === CELLS && r.levels.find((l) => l.level === 'district')?.done === DISTRICTS && r;
    },
    60_000,
    'every report to reach the root',
  );

  const district = rollup.levels.find((l) => l.level === 'district')!;
  const cell = rollup.levels.find((l) => l.level === 'cell')!;
  expect([district.done, district.expected, district.doneRate]).toEqual([20, 20, 100]);
  expect([cell.done, cell.expected, cell.doneRate]).toEqual([695, 695, 100]);
  expect(formatViRate(rollup.attendance.rate)).toBe('97,58%');
  expect(rollup.essays).toEqual({ submitted: ESSAYS_SUBMITTED, expected: ESSAYS_EXPECTED, rate: 95.69 });
  expect(`${formatViFraction(rollup.essays.submitted, rollup.essays.expected)} = ${formatViRate(rollup.essays.rate)}`).toBe('4.285/4.478 = 95,69%');
  expect(rollup.overdueCount).toBe(0);
  // A unit the directive does not hold has no rollup and no committee: 404 naming it.
  await expect(env.cascade.rollup(directiveId, 'NOWHERE')).rejects.toMatchObject({
    status: 404,
    message: `unit NOWHERE is not part of directive ${directiveId}`,
  });
  await expect(env.cascade.committee(directiveId, 'NOWHERE')).rejects.toMatchObject({ status: 404 });

  // The projection behind listings agrees with the workflows, unit for unit.
  const listed = await eventually(
    async () => {
      const l = await env.cascade.listUnits(directiveId, { status: 'done-on-time', level: 'cell', limit: 1 });
      return l.total === CELLS && l;
    },
    30_000,
    'the projection to catch up',
  );
  expect(listed.total).toBe(CELLS);
});
