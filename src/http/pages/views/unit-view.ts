/** A unit's page: where it stands, its report, and its timeline (received, reminded, reported, escalated, ...). */
import { documentKindName } from '../../../domain/directive/document-kind';
import type { LevelDefinition } from '../../../domain/org/levels';
import type { DirectiveSummary, TimelineEntry } from '../../../store/directory-queries';
import type { UnitReadView } from '../../../app/cascade-queries';
import type { UnitView } from '../../../engine/protocol';
import { html, type Html } from '../html';
import { rate } from '../../../domain/text/numbers';
import { attachmentWords, eventLabel, fieldLabel, fill, formatter, levelLabel, statusLabel, strings, type Lang } from '../i18n';
import type { Crumb } from './committee-view';
import { statusBadge } from './components';
import { href, otherLangHref, page, type ViewerParts } from './layout';
import { liveLabels } from './live-data';
import { scriptWords } from '../workplace-words';

/** Everything the unit page shows. */
export interface UnitPageModel {
  lang: Lang;
  url: string;
  directive: DirectiveSummary;
  unit: UnitReadView;
  timeline: TimelineEntry[];
  crumbs: Crumb[];
  /** The directive's levels: the unit's level is named with their words. */
  levels: readonly LevelDefinition[];
  pollIntervalMs: number;
  now: string;
  /** The forms the viewer may use on this unit (extend, exempt), if any. */
  actions?: Html;
  shell?: ViewerParts;
}

/** The words after an event's label: who, to whom, until when, why. Mirrored by live.js. */
export function eventDetail(e: TimelineEntry, lang: Lang): string {
  const t = strings(lang);
  const f = formatter(lang);
  const p = e.payload;
  const parts: string[] = [];
  if (typeof p.status === 'string' && e.kind === 'report') parts.push(statusLabel(p.status as UnitView['status'], lang));
  if (e.kind === 'received' && typeof p.deadline === 'string') parts.push(`${t.deadline} ${f.date(p.deadline)}`);
  if (e.kind === 'extension' && typeof p.to === 'string') parts.push(`→ ${f.date(p.to)}`);
  if ((e.kind === 'reminder' || e.kind === 'escalation') && typeof p.step === 'number') parts.push(`${t.step} ${p.step + 1}`);
  if (e.kind === 'escalation' && typeof p.recipientUnitId === 'string') parts.push(`→ ${p.recipientUnitId}`);
  if (e.kind === 'attachment' && typeof p.name === 'string' && typeof p.size === 'number') {
    const kind = typeof p.contentType === 'string' ? (attachmentWords(lang).kinds[p.contentType] ?? p.contentType) : '';
    parts.push(`${p.name} (${[kind, fileSize(p.size, lang)].filter(Boolean).join(', ')})`);
  }
  if (typeof p.reason === 'string' && p.reason) parts.push(p.reason);
  if (e.actor) parts.push(`${t.by} ${e.actor}`);
  return parts.join(' · ');
}

/** A file's size as people read it: 850 KB, 1,2 MB (1.2 MB in English). Mirrored by live.js. */
function fileSize(bytes: number, lang: Lang): string {
  const [value, unit] = bytes >= 1_048_576 ? [bytes / 1_048_576, 'MB'] : [Math.max(1, Math.round(bytes / 1024)), 'KB'];
  const text = unit === 'MB' ? (Math.round(value * 10) / 10).toFixed(1) : String(value);
  return `${lang === 'vi' ? text.replace('.', ',') : text} ${unit}`;
}

/** The attachments later files replaced (their entries say which they replace). */
function replacedAttachments(timeline: readonly TimelineEntry[]): Set<string> {
  return new Set(timeline.filter((e) => e.kind === 'attachment' && typeof e.payload.replaces === 'string').map((e) => e.payload.replaces as string));
}

// An attached file's entry links to its download (the API answers it only to those who may read the unit).
function attachmentLink(m: UnitPageModel, e: TimelineEntry, replaced: ReadonlySet<string>): Html | string {
  const id = e.payload.attachmentId;
  if (e.kind !== 'attachment' || typeof id !== 'string') return '';
  const w = attachmentWords(m.lang);
  const url = `/api/directives/${encodeURIComponent(m.directive.id)}/units/${encodeURIComponent(m.unit.unitId)}/attachments/${encodeURIComponent(id)}`;
  return html` <a class="ev-file" href="${url}" download>${w.download}</a>${replaced.has(id) ? html` <span class="muted ev-replaced">(${w.replaced})</span>` : ''}`;
}

