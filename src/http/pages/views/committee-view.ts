/** A supervisor's committee page: per-level progress, the seed-report figures, committees and units below, overdue list. */
import { documentKindName } from '../../../domain/directive/document-kind';
import type { LevelDefinition } from '../../../domain/org/levels';
import type { UnitListing } from '../../../store/unit-listings';
import type { DirectiveSummary } from '../../../store/directory-queries';
import type { CommitteeView, UnitView } from '../../../engine/protocol';
import { Html, html } from '../html';
import { fill, formatter, strings, type Lang } from '../i18n';
import { figureCards, levelFractions, levelProgress, stackedBar, statusBadge, totalCounts } from './components';
import { href, otherLangHref, page, type ViewerParts } from './layout';
import { liveLabels } from './live-data';
import { scriptWords } from '../workplace-words';
import { formatVnNumericDateTime } from '../../../domain/time/time';

/** A link up the tree. */
export interface Crumb {
  label: string;
  href: string;
}

/** Everything the committee page shows. */
export interface CommitteePageModel {
  lang: Lang;
  url: string;
  directive: DirectiveSummary;
  scopeId: string;
  scopeName: string;
  crumbs: Crumb[];
  view: CommitteeView;
  /** The overdue units of the subtree, the scope itself included (as its rollup counts them). */
  overdue: { total: number; units: UnitListing[] };
  /** Units of the subtree (itself included) that reported a member count other than the directory's. */
  membersMismatch: { total: number; units: UnitListing[] };
  /** Journal entries of the directive PostgreSQL refused for good; null for viewers other than the secretariat. */
  quarantined: number | null;
  /** The directive's levels, with the words its level rows and figures are labelled with. */
  levels: readonly LevelDefinition[];
  pollIntervalMs: number;
  now: string;
  /** Set when the page shows the directive as it stood at this instant (the date control): nothing refreshes. */
  asOf?: string;
  /** The search and filter form, and the units that pass it (list-filter-view.ts). */
  filters?: Html;
  /**
   * The progress chart (SVG from the server, so it shows without scripts and in print); null when the
   * directive has none (units merged or split); absent when not drawn.
   */
  progressChart?: string | null;
  /** The forms the viewer may use on the directive (withdraw), if any. */
  actions?: Html;
  shell?: ViewerParts;
}

function unitRow(u: UnitView, m: CommitteePageModel): Html {
  const f = formatter(m.lang);
  const t = strings(m.lang);
  return html`<tr data-unit="${u.unitId}">
  <td class="name"><a href="${href(`/dashboard/${m.directive.id}/units/${u.unitId}`, m.lang)}">${u.name}</a> <span class="muted">${u.unitId}</span></td>
  <td class="js-status" data-label="${t.status}">${statusBadge(u.status, m.lang)}</td>
  <td class="js-deadline" data-label="${t.deadline}">${f.date(u.extendedTo ?? u.deadline)}</td>
  <td class="js-completed" data-label="${t.completed}">${u.completedAt ? f.dateTime(u.completedAt) : '–'}</td>
</tr>`;
}

function overdueItems(m: CommitteePageModel): Html {
  const t = strings(m.lang);
  const f = formatter(m.lang);
  if (m.overdue.units.length === 0) return html`<li class="muted">${t.none}</li>`;
  const more = m.overdue.total - m.overdue.units.length;
  return html`${m.overdue.units.map(
    (u) =>
      html`<li><a href="${href(`/dashboard/${m.directive.id}/units/${u.unitId}`, m.lang)}">${u.name}</a> <span class="muted">${u.unitId}</span> — ${t.deadline} ${f.date(u.deadline)}</li>`,
  )}${more > 0 ? html`<li class="muted">${fill(t.andMore, { n: f.number(more) })}</li>` : ''}`;
}

/** Each unit whose reported member count differs from the directory's, with both counts. */
function membersMismatchItems(m: CommitteePageModel): Html {
  const t = strings(m.lang);
  const f = formatter(m.lang);
  const more = m.membersMismatch.total - m.membersMismatch.units.length;
  return html`${m.membersMismatch.units.map(
    (u) =>
      html`<li data-unit="${u.unitId}"><a href="${href(`/dashboard/${m.directive.id}/units/${u.unitId}`, m.lang)}">${u.name}</a> <span class="muted">${u.unitId}</span> — ${t.reportedMembers} ${f.number(u.members ?? 0)}, ${t.directoryMembers.toLowerCase()} ${f.number(u.directoryMembers)}</li>`,
  )}${more > 0 ? html`<li class="muted">${fill(t.andMore, { n: f.number(more) })}</li>` : ''}`;
}

