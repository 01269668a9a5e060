/**
 * The dashboard's filter forms (search, status, level) and the filtered unit list. Plain GET forms:
 * the filters are the page's query parameters, so a filtered page can be bookmarked, shared and
 * reloaded, and works without script.
 */
import { DIRECTIVE_STATUSES, type DirectiveStatus } from '../../../app/list-filters';
import { levelNames, levelWords, type LevelDefinition } from '../../../domain/org/levels';
import { UNIT_STATUSES, type TrackStatus } from '../../../domain/track/unit-track';
import type { UnitListing } from '../../../store/unit-listings';
import { html, type Html } from '../html';
import { fill, formatter, statusLabel, strings, type Lang } from '../i18n';
import { statusBadge } from './components';
import { href } from './layout';

const WORDS = {
  vi: {
    filters: 'Tìm và lọc',
    search: 'Tìm (không cần dấu)',
    searchHint: 'Tên hoặc mã, ví dụ “chi bo”',
    directiveSearchHint: 'Số hiệu hoặc trích yếu, ví dụ “chi thi 01”',
    status: 'Trạng thái',
    level: 'Cấp',
    any: 'Tất cả',
    apply: 'Lọc',
    clear: 'Bỏ lọc',
    active: 'Đang thực hiện',
    withdrawn: 'Đã thu hồi',
    results: 'Đơn vị phù hợp',
    noResults: 'Không có đơn vị nào phù hợp.',
    noDirectives: 'Không có chỉ thị nào phù hợp.',
    exportFiltered: 'Xuất CSV các đơn vị này',
  },
  en: {
    filters: 'Search and filter',
    search: 'Search (accents optional)',
    searchHint: 'Name or id, e.g. “chi bo”',
    directiveSearchHint: 'Code or title, e.g. “chi thi 01”',
    status: 'Status',
    level: 'Level',
    any: 'All',
    apply: 'Filter',
    clear: 'Clear filters',
    active: 'Running',
    withdrawn: 'Withdrawn',
    results: 'Matching units',
    noResults: 'No unit matches.',
    noDirectives: 'No directive matches.',
    exportFiltered: 'Export these units as CSV',
  },
} as const;

/** The words of the filter forms. */
export function filterWords(lang: Lang) {
  return WORDS[lang];
}

/** The filters a unit list takes on the committee page (the subtree is the page's own unit). */
export interface UnitListFilters {
  q?: string | undefined;
  status?: TrackStatus[] | undefined;
  level?: string | undefined;
}

/** True when any filter is set, so the page shows the filtered list. */
export function filtering(f: UnitListFilters): boolean {
  return f.q !== undefined || f.status !== undefined || f.level !== undefined;
}

function option(value: string, label: string, selected: boolean): Html {
  return html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
}

/** Hidden inputs that keep the page's own parameters (language, unit) when the form is sent. */
function kept(lang: Lang, params: Record<string, string | undefined>): Html {
  const all = { ...params, lang: lang === 'en' ? 'en' : undefined };
  return html`${Object.entries(all).map(([name, value]) => (value === undefined ? '' : html`<input type="hidden" name="${name}" value="${value}">`))}`;
}

function searchInput(lang: Lang, q: string | undefined, hint: string): Html {
  const w = WORDS[lang];
  return html`<div class="field"><label for="filter-q">${w.search}</label><input id="filter-q" name="q" type="search" maxlength="100" value="${q ?? ''}" placeholder="${hint}"></div>`;
}

/** The committee page's form: search, one status, one level of the directive; values kept from the request. */
export function unitFilterForm(m: {
  lang: Lang;
  action: string;
  unit: string | undefined;
  filters: UnitListFilters;
  levels: readonly LevelDefinition[];
  /** The page's instant when it shows the directive as of one (ISO), kept by the form. */
  asOf?: string | undefined;
}): Html {
  const w = WORDS[m.lang];
  const chosenStatus = m.filters.status?.length === 1 ? m.filters.status[0] : undefined;
  // Several statuses come only from an address (`status=overdue,pending`): offered as one choice, so sending the form keeps them.
  const several = m.filters.status && m.filters.status.length > 1 ? m.filters.status : undefined;
  return html`<form class="filter-form" id="unit-filter" method="get" action="${m.action}" role="search" aria-label="${w.filters}">
${kept(m.lang, { unit: m.unit, asOf: m.asOf })}${searchInput(m.lang, m.filters.q, w.searchHint)}
<div class="field"><label for="filter-status">${w.status}</label><select id="filter-status" name="status">${option('', w.any, chosenStatus === undefined && several === undefined)}${several ? option(several.join(','), several.map((s) => statusLabel(s, m.lang)).join(', '), true) : ''}${UNIT_STATUSES.map((s) => option(s, statusLabel(s, m.lang), s === chosenStatus))}</select></div>
<div class="field"><label for="filter-level">${w.level}</label><select id="filter-level" name="level">${option('', w.any, m.filters.level === undefined)}${levelNames(m.levels).map((l) => option(l, levelWords(m.levels, l, m.lang), l === m.filters.level))}</select></div>
<div class="filter-actions"><button class="button" type="submit">${w.apply}</button>${filtering(m.filters) ? html` <a class="button ghost" href="${href(m.action, m.lang, { unit: m.unit })}">${w.clear}</a>` : ''}</div>
</form>`;
}

