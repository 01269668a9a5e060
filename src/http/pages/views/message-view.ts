/** A page that only says something: errors (401, 403, 404, 409, 500), a withdrawn directive, an exempted unit. */
import { html, type Html } from '../html';
import { strings, type Lang } from '../i18n';
import { href, otherLangHref, page } from './layout';

/** What a message page shows. */
export interface MessagePageModel {
  lang: Lang;
  url: string;
  title: string;
  message: string;
  help?: string;
  /** Field problems to list (a page-level validation error). */
  issues?: ReadonlyArray<{ path: string; rule: string; message: string }>;
  /** Show the link to the directives list (supervisor pages). */
  home?: boolean;
}

/** The message page. */
export function messagePage(m: MessagePageModel): string {
  const issues: Html | string = m.issues?.length
    ? html`<ul class="issues">${m.issues.map((i) => html`<li><code>${i.path || '—'}</code> <code>${i.rule}</code> ${i.message}</li>`)}</ul>`
    : '';
  return page({
    lang: m.lang,
    title: m.title,
    otherLangHref: otherLangHref(m.url, m.lang),
    homeHref: m.home ? href('/dashboard', m.lang) : undefined,
    body: html`<section class="message"><h1>${m.title}</h1><p>${m.message}</p>${m.help ? html`<p class="muted">${m.help}</p>` : ''}${issues}</section>`,
  });
}

/** The title of an error page for a status. */
export function errorTitle(status: number, lang: Lang): string {
  const t = strings(lang);
  if (status === 401) return t.signInTitle;
  if (status === 403) return t.forbiddenTitle;
  if (status === 404) return t.notFoundTitle;
  if (status === 409) return t.conflictTitle;
  if (status === 400) return t.invalidTitle;
  if (status === 413) return t.tooLargeTitle;
  if (status === 429) return t.tooManyTitle;
  return t.errorTitle;
}
