/** The secretariat's page of a directive's quarantined journal entries (its strings are kept here, in both languages). */
import type { QuarantinedEntry } from '../../../store/journal-quarantine';
import type { DirectiveSummary } from '../../../store/directory-queries';
import { html } from '../html';
import { formatter, type Lang } from '../i18n';
import { href, otherLangHref, page, type ViewerParts } from './layout';

const STRINGS = {
  vi: {
    title: 'Bản ghi bị cách ly',
    intro:
      'PostgreSQL đã từ chối lưu các bản ghi dưới đây (giá trị không lưu được). Phần còn lại đã được ghi và ủy ban vẫn chạy tiếp; trạng thái của đơn vị trong quy trình không bị ảnh hưởng. Mỗi bản ghi đã được báo (ALERT) trong nhật ký của worker.',
    none: 'Không có bản ghi nào bị cách ly: PostgreSQL đã lưu đủ.',
    headers: ['#', 'Thời điểm', 'Đơn vị', 'Bản ghi', 'Lỗi', 'Nội dung'],
    audit: 'nhật ký',
    projection: 'trạng thái',
    back: 'Về chỉ thị',
  },
  en: {
    title: 'Quarantined journal entries',
    intro:
      'PostgreSQL refused to store the entries below (a value it cannot hold). The rest was written and the committee went on; the unit’s state in its workflow is unaffected. Each entry was reported by an ALERT line in the worker’s log.',
    none: 'No journal entry is in quarantine: PostgreSQL has stored everything.',
    headers: ['#', 'When', 'Unit', 'Entry', 'Error', 'Content'],
    audit: 'audit record',
    projection: 'projection row',
    back: 'Back to the directive',
  },
} as const;

/** The quarantine page of one directive. */
export function quarantinePage(m: { lang: Lang; url: string; directive: DirectiveSummary; entries: QuarantinedEntry[]; shell?: ViewerParts }): string {
  const t = STRINGS[m.lang];
  const f = formatter(m.lang);
  const rows = m.entries.map(
    (q) => html`<tr class="quarantined"><td>${q.id}</td><td>${f.dateTime(q.quarantinedAt)}</td><td>${q.unitId ?? '–'}</td><td>${t[q.entryType]} ${q.kind}</td>
<td><code>${q.errorCode}</code> ${q.errorMessage}</td><td><code class="entry-json">${JSON.stringify(q.entry)}</code></td></tr>`,
  );
  const body = m.entries.length
    ? html`<table class="quarantine"><thead><tr>${t.headers.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`
    : html`<p class="muted none">${t.none}</p>`;
  return page({
    lang: m.lang,
    title: `${t.title} · ${m.directive.code}`,
    ...m.shell,
    otherLangHref: otherLangHref(m.url, m.lang),
    homeHref: href('/dashboard', m.lang),
    body: html`<h1>${t.title}</h1><p class="muted">${m.directive.code} · ${m.directive.title}</p><p>${t.intro}</p>${body}
<p><a href="${href(`/dashboard/${m.directive.id}`, m.lang)}">${t.back}</a></p>`,
  });
}