/** For the secretariat: entries kept out of the journal, which its figures lack until they are dealt with. */
function quarantineNotice(m: CommitteePageModel): Html | '' {
  if (!m.quarantined) return '';
  const t = strings(m.lang);
  return html`<p class="notice bad" id="quarantine-notice">${fill(t.quarantinedNotice, { n: formatter(m.lang).number(m.quarantined) })} <a href="${href(`/dashboard/${m.directive.id}/quarantine`, m.lang)}">${t.quarantinedLink}</a></p>`;
}

/** "Tiến độ theo thời gian": the chart the server drew (its text escaped by the renderer), and the JSON it is drawn from. */
function progressSection(m: CommitteePageModel): Html | '' {
  if (m.progressChart === undefined) return '';
  const t = strings(m.lang);
  const unit = m.scopeId === m.directive.rootUnitId ? undefined : m.scopeId;
  const dataHref = href(`/api/directives/${m.directive.id}/progress`, m.lang, { unit, lang: m.lang, asOf: m.asOf });
  const chart =
    m.progressChart === null ? html`<p class="muted">${t.progressUnavailable}</p>` : html`<figure class="progress-chart">${new Html(m.progressChart)}</figure>`;
  return html`<section id="progress-over-time"><h2>${t.progressOverTime}</h2>${chart}<p class="muted small">${t.progressOverTimeHelp} <a href="${dataHref}">${t.progressData}</a></p></section>`;
}

/** The date control: the page as the directive stood at an instant, written as Vietnamese write one (a plain GET form). */
function asOfForm(m: CommitteePageModel): Html {
  const t = strings(m.lang);
  const action = `/dashboard/${m.directive.id}`;
  const unit = m.scopeId === m.directive.rootUnitId ? undefined : m.scopeId;
  const hidden = { unit, lang: m.lang === 'en' ? 'en' : undefined };
  return html`<form class="filter-form" id="as-of-form" method="get" action="${action}">
${Object.entries(hidden).map(([name, value]) => (value === undefined ? '' : html`<input type="hidden" name="${name}" value="${value}">`))}<div class="field"><label for="as-of">${t.asOfLabel}</label><input id="as-of" name="asOf" type="text" maxlength="100" value="${m.asOf ? formatVnNumericDateTime(m.asOf) : ''}" placeholder="${t.asOfHint}"></div>
<div class="filter-actions"><button class="button" type="submit">${t.asOfShow}</button>${m.asOf ? html` <a class="button ghost" href="${href(action, m.lang, { unit })}">${t.asOfLive}</a>` : ''}</div>
</form>`;
}

