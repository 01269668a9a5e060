/** The report form a unit reaches from its email link, and the confirmation after it. */
import { documentKindName } from '../../../domain/directive/document-kind';
import { rate } from '../../../domain/text/numbers';
import type { UnitView } from '../../../engine/protocol';
import { html, type Html } from '../html';
import { fieldLabel, fill, formatter, statusLabel, strings, type Lang } from '../i18n';
import { ATTACHMENT_FIELD, type FormIssue } from '../report-form';
import { conflictText, issueText } from '../report-form-messages';
import { statusBadge } from './components';
import { href, otherLangHref, page } from './layout';

/** Everything the form shows. */
export interface ReportFormModel {
  lang: Lang;
  url: string;
  /** Path the form posts to (`/report/<token>`). */
  action: string;
  directive: { code: string; title: string };
  unit: UnitView;
  values: Record<string, string>;
  errors: Map<string, FormIssue[]>;
  /** A refusal not tied to a field (already reported, withdrawn, ...): the client's error code and message. */
  formError: { code: string; message: string } | null;
  /** Today in Vietnam (ISO), the latest date the date fields accept. */
  today: string;
  /** The file attached to the unit's report now (a new one replaces it), if any. */
  attachment?: { name: string; contentType: string; size: number; uploadedAt: string } | null;
}

type FieldKind = 'date' | 'count' | 'text' | 'notes';
const FORM: ReadonlyArray<{ name: string; kind: FieldKind; required: boolean; max?: number; placeholder?: string }> = [
  { name: 'conferenceDate', kind: 'date', required: true },
  { name: 'attendees', kind: 'count', required: true },
  { name: 'members', kind: 'count', required: true },
  { name: 'essaysSubmitted', kind: 'count', required: true },
  { name: 'essaysExpected', kind: 'count', required: true },
  { name: 'documentNumber', kind: 'text', required: true, max: 64, placeholder: '05-KH/ĐU' },
  { name: 'documentDate', kind: 'date', required: true },
  { name: 'reportedBy', kind: 'text', required: true, max: 200 },
  { name: 'notes', kind: 'notes', required: false, max: 2000 },
];

const HINTS: Record<string, Record<Lang, string>> = {
  conferenceDate: {
    vi: 'Ngày/tháng/năm; không sau hôm nay, không trước ngày ban hành chỉ thị.',
    en: 'Day/month/year; not after today, not before the directive was issued.',
  },
  attendees: { vi: 'Không lớn hơn tổng số đảng viên.', en: 'At most the number of members.' },
  essaysSubmitted: { vi: 'Không lớn hơn số bài phải nộp.', en: 'At most the number expected.' },
  documentNumber: { vi: 'Ví dụ: 05-KH/ĐU, 30-KH/TU.', en: 'For example 05-KH/ĐU, 30-KH/TU.' },
};

// Each issue in the page's language, built from the rule, the field and what was typed; the rule
// code stays in data-rule for scripts and tests, never in the text.
function errorBlock(m: ReportFormModel, f: (typeof FORM)[number], issues: FormIssue[] | undefined): Html | string {
  if (!issues?.length) return '';
  return html`<div class="field-error" id="err-${f.name}" role="alert">${issues.map((i) => html`<p data-rule="${i.rule}">${issueText(i, m.lang, m.values, f)}</p>`)}</div>`;
}

function field(m: ReportFormModel, f: (typeof FORM)[number]): Html {
  const issues = m.errors.get(f.name);
  const value = m.values[f.name] ?? '';
  const hint = HINTS[f.name]?.[m.lang];
  const described = [hint ? `hint-${f.name}` : '', issues?.length ? `err-${f.name}` : ''].filter(Boolean).join(' ');
  const common = html`id="f-${f.name}" name="${f.name}"${f.required ? html` required` : ''}${issues?.length ? html` aria-invalid="true"` : ''}${described ? html` aria-describedby="${described}"` : ''}`;
  const input =
    f.kind === 'notes'
      ? html`<textarea ${common} rows="3" maxlength="${f.max ?? 2000}">${value}</textarea>`
      : f.kind === 'count'
        ? html`<input ${common} type="number" inputmode="numeric" min="0" step="1" value="${value}">`
        : f.kind === 'date'
          ? html`<input ${common} type="date" max="${m.today}" value="${value}">`
          : html`<input ${common} type="text" maxlength="${f.max ?? 200}"${f.placeholder ? html` placeholder="${f.placeholder}"` : ''} value="${value}">`;
  return html`<div class="field${issues?.length ? ' has-error' : ''}" data-field="${f.name}">
  <label for="f-${f.name}">${fieldLabel(f.name, m.lang)}${f.required ? html` <span class="req" title="${strings(m.lang).required}">*</span>` : ''}</label>
  ${input}
  ${hint ? html`<p class="hint" id="hint-${f.name}">${hint}</p>` : ''}
  <p class="hint-live" data-hint-for="${f.name}" hidden></p>
  ${errorBlock(m, f, issues)}
</div>`;
}

const ACCEPTED_FILES =
  '.pdf,.docx,.png,.jpg,.jpeg,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,image/png,image/jpeg';
const FILE_HINT: Record<Lang, string> = {
  vi: 'Không bắt buộc. PDF, DOCX, PNG hoặc JPEG, tối đa 20 MB; tệp gửi kèm bản đính chính sẽ thay tệp trước (tệp cũ vẫn được lưu).',
  en: 'Optional. PDF, DOCX, PNG or JPEG, at most 20 MB; a file sent with a correction replaces the earlier one (which is kept).',
};

