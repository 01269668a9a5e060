/** The action forms on the dashboard's pages: extend and exempt on a unit's page, withdraw on a directive's. */
import { html, type Html } from '../html';
import type { Lang } from '../i18n';
import { workplaceWords } from '../workplace-words';
import { apiForm, field } from './api-form';
import { href } from './layout';

/** Extending and exempting one unit: for the secretariat and the committees above it. */
export function unitActions(lang: Lang, directiveId: string, unitId: string): Html {
  const w = workplaceWords(lang);
  const base = `/api/directives/${encodeURIComponent(directiveId)}/units/${encodeURIComponent(unitId)}`;
  const extend = apiForm({
    id: 'extend-form',
    url: `${base}/extend`,
    title: w.extendTitle,
    fields: html`${field({ name: 'to', label: w.extendTo, hint: w.extendHint, required: true })}${field({ name: 'reason', label: w.reason, id: 'f-extend-reason' })}`,
    submit: w.extend,
    done: w.extendDone,
    then: 'reload',
  });
  const exempt = apiForm({
    id: 'exempt-form',
    url: `${base}/exempt`,
    title: w.exemptTitle,
    fields: field({ name: 'reason', label: w.reason, required: true, id: 'f-exempt-reason' }),
    submit: w.exempt,
    confirm: { text: w.exemptConfirm, yes: w.confirm, no: w.cancel },
    done: w.exemptDone,
    then: 'reload',
  });
  return html`<section class="workplace" aria-label="${w.workplace}"><h2>${w.workplace}</h2><div class="form-grid">${extend}${exempt}</div></section>`;
}

/** Withdrawing the whole directive: the secretariat. */
export function directiveActions(lang: Lang, directiveId: string): Html {
  const w = workplaceWords(lang);
  const withdraw = apiForm({
    id: 'withdraw-form',
    url: `/api/directives/${encodeURIComponent(directiveId)}/withdraw`,
    title: w.withdrawTitle,
    fields: field({ name: 'reason', label: w.reason, required: true, id: 'f-withdraw-reason' }),
    submit: w.withdraw,
    confirm: { text: w.withdrawConfirm, yes: w.confirm, no: w.cancel },
    done: w.withdrawDone,
    then: 'reload',
    className: 'danger-zone',
  });
  return html`<section class="workplace" aria-label="${w.workplace}"><h2>${w.workplace}</h2>${withdraw}</section>`;
}

/** The secretariat's links on the directives page: launch, organisation, people, credentials, the administration trail. */
export function secretariatLinks(lang: Lang): Html {
  const w = workplaceWords(lang);
  const more: Array<[string, string]> = [
    ['/workplace/organisation', w.organisationLink],
    ['/workplace/people', w.peopleLink],
    ['/dashboard/credentials', w.credentialsLink],
    ['/workplace/audit', w.auditLink],
  ];
  return html`<nav class="actions workplace-links"><a class="button" href="${href('/workplace/launch', lang)}">${w.launchLink}</a>${more.map(
    ([path, label]) => html`<a class="button ghost" href="${href(path, lang)}">${label}</a>`,
  )}</nav>`;
}
