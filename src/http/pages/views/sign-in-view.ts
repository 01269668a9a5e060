/** The sign-in pages: ask for a link by email, "check your email", confirm a link (a button, so mail scanners that open links do not use it up), a refused link. */
import { html } from '../html';
import type { Lang } from '../i18n';
import { signInWords } from '../sign-in-words';
import { href, otherLangHref, page } from './layout';

/** The form asking for a sign-in link; `notice` above it (signed out), `error` next to the field. */
export function signInPage(m: { lang: Lang; url: string; email?: string; error?: string; notice?: string; canSend: boolean }): string {
  const w = signInWords(m.lang);
  const form = m.canSend
    ? html`<form class="sign-in" method="post" action="${href('/sign-in', m.lang)}" novalidate>
<label for="email">${w.email}</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${m.email ?? ''}"${m.error ? html` aria-invalid="true" aria-describedby="email-error"` : ''}>
${m.error ? html`<p class="field-error" id="email-error">${m.error}</p>` : ''}
<button type="submit">${w.send}</button>
</form>`
    : html`<p class="field-error">${w.noMailer}</p>`;
  return page({
    lang: m.lang,
    title: w.signInTitle,
    otherLangHref: otherLangHref(m.url, m.lang),
    body: html`<section class="message"><h1>${w.signInTitle}</h1>${m.notice ? html`<p class="notice">${m.notice}</p>` : ''}<p>${w.signInIntro}</p>${form}</section>`,
  });
}

/** The same answer for every address: known or not, nothing tells them apart. */
export function signInSentPage(m: { lang: Lang; url: string; email: string; minutes: number }): string {
  const w = signInWords(m.lang);
  return page({
    lang: m.lang,
    title: w.sentTitle,
    otherLangHref: otherLangHref(m.url, m.lang),
    body: html`<section class="message"><h1>${w.sentTitle}</h1><p class="sign-in-sent">${w.sent(m.email, m.minutes)}</p></section>`,
  });
}

/** The confirm step of an emailed link: POSTing the form uses the link up and signs in. */
export function signInConfirmPage(m: { lang: Lang; url: string; action: string }): string {
  const w = signInWords(m.lang);
  return page({
    lang: m.lang,
    title: w.confirmTitle,
    otherLangHref: otherLangHref(m.url, m.lang),
    body: html`<section class="message"><h1>${w.confirmTitle}</h1><p>${w.confirmIntro}</p><form method="post" action="${m.action}"><button type="submit" id="confirm-sign-in">${w.confirm}</button></form></section>`,
  });
}

/** A link that cannot sign in: why, and the way to a new one. */
export function signInRefusedPage(m: { lang: Lang; url: string; reason: string }): string {
  const w = signInWords(m.lang);
  return page({
    lang: m.lang,
    title: w.refusedTitle,
    otherLangHref: otherLangHref(m.url, m.lang),
    body: html`<section class="message"><h1>${w.refusedTitle}</h1><p class="sign-in-refused">${w.refused[m.reason] ?? m.reason}</p><p><a href="${href('/sign-in', m.lang)}">${w.askAgain}</a></p></section>`,
  });
}
