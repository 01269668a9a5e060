// Search without accents and the filters of every list, on a real stack: the unit list, the
// directive list and the directory over the API (folded both ways, đ, upper case, wildcards literal,
// filters combined, bad values named, a supervisor's `under` kept inside its subtree), the
// dashboard's filter forms over inject (values kept, Vietnamese and English), and one round trip in Chromium.
import './inject-shim';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { buildApp } from '../../src/http/app';
import { startApiServer, type ApiServer } from '../../src/http/server';
import type { OrgUnitInput } from '../../src/domain/org/org';
import { vnIsoDate } from '../../src/domain/time/vn-time';
import { eventually, startCascadeEnv, type CascadeEnv } from '../harness/cascade-env';
import { launchChromium } from '../harness/chromium';
import { smallReport, smallSpec } from '../engine/small-org';
import { bearer, testAppDeps, tokenFor } from './api-fixtures';

const unit = (id: string, name: string, level: string, parentId: string | null): OrgUnitInput => ({
  id,
  name,
  level,
  parentId,
  email: `${id.toLowerCase()}@dang.test`,
  members: level === 'central' ? 0 : 20,
  essaysExpected: level === 'central' ? 0 : 5,
});

const ORG: OrgUnitInput[] = [
  unit('TW', 'Ban Chấp hành Trung ương', 'central', null),
  unit('QN', 'Tỉnh ủy Quảng Ninh', 'province', 'TW'),
  unit('D1', 'Đảng ủy Khối cơ quan', 'district', 'QN'),
  unit('D2', 'Huyện ủy Đông Triều', 'district', 'QN'),
  unit('D1-C1', 'Chi bộ Văn phòng', 'cell', 'D1'),
  unit('D1-C2', 'Chi bộ 100% đảng viên', 'cell', 'D1'),
  unit('D2-C1', 'Chi bộ Thôn Đồng Sơn', 'cell', 'D2'),
  unit('D2-C2', 'ĐẢNG BỘ XÃ A_B', 'cell', 'D2'),
];

let env: CascadeEnv;
let app: FastifyInstance;
let directiveId: string;
let withdrawnId: string;
const today = vnIsoDate(new Date().toISOString());
const year = Number(today.slice(0, 4)) + 1;
const secretariat = bearer(tokenFor('secretariat'));
const supervisorD1 = bearer(tokenFor('supervisor', 'D1'));

beforeAll(async () => {
  env = await startCascadeEnv({ timeSkipping: false });
  app = buildApp(testAppDeps(env.cascade));
  await env.importOrg(ORG);
  ({ directiveId } = await env.cascade.launch({ ...smallSpec('171-CT/TW', today, year), title: 'Nghiên cứu, học tập, quán triệt Nghị quyết' }));
  ({ directiveId: withdrawnId } = await env.cascade.launch({ ...smallSpec('05-KH/TU', today, year), title: 'Kế hoạch tổng kết công tác', root: 'QN' }));
  await eventually(async () => (await env.cascade.listUnits(directiveId)).total === ORG.length - 1, 150_000, 'every unit projected');
  await env.cascade.withdraw(withdrawnId, 'test', 'Thay bằng kế hoạch khác');
  await env.cascade.report(directiveId, 'D1-C1', smallReport('D1-C1', today), 'test');
  await eventually(async () => (await env.cascade.listUnits(directiveId, { status: 'done-on-time' })).total === 1, 60_000, 'the report projected');
}, 300_000);
afterAll(async () => {
  await app?.close();
  await env?.stop();
});

async function get(url: string, headers = secretariat) {
  const res = await app.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> & { units: Array<{ unitId?: string; id?: string }> } };
}

const unitIds = async (query: string, headers = secretariat) => {
  const res = await get(`/api/directives/${directiveId}/units?${query}`, headers);
  expect(res.status).toBe(200);
  return res.body.units.map((u) => u.unitId).sort();
};