const CURRENT_FILE: Record<Lang, string> = {
  vi: 'Tệp đã gửi: {name} (lúc {at}); chọn tệp mới để thay.',
  en: 'File sent: {name} (at {at}); choose a new file to replace it.',
};

// The plan or minutes, sent with the report (the form is then multipart/form-data, file last).
function fileField(m: ReportFormModel): Html {
  const issues = m.errors.get(ATTACHMENT_FIELD);
  const described = ['hint-file', issues?.length ? 'err-file' : ''].filter(Boolean).join(' ');
  return html`<div class="field${issues?.length ? ' has-error' : ''}" data-field="file">
  <label for="f-file">${fieldLabel(ATTACHMENT_FIELD, m.lang)}</label>
  <input id="f-file" name="${ATTACHMENT_FIELD}" type="file" accept="${ACCEPTED_FILES}"${issues?.length ? html` aria-invalid="true"` : ''} aria-describedby="${described}">
  <p class="hint" id="hint-file">${FILE_HINT[m.lang]}</p>
  ${m.attachment ? html`<p class="hint" id="current-file">${fill(CURRENT_FILE[m.lang], { name: m.attachment.name, at: formatter(m.lang).dateTime(m.attachment.uploadedAt) })}</p>` : ''}
  ${issues?.length ? html`<div class="field-error" id="err-file" role="alert">${issues.map((i) => html`<p data-rule="${i.rule}">${issueText(i, m.lang, m.values)}</p>`)}</div>` : ''}
</div>`;
}

/** The form page (a new report, or a correction once the unit has reported). */
export function reportFormPage(m: ReportFormModel): string {
  const t = strings(m.lang);
  const f = formatter(m.lang);
  const correction = m.unit.report !== null;
  const unitName = `${m.unit.name} (${m.unit.unitId})`;
  const general = [
    ...(m.errors.get('') ?? []).map((i) => issueText(i, m.lang, m.values)),
    ...(m.formError ? [conflictText(m.formError.code, m.formError.message, m.lang)] : []),
  ];
  const hasErrors = general.length > 0 || m.errors.size > 0;
  const kind = documentKindName(m.directive.code, m.lang);
  const [before = '', after = ''] = fill(t.formTitle, { kind }).split('{code}');
  const body = html`<section class="form-page">
<p class="eyebrow">${m.directive.title}</p>
<h1>${before}<span class="nowrap">${m.directive.code}</span>${after}</h1>
<p>${fill(t.formIntro, { unit: unitName, deadline: f.date(m.unit.extendedTo ?? m.unit.deadline) })} ${statusBadge(m.unit.status, m.lang)}</p>
${correction && m.unit.completedAt ? html`<p class="notice">${fill(t.correctionIntro, { at: f.dateTime(m.unit.completedAt) })}</p>` : ''}
${hasErrors ? html`<div class="form-errors" role="alert"><p><b>${t.formErrors}</b></p>${general.map((g) => html`<p>${g}</p>`)}</div>` : ''}
<form method="post" action="${m.action}" enctype="multipart/form-data" class="report-form" id="report-form">
<div class="grid">${FORM.map((x) => field(m, x))}</div>
${fileField(m)}
<button type="submit" class="button primary">${correction ? t.submitCorrection : t.submit}</button>
</form>
</section>`;
  return page({
    lang: m.lang,
    title: fill(t.formTitle, { kind, code: m.directive.code }),
    body,
    otherLangHref: otherLangHref(m.url, m.lang),
    scripts: ['report-form.js'],
    data: { hints: { attendees: t.hintAttendees, essaysSubmitted: t.hintEssays } },
  });
}

/** The confirmation after a report or correction was recorded. */
export function confirmationPage(m: { lang: Lang; url: string; action: string; directive: { code: string; title: string }; unit: UnitView }): string {
  const t = strings(m.lang);
  const f = formatter(m.lang);
  const u = m.unit;
  const r = u.report;
  const facts = r
    ? html`<dl class="facts">
  <div class="fact"><dt>${fieldLabel('conferenceDate', m.lang)}</dt><dd>${f.date(`${r.conferenceDate}T12:00:00+07:00`)}</dd></div>
  <div class="fact"><dt>${t.attendance}</dt><dd>${f.fraction(r.attendees, r.members)} (${f.rate(rate(r.attendees, r.members))})</dd></div>
  <div class="fact"><dt>${t.essays}</dt><dd>${f.fraction(r.essaysSubmitted, r.essaysExpected)} (${f.rate(rate(r.essaysSubmitted, r.essaysExpected))})</dd></div>
  <div class="fact"><dt>${t.planIssued}</dt><dd>${r.documentNumber}, ${f.date(`${r.documentDate}T12:00:00+07:00`)}</dd></div>
  <div class="fact"><dt>${fieldLabel('reportedBy', m.lang)}</dt><dd>${r.reportedBy}</dd></div>
</dl>`
    : '';
  const body = html`<section class="confirmation">
<p class="eyebrow">${documentKindName(m.directive.code, m.lang)} ${m.directive.code}</p>
<h1>✓ ${t.confirmTitle}</h1>
<p>${fill(t.confirmBody, { unit: `${u.name} (${u.unitId})`, at: u.completedAt ? f.dateTime(u.completedAt) : '–', status: statusLabel(u.status, m.lang) })} ${statusBadge(u.status, m.lang)}</p>
${facts}
<p><a class="button ghost" href="${href(m.action, m.lang)}">${t.correctAgain}</a></p>
</section>`;
  return page({ lang: m.lang, title: t.confirmTitle, body, otherLangHref: otherLangHref(m.url, m.lang) });
}
