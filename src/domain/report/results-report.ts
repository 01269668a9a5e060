/**
 * The results report ("báo cáo kết quả"), generated from live state: a narrative in the style of
 * the provincial press reports, Vietnamese by default, English on request, as Markdown or as
 * printable HTML. Pure: the caller passes the rollup and the lists.
 */
import { documentKindName } from '../directive/document-kind';
import { levelWords, type LevelDefinition } from '../org/levels';
import { escapeHtml } from './email-templates';
import { formatEnFraction, formatEnRate, formatViFraction, formatViRate } from '../text/numbers';
import type { RollupView } from '../track/rollup';
import { formatEnDate, formatEnDateTime, formatViDate, formatViDateTime } from '../time/time';

/** A unit named in the report's lists. */
export interface ReportedUnit {
  unitId: string;
  name: string;
  level: string;
  /** When it finished (late list) or its deadline (overdue list), ISO. */
  at: string;
}

/** What the report is generated from. */
export interface ResultsReportInput {
  directive: { code: string; title: string; issuer: string; issuedOn: string };
  /** The subtree reported on (the root committee for the whole directive). */
  scope: { unitId: string; name: string };
  asOf: string;
  rollup: RollupView;
  late: ReportedUnit[];
  overdue: ReportedUnit[];
  /** The directive's levels: each sentence names a level's units by its plural words (its key when the level is not among them). */
  levels: readonly LevelDefinition[];
  /**
   * Set once the directive is withdrawn: when (null if no record of it was written, e.g. every
   * unit had finished) and the reason given, if any. The report then says so before its figures.
   */
  withdrawal?: { at: string | null; reason: string | null } | null;
  /**
   * The committees directly under the scope, each with its subtree's rollup, in the order to list
   * them: the Word and PDF documents table them (the provinces of a national report, the district
   * committees of a province's). Absent or empty: no such table.
   */
  committees?: ReadonlyArray<{ unitId: string; name: string; rollup: RollupView }>;
  /**
   * The progress chart (src/render/progress-chart.ts), SVG markup drawn from the series by the
   * caller; the printable HTML shows it after the figures, the other formats leave it out.
   */
  progressChart?: string | null;
}

type Lang = 'vi' | 'en';
/** A part of the report's text: an optional heading, paragraphs, then an optional list. */
export type ReportBlock = { heading?: string; paragraphs: string[]; list?: string[] };

function label(input: ResultsReportInput, level: string, lang: Lang): string {
  return levelWords(input.levels, level, lang, 'plural');
}

/**
 * The report's words, one source for every format (Markdown, HTML, DOCX, PDF): its title, its
 * subject as a Party document's line under "BÁO CÁO", and its body.
 */
export function resultsReportBlocks(input: ResultsReportInput, lang: Lang): { title: string; subject: string; body: ReportBlock[] } {
  const vi = lang === 'vi';
  const { directive, rollup } = input;
  const date = vi ? formatViDate : formatEnDate;
  const fraction = vi ? formatViFraction : formatEnFraction;
  const pct = vi ? formatViRate : formatEnRate;
  const issued = date(`${directive.issuedOn}T12:00:00+07:00`);
  const asOf = date(input.asOf);
  const levels = rollup.levels.filter((l) => l.expected > 0);

  const kind = documentKindName(directive.code, lang);
  const opening = vi
    ? `Thực hiện ${kind} số ${directive.code} ngày ${issued} của ${directive.issuer} về ${lowerFirst(directive.title)}, đến ngày ${asOf}, kết quả triển khai tại ${input.scope.name} như sau.`
    : `Implementing ${kind} ${directive.code} of ${issued} by ${directive.issuer} (${directive.title}), the results in ${input.scope.name} as of ${asOf} are as follows.`;
  const withdrawn = input.withdrawal ? withdrawalText(kind, directive.code, input.withdrawal, lang) : null;
  const perLevel = levels.map((l) =>
    vi
      ? `${fraction(l.done, l.expected)} ${label(input, l.level, 'vi')} đã tổ chức hội nghị nghiên cứu, học tập, quán triệt và báo cáo kết quả, đạt tỷ lệ ${pct(l.doneRate)}${l.late ? ` (${l.late} đơn vị hoàn thành muộn)` : ''}${l.overdue ? `; ${l.overdue} đơn vị quá hạn chưa báo cáo` : ''}.`
      : `${fraction(l.done, l.expected)} ${label(input, l.level, 'en')} held their study conference and reported (${pct(l.doneRate)})${l.late ? `, ${l.late} of them late` : ''}${l.overdue ? `; ${l.overdue} ${l.overdue === 1 ? 'is' : 'are'} overdue` : ''}.`,
  );
  const figures: string[] = [];
  if (rollup.attendance.members > 0) {
    figures.push(
      vi
        ? `Tổng số đảng viên tham dự học tập đạt tỷ lệ ${pct(rollup.attendance.rate)} (${fraction(rollup.attendance.attendees, rollup.attendance.members)} đồng chí).`
        : `Attendance reached ${pct(rollup.attendance.rate)} of members (${fraction(rollup.attendance.attendees, rollup.attendance.members)}).`,
    );
  }
  if (rollup.essays.expected > 0) {
    figures.push(
      vi
        ? `Đã nhận được ${fraction(rollup.essays.submitted, rollup.essays.expected)} bài thu hoạch, đạt tỷ lệ ${pct(rollup.essays.rate)}.`
        : `${fraction(rollup.essays.submitted, rollup.essays.expected)} study essays were received (${pct(rollup.essays.rate)}).`,
    );
  }
  if (rollup.firstFinisher) {
    figures.push(
      vi
        ? `Đơn vị hoàn thành sớm nhất là ${rollup.firstFinisher.name}, ngày ${date(rollup.firstFinisher.at)}.`
        : `The first unit to finish was ${rollup.firstFinisher.name}, on ${date(rollup.firstFinisher.at)}.`,
    );
  }
  const body: ReportBlock[] = [{ paragraphs: [opening, ...(withdrawn ? [withdrawn] : []), ...perLevel, ...figures] }];
  const listOf = (units: ReportedUnit[], what: 'late' | 'overdue') =>
    units.map((u) =>
      vi
        ? `${u.name} (${u.unitId}) — ${what === 'late' ? 'hoàn thành ngày' : 'hạn'} ${date(u.at)}`
        : `${u.name} (${u.unitId}) — ${what === 'late' ? 'finished on' : 'due'} ${date(u.at)}`,
    );
  if (input.late.length)
    body.push({ heading: vi ? 'Các đơn vị hoàn thành muộn' : 'Units that finished late', paragraphs: [], list: listOf(input.late, 'late') });
  if (input.overdue.length)
    body.push({
      heading: vi ? 'Các đơn vị quá hạn chưa báo cáo' : 'Overdue units that have not reported',
      paragraphs: [],
      list: listOf(input.overdue, 'overdue'),
    });
  if (!input.late.length && !input.overdue.length) {
    body.push({ paragraphs: [vi ? 'Không có đơn vị nào quá hạn hoặc hoàn thành muộn.' : 'No unit is overdue or finished late.'] });
  }
  const title = vi ? `Báo cáo kết quả thực hiện ${kind} số ${directive.code}` : `Results report on ${kind} ${directive.code}`;
  const subject = vi
    ? `Kết quả thực hiện ${kind} số ${directive.code} ngày ${issued} của ${directive.issuer}`
    : `On the results of ${kind} ${directive.code} of ${issued} by ${directive.issuer}`;
  return { title, subject, body };
}