function body(m: CommitteePageModel): Html {
  const t = strings(m.lang);
  const f = formatter(m.lang);
  const { view } = m;
  const id = m.directive.id;
  const levels = view.rollup.levels.filter((l) => l.expected > 0 || l.exempted > 0);
  const reportHref = href(`/api/directives/${id}/report`, m.lang, { format: 'html', unit: m.scopeId, lang: m.lang });
  const csvHref = href(`/api/directives/${id}/export.csv`, m.lang, { under: m.scopeId === m.directive.rootUnitId ? undefined : m.scopeId });
  const fileHref = (format: 'docx' | 'pdf' | 'xlsx') => href(`/api/directives/${id}/report`, m.lang, { format, unit: m.scopeId, lang: m.lang });
  const head = html`<nav class="crumbs" aria-label="breadcrumb">${m.crumbs.map((c) => html`<a href="${c.href}">${c.label}</a><span class="sep">›</span>`)}<span>${m.scopeName}</span></nav>
<div class="title-row">
  <div><p class="eyebrow">${documentKindName(m.directive.code, m.lang)} ${m.directive.code} · ${m.directive.status === 'active' ? t.statusActive : t.statusWithdrawn}</p>
  <h1>${m.scopeName}</h1><p class="muted">${m.directive.title}</p></div>
  <div class="actions"><a class="button" href="${reportHref}" target="_blank" rel="noopener">${t.printable}</a><a class="button ghost" href="${fileHref('docx')}" download>${t.reportDocx}</a><a class="button ghost" href="${fileHref('pdf')}" download>${t.reportPdf}</a><a class="button ghost" href="${fileHref('xlsx')}" download>${t.exportXlsx}</a><a class="button ghost" href="${csvHref}">${t.exportCsv}</a></div>
</div>
${
  m.asOf
    ? html`<p class="notice" id="as-of-status">${fill(t.asOfBanner, { at: formatVnNumericDateTime(m.asOf) })}</p>`
    : html`<p class="live" id="live-status">${t.updatedAt} <time id="updated-at">${f.dateTime(m.now)}</time> · ${fill(t.liveEvery, { n: Math.round(m.pollIntervalMs / 1000) })}</p>`
}
${asOfForm(m)}`;

  const self = view.self
    ? html`<section><h2>${t.thisCommittee}</h2><div class="table-wrap"><table><thead><tr><th>${t.unit}</th><th>${t.status}</th><th>${t.deadline}</th><th>${t.completed}</th></tr></thead><tbody>${unitRow(view.self, m)}</tbody></table></div></section>`
    : '';
  const children = view.children.length
    ? html`<section><h2>${t.committeesBelow}</h2><div class="table-wrap"><table class="children">
<thead><tr><th>${t.unit}</th><th>${t.progress}</th><th>${t.attendanceShort}</th><th>${t.overdue}</th></tr></thead><tbody>
${view.children.map((c) => {
  const total = totalCounts(c.rollup);
  return html`<tr data-child="${c.unitId}">
  <td class="name"><a href="${href(`/dashboard/${id}`, m.lang, { unit: c.unitId })}">${c.name}</a> <span class="muted">${c.unitId}</span></td>
  <td class="progress-cell" data-label="${t.progress}"><div class="js-levels small">${levelFractions(c.rollup, m.levels, m.lang) || '–'}</div>${stackedBar(total, c.name)}</td>
  <td class="js-attendance" data-label="${t.attendanceShort}">${f.rate(c.rollup?.attendance.rate ?? null)}</td>
  <td class="js-overdue${(c.rollup?.overdueCount ?? 0) > 0 ? ' bad' : ''}" data-label="${t.overdue}">${f.number(c.rollup?.overdueCount ?? 0)}</td>
</tr>`;
})}</tbody></table></div></section>`
    : '';
  const units = view.units.length
    ? html`<section><h2>${t.unitsHeld}</h2><div class="table-wrap"><table class="units"><thead><tr><th>${t.unit}</th><th>${t.status}</th><th>${t.deadline}</th><th>${t.completed}</th></tr></thead>
<tbody>${view.units.map((u) => unitRow(u, m))}</tbody></table></div></section>`
    : '';
  return html`${head}
${quarantineNotice(m)}
${m.filters ?? ''}
<section><h2>${t.progressByLevel}</h2><div class="levels">${levels.map((l) => levelProgress(l, m.levels, m.lang))}</div></section>
<section>${figureCards(view.rollup, m.lang)}</section>
${progressSection(m)}
<section class="overdue"><h2>${t.overdueList}</h2><ul id="overdue-list">${overdueItems(m)}</ul></section>
${m.membersMismatch.total > 0 ? html`<section class="overdue members-mismatch"><h2>${t.membersMismatchList} (${f.number(m.membersMismatch.total)})</h2><p class="muted">${t.membersMismatchHelp}</p><ul id="members-mismatch-list">${membersMismatchItems(m)}</ul></section>` : ''}
${self}${children}${units}
${m.actions ?? ''}`;
}

/** The committee page. */
export function committeePage(m: CommitteePageModel): string {
  const id = encodeURIComponent(m.directive.id);
  const scope = encodeURIComponent(m.scopeId);
  return page({
    lang: m.lang,
    title: `${m.scopeName} — ${m.directive.code}`,
    body: body(m),
    otherLangHref: otherLangHref(m.url, m.lang),
    homeHref: href('/dashboard', m.lang),
    // As of an instant the page is a fixed picture: no polling (live.js would put today's figures back).
    scripts: m.asOf ? [] : m.actions ? ['live.js', 'workplace.js'] : ['live.js'],
    ...m.shell,
    data: {
      ...(m.actions ? { workplace: scriptWords(m.lang) } : {}),
      kind: 'committee',
      interval: m.pollIntervalMs,
      committeeUrl: `/api/directives/${id}/committees/${scope}`,
      overdueUrl: `/api/directives/${id}/units?status=overdue&limit=${Math.max(m.overdue.units.length, 20)}${m.scopeId === m.directive.rootUnitId ? '' : `&under=${scope}`}`,
      unitHref: `/dashboard/${id}/units/`,
      langSuffix: m.lang === 'en' ? '?lang=en' : '',
      labels: liveLabels(m.lang, m.levels),
    },
  });
}
