/** The shell every page shares: head, header with the language switch, main, and the page's scripts. */
import { html, jsonData, type Html } from '../html';
import { strings, type Lang } from '../i18n';
import { signInWords } from '../sign-in-words';

/** A person signed in by email, as the header names them; sign-out posts the page's CSRF token. */
export interface Viewer {
  name: string;
  role: string;
  unitId?: string;
}

/** What a page puts into the shell. */
export interface PageShell {
  lang: Lang;
  title: string;
  body: Html;
  /** Where the language switch leads (the same page in the other language). */
  otherLangHref: string;
  /** Home link of the header (the directives list for supervisors; none on report forms). */
  homeHref?: string;
  /** Scripts under /assets, loaded deferred. */
  scripts?: string[];
  /** Data for the scripts, as `<script type="application/json" id="page-data">`. */
  data?: unknown;
  /** The person signed in (a session): named in the header, with a sign-out button. */
  viewer?: Viewer;
  /** The session's CSRF token, which the workplace's forms send with every change. */
  csrfToken?: string;
}

/** What a page's route gives its view for the shell: the viewer's CSRF token and, signed in by email, who they are (src/http/pages/viewer-shell.ts). */
export type ViewerParts = Pick<PageShell, 'csrfToken' | 'viewer'>;

/** "Signed in as NAME (role, unit)" and the sign-out form, for a page with a viewer and its CSRF token. */
function viewerBox(shell: PageShell) {
  if (!shell.viewer || !shell.csrfToken) return '';
  const w = signInWords(shell.lang);
  const v = shell.viewer;
  return html`<span class="viewer">${w.signedInAs} ${v.name} (${w.role(v.role)}${v.unitId ? `, ${v.unitId}` : ''})<form class="sign-out" method="post" action="/sign-out"><input type="hidden" name="_csrf" value="${shell.csrfToken}"><button type="submit">${w.signOut}</button></form></span>`;
}

/** The whole HTML document. */
export function page(shell: PageShell): string {
  const t = strings(shell.lang);
  const brand = shell.homeHref ? html`<a class="brand" href="${shell.homeHref}">${t.appName}</a>` : html`<span class="brand">${t.appName}</span>`;
  return html`<!doctype html>
<html lang="${shell.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${
  shell.csrfToken
    ? html`<meta name="csrf-token" content="${shell.csrfToken}">
`
    : ''
}<title>${shell.title} · ${t.appName}</title>
<link rel="stylesheet" href="/assets/dashboard.css">
${(shell.scripts ?? []).map((s) => html`<script src="/assets/${s}" defer></script>`)}
</head>
<body>
<header class="top">${brand}${viewerBox(shell)}<a class="lang-switch" href="${shell.otherLangHref}" hreflang="${shell.lang === 'vi' ? 'en' : 'vi'}">${t.otherLang}</a></header>
<main>
${shell.body}
</main>
${shell.data === undefined ? '' : html`<script type="application/json" id="page-data">${jsonData(shell.data)}</script>`}
</body>
</html>
`.value;
}

/** The same URL in the other language (and without any `token=`). */
export function otherLangHref(url: string, lang: Lang): string {
  const u = new URL(url, 'http://x');
  u.searchParams.delete('token');
  if (lang === 'vi') u.searchParams.set('lang', 'en');
  else u.searchParams.delete('lang');
  return `${u.pathname}${u.search}`;
}

/** A path with `lang=en` kept when the page is in English. */
export function href(path: string, lang: Lang, params: Record<string, string | undefined> = {}): string {
  const u = new URL(path, 'http://x');
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  if (lang === 'en') u.searchParams.set('lang', 'en');
  return `${u.pathname}${u.search}`;
}
