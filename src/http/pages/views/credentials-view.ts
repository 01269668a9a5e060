/** The secretariat's credentials page: access tokens, sessions and revoked link families, each standing one with a revoke form. */
import type { AccessTokenListing } from '../../../app/credentials';
import type { SessionListing } from '../../../app/sessions';
import type { LinkFamilyRecord } from '../../../store/credentials';
import { html, type Html } from '../html';
import { formatter, type Lang } from '../i18n';
import { signInWords } from '../sign-in-words';
import { scriptWords, workplaceWords } from '../workplace-words';
import { apiForm, choice, field } from './api-form';
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

/** A revoke form (a workplace form: it asks first, then POSTs `{ reason }` to `url` with the page's CSRF token and reloads). */
function revokeForm(lang: Lang, id: string, url: string, what: string): Html {
  const w = signInWords(lang);
  const wp = workplaceWords(lang);
  return apiForm({
    url,
    fields: field({ name: 'reason', label: w.reasonPlaceholder, required: true, id: `reason-${id}` }),
    submit: w.revoke,
    confirm: { text: w.confirmRevoke.replace('{what}', what), yes: wp.confirm, no: wp.cancel },
    then: 'reload',
    className: 'inline-form',
  });
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
  const wp = workplaceWords(m.lang);
  const when = (at: string | null) => (at ? f.dateTime(at) : '–');
  const tokens = m.tokens.map(
    (
      t,
    ) => html`<tr id="token-${t.id}"><td><code>${t.id}</code></td><td>${t.subject}</td><td>${w.role(t.role)}</td><td>${t.unitId ?? ''}</td><td>${when(t.issuedAt)}</td><td>${t.issuedBy}</td><td>${when(t.expiresAt)}</td>
<td class="status-${t.status}">${w.status[t.status]}${t.status === 'revoked' ? ` · ${when(t.revokedAt)} · ${t.reason ?? ''}` : ''}</td><td>${t.status === 'active' ? revokeForm(m.lang, t.id, `/api/credentials/${t.id}/revoke`, `${t.subject} (${t.id})`) : ''}</td></tr>`,
  );
  const sessions = m.sessions.map(
    (
      s,
    ) => html`<tr id="session-${s.id}"><td>${s.subject}</td><td>${w.role(s.role)}</td><td>${s.unitId ?? ''}</td><td>${when(s.issuedAt)}</td><td>${when(s.lastSeenAt)}</td><td class="muted">${s.userAgent ?? ''}</td><td>${when(s.expiresAt)}</td>
<td class="status-${s.status}">${w.status[s.status]}${s.status === 'revoked' ? ` · ${when(s.revokedAt)} · ${s.reason ?? ''}` : ''}</td><td>${s.status === 'active' ? revokeForm(m.lang, s.id, `/api/sessions/${s.id}/revoke`, s.subject) : ''}</td></tr>`,
  );
  const families = m.linkFamilies.map(
    (l) =>
      html`<tr><td>${w.linkKinds[l.kind]}</td><td>${l.unitId}</td><td>${l.directiveId ?? (l.kind === 'report' ? w.allDirectives : '')}</td><td>${when(l.revokedAt)}</td><td>${l.revokedBy}</td><td>${l.reason}</td></tr>`,
  );
  const body = html`<h1>${w.credentialsTitle}</h1>
<h2>${w.tokens}</h2>${table([c.id, c.subject, c.role, c.unit, c.issued, c.issuedBy, c.expires, c.status, ''], tokens, w.none)}
<h2>${w.sessions}</h2>${table([c.subject, c.role, c.unit, c.issued, c.lastSeen, c.browser, c.expires, c.status, ''], sessions, w.none)}
<h2>${w.families}</h2>${table([c.kind, c.unit, c.directive, c.revokedAt, c.revokedBy, c.reason], families, w.none)}
${apiForm({
  id: 'revoke-links-form',
  url: '/api/units/{unitId}/links/revoke',
  title: w.revokeFamily,
  fields: html`<div class="form-grid">${field({ name: 'unitId', label: c.unit, required: true, id: 'links-unit' })}${field({ name: 'directiveId', label: c.directive, hint: w.allDirectives, id: 'links-directive' })}</div>
${choice({
  name: 'kind',
  label: c.kind,
  value: 'report',
  options: [
    { value: 'report', label: w.linkKinds.report ?? 'report' },
    { value: 'inbox', label: w.linkKinds.inbox ?? 'inbox' },
  ],
})}
${field({ name: 'reason', label: c.reason, required: true, id: 'links-reason' })}`,
  submit: w.revoke,
  confirm: { text: w.confirmRevoke.replace('{what}', w.families.toLowerCase()), yes: wp.confirm, no: wp.cancel },
  then: 'reload',
})}`;
  return page({
    lang: m.lang,
    title: w.credentialsTitle,
    otherLangHref: otherLangHref(m.url, m.lang),
    homeHref: href('/dashboard', m.lang),
    scripts: ['workplace.js'],
    data: { workplace: scriptWords(m.lang) },
    body,
    ...(m.csrfToken ? { csrfToken: m.csrfToken } : {}),
    ...(m.viewer ? { viewer: m.viewer } : {}),
  });
}
