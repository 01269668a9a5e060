/** The secretariat's credentials page: access tokens, sessions and revoked link families, each standing one with a revoke form. */
import type { AccessTokenListing } from '../../../app/credentials';
import type { SessionListing } from '../../../app/sessions';
import type { LinkFamilyRecord } from '../../../store/credentials';
import { html, type Html } from '../html';
import { formatter, type Lang } from '../i18n';
import { signInWords } from '../sign-in-words';
import { href, otherLangHref, page, type Viewer } from './layout';

/** What the page shows. */
export interface CredentialsPageModel {
  lang: Lang;
  url: string;
  tokens: AccessTokenListing[];
  sessions: SessionListing[];
  linkFamilies: LinkFamilyRecord[];
  csrfToken?: string;
  viewer?: Viewer;
}

/** A revoke form: credentials.js asks for confirmation, then POSTs `{ reason }` to `url` with the CSRF header. */
function revokeForm(lang: Lang, url: string, what: string): Html {
  const w = signInWords(lang);
  return html`<form class="revoke" data-url="${url}" data-confirm="${w.confirmRevoke.replace('{what}', what)}" data-failed="${w.revokeFailed}"><input name="reason" required maxlength="500" placeholder="${w.reasonPlaceholder}" aria-label="${w.reasonPlaceholder}"><button type="submit">${w.revoke}</button><span class="revoke-error" role="alert"></span></form>`;
}

function table(headers: string[], rows: Html[], none: string): Html {
  if (rows.length === 0) return html`<p class="muted">${none}</p>`;
  return html`<div class="table-wrap"><table><thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** The page. */
export function credentialsPage(m: CredentialsPageModel): string {
  const w = signInWords(m.lang);
  const f = formatter(m.lang);
  const c = w.cols;
  const when = (at: string | null) => (at ? f.dateTime(at) : '–');
  const tokens = m.tokens.map(
    (
      t,
    ) => html`<tr id="token-${t.id}"><td><code>${t.id}</code></td><td>${t.subject}</td><td>${w.role(t.role)}</td><td>${t.unitId ?? ''}</td><td>${when(t.issuedAt)}</td><td>${t.issuedBy}</td><td>${when(t.expiresAt)}</td>
<td class="status-${t.status}">${w.status[t.status]}${t.status === 'revoked' ? ` · ${when(t.revokedAt)} · ${t.reason ?? ''}` : ''}</td><td>${t.status === 'active' ? revokeForm(m.lang, `/api/credentials/${t.id}/revoke`, `${t.subject} (${t.id})`) : ''}</td></tr>`,
  );
  const sessions = m.sessions.map(
    (
      s,
    ) => html`<tr id="session-${s.id}"><td>${s.subject}</td><td>${w.role(s.role)}</td><td>${s.unitId ?? ''}</td><td>${when(s.issuedAt)}</td><td>${when(s.lastSeenAt)}</td><td class="muted">${s.userAgent ?? ''}</td><td>${when(s.expiresAt)}</td>
<td class="status-${s.status}">${w.status[s.status]}${s.status === 'revoked' ? ` · ${when(s.revokedAt)} · ${s.reason ?? ''}` : ''}</td><td>${s.status === 'active' ? revokeForm(m.lang, `/api/sessions/${s.id}/revoke`, s.subject) : ''}</td></tr>`,
  );
  const families = m.linkFamilies.map(
    (l) =>
      html`<tr><td>${w.linkKinds[l.kind]}</td><td>${l.unitId}</td><td>${l.directiveId ?? (l.kind === 'report' ? w.allDirectives : '')}</td><td>${when(l.revokedAt)}</td><td>${l.revokedBy}</td><td>${l.reason}</td></tr>`,
  );
  const body = html`<h1>${w.credentialsTitle}</h1>
<h2>${w.tokens}</h2>${table([c.id, c.subject, c.role, c.unit, c.issued, c.issuedBy, c.expires, c.status, ''], tokens, w.none)}
<h2>${w.sessions}</h2>${table([c.subject, c.role, c.unit, c.issued, c.lastSeen, c.browser, c.expires, c.status, ''], sessions, w.none)}
<h2>${w.families}</h2>${table([c.kind, c.unit, c.directive, c.revokedAt, c.revokedBy, c.reason], families, w.none)}
<h3>${w.revokeFamily}</h3>
<form class="revoke-links" data-confirm="${w.confirmRevoke.replace('{what}', w.families.toLowerCase())}" data-failed="${w.revokeFailed}">
<label>${c.unit} <input name="unitId" required maxlength="64"></label>
<label>${c.kind} <select name="kind"><option value="report">${w.linkKinds.report}</option><option value="inbox">${w.linkKinds.inbox}</option></select></label>
<label>${c.directive} <input name="directiveId" maxlength="200" placeholder="${w.allDirectives}"></label>
<label>${c.reason} <input name="reason" required maxlength="500"></label>
<button type="submit">${w.revoke}</button><span class="revoke-error" role="alert"></span></form>`;
  return page({
    lang: m.lang,
    title: w.credentialsTitle,
    otherLangHref: otherLangHref(m.url, m.lang),
    homeHref: href('/dashboard', m.lang),
    scripts: ['credentials.js'],
    body,
    ...(m.csrfToken ? { csrfToken: m.csrfToken } : {}),
    ...(m.viewer ? { viewer: m.viewer } : {}),
  });
}
