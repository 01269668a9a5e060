/** The secretariat's people page: who signs in by email (in its subtree), an invitation form, and disabling. */
import type { PersonRecord } from '../../../store/people';
import { html } from '../html';
import { formatter, type Lang } from '../i18n';
import { scriptWords, workplaceWords } from '../workplace-words';
import { apiForm, choice, field } from './api-form';
import { href, otherLangHref, page, type ViewerParts } from './layout';

/** The page. */
export function peoplePage(m: { lang: Lang; url: string; people: PersonRecord[]; shell?: ViewerParts }): string {
  const w = workplaceWords(m.lang);
  const f = formatter(m.lang);
  const roles = { secretariat: w.roleSecretariat, supervisor: w.roleSupervisor, inspector: w.roleInspector };
  const invite = apiForm({
    id: 'invite-form',
    url: '/api/people',
    title: w.inviteTitle,
    fields: html`<p class="muted">${w.inviteHelp}</p>
<div class="form-grid">${field({ name: 'name', label: w.personName, required: true, id: 'invite-name' })}${field({ name: 'email', label: w.email, type: 'email', required: true, id: 'invite-email' })}</div>
${choice({ name: 'role', label: w.personRole, value: 'supervisor', options: Object.entries(roles).map(([value, label]) => ({ value, label })) })}
${field({ name: 'unitId', label: w.personUnit, id: 'invite-unit' })}`,
    submit: w.invite,
    done: w.inviteDone,
    then: 'reload',
  });
  const rows = m.people.map((p) => {
    const disable = p.disabledAt
      ? ''
      : apiForm({
          id: `disable-${p.id}`,
          url: `/api/people/${encodeURIComponent(p.id)}/disable`,
          fields: html``,
          submit: w.disable,
          confirm: { text: w.disableConfirm, yes: w.confirm, no: w.cancel },
          done: w.disableDone,
          then: 'reload',
          className: 'inline-form',
        });
    return html`<tr data-person="${p.email}"><td class="name">${p.name} <span class="muted">${p.email}</span></td><td data-label="${w.personRole}">${roles[p.role]}${p.unitId ? ` · ${p.unitId}` : ''}</td>
<td data-label="${w.addedBy}">${p.addedBy} · ${f.dateTime(p.addedAt)}</td><td data-label="${w.status}">${p.disabledAt ? `${w.disabled} ${f.dateTime(p.disabledAt)}` : w.active}</td><td>${disable}</td></tr>`;
  });
  const list = m.people.length
    ? html`<div class="table-wrap"><table class="people"><thead><tr><th>${w.personName}</th><th>${w.personRole}</th><th>${w.addedBy}</th><th>${w.status}</th><th></th></tr></thead><tbody>${rows}</tbody></table></div>`
    : html`<p class="muted">${w.noPeople}</p>`;
  return page({
    lang: m.lang,
    title: w.peopleTitle,
    otherLangHref: otherLangHref(m.url, m.lang),
    homeHref: href('/dashboard', m.lang),
    scripts: ['workplace.js'],
    data: { workplace: scriptWords(m.lang) },
    ...m.shell,
    body: html`<h1>${w.peopleTitle}</h1>${invite}<section>${list}</section>`,
  });
}