describe('the unit list', () => {
  test('finds names without accents, with đ and in any case, whichever way the accents go', async () => {
    expect(await unitIds(`q=${encodeURIComponent('chi bo')}`)).toEqual(['D1-C1', 'D1-C2', 'D2-C1']);
    expect(await unitIds(`q=${encodeURIComponent('dang uy')}`)).toEqual(['D1']);
    expect(await unitIds(`q=${encodeURIComponent('ĐẢNG')}`)).toEqual(['D1', 'D1-C2', 'D2-C2']);
    expect(await unitIds(`q=${encodeURIComponent('đảng bộ xã')}`)).toEqual(['D2-C2']);
    expect(await unitIds(`q=${encodeURIComponent('ĐỒNG')}`)).toEqual(['D2', 'D2-C1']);
    expect(await unitIds(`q=${encodeURIComponent('Đồng Sơn'.normalize('NFD'))}`)).toEqual(['D2-C1']);
    expect(await unitIds('q=d1-c')).toEqual(['D1-C1', 'D1-C2']);
  });

  test('% and _ typed in a search are literal characters', async () => {
    expect(await unitIds(`q=${encodeURIComponent('100%')}`)).toEqual(['D1-C2']);
    expect(await unitIds(`q=${encodeURIComponent('%')}`)).toEqual(['D1-C2']);
    expect(await unitIds(`q=${encodeURIComponent('a_b')}`)).toEqual(['D2-C2']);
    expect(await unitIds('q=_')).toEqual(['D2-C2']);
  });

  test('search, status, level and subtree combine', async () => {
    expect(await unitIds(`q=${encodeURIComponent('chi bo')}&status=pending`)).toEqual(['D1-C2', 'D2-C1']);
    expect(await unitIds(`q=${encodeURIComponent('chi bo')}&status=pending&under=D1`)).toEqual(['D1-C2']);
    expect(await unitIds('level=cell&status=pending,done-on-time&under=D1')).toEqual(['D1-C1', 'D1-C2']);
    expect(await unitIds(`q=dang&level=district`)).toEqual(['D1']);
    expect(await unitIds(`q=${encodeURIComponent('chi bo')}&status=overdue`)).toEqual([]);
  });

  test('bad filter values are 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['status=late', 'status[0]'],
      ['level=commune', 'level'],
      [`q=${encodeURIComponent('chi\tbo')}`, 'q'],
      ['q=', 'q'],
      [`q=${'x'.repeat(101)}`, 'q'],
    ];
    for (const [query, field] of cases) {
      const res = await get(`/api/directives/${directiveId}/units?${query}`);
      expect([query, res.status, (res.body.issues as Array<{ path: string }>).map((i) => i.path)]).toEqual([query, 400, [field]]);
    }
    const level = await get(`/api/directives/${directiveId}/units?level=commune`);
    expect(level.body.message).toBe(`level "commune" is not a level of directive ${directiveId}; use one of central, province, district, cell`);
  });

  test('a supervisor filters inside its own subtree and is refused outside it', async () => {
    expect(await unitIds(`q=${encodeURIComponent('chi bo')}`, supervisorD1)).toEqual(['D1-C1', 'D1-C2']);
    expect(await unitIds('under=D1-C2', supervisorD1)).toEqual(['D1-C2']);
    const outside = await get(`/api/directives/${directiveId}/units?under=D2&q=chi`, supervisorD1);
    expect([outside.status, outside.body.message]).toEqual([403, expect.stringContaining('D2 is outside')]);
    const csv = await app.inject({ method: 'GET', url: `/api/directives/${directiveId}/export.csv?under=D2`, headers: supervisorD1 });
    expect(csv.statusCode).toBe(403);
  });

  test('the CSV export takes the same filters', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/directives/${directiveId}/export.csv?q=${encodeURIComponent('chi bo')}&status=pending`,
      headers: secretariat,
    });
    const ids = res.body
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0])
      .sort();
    expect(ids).toEqual(['D1-C2', 'D2-C1']);
  });
});

describe('the directive list', () => {
  const directiveIds = async (query: string, headers = secretariat) => {
    const res = await get(`/api/directives?${query}`, headers);
    expect(res.status).toBe(200);
    return (res.body.directives as Array<{ id: string }>).map((d) => d.id);
  };

  test('finds directives by code, title or id without accents, and by status', async () => {
    expect(await directiveIds(`q=${encodeURIComponent('quan triet')}`)).toEqual([directiveId]);
    expect(await directiveIds(`q=${encodeURIComponent('KẾ HOẠCH')}`)).toEqual([withdrawnId]);
    expect(await directiveIds('q=171-ct')).toEqual([directiveId]);
    expect(await directiveIds('status=withdrawn')).toEqual([withdrawnId]);
    expect(await directiveIds(`status=active&q=${encodeURIComponent('ke hoach')}`)).toEqual([]);
    expect((await directiveIds('status=active,withdrawn')).sort()).toEqual([directiveId, withdrawnId].sort());
  });

  test('under keeps the directives that reach a unit; a supervisor may ask only inside its subtree', async () => {
    expect((await directiveIds('under=D1-C1')).sort()).toEqual([directiveId, withdrawnId].sort());
    expect(await directiveIds('under=TW')).toEqual([directiveId]);
    expect((await directiveIds('under=D1-C2', supervisorD1)).sort()).toEqual([directiveId, withdrawnId].sort());
    const outside = await get('/api/directives?under=D2', supervisorD1);
    expect([outside.status, outside.body.message]).toEqual([403, expect.stringContaining('D2 is outside')]);
    const asUnit = await get('/api/directives?under=D1-C1', bearer(tokenFor('unit', 'D1-C1')));
    expect(asUnit.status).toBe(403);
  });

  test('a bad status is 400 naming the field', async () => {
    const res = await get('/api/directives?status=done');
    expect([res.status, (res.body.issues as Array<{ path: string; message: string }>)[0]]).toEqual([
      400,
      expect.objectContaining({ path: 'status[0]', message: 'status "done" is not one of active, withdrawn' }),
    ]);
  });
});

describe('the directory listing', () => {
  const directoryIds = async (query: string, headers = secretariat) => {
    const res = await get(`/api/org/units?${query}`, headers);
    expect(res.status).toBe(200);
    return res.body.units.map((u) => u.id);
  };

  test('searches names and ids without accents, by level and subtree, paged', async () => {
    expect(await directoryIds(`q=${encodeURIComponent('dang')}`)).toEqual(['D1', 'D1-C2', 'D2-C2']);
    expect(await directoryIds(`q=${encodeURIComponent('HUYEN UY')}`)).toEqual(['D2']);
    expect(await directoryIds('level=cell&under=D2')).toEqual(['D2-C1', 'D2-C2']);
    const page = await get('/api/org/units?level=cell&limit=2&offset=1');
    expect(page.body).toMatchObject({ total: 4, limit: 2, offset: 1, units: [{ id: 'D1-C2' }, { id: 'D2-C1' }] });
  });

  test('a supervisor lists its own subtree by default and is refused another', async () => {
    expect(await directoryIds('', supervisorD1)).toEqual(['D1', 'D1-C1', 'D1-C2']);
    expect(await directoryIds(`q=${encodeURIComponent('chi bo')}`, supervisorD1)).toEqual(['D1-C1', 'D1-C2']);
    expect((await get('/api/org/units?under=D2', supervisorD1)).status).toBe(403);
    expect((await get('/api/org/units', bearer(tokenFor('unit', 'D1-C1')))).status).toBe(403);
  });

  test('an unknown level is 400 naming the field', async () => {
    const res = await get('/api/org/units?level=commune');
    expect([res.status, res.body.issues]).toEqual([
      400,
      [{ path: 'level', rule: 'unknown-level', message: 'level "commune" is not a level of the directory; use one of central, province, district, cell' }],
    ]);
  });
});

describe('the dashboard’s filter forms', () => {
  const page = async (url: string) => {
    const res = await app.inject({ method: 'GET', url: `${url}${url.includes('?') ? '&' : '?'}token=${tokenFor('secretariat')}` });
    return { status: res.statusCode, body: res.body };
  };

  test('the directives page narrows the list and keeps the values in its form', async () => {
    const res = await page(`/dashboard?q=${encodeURIComponent('ke hoach')}&status=withdrawn`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<input id="filter-q" name="q" type="search" maxlength="100" value="ke hoach"');
    expect(res.body).toContain('<option value="withdrawn" selected>Đã thu hồi</option>');
    expect(res.body).toContain(`/dashboard/${withdrawnId}`);
    expect(res.body).not.toContain(`/dashboard/${directiveId}"`);
    const none = await page(`/dashboard?q=${encodeURIComponent('không có')}&lang=en`);
    expect(none.body).toContain('No directive matches.');
    expect(none.body).toContain('<label for="filter-q">Search (accents optional)</label>');
  });

  test('the committee page lists the units that pass its filters, with the values kept and blank fields ignored', async () => {
    const res = await page(`/dashboard/${directiveId}?q=${encodeURIComponent('chi bo')}&status=pending&level=`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('value="chi bo"');
    expect(res.body).toContain('<option value="pending" selected>');
    expect(res.body).toContain('<option value="" selected>Tất cả</option>');
    const section = res.body.slice(res.body.indexOf('<section id="filter-results">'));
    expect(section).toMatch(/^<section id="filter-results"><h2>Đơn vị phù hợp \(2\)<\/h2>/);
    expect([...section.slice(0, section.indexOf('</section>')).matchAll(/data-unit="([^"]+)"/g)].map((m) => m[1])).toEqual(['D1-C2', 'D2-C1']);
    expect(section).toContain(`/api/directives/${directiveId}/export.csv?q=chi+bo&#38;status=pending`);
  });

  test('the committee page keeps its unit in the form and refuses a bad level naming it', async () => {
    const scoped = await page(`/dashboard/${directiveId}?unit=D2&lang=en&q=dong`);
    expect(scoped.body).toContain('<input type="hidden" name="unit" value="D2"><input type="hidden" name="lang" value="en">');
    expect(scoped.body).toContain('Matching units (2)');
    const several = await page(`/dashboard/${directiveId}?status=pending,done-on-time`);
    expect(several.body).toContain('<option value="pending,done-on-time" selected>Chưa báo cáo, Hoàn thành đúng hạn</option>');
    expect(several.body).toContain('Đơn vị phù hợp (7)');
    const bad = await page(`/dashboard/${directiveId}?level=commune`);
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('level');
  });
});

describe('in a browser', () => {
  let server: ApiServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startApiServer({ ...testAppDeps(env.cascade), port: 0, logger: false });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the committee page’s form sends its filters and shows what it found', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const tab = await context.newPage();
    await tab.goto(`${server.url}/dashboard/${directiveId}?token=${tokenFor('supervisor', 'QN')}`);
    await tab.fill('#filter-q', 'DANG BO');
    await tab.selectOption('#filter-level', 'cell');
    await tab.click('#unit-filter button[type=submit]');
    await tab.waitForSelector('#filter-results');
    const url = new URL(tab.url());
    expect([url.searchParams.get('q'), url.searchParams.get('level'), url.searchParams.get('status')]).toEqual(['DANG BO', 'cell', '']);
    await expect(tab.locator('#filter-results tr[data-unit]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit')))).resolves.toEqual(['D2-C2']);
    await expect(tab.inputValue('#filter-q')).resolves.toBe('DANG BO');
    await context.close();
  }, 60_000);
});
