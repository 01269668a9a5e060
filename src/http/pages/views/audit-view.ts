/** The administration trail as a page: what was done, to what, and who did it (proven by a credential, or declared on the CLI). */
import { ADMIN_ACTIONS } from '../../../domain/audit/admin-actor';
import type { AdminAuditListing } from '../../../app/admin-audit';
import { html } from '../html';
import { formatter, type Lang } from '../i18n';
import { adminActionLabel, workplaceWords } from '../workplace-words';
import { href, otherLangHref, page, type ViewerParts } from './layout';

/** What an entry acted on: a person's or session's email rather than its opaque id. */
function targetLabel(e: AdminAuditListing): string {
  return typeof e.details.email === 'string' ? `${e.details.email} (${e.target})` : e.target;
}

/** The page, newest first, with a choice of one action. */
export function auditPage(m: { lang: Lang; url: string; entries: AdminAuditListing[]; action?: string; shell?: ViewerParts }): string {
  const w = workplaceWords(m.lang);
  const f = formatter(m.lang);
  const options = ADMIN_ACTIONS.map((a) => html`<option value="${a}"${a === m.action ? html` selected` : ''}>${adminActionLabel(a, m.lang)}</option>`);
  const filter = html`<form class="filter-form audit-filter" method="get" action="/workplace/audit" role="search">${m.lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}
<div class="field"><label for="audit-action">${w.action}</label><select id="audit-action" name="action"><option value="">${w.allActions}</option>${options}</select></div>
<div class="filter-actions"><button type="submit" class="button ghost">${w.show}</button></div></form>`;
  const rows = m.entries.map(
    (e) =>
      html`<tr data-action="${e.action}"><td data-label="${w.when}">${f.dateTime(e.at)}</td><td data-label="${w.action}">${adminActionLabel(e.action, m.lang)}</td><td data-label="${w.target}">${targetLabel(e)}</td><td data-label="${w.who}" class="${e.actor.kind === 'declared' ? 'declared' : ''}">${e.actorDescription[m.lang]}</td></tr>`,
  );
  const table = m.entries.length
    ? html`<div class="table-wrap"><table class="audit"><thead><tr><th>${w.when}</th><th>${w.action}</th><th>${w.target}</th><th>${w.who}</th></tr></thead><tbody>${rows}</tbody></table></div>`
    : html`<p class="muted">${w.noAudit}</p>`;
  return page({
    lang: m.lang,
    title: w.auditTitle,
    otherLangHref: otherLangHref(m.url, m.lang),
    homeHref: href('/dashboard', m.lang),
    ...m.shell,
    body: html`<h1>${w.auditTitle}</h1><p class="muted">${w.auditHelp}</p>${filter}${table}`,
  });
}
