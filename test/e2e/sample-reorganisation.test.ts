// The sample plan applied to a running directive over the 2021 sample, on the dev server (with a
// directive code no other dev-server test file uses): the Quảng Ninh directive, some cells having
// reported, follows examples/reorg-2025.yaml into the 2025 shape: the district committees end,
// communes start under the province and the directive gains the commune level, every cell keeps
// its report under its commune, and the rollups match what the dry run said.
import path from 'node:path';
import { readDataFile } from '../../src/cli/files';
import { sampleDirectiveSpec } from '../../src/dev/demo/sample-directive';
import { sampleProvince } from '../../src/dev/demo/sample-province';
import { DEFAULT_LEVEL_DEFINITIONS, levelNames } from '../../src/domain/org/levels';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { smallReport } from '../engine/small-org';
import { eventually, QUICK_JOURNAL_LIMITS, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';

let env: CascadeEnv;
beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false, limits: QUICK_JOURNAL_LIMITS });
}, 120_000);
afterAll(() => env?.stop());

const PLAN = path.join(__dirname, '..', '..', 'examples', 'reorg-2025.yaml');

test('a running 2021 directive follows the sample plan into the 2025 shape, its reports kept', async () => {
  const org = sampleProvince();
  await env.importOrg(org);
  const { directiveId } = await env.cascade.launch({ ...sampleDirectiveSpec(new Date(), levelNames(DEFAULT_LEVEL_DEFINITIONS)), code: '92-NQ/TW' });
  await eventually(async () => (await env.cascade.listUnits(directiveId)).total === org.length - 1, 90_000, 'every unit projected');
  const today = vnIsoDate(new Date().toISOString());
  const reporting = org.filter((u) => u.level === 'cell').slice(0, 40);
  for (const cell of reporting) await env.cascade.report(directiveId, cell.id, smallReport(cell.id, today, 10, 10), 'Bí thư chi bộ');

  const plan = readDataFile(PLAN, 'reorganisation plan');
  const rehearsal = await env.cascade.previewReorganisation(plan, [directiveId]);
  expect(rehearsal).toMatchObject({ problems: [], levelsAdded: { [directiveId]: ['commune'] } });
  const [expected] = rehearsal.directives;
  if (!expected) throw new Error('the dry run reached no directive');
  expect(expected.reportedPerLevel).toMatchObject({ before: { cell: 40 }, after: { cell: 40 } });

  const outcome = await env.cascade.reorganise(plan, 'test:secretariat', [directiveId]);
  expect(outcome.directives[0]).toMatchObject({ committeesEnded: expected.committeesEnded.length, committeesStarted: expected.committeesStarted.length });

  const after = await env.cascade.rollup(directiveId);
  const level = (name: string) => after.levels.find((l) => l.level === name);
  expect(level('district')?.expected).toBe(0);
  expect(level('commune')?.expected).toBe(expected.unitsPerLevel.after.commune);
  expect(level('cell')).toMatchObject({ expected: expected.unitsPerLevel.after.cell, done: 40 });
  // Every cell now stands under a commune-level committee.
  const communes = new Set((await env.cascade.organisation()).filter((u) => u.level === 'commune').map((u) => u.id));
  const cells = (await env.cascade.listUnits(directiveId, { level: 'cell', limit: 1000 })).units;
  expect(cells).toHaveLength(expected.unitsPerLevel.after.cell ?? -1);
  expect(cells.filter((u) => !communes.has(u.parentId ?? ''))).toEqual([]);
  expect((await env.cascade.directiveLevels(directiveId)).map((l) => l.name)).toEqual(['central', 'province', 'district', 'commune', 'cell']);
}, 240_000);