/** The directives page's form: search and status. */
export function directiveFilterForm(m: { lang: Lang; q: string | undefined; status: DirectiveStatus[] | undefined }): Html {
  const w = WORDS[m.lang];
  const chosen = m.status?.length === 1 ? m.status[0] : undefined;
  return html`<form class="filter-form" id="directive-filter" method="get" action="/dashboard" role="search" aria-label="${w.filters}">
${kept(m.lang, {})}${searchInput(m.lang, m.q, w.directiveSearchHint)}
<div class="field"><label for="filter-status">${w.status}</label><select id="filter-status" name="status">${option('', w.any, chosen === undefined)}${DIRECTIVE_STATUSES.map((s) => option(s, w[s], s === chosen))}</select></div>
<div class="filter-actions"><button class="button" type="submit">${w.apply}</button>${m.q !== undefined || m.status !== undefined ? html` <a class="button ghost" href="${href('/dashboard', m.lang)}">${w.clear}</a>` : ''}</div>
</form>`;
}

/** The units that pass the committee page's filters: a table of the first page, how many in all, the CSV of them all. */
export function filteredUnits(m: {
  lang: Lang;
  directiveId: string;
  found: { total: number; units: UnitListing[] };
  levels: readonly LevelDefinition[];
  csvHref: string;
}): Html {
  const w = WORDS[m.lang];
  const t = strings(m.lang);
  const f = formatter(m.lang);
  const more = m.found.total - m.found.units.length;
  const rows = m.found.units.map(
    (u) => html`<tr data-unit="${u.unitId}">
  <td class="name"><a href="${href(`/dashboard/${m.directiveId}/units/${u.unitId}`, m.lang)}">${u.name}</a> <span class="muted">${u.unitId}</span></td>
  <td data-label="${w.level}">${levelWords(m.levels, u.level, m.lang)}</td>
  <td data-label="${t.status}">${statusBadge(u.status, m.lang)}</td>
  <td data-label="${t.deadline}">${f.date(u.deadline)}</td>
</tr>`,
  );
  const table = m.found.units.length
    ? html`<div class="table-wrap"><table class="filtered-units"><thead><tr><th>${t.unit}</th><th>${w.level}</th><th>${t.status}</th><th>${t.deadline}</th></tr></thead><tbody>${rows}</tbody></table></div>${more > 0 ? html`<p class="muted">${fill(t.andMore, { n: f.number(more) })}</p>` : ''}`
    : html`<p class="muted">${w.noResults}</p>`;
  return html`<section id="filter-results"><h2>${w.results} (${f.number(m.found.total)})</h2>${table}${m.found.total > 0 ? html`<p><a class="button ghost" href="${m.csvHref}">${w.exportFiltered}</a></p>` : ''}</section>`;
}

/** The committee page's filter section: the form, then the units that pass it when any filter is set. */
export function committeeFilters(m: {
  lang: Lang;
  directiveId: string;
  /** The page's `unit` parameter, kept by the form. */
  unit: string | undefined;
  /** The subtree listed (undefined: the whole directive). */
  under: string | undefined;
  filters: UnitListFilters;
  levels: readonly LevelDefinition[];
  found: { total: number; units: UnitListing[] } | null;
  /** The page's instant when it shows the directive as of one (ISO): the form keeps it and the CSV is of that instant. */
  asOf?: string | undefined;
}): Html {
  const form = unitFilterForm({ lang: m.lang, action: `/dashboard/${m.directiveId}`, unit: m.unit, filters: m.filters, levels: m.levels, asOf: m.asOf });
  if (!m.found) return html`<section class="filters">${form}</section>`;
  const csvHref = href(`/api/directives/${m.directiveId}/export.csv`, m.lang, {
    under: m.under,
    q: m.filters.q,
    status: m.filters.status?.join(','),
    level: m.filters.level,
    asOf: m.asOf,
  });
  return html`<section class="filters">${form}</section>${filteredUnits({ lang: m.lang, directiveId: m.directiveId, found: m.found, levels: m.levels, csvHref })}`;
}
