/**
 * A unit's inbox page, reached from the inbox link in its emails: one card per directive (what is
 * due and when, its status, its report and corrections, the button to the report form) and, for a
 * committee, the units below it that still owe a report with their contacts. Cards, not tables, so
 * it reads on a phone.
 */
import { owesReport, type InboxDirective, type UnitInbox } from '../../../app/unit-inbox';
import { documentKindName } from '../../../domain/directive/document-kind';
import type { LevelDefinition } from '../../../domain/org/levels';
import { rate } from '../../../domain/text/numbers';
import { vnLocalParts } from '../../../domain/time/vn-time';
import { html, type Html } from '../html';
import { fill, formatter, levelLabel, strings, type Lang } from '../i18n';
import { statusBadge } from './components';
import { href, otherLangHref, page } from './layout';
import type { DigestPreference } from '../../../app/digest-opt-outs';
import { digestPreferenceSection } from './digest-preference-view';

/** Everything the inbox page shows. */
export interface InboxPageModel {
  lang: Lang;
  url: string;
  inbox: UnitInbox;
  /** Each directive's levels, by directive id: levels are named with the directive's own words. */
  levels: ReadonlyMap<string, readonly LevelDefinition[]>;
  /** The weekly digest's opt-out form, shown to a committee (or a unit that opted out): where it stands and where the form posts. */
  digest?: { preference: DigestPreference; action: string };
}

function fact(key: string, label: string, value: Html | string): Html {
  return html`<div class="fact" data-fact="${key}"><dt>${label}</dt><dd>${value}</dd></div>`;
}

/** A deadline as a date, with its time when it is not the end of a day (a duration or an instant set to the minute). */
function dueText(deadline: string, lang: Lang): string {
  const f = formatter(lang);
  const p = vnLocalParts(deadline);
  return p.hour === 23 && p.minute === 59 ? f.date(deadline) : f.dateTime(deadline);
}

function ownFacts(d: InboxDirective, lang: Lang): Html {
  const t = strings(lang);
  const f = formatter(lang);
  const own = d.own;
  if (own.status === null) return html`<p class="muted">${t.issuerLine}</p>`;
  const report = own.report;
  return html`<dl class="facts">
  ${fact('status', t.status, statusBadge(own.status, lang))}
  ${own.deadline ? fact('deadline', t.reportDue, dueText(own.deadline, lang)) : ''}
  ${own.completedAt ? fact('reported', t.reportedAt, f.dateTime(own.completedAt)) : ''}
  ${report ? fact('attendance', t.attendanceShort, `${f.fraction(report.attendees, report.members)} (${f.rate(rate(report.attendees, report.members))})`) : ''}
  ${own.completedAt ? fact('corrections', t.corrections, f.number(own.corrections)) : ''}
</dl>`;
}

function reportButton(d: InboxDirective, lang: Lang): Html | string {
  const t = strings(lang);
  if (!d.own.reportLink) return '';
  const correcting = d.own.completedAt !== null;
  return html`<p class="inbox-action"><a class="button${correcting ? ' ghost' : ''}" data-action="${correcting ? 'correct' : 'report'}" href="${href(d.own.reportLink, lang)}">${correcting ? t.correctButton : t.reportButton}</a></p>`;
}

function owingList(d: InboxDirective, m: InboxPageModel): Html | string {
  if (!d.below) return '';
  const t = strings(m.lang);
  const f = formatter(m.lang);
  const levels = m.levels.get(d.directiveId) ?? [];
  const { total, units } = d.below;
  const items = units.map(
    (u) => html`<li class="owing-unit" data-unit="${u.unitId}">
  <div class="owing-head"><span class="owing-name">${u.name} <span class="muted">(${u.unitId})</span></span>${statusBadge(u.status, m.lang)}</div>
  <div class="owing-facts muted">${levelLabel(levels, u.level, m.lang)} · ${t.reportDue} ${dueText(u.deadline, m.lang)}</div>
  <div class="owing-contact">${t.contact}: <a href="mailto:${u.email}">${u.email}</a></div>
</li>`,
  );
  const more = total > units.length ? html`<li class="muted">${fill(t.owingMore, { n: f.number(total - units.length) })}</li>` : '';
  return html`<section class="owing" data-owing="${total}">
<h3>${t.owingBelow} (${f.number(total)})</h3>
${total === 0 ? html`<p class="muted">${t.none}</p>` : html`<ul>${items}${more}</ul>`}
</section>`;
}

function card(d: InboxDirective, m: InboxPageModel): Html {
  const t = strings(m.lang);
  const withdrawn = d.status === 'withdrawn';
  return html`<article class="inbox-card${withdrawn ? ' withdrawn' : ''}" data-directive="${d.directiveId}">
<p class="eyebrow">${documentKindName(d.code, m.lang)} ${m.lang === 'vi' ? 'số ' : ''}<span class="nowrap">${d.code}</span>${withdrawn ? html` <span class="badge s-withdrawn">${t.statusWithdrawn}</span>` : ''}</p>
<h2>${d.title}</h2>
${d.issuer ? html`<p class="muted small">${t.issuer} ${d.issuer}</p>` : ''}
${ownFacts(d, m.lang)}
${reportButton(d, m.lang)}
${owingList(d, m)}
</article>`;
}

/** The inbox page. */
export function inboxPage(m: InboxPageModel): string {
  const t = strings(m.lang);
  const f = formatter(m.lang);
  const { unit, directives } = m.inbox;
  const owed = directives.filter(owesReport).length;
  const summary = directives.length === 0 ? t.inboxEmpty : owed > 0 ? fill(t.inboxOwes, { n: f.number(owed) }) : t.inboxNothingOwed;
  const body = html`<section class="inbox">
<p class="eyebrow">${t.inboxEyebrow}</p>
<h1>${unit.name} <span class="muted">(${unit.unitId})</span></h1>
<p class="inbox-summary"><b>${summary}</b> <span class="muted small">${t.updatedAt} ${f.dateTime(m.inbox.asOf)}</span></p>
<div class="inbox-cards">${directives.map((d) => card(d, m))}</div>
${m.digest && (m.digest.preference.optedOut || directives.some((d) => d.below !== null)) ? digestPreferenceSection(m.digest.preference, m.digest.action, m.lang) : ''}
</section>`;
  return page({ lang: m.lang, title: `${t.inboxEyebrow}: ${unit.name}`, body, otherLangHref: otherLangHref(m.url, m.lang) });
}
