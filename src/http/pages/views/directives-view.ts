/** The supervisor's first page: the directives they take part in, newest first. */
import { documentKindName } from '../../../domain/directive/document-kind';
import type { DirectiveSummary } from '../../../store/directory-queries';
import { html, type Html } from '../html';
import { formatter, strings, type Lang } from '../i18n';
import { href, otherLangHref, page, type ViewerParts } from './layout';
import { filterWords } from './list-filter-view';

/**
 * Who issued the directive and on which day, as its spec says: the issue date is not the day it was
 * launched here, and the issuer is a body ("Ban Chấp hành Trung ương"), not the root unit's id.
 */
function issuedBy(d: DirectiveSummary, lang: Lang): string {
  const t = strings(lang);
  const on = d.issuedOn ? ` · ${t.issuedOn} ${formatter(lang).date(`${d.issuedOn}T12:00:00+07:00`)}` : '';
  return `${t.issuer} ${d.issuer ?? '–'}${on}`;
}

/** The directives page. */
export function directivesPage(m: {
  lang: Lang;
  url: string;
  directives: DirectiveSummary[];
  who: string;
  links?: Html;
  shell?: ViewerParts;
  /** The search and status form (list-filter-view.ts), and whether it narrowed the list. */
  filters?: Html;
  filtered?: boolean;
}): string {
  const t = strings(m.lang);
  const f = formatter(m.lang);
  const items = m.directives.length
    ? html`<ul class="directive-list">${m.directives.map(
        (
          d,
        ) => html`<li><a class="directive-link" href="${href(`/dashboard/${d.id}`, m.lang)}"><span class="code">${documentKindName(d.code, m.lang)} ${d.code}</span><span class="title">${d.title}</span></a>
<span class="muted">${issuedBy(d, m.lang)} · ${t.launchedAt} ${f.dateTime(d.launchedAt)} · ${d.status === 'active' ? t.statusActive : t.statusWithdrawn}</span></li>`,
      )}</ul>`
    : html`<p class="muted">${m.filtered ? filterWords(m.lang).noDirectives : t.noDirectives}</p>`;
  return page({
    lang: m.lang,
    title: t.directives,
    otherLangHref: otherLangHref(m.url, m.lang),
    homeHref: href('/dashboard', m.lang),
    scripts: ['live.js'],
    ...m.shell,
    body: html`<h1>${t.directives}</h1><p class="muted">${m.who}</p>${m.links ?? ''}${m.filters ?? ''}${items}`,
  });
}