function timelineItems(m: UnitPageModel): Html {
  const f = formatter(m.lang);
  if (m.timeline.length === 0) return html`<li class="muted">${strings(m.lang).noTimeline}</li>`;
  const replaced = replacedAttachments(m.timeline);
  return html`${m.timeline.map(
    (e) =>
      html`<li class="ev ev-${e.kind}"><time>${f.dateTime(e.at)}</time><span class="ev-label">${eventLabel(e.kind, m.lang)}</span><span class="ev-detail">${eventDetail(e, m.lang)}</span>${attachmentLink(m, e, replaced)}</li>`,
  )}`;
}

function fact(key: string, label: string, value: string | null): Html {
  return html`<div class="fact" data-fact="${key}"${value === null ? html` hidden` : ''}><dt>${label}</dt><dd class="js-value">${value ?? ''}</dd></div>`;
}

function body(m: UnitPageModel): Html {
  const t = strings(m.lang);
  const f = formatter(m.lang);
  const u = m.unit;
  const r = u.report;
  const when = (at: string | null) => (at ? f.dateTime(at) : null);
  const report = r
    ? html`<dl class="facts">
  ${fact('conferenceDate', fieldLabel('conferenceDate', m.lang), f.date(`${r.conferenceDate}T12:00:00+07:00`))}
  ${fact('attendance', t.attendance, `${f.fraction(r.attendees, r.members)} (${f.rate(rate(r.attendees, r.members))})`)}
  ${u.membersMismatch && u.directoryMembers !== null ? fact('directoryMembers', t.directoryMembers, `${f.number(u.directoryMembers)} (${t.reportedMembers} ${f.number(r.members)})`) : ''}
  ${fact('essays', t.essays, `${f.fraction(r.essaysSubmitted, r.essaysExpected)} (${f.rate(rate(r.essaysSubmitted, r.essaysExpected))})`)}
  ${fact('document', t.planIssued, `${r.documentNumber}, ${f.date(`${r.documentDate}T12:00:00+07:00`)}`)}
  ${fact('reportedBy', fieldLabel('reportedBy', m.lang), r.reportedBy)}
  ${r.notes ? fact('notes', fieldLabel('notes', m.lang), r.notes) : ''}
  ${fact('corrections', t.corrections, f.number(u.corrections))}
</dl>`
    : html`<p class="muted">${t.noReport}</p>`;
  return html`<nav class="crumbs" aria-label="breadcrumb">${m.crumbs.map((c) => html`<a href="${c.href}">${c.label}</a><span class="sep">›</span>`)}<span>${u.name}</span></nav>
<div class="title-row"><div><p class="eyebrow">${documentKindName(m.directive.code, m.lang)} ${m.directive.code} · ${levelLabel(m.levels, u.level, m.lang)}</p>
<h1>${u.name} <span class="muted">${u.unitId}</span></h1>
<p class="js-status big-badge">${statusBadge(u.status, m.lang)}</p></div></div>
<p class="live" id="live-status">${t.updatedAt} <time id="updated-at">${f.dateTime(m.now)}</time> · ${fill(t.liveEvery, { n: Math.round(m.pollIntervalMs / 1000) })}</p>
<section><dl class="facts" id="unit-facts">
  ${fact('receivedAt', t.receivedAt, when(u.receivedAt))}
  ${fact('deadline', t.deadline, f.dateTime(u.deadline))}
  ${fact('extendedTo', t.extendedTo, when(u.extendedTo))}
  ${fact('acknowledgedAt', t.acknowledgedAt, when(u.acknowledgedAt))}
  ${fact('completedAt', t.completedAt, when(u.completedAt))}
  ${fact('exemptedAt', t.exemptedAt, when(u.exemptedAt))}
  ${fact('withdrawnAt', t.withdrawnAt, when(u.withdrawnAt))}
</dl></section>
<section><h2>${t.report}</h2><div id="unit-report">${report}</div></section>
<section><h2>${t.timeline}</h2><ol class="timeline" id="timeline">${timelineItems(m)}</ol></section>
${m.actions ?? ''}`;
}

/** The unit page. */
export function unitPage(m: UnitPageModel): string {
  const id = encodeURIComponent(m.directive.id);
  const unit = encodeURIComponent(m.unit.unitId);
  return page({
    lang: m.lang,
    title: `${m.unit.name} — ${m.directive.code}`,
    body: body(m),
    otherLangHref: otherLangHref(m.url, m.lang),
    homeHref: href('/dashboard', m.lang),
    scripts: m.actions ? ['live.js', 'workplace.js'] : ['live.js'],
    ...m.shell,
    data: {
      ...(m.actions ? { workplace: scriptWords(m.lang) } : {}),
      kind: 'unit',
      interval: m.pollIntervalMs,
      unitUrl: `/api/directives/${id}/units/${unit}`,
      timelineUrl: `/api/directives/${id}/units/${unit}/timeline`,
      reported: m.unit.report !== null,
      corrections: m.unit.corrections,
      labels: liveLabels(m.lang, m.levels),
    },
  });
}
