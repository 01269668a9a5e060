// Progress over time on a real stack: GET /api/directives/:id/progress after a few reports (the
// counts and instants of each level's steps, the deadlines, a subtree, the labels' language, up to
// an instant), its access (a supervisor outside its subtree: 403), the chart on the committee page
// and in the printable results report.
import './inject-shim';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import type { ProgressSeries } from '../../src/domain/report/progress-series';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { SMALL_ORG, smallReport, smallSpec } from '../engine/small-org';
import { bearer, testAppDeps, tokenFor } from './api-fixtures';

let env: CascadeEnv;
let app: FastifyInstance;
let directiveId: string;
/** When D1-C1, D2-C1 and D1 reported, in that order. */
let finished: { cell1: string; cell2: string; district: string };
let between: string;
const today = vnIsoDate(new Date().toISOString());
const year = Number(today.slice(0, 4)) + 1;
const secretariat = bearer(tokenFor('secretariat'));
const supervisorD1 = bearer(tokenFor('supervisor', 'D1'));

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  app = buildApp(testAppDeps(env.cascade));
  await env.importOrg(SMALL_ORG);
  ({ directiveId } = await env.cascade.launch(smallSpec('175-CT/TW', today, year)));
  await eventually(async () => (await env.cascade.listUnits(directiveId)).total === SMALL_ORG.length - 1, 150_000, 'every unit projected');
  const done = async (unitId: string) =>
    (await env.cascade.report(directiveId, unitId, smallReport(unitId, today, 18), `Văn phòng ${unitId}`)).completedAt as string;
  const cell1 = await done('D1-C1');
  between = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 20));
  finished = { cell1, cell2: await done('D2-C1'), district: await done('D1') };
}, 240_000);
afterAll(async () => {
  await app?.close();
  await env?.stop();
});

async function progress(query = '', headers = secretariat): Promise<{ status: number; body: ProgressSeries }> {
  const res = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/progress${query}`, headers });
  return { status: res.statusCode, body: res.json() };
}
const levelOf = (series: ProgressSeries, level: string) => series.levels.find((l) => l.level === level);

test('the series counts each level’s units done at the instants they reported, beside the units expected, with each level’s deadline', async () => {
  const { status, body } = await progress();
  expect(status).toBe(200);
  expect(body.scope).toEqual({ unitId: 'TW', name: 'Bộ Chính trị' });
  expect(body.levels.map((l) => [l.level, l.label, l.expected])).toEqual([
    ['province', 'Cấp tỉnh', 1],
    ['district', 'Cấp huyện và tương đương', 3],
    ['cell', 'Chi bộ, đảng bộ cơ sở', 6],
  ]);
  const cells = levelOf(body, 'cell')?.points ?? [];
  expect(cells.slice(0, 3)).toEqual([
    { at: body.from, done: 0 },
    { at: finished.cell1, done: 1 },
    { at: finished.cell2, done: 2 },
  ]);
  expect(cells[cells.length - 1]).toEqual({ at: body.to, done: 2 });
  expect(levelOf(body, 'district')?.points.map((p) => p.done)).toEqual([0, 1, 1]);
  expect(levelOf(body, 'province')?.points.map((p) => p.done)).toEqual([0, 0]);
  // Launched before the first report; the series ends now.
  expect(body.from < finished.cell1 && finished.district <= body.to).toBe(true);
  expect(body.deadlines).toEqual([
    { level: 'province', label: 'Cấp tỉnh', at: `${year}-06-30T16:59:59.999Z` },
    { level: 'district', label: 'Cấp huyện và tương đương', at: `${year}-09-30T16:59:59.999Z` },
    { level: 'cell', label: 'Chi bộ, đảng bộ cơ sở', at: `${year}-09-30T16:59:59.999Z` },
  ]);
  // The series ends where the live rollup stands (the rollup's counters catch up within moments).
  await eventually(
    async () => {
      const rollup = await env.cascade.rollup(directiveId);
      return body.levels.every((l) => {
        const counts = rollup.levels.find((r) => r.level === l.level);
        return counts?.expected === l.expected && counts.done === l.points[l.points.length - 1]?.done;
      });
    },
    30_000,
    'the live rollup equals the series’ last points',
  );
});

test('a subtree, the labels in English, and the series up to an instant', async () => {
  const own = await progress('', supervisorD1);
  expect(own.status).toBe(200);
  expect(own.body.levels.map((l) => [l.level, l.expected, l.points.map((p) => p.done)])).toEqual([
    ['district', 1, [0, 1, 1]],
    ['cell', 2, [0, 1, 1]],
  ]);
  const en = await progress('?unit=D2&lang=en');
  expect(en.body.scope).toEqual({ unitId: 'D2', name: 'Huyện ủy 2' });
  expect(en.body.levels.map((l) => l.label)).toEqual(['District level', 'Party cells, grassroots']);
  const then = await progress(`?asOf=${encodeURIComponent(between)}`);
  expect(then.body.to).toBe(between);
  expect(levelOf(then.body, 'cell')?.points.map((p) => p.done)).toEqual([0, 1, 1]);
  expect((await progress('?asOf=hôm qua')).status).toBe(400);
});

test('a supervisor gets 403 for a subtree outside its own, and a unit it does not know is a 404', async () => {
  expect((await progress('?unit=D2', supervisorD1)).status).toBe(403);
  expect((await progress('?unit=QN', supervisorD1)).status).toBe(403);
  expect((await progress('?unit=D1-C2', supervisorD1)).status).toBe(200);
  expect((await progress('', bearer(tokenFor('unit', 'D1-C1')))).status).toBe(403);
  const res = await app.inject({ method: 'GET', url: '/api/directives/999-CT-TW-2099/progress', headers: secretariat });
  expect(res.statusCode).toBe(404);
});

test('the committee page shows the chart inline, drawn on the server, under “Tiến độ theo thời gian”', async () => {
  const res = await app.inject({ method: 'GET', url: `/dashboard/${directiveId}?unit=QN&token=${tokenFor('secretariat')}` });
  expect(res.statusCode).toBe(200);
  const at = res.body.indexOf('<section id="progress-over-time">');
  expect(at).toBeGreaterThan(0);
  const section = res.body.slice(at, res.body.indexOf('</section>', at));
  expect(section).toContain('<h2>Tiến độ theo thời gian</h2>');
  expect(section).toMatch(/<figure class="progress-chart"><svg [^>]*viewBox=/);
  expect(section).toContain('Cấp huyện và tương đương');
  expect(section).toContain(`Hạn 30/09/${year}`);
  // The page forbids inline styles (style-src 'self'): the chart has none.
  expect(section).not.toMatch(/<style|\sstyle=/);
  expect(section).toContain(`href="/api/directives/${directiveId}/progress?unit=QN&#38;lang=vi"`);
});

test('the printable results report carries the chart after its figures; the Markdown one does not', async () => {
  const html = await env.cascade.resultsReport(directiveId, { format: 'html', lang: 'en' });
  const heading = html.indexOf('<h2>Progress over time</h2><figure');
  expect(heading).toBeGreaterThan(html.indexOf('held their study conference'));
  expect(html.slice(heading)).toMatch(/^<h2>Progress over time<\/h2><figure[^>]*><svg /);
  expect(html).toContain(`Due 30/09/${year}`);
  const markdown = await env.cascade.resultsReport(directiveId, { format: 'markdown' });
  expect(markdown).not.toContain('<svg');
});
