/**
 * The growth plot: launch time and peak memory against organisation size, as an SVG (no
 * dependency) and, when Chromium is installed, the same rendered to PNG through playwright-core.
 */
import fs from 'node:fs';
import type { SeriesPoint } from './results';

const WIDTH = 960;
const HEIGHT = 420;

interface Line {
  label: string;
  color: string;
  points: Array<{ x: number; y: number }>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** A "nice" upper bound for an axis (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k), divisible into 5 ticks. */
function niceMax(x: number): number {
  if (x <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  return ([1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * p >= x) ?? 10) * p;
}

function panel(x0: number, title: string, yLabel: string, lines: Line[], xMax: number, target?: { y: number; label: string }): string {
  const w = WIDTH / 2 - 110;
  const h = HEIGHT - 110;
  const top = 50;
  const ys = lines.flatMap((l) => l.points.map((p) => p.y));
  const yMax = niceMax(Math.max(...ys, target && target.y < Math.max(...ys) * 3 ? target.y : 0));
  const sx = (x: number) => x0 + (x / xMax) * w;
  const sy = (y: number) => top + h - (y / yMax) * h;
  const out: string[] = [];
  out.push(`<text x="${x0 + w / 2}" y="28" text-anchor="middle" font-size="16" font-weight="bold">${esc(title)}</text>`);
  for (let i = 0; i <= 5; i++) {
    const yv = (yMax * i) / 5;
    out.push(`<line x1="${x0}" x2="${x0 + w}" y1="${sy(yv)}" y2="${sy(yv)}" stroke="#ddd"/>`);
    out.push(`<text x="${x0 - 6}" y="${sy(yv) + 4}" text-anchor="end" font-size="11">${yv.toLocaleString('en')}</text>`);
    const xv = (xMax * i) / 5;
    out.push(`<text x="${sx(xv)}" y="${top + h + 16}" text-anchor="middle" font-size="11">${xv.toLocaleString('en')}</text>`);
  }
  out.push(
    `<line x1="${x0}" x2="${x0}" y1="${top}" y2="${top + h}" stroke="#333"/><line x1="${x0}" x2="${x0 + w}" y1="${top + h}" y2="${top + h}" stroke="#333"/>`,
  );
  out.push(`<text x="${x0 + w / 2}" y="${top + h + 36}" text-anchor="middle" font-size="12">units</text>`);
  out.push(`<text transform="translate(${x0 - 48},${top + h / 2}) rotate(-90)" text-anchor="middle" font-size="12">${esc(yLabel)}</text>`);
  if (target && target.y <= yMax) {
    out.push(`<line x1="${x0}" x2="${x0 + w}" y1="${sy(target.y)}" y2="${sy(target.y)}" stroke="#c00" stroke-dasharray="6 4"/>`);
    out.push(`<text x="${x0 + w - 4}" y="${sy(target.y) - 4}" text-anchor="end" font-size="11" fill="#c00">${esc(target.label)}</text>`);
  }
  lines.forEach((line, i) => {
    const pts = line.points.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${pts}" fill="none" stroke="${line.color}" stroke-width="2"/>`);
    for (const p of line.points) {
      out.push(
        `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="4" fill="${line.color}"><title>${p.x.toLocaleString('en')} units: ${p.y.toLocaleString('en')}</title></circle>`,
      );
    }
    out.push(
      `<rect x="${x0 + 10}" y="${top + 8 + i * 18}" width="12" height="3" fill="${line.color}"/><text x="${x0 + 28}" y="${top + 13 + i * 18}" font-size="12">${esc(line.label)}</text>`,
    );
  });
  return out.join('\n');
}

/** The SVG of a growth series; `caption` names the machine and run. */
export function seriesSvg(series: readonly SeriesPoint[], caption: string): string {
  const xMax = niceMax(Math.max(...series.map((p) => p.units)));
  const pointsOf = (f: (p: SeriesPoint) => number | null) => series.flatMap((p) => (f(p) === null ? [] : [{ x: p.units, y: f(p) as number }]));
  const launch = panel(
    80,
    'Launch time (every unit received)',
    'seconds',
    [{ label: 'launch seconds', color: '#1f77b4', points: pointsOf((p) => p.launchSeconds) }],
    xMax,
    { y: 600, label: 'target: 600 s at 55,000 units' },
  );
  const memory = panel(
    WIDTH / 2 + 70,
    'Peak resident memory during launch',
    'MB',
    [
      { label: 'worker', color: '#2ca02c', points: pointsOf((p) => p.workerRssMB) },
      { label: 'Temporal server', color: '#ff7f0e', points: pointsOf((p) => p.serverRssMB) },
    ],
    xMax,
    { y: 1536, label: 'worker target: 1.5 GB' },
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    launch,
    memory,
    `<text x="${WIDTH / 2}" y="${HEIGHT - 12}" text-anchor="middle" font-size="11" fill="#555">${esc(caption)}</text>`,
    '</svg>',
  ].join('\n');
}

/** Where Debian puts Chromium; playwright-core drives it when present. */
const CHROMIUM = process.env.BENCH_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Renders an SVG file to PNG with headless Chromium; returns false (and says why) when it cannot. */
export async function renderPng(svgFile: string, pngFile: string, log: (line: string) => void): Promise<boolean> {
  if (!fs.existsSync(CHROMIUM)) {
    log(`no PNG: ${CHROMIUM} is not installed (the SVG is beside the JSON)`);
    return false;
  }
  try {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 2 });
      await page.setContent(`<html><body style="margin:0">${fs.readFileSync(svgFile, 'utf8')}</body></html>`);
      await page.screenshot({ path: pngFile, clip: { x: 0, y: 0, width: WIDTH, height: HEIGHT } });
      return true;
    } finally {
      await browser.close();
    }
  } catch (err) {
    log(`no PNG: ${(err as Error).message.split('\n')[0]}`);
    return false;
  }
}
