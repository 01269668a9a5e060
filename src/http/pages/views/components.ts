/** Pieces the supervisor pages share: status badges, stacked progress bars, per-level rows, figure cards. */
import type { LevelDefinition } from '../../../domain/org/levels';
import type { LevelCountsView, RollupView } from '../../../domain/track/rollup';
import type { TrackStatus } from '../../../domain/track/unit-track';
import { html, type Html } from '../html';
import { formatter, levelLabel, statusLabel, strings, type Lang } from '../i18n';

/** A coloured status label; `data-status` lets the live script repaint it. */
export function statusBadge(status: TrackStatus, lang: Lang): Html {
  return html`<span class="badge s-${status}" data-status="${status}">${statusLabel(status, lang)}</span>`;
}

/** Segment widths (percent of expected) of a stacked bar: on time, late, overdue, pending. */
export function barWidths(
  c: Pick<LevelCountsView, 'expected' | 'onTime' | 'late' | 'overdue' | 'pending'>,
): Record<'onTime' | 'late' | 'overdue' | 'pending', number> {
  const pct = (n: number) => (c.expected > 0 ? Math.round((n / c.expected) * 10000) / 100 : 0);
  return { onTime: pct(c.onTime), late: pct(c.late), overdue: pct(c.overdue), pending: pct(c.pending) };
}

/** A stacked bar drawn in SVG (widths are attributes, so the page needs no inline styles under its CSP). */
export function stackedBar(c: Pick<LevelCountsView, 'expected' | 'onTime' | 'late' | 'overdue' | 'pending'>, label: string): Html {
  const w = barWidths(c);
  let x = 0;
  const segs = (['onTime', 'late', 'overdue', 'pending'] as const).map((k) => {
    const seg = html`<rect class="seg seg-${k}" data-seg="${k}" x="${x}" y="0" width="${w[k]}" height="10"></rect>`;
    x += w[k];
    return seg;
  });
  return html`<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${label}">${segs}</svg>`;
}

/** Counts summed over every level of a rollup (for a child committee's one-line bar). */
export function totalCounts(rollup: RollupView | null): Pick<LevelCountsView, 'expected' | 'done' | 'onTime' | 'late' | 'overdue' | 'pending'> {
  const out = { expected: 0, done: 0, onTime: 0, late: 0, overdue: 0, pending: 0 };
  for (const l of rollup?.levels ?? []) for (const k of Object.keys(out) as Array<keyof typeof out>) out[k] += l[k];
  return out;
}

/** "Huyện 1/3 · Cơ sở 5/6": the per-level done/expected figures of a subtree, with the directive's short level names. */
export function levelFractions(rollup: RollupView | null, levels: readonly LevelDefinition[], lang: Lang): string {
  const f = formatter(lang);
  return (rollup?.levels ?? [])
    .filter((l) => l.expected > 0)
    .map((l) => `${levelLabel(levels, l.level, lang, true)} ${f.fraction(l.done, l.expected)}`)
    .join(' · ');
}

/** One level's progress: its label among the directive's levels, `20/20 (100%)`, the stacked bar and its legend. */
export function levelProgress(l: LevelCountsView, levels: readonly LevelDefinition[], lang: Lang): Html {
  const t = strings(lang);
  const f = formatter(lang);
  const legend = html`<span class="k k-onTime">${t.onTime} <b class="js-onTime">${f.number(l.onTime)}</b></span>
    <span class="k k-late">${t.late} <b class="js-late">${f.number(l.late)}</b></span>
    <span class="k k-overdue">${t.overdue} <b class="js-overdue">${f.number(l.overdue)}</b></span>
    <span class="k k-pending">${t.pending} <b class="js-pending">${f.number(l.pending)}</b></span>
    ${l.exempted ? html`<span class="k">${t.exempted} <b>${f.number(l.exempted)}</b></span>` : ''}`;
  return html`<div class="level" data-level="${l.level}">
  <div class="level-head"><span class="level-name">${levelLabel(levels, l.level, lang)}</span>
  <span class="level-figure"><b class="js-fraction">${f.fraction(l.done, l.expected)}</b> <span class="js-rate">(${f.rate(l.doneRate)})</span></span></div>
  ${stackedBar(l, levelLabel(levels, l.level, lang))}
  <div class="legend">${legend}</div>
</div>`;
}

/** The figures the seed reports quote: attendance and essays (Σ/Σ), first finisher, overdue count. */
export function figureCards(r: RollupView, lang: Lang): Html {
  const t = strings(lang);
  const f = formatter(lang);
  return html`<div class="cards">
  <div class="card" data-figure="attendance"><div class="card-label">${t.attendance}</div><div class="card-value js-rate">${f.rate(r.attendance.rate)}</div><div class="card-sub js-fraction">${f.fraction(r.attendance.attendees, r.attendance.members)}</div></div>
  <div class="card" data-figure="essays"><div class="card-label">${t.essays}</div><div class="card-value js-rate">${f.rate(r.essays.rate)}</div><div class="card-sub js-fraction">${f.fraction(r.essays.submitted, r.essays.expected)}</div></div>
  <div class="card" data-figure="overdue"><div class="card-label">${t.overdueUnits}</div><div class="card-value js-count${r.overdueCount ? ' bad' : ''}">${f.number(r.overdueCount)}</div><div class="card-sub">&nbsp;</div></div>
  <div class="card" data-figure="first"><div class="card-label">${t.firstFinisher}</div><div class="card-value small js-name">${r.firstFinisher?.name ?? '–'}</div><div class="card-sub js-at">${r.firstFinisher ? f.date(r.firstFinisher.at) : ''}</div></div>
</div>`;
}
