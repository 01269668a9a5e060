// The progress chart drawn on the server: an SVG (no DOM, no canvas: jest runs in plain Node) with
// a step line per level, its words and dates in Vietnam time, each deadline marked and labelled.
import type { ProgressSeries } from '../../src/domain/report/progress-series';
import { progressChartSvg } from '../../src/render/progress-chart';

const SERIES: ProgressSeries = {
  directiveId: '01-CT-TW-2027',
  scope: { unitId: 'QN', name: 'Tỉnh ủy Quảng Ninh' },
  from: '2027-06-01T02:00:00.000Z',
  to: '2027-10-15T03:00:00.000Z',
  levels: [
    {
      level: 'district',
      label: 'Cấp huyện & <tương đương>',
      expected: 21,
      points: [
        { at: '2027-06-01T02:00:00.000Z', done: 0 },
        { at: '2027-07-05T03:00:00.000Z', done: 10 },
        { at: '2027-10-15T03:00:00.000Z', done: 20 },
      ],
    },
    {
      level: 'cell',
      label: 'Chi bộ, đảng bộ cơ sở',
      expected: 695,
      points: [
        { at: '2027-06-01T02:00:00.000Z', done: 0 },
        { at: '2027-09-25T03:00:00.000Z', done: 695 },
      ],
    },
  ],
  deadlines: [
    { level: 'district', label: 'Cấp huyện & <tương đương>', at: '2027-06-30T16:59:59.999Z' },
    // 30/09 23:59:59 Vietnam time is still 30/09 there, 16:59 UTC.
    { level: 'cell', label: 'Chi bộ, đảng bộ cơ sở', at: '2027-09-30T16:59:59.999Z' },
  ],
};

const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] as string);

test('the chart is an SVG of the size asked, with the level labels (escaped), each level’s count and Vietnamese axis words', () => {
  expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
  const svg = progressChartSvg(SERIES, { lang: 'vi', width: 800, height: 400 });
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('width="800" height="400"');
  const words = texts(svg);
  expect(words).toEqual(
    expect.arrayContaining([
      'Cấp huyện &amp; &lt;tương đương&gt;',
      'Chi bộ, đảng bộ cơ sở',
      '20/21',
      '695/695',
      'Đơn vị hoàn thành (%)',
      'Ngày (giờ Việt Nam)',
    ]),
  );
  expect(svg).not.toContain('<tương');
  expect(svg).toContain('DejaVu Sans');
  // Drawn still: no animation left in the markup.
  expect(svg).not.toMatch(/<animate/);
  // No inline style for a page whose policy forbids them (style-src 'self'): the text's font is in attributes.
  expect(svg).not.toMatch(/<style|\sstyle=/);
  expect(svg).toMatch(/<text[^>]* font-size="12px" font-family="DejaVu Sans, sans-serif"/);
});

test('each deadline is a dashed mark labelled with its level and its date as Vietnamese write it, in Vietnam time', () => {
  const words = texts(progressChartSvg(SERIES, { lang: 'vi' })).join('\n');
  expect(words).toContain('Hạn 30/06/2027');
  expect(words).toContain('Hạn 30/09/2027');
  expect(words).toMatch(/Chi bộ, đảng bộ cơ/);
  const en = texts(progressChartSvg(SERIES, { lang: 'en' })).join('\n');
  expect(en).toContain('Due 30/09/2027');
  expect(en).toContain('Units done (%)');
});

test('dates are Vietnam dates: a deadline at 00:30 on 1 October in Vietnam (17:30 UTC the day before) is marked 01/10', () => {
  const level = {
    level: 'cell',
    label: 'Chi bộ',
    expected: 3,
    points: [
      { at: SERIES.from, done: 0 },
      { at: SERIES.to, done: 2 },
    ],
  };
  const series = { ...SERIES, levels: [level], deadlines: [{ level: 'cell', label: 'Chi bộ', at: '2027-09-30T17:30:00.000Z' }] };
  const words = texts(progressChartSvg(series, { lang: 'vi' })).join('\n');
  expect(words).toContain('Hạn 01/10/2027');
  expect(words).not.toContain('30/09/2027');
  // The time axis reads dd/mm (the line's count is 2/3): June to October, nothing else.
  const axis = texts(progressChartSvg(series, { lang: 'vi' })).filter((t) => /^\d\d\/\d\d$/.test(t));
  expect(axis.length).toBeGreaterThan(2);
  for (const label of axis) expect(Number(label.slice(3))).toBeGreaterThanOrEqual(6);
  for (const label of axis) expect(Number(label.slice(3))).toBeLessThanOrEqual(10);
});

test('a series with nothing drawn says so instead of an empty plot', () => {
  const svg = progressChartSvg({ ...SERIES, levels: [], deadlines: [], to: SERIES.from }, { lang: 'vi' });
  expect(texts(svg)).toContain('Chưa có đơn vị nào nhận chỉ thị');
});