/** The sentence saying the directive was withdrawn: when, and why when a reason was given. */
function withdrawalText(kind: string, code: string, withdrawal: NonNullable<ResultsReportInput['withdrawal']>, lang: Lang): string {
  const reason = withdrawal.reason?.trim() || null;
  if (lang === 'vi') {
    const when = withdrawal.at ? ` lúc ${formatViDateTime(withdrawal.at)}` : '';
    return `${kind} số ${code} đã được thu hồi${when}${reason ? ` (lý do: ${reason})` : ''}; các số liệu dưới đây là kết quả đến khi thu hồi, các đơn vị chưa hoàn thành không phải báo cáo tiếp.`;
  }
  const when = withdrawal.at ? ` on ${formatEnDateTime(withdrawal.at)}` : '';
  return `${kind} ${code} was withdrawn${when}${reason ? ` (reason: ${reason})` : ''}; the figures below are the results up to the withdrawal, and units that had not finished no longer report.`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);
}

/** The report as Markdown. */
export function resultsReportMarkdown(input: ResultsReportInput, lang: Lang = 'vi'): string {
  const { title, body } = resultsReportBlocks(input, lang);
  const out = [`# ${title}`, ''];
  for (const block of body) {
    if (block.heading) out.push(`## ${block.heading}`, '');
    for (const p of block.paragraphs) out.push(p, '');
    if (block.list) out.push(...block.list.map((item) => `- ${item}`), '');
  }
  return out.join('\n');
}

/** The report as a standalone printable HTML page (every value escaped). */
export function resultsReportHtml(input: ResultsReportInput, lang: Lang = 'vi'): string {
  const { title, body } = resultsReportBlocks(input, lang);
  const parts = body.map(
    (b) =>
      `${b.heading ? `<h2>${escapeHtml(b.heading)}</h2>` : ''}${b.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}${b.list ? `<ul>${b.list.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : ''}`,
  );
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:"Times New Roman",serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}h1{font-size:1.4rem;text-align:center;text-transform:uppercase}h2{font-size:1.1rem}@media print{body{margin:0}}</style></head>
<body><h1>${escapeHtml(title)}</h1>${parts[0] ?? ''}${progressFigure(input, lang)}${parts.slice(1).join('')}</body></html>`;
}

/** The progress chart under its heading, when the caller drew one (the SVG is the renderer's markup, its text escaped there). */
function progressFigure(input: ResultsReportInput, lang: Lang): string {
  if (!input.progressChart) return '';
  const heading = lang === 'vi' ? 'Tiến độ theo thời gian' : 'Progress over time';
  return `<h2>${heading}</h2><figure style="margin:0 0 1rem;max-width:100%;overflow-x:auto">${input.progressChart}</figure>`;
}
