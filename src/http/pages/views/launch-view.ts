/** The launch page (a form or an uploaded spec) and the preview it shows before anything starts. */
import type { LaunchPreview } from '../../../app/launch';
import type { LevelDefinition } from '../../../domain/org/levels';
import { html, type Html } from '../html';
import { fill, formatter, levelLabel, type Lang } from '../i18n';
import { scriptWords, workplaceWords } from '../workplace-words';
import { apiForm, field } from './api-form';
import { href, otherLangHref, page, type ViewerParts } from './layout';

/** The form: the spec's usual fields, one deadline per level below the top, or the whole spec as text or a file. */
export function launchPage(m: { lang: Lang; url: string; levels: readonly LevelDefinition[]; root?: string; shell?: ViewerParts }): string {
  const w = workplaceWords(m.lang);
  const deadlines = m.levels
    .slice(1)
    .map((l) => field({ name: `deadlines.${l.name}`, label: `${w.deadlineOf} ${levelLabel(m.levels, l.name, m.lang)}`, hint: w.deadlineHint }));
  const fields = html`<p class="muted">${w.launchHelp}</p>
<div class="form-grid">
${field({ name: 'code', label: w.code, hint: w.codeHint, required: true })}
${field({ name: 'issuedOn', label: w.issuedOn, type: 'date', required: true })}
</div>
${field({ name: 'title', label: w.title, required: true })}
<div class="form-grid">
${field({ name: 'issuer', label: w.issuer, required: true })}
${field({ name: 'root', label: w.root, required: true, ...(m.root ? { value: m.root } : {}) })}
</div>
<div class="form-grid">${deadlines}</div>
<div class="form-grid">
${field({ name: 'reminders', label: w.reminders, hint: w.remindersHint, list: true })}
${field({ name: 'escalation', label: w.escalation, hint: w.escalationHint, list: true })}
</div>
<details class="spec-text"><summary>${w.specText}</summary>
${field({ name: 'specFile', label: w.specFile, type: 'file', accept: '.yaml,.yml,.json,text/yaml,application/json', readInto: 'f-spec' })}
${field({ name: 'spec', label: w.specText, type: 'textarea', id: 'f-spec' })}
</details>`;
  const form = apiForm({
    id: 'spec-form',
    url: m.lang === 'en' ? '/workplace/launch/preview?lang=en' : '/workplace/launch/preview',
    fields,
    submit: w.preview,
    textField: 'spec',
    htmlInto: 'preview',
  });
  return page({
    lang: m.lang,
    title: w.launchTitle,
    otherLangHref: otherLangHref(m.url, m.lang),
    homeHref: href('/dashboard', m.lang),
    scripts: ['workplace.js'],
    ...m.shell,
    data: { workplace: scriptWords(m.lang) },
    body: html`<h1>${w.launchTitle}</h1>${form}<section id="preview" class="preview" aria-live="polite" hidden></section>`,
  });
}

function times(list: readonly string[], lang: Lang): string {
  const f = formatter(lang);
  return list.length ? list.map((t) => f.dateTime(t)).join('; ') : '–';
}

/** What a launch would do, level by level, and the button that launches exactly the spec previewed. */
export function launchPreviewFragment(p: LaunchPreview, lang: Lang): Html {
  const w = workplaceWords(lang);
  const f = formatter(lang);
  const total = Object.values(p.unitsPerLevel).reduce((a, b) => a + b, 0);
  const rows = p.schedule.map((s) => {
    const note = s.dayOff
      ? ` (${w.dayOff}${s.dayOffName ? `: ${lang === 'en' ? s.dayOffName.en : s.dayOffName.vi}` : ''})`
      : s.movedFrom
        ? ` (${w.movedFrom} ${f.date(s.movedFrom)})`
        : '';
    return html`<tr data-level="${s.level}"><th scope="row">${levelLabel(p.levels, s.level, lang)}</th><td class="num">${f.number(p.unitsPerLevel[s.level] ?? 0)}</td><td>${f.dateTime(s.deadline)}${note}</td><td>${times(s.reminders, lang)}</td><td>${times(s.escalations, lang)}</td></tr>`;
  });
  const launch = apiForm({
    id: 'launch-form',
    url: '/api/directives',
    fields: html``,
    submit: w.launch,
    replayOf: 'spec-form',
    confirm: { text: w.launchConfirm, yes: w.confirm, no: w.cancel },
    then: lang === 'en' ? '/dashboard/{id}?lang=en' : '/dashboard/{id}',
  });
  return html`<h2 tabindex="-1" data-focus>${w.previewTitle}</h2>
<p class="muted">${w.previewNothing}</p>
<p>${fill(w.willReach, { id: p.directiveId })} <b data-total="${total}">${f.number(total)}</b> ${w.unitsWord}.</p>
<div class="table-wrap"><table class="preview-table"><thead><tr><th>${w.level}</th><th>${w.units}</th><th>${w.deadline}</th><th>${w.reminderTimes}</th><th>${w.escalationTimes}</th></tr></thead>
<tbody>${rows}</tbody></table></div>
${launch}`;
}
