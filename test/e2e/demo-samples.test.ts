// What `npm start` does on an empty data folder with DEMO_ORGANISATION=2025, on real servers (the
// time-skipping Temporal server, a fresh PostgreSQL database, a worker in this process): the 2025
// sample is imported with its levels, the sample directive launches with deadlines for province,
// commune and cell, the sample reports roll up per commune and cell, and a later start with
// another choice keeps what is there.
import { bootstrapDemo } from '../../src/dev/demo/bootstrap';
import { sampleProvince2025 } from '../../src/dev/demo/sample-province-2025';
import { LEVELS_2025 } from '../../src/domain/org/levels';
import { eventually, QUICK_JOURNAL_LIMITS, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';

let env: CascadeEnv;
beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: true, limits: QUICK_JOURNAL_LIMITS });
}, 120_000);
afterAll(() => env?.stop());

test('DEMO_ORGANISATION=2025 imports the merged province with the 2025 levels, launches over them and files reports that roll up per commune and cell', async () => {
  const lines: string[] = [];
  const directiveId = await bootstrapDemo(env.cascade, (line) => lines.push(line), '2025');
  if (directiveId === null) throw new Error(`no directive launched: ${lines.join('\n')}`);
  expect(lines[0]).toBe('imported the 2025 sample organisation, Tỉnh ủy Hải Sơn: 1 central, 1 province, 103 commune, 1276 cell');
  expect(lines[1]).toBe(`launched ${directiveId}: 1 province, 103 commune, 1276 cell`);
  expect(await env.cascade.organisationLevels()).toEqual(LEVELS_2025);
  expect(await env.cascade.directiveLevels(directiveId)).toEqual(LEVELS_2025);
  expect((await env.cascade.organisation()).length).toBe(sampleProvince2025().length);

  const filed = await eventually(
    async () => lines.find((l) => /^filed \d+ sample reports/.test(l) || l.startsWith('sample reports stopped')),
    110_000,
    'the sample reports',
  );
  expect(filed).toMatch(/^filed \d+ sample reports; the rest await their units$/);
  const count = Number(/^filed (\d+)/.exec(filed)?.[1]);
  expect(count).toBeGreaterThan(400);
  const rollup = await eventually(async () => {
    const view = await env.cascade.rollup(directiveId);
    return view.levels.reduce((n, l) => n + l.done, 0) === count ? view : null;
  }, 30_000);
  expect(rollup.levels.map((l) => [l.level, l.expected])).toEqual([
    ['central', 0],
    ['province', 1],
    ['commune', 103],
    ['cell', 1276],
  ]);
  expect(rollup.levels.filter((l) => l.level === 'commune' || l.level === 'cell').every((l) => l.done > 0)).toBe(true);
}, 180_000);

test('a later start with another choice keeps the organisation and the directive in place, and says so', async () => {
  const before = await env.cascade.directives();
  const lines: string[] = [];
  expect(await bootstrapDemo(env.cascade, (line) => lines.push(line), '2021')).toBe(before[0]?.id);
  expect(lines).toEqual([
    'DEMO_ORGANISATION=2021: the data folder already holds another organisation, kept as it is; start on an empty DATA_DIR to load this sample',
  ]);
  expect((await env.cascade.organisation()).length).toBe(sampleProvince2025().length);
  expect(await env.cascade.directives()).toHaveLength(before.length);
});
