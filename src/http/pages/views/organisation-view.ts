/** The secretariat's organisation page: import a file, add, edit or remove one unit, and the latest changes with who made them. */
import type { LevelDefinition } from '../../../domain/org/levels';
import type { OrgAuditEntry } from '../../../store/org-audit';
import { html } from '../html';
import { formatter, levelLabel, type Lang } from '../i18n';
import { scriptWords, workplaceWords } from '../workplace-words';
import { apiForm, choice, field } from './api-form';
import { href, otherLangHref, page, type ViewerParts } from './layout';

function unitFields(lang: Lang, prefix: string) {
  const w = workplaceWords(lang);
  return html`${field({ name: 'name', label: w.unitName, id: `${prefix}-name` })}
${field({ name: 'email', label: w.email, type: 'email', id: `${prefix}-email` })}
<div class="form-grid">${field({ name: 'members', label: w.members, type: 'number', id: `${prefix}-members` })}${field({ name: 'essaysExpected', label: w.essaysExpected, type: 'number', id: `${prefix}-essays` })}</div>`;
}

function changeLabel(e: OrgAuditEntry, lang: Lang): string {
  const w = workplaceWords(lang);
  const actions: Record<string, string> = { import: w.actionImport, add: w.actionAdd, update: w.actionUpdate, remove: w.actionRemove };
  const action = actions[e.action] ?? e.action;
  return `${action}${e.unitId ? ` ${e.unitId}` : ''}`;
}

/** The page. */
export function organisationPage(m: { lang: Lang; url: string; levels: readonly LevelDefinition[]; history: OrgAuditEntry[]; shell?: ViewerParts }): string {
  const w = workplaceWords(m.lang);
  const f = formatter(m.lang);
  const importForm = apiForm({
    id: 'import-form',
    url: '/api/org',
    title: w.importTitle,
    fileField: 'file',
    fields: html`<p class="muted">${w.importHelp}</p>
${field({ name: 'file', label: w.importFile, type: 'file', accept: '.csv,.json,.yaml,.yml,text/csv,application/json,text/yaml' })}
${field({ name: 'under', label: w.importUnder, query: true })}
${choice({
  name: 'mode',
  label: w.importMode,
  value: 'replace',
  query: true,
  options: [
    { value: 'replace', label: w.modeReplace },
    { value: 'merge', label: w.modeMerge },
  ],
})}`,
    submit: w.import,
    confirm: { text: w.importConfirm, yes: w.confirm, no: w.cancel },
    done: w.importDone,
    then: 'reload',
  });
  const addForm = apiForm({
    id: 'add-unit-form',
    url: '/api/org/units',
    title: w.addUnitTitle,
    fields: html`<div class="form-grid">${field({ name: 'id', label: w.unitId, required: true, id: 'add-id' })}${field({ name: 'parentId', label: w.parentId, required: true, id: 'add-parent' })}</div>
${field({ name: 'level', label: w.unitLevel, required: true, id: 'add-level', hint: m.levels.map((l) => `${l.name} (${levelLabel(m.levels, l.name, m.lang)})`).join(', ') })}
${unitFields(m.lang, 'add')}`,
    submit: w.add,
    done: w.addDone,
    then: 'reload',
  });
  const editForm = apiForm({
    id: 'edit-unit-form',
    url: '/api/org/units/{unitId}',
    method: 'PATCH',
    title: w.editUnitTitle,
    fields: html`<p class="muted">${w.editHelp}</p>${field({ name: 'unitId', label: w.unitId, required: true, id: 'edit-id' })}
${unitFields(m.lang, 'edit')}${field({ name: 'parentId', label: w.parentId, id: 'edit-parent' })}`,
    submit: w.save,
    done: w.saveDone,
    then: 'reload',
  });
  const removeForm = apiForm({
    id: 'remove-unit-form',
    url: '/api/org/units/{unitId}',
    method: 'DELETE',
    title: w.removeUnitTitle,
    fields: field({ name: 'unitId', label: w.unitId, required: true, id: 'remove-id' }),
    submit: w.remove,
    confirm: { text: w.removeConfirm, yes: w.confirm, no: w.cancel },
    done: w.removeDone,
    then: 'reload',
    className: 'danger-zone',
  });
  const history = m.history.length
    ? html`<div class="table-wrap"><table><thead><tr><th>${w.when}</th><th>${w.who}</th><th>${w.what}</th></tr></thead><tbody>${m.history.map(
        (e) => html`<tr><td>${f.dateTime(e.occurredAt)}</td><td>${e.actor}</td><td>${changeLabel(e, m.lang)}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p class="muted">${w.noHistory}</p>`;
  return page({
    lang: m.lang,
    title: w.organisationTitle,
    otherLangHref: otherLangHref(m.url, m.lang),
    homeHref: href('/dashboard', m.lang),
    scripts: ['workplace.js'],
    ...m.shell,
    data: { workplace: scriptWords(m.lang) },
    body: html`<h1>${w.organisationTitle}</h1>
<p class="muted">${w.levelsNow}: ${m.levels.map((l) => levelLabel(m.levels, l.name, m.lang)).join(' › ')}</p>
<div class="form-grid wide">${importForm}${addForm}${editForm}${removeForm}</div>
<section><h2>${w.history}</h2>${history}</section>`,
  });
}
