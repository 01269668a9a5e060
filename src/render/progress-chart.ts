/**
 * The progress chart as an SVG string, drawn on the server with Apache ECharts (its SVG renderer
 * in server-side mode needs no DOM and no canvas), so the dashboard inlines it without scripts and
 * the printable report carries it. One step line per level: the share of its expected units done
 * (levels of 21 and of 695 units on one axis), its count at the line's end; a dashed mark at each
 * deadline. Times are drawn in Vietnam time whatever the server's zone: instants are shifted by
 * +7 h and the chart reads them as UTC. The markup carries no style attribute or element (see
 * withoutInlineStyles), so the dashboard's content security policy (style-src 'self') lets it draw.
 */
import * as echarts from 'echarts';
import type { ProgressSeries } from '../domain/report/progress-series';
import { formatEnFraction, formatViFraction } from '../domain/text/numbers';
import { toEpochMs } from '../domain/time/instant';
import { VIETNAM_UTC_OFFSET_MS } from '../domain/time/vn-time';

/** How the chart is drawn: its language and size in pixels (the SVG scales by its viewBox). */
export interface ProgressChartOptions {
  lang: 'vi' | 'en';
  width?: number;
  height?: number;
}

/** A font with Vietnamese letters on the servers and printers that draw it (Debian's fonts-dejavu), then any sans-serif. */
const FONT = 'DejaVu Sans, sans-serif';

const WORDS = {
  vi: { yAxis: 'Đơn vị hoàn thành (%)', xAxis: 'Ngày (giờ Việt Nam)', deadline: 'Hạn', empty: 'Chưa có đơn vị nào nhận chỉ thị' },
  en: { yAxis: 'Units done (%)', xAxis: 'Date (Vietnam time)', deadline: 'Due', empty: 'No unit has received the directive yet' },
} as const;

/** Dark, distinct colours that stay apart in print. */
const PALETTE = ['#1f5fa8', '#2e8b57', '#d2691e', '#6a3d9a', '#8b4513', '#008b8b', '#c71585', '#556b2f'];

const pad2 = (n: number): string => String(n).padStart(2, '0');
/** The chart's time value of an instant: Vietnam wall-clock time read as UTC. */
const vnMs = (at: string): number => toEpochMs(at) + VIETNAM_UTC_OFFSET_MS;
const ddmm = (ms: number): string => {
  const d = new Date(ms);
  return `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}`;
};
const ddmmyyyy = (ms: number): string => `${ddmm(ms)}/${new Date(ms).getUTCFullYear()}`;

/** See the file comment. */
export function progressChartSvg(series: ProgressSeries, opts: ProgressChartOptions): string {
  const words = WORDS[opts.lang];
  const fraction = opts.lang === 'vi' ? formatViFraction : formatEnFraction;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: opts.width ?? 720, height: opts.height ?? 360 });
  try {
    const deadlines = deadlineMarks(series);
    const start = vnMs(series.from);
    // Room after the last deadline or the end, so its mark and label stand inside the plot.
    const last = Math.max(start, ...[series.to, ...series.deadlines.map((d) => d.at)].map(vnMs));
    const end = last + Math.max((last - start) * 0.04, 24 * 60 * 60 * 1000);
    const lines = series.levels.map((level, i) => ({
      type: 'line' as const,
      name: level.label,
      step: 'end' as const,
      showSymbol: false,
      lineStyle: { width: 2 },
      data: level.points.map((p) => [vnMs(p.at), (p.done / level.expected) * 100]),
      endLabel: { show: true, formatter: fraction(level.points[level.points.length - 1]?.done ?? 0, level.expected), fontFamily: FONT },
      // Levels that end at the same share would print their counts on top of each other.
      labelLayout: { moveOverlap: 'shiftY' as const },
      // The deadlines ride on the first line: a mark line needs a series, and one set is enough.
      ...(i === 0 && deadlines.length
        ? {
            markLine: {
              symbol: 'none',
              silent: true,
              lineStyle: { type: 'dashed' as const, color: '#b22222', width: 1 },
              label: {
                formatter: (p: { name?: string }) => p.name ?? '',
                position: 'end' as const,
                distance: 6,
                color: '#b22222',
                fontFamily: FONT,
                fontSize: 11,
                width: 180,
                overflow: 'break' as const,
                align: 'center' as const,
              },
              data: deadlines.map((d) => ({ xAxis: d.ms, name: `${words.deadline} ${ddmmyyyy(d.ms)}\n${d.labels.join('; ')}` })),
            },
          }
        : {}),
    }));
    chart.setOption({
      animation: false,
      useUTC: true,
      textStyle: { fontFamily: FONT },
      ...(series.levels.length ? {} : { title: { text: words.empty, left: 'center', top: 'middle', textStyle: { fontFamily: FONT, fontSize: 14 } } }),
      color: PALETTE,
      legend: { bottom: 4, textStyle: { fontFamily: FONT } },
      grid: { left: 64, right: 80, top: 72, bottom: 76 },
      xAxis: {
        type: 'time',
        min: start,
        max: end,
        name: words.xAxis,
        nameLocation: 'middle',
        nameGap: 28,
        axisLabel: { formatter: (value: number) => ddmm(value), hideOverlap: true },
        splitLine: { show: false },
      },
      yAxis: { type: 'value', min: 0, max: 100, name: words.yAxis, nameLocation: 'middle', nameGap: 44, axisLabel: { formatter: '{value}%' } },
      series: lines,
    });
    return withoutInlineStyles(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/** Deadlines falling on the same instant share one mark, naming every level it is for. */
function deadlineMarks(series: ProgressSeries): Array<{ ms: number; labels: string[] }> {
  const byInstant = new Map<number, string[]>();
  for (const d of series.deadlines) {
    const ms = vnMs(d.at);
    const labels = byInstant.get(ms);
    if (labels) labels.push(d.label);
    else byInstant.set(ms, [d.label]);
  }
  return [...byInstant].map(([ms, labels]) => ({ ms, labels }));
}

/**
 * ECharts writes text styles as `style` attributes and hover rules in a `<style>` element, which a
 * page whose policy forbids inline styles drops (its labels would fall back to the page's font and
 * size). The same styles as SVG presentation attributes are not styles to the policy; the hover
 * rules mean nothing in a still picture.
 */
function withoutInlineStyles(svg: string): string {
  return svg.replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, '').replace(/ style="([^"]*)"/g, (_, css: string) => {
    const attributes: string[] = [];
    for (const declaration of css.split(';')) {
      const colon = declaration.indexOf(':');
      if (colon < 0) continue;
      const property = declaration.slice(0, colon).trim();
      const value = declaration.slice(colon + 1).trim();
      if (property === 'font') attributes.push(...fontAttributes(value));
      else if (/^[a-z-]+$/.test(property)) attributes.push(`${property}="${value}"`);
    }
    return attributes.length ? ` ${attributes.join(' ')}` : '';
  });
}

/** The CSS `font` shorthand ECharts writes (`normal normal 12px DejaVu Sans, sans-serif`) as SVG attributes. */
function fontAttributes(shorthand: string): string[] {
  const match = /^(?:(normal|italic|oblique)\s+)?(?:(normal|bold|bolder|lighter|\d{3})\s+)?(\d+(?:\.\d+)?px)\s+(.+)$/.exec(shorthand);
  if (!match) return [];
  const [, style, weight, size, family] = match;
  return [...(style ? [`font-style="${style}"`] : []), ...(weight ? [`font-weight="${weight}"`] : []), `font-size="${size}"`, `font-family="${family}"`];
}
