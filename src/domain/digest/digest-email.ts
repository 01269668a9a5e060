/**
 * The words of the weekly digest a committee receives: the units below it that are overdue and
 * what falls due in the coming week (its own lines and those below), each with the directive, the
 * unit, its status, its deadline and its contact; a link to the committee's inbox and how to opt
 * out. One body in both languages (Vietnamese first, then English), because the digest spans
 * directives of either language and the directory keeps no language per unit. Pure: the caller
 * supplies the lines and the links.
 */
import { formatEnDate, formatViDate } from '../time/time';
import { unitStatusLabel } from '../report/status-labels';
import type { TrackStatus } from '../track/unit-track';

/** Lines listed in one digest at most; the rest are counted and left to the inbox. */
export const DIGEST_LINE_LIMIT = 100;

/** One line of the digest. */
export interface DigestLine {
  code: string;
  unitId: string;
  name: string;
  email: string;
  status: TrackStatus;
  deadline: string;
  /** True for an overdue unit below the committee; false for a line falling due in the week. */
  overdue: boolean;
}

/** Everything the digest says. */
export interface DigestContent {
  committee: { unitId: string; name: string };
  /** When the digest goes (ISO): the week it covers starts then. */
  at: string;
  /** The lines listed (at most DIGEST_LINE_LIMIT), overdue first. */
  lines: readonly DigestLine[];
  /** Lines in all, listed or not. */
  total: number;
  overdueUnits: number;
  dueUnits: number;
  /** The committee's signed inbox link: where the whole list is, and where it opts out. */
  inboxLink: string;
}

/** A rendered digest: subject, plain text and HTML. */
export interface RenderedDigest {
  subject: string;
  text: string;
  html: string;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The subject: "Tổng hợp hằng tuần: 3 đơn vị quá hạn, 5 đơn vị đến hạn trong tuần". */
export function digestSubject(content: Pick<DigestContent, 'overdueUnits' | 'dueUnits'>): string {
  const parts = [
    ...(content.overdueUnits > 0 ? [`${content.overdueUnits} đơn vị quá hạn`] : []),
    ...(content.dueUnits > 0 ? [`${content.dueUnits} đơn vị đến hạn trong tuần`] : []),
  ];
  return `Tổng hợp hằng tuần: ${parts.join(', ')}`;
}

/** A line as text: `[Quá hạn / Overdue] 12-CT/TW · QN-HL-017 Chi bộ 17 · hạn 30/4/2027 · cb17@example.org`. */
function lineText(line: DigestLine): string {
  const status = `${unitStatusLabel(line.status, 'vi')} / ${unitStatusLabel(line.status, 'en')}`;
  return `[${status}] ${line.code} · ${line.unitId} ${line.name} · hạn ${formatViDate(line.deadline)} (${formatEnDate(line.deadline)}) · ${line.email}`;
}

function more(content: DigestContent): number {
  return content.total - content.lines.length;
}

function paragraphs(content: DigestContent): { vi: string[]; en: string[] } {
  const { committee, overdueUnits, dueUnits } = content;
  const from = formatViDate(content.at);
  const until = formatViDate(Date.parse(content.at) + 6 * 86_400_000);
  return {
    vi: [
      `Kính gửi: ${committee.name}`,
      `Tổng hợp tuần từ ${from} đến ${until}: ${overdueUnits} đơn vị cấp dưới quá hạn báo cáo; ` +
        `${dueUnits} đơn vị (kể cả ${committee.name}) có hạn báo cáo trong 7 ngày tới. Đề nghị đôn đốc các đơn vị hoàn thành và báo cáo kết quả.`,
    ],
    en: [
      `To: ${committee.name}`,
      `Weekly digest from ${formatEnDate(content.at)}: ${overdueUnits} unit(s) below you are overdue; ` +
        `${dueUnits} unit(s) (you included) have a report due in the next 7 days. The list above names each with its directive, status, deadline and contact.`,
    ],
  };
}

const OPT_OUT_VI = 'Không muốn nhận thư tổng hợp hằng tuần? Mở trang hộp thư ở đường dẫn trên và chọn "Ngừng nhận thư tổng hợp".';
const OPT_OUT_EN = 'To stop this weekly digest, open your inbox at the link above and choose "Ngừng nhận thư tổng hợp" (stop the weekly digest).';

/** The digest as plain text and HTML (both languages), with its subject. */
export function renderWeeklyDigest(content: DigestContent): RenderedDigest {
  const { vi, en } = paragraphs(content);
  const extra = more(content);
  const moreVi = extra > 0 ? [`… và ${extra} dòng khác: xem đầy đủ trong hộp thư của đơn vị.`] : [];
  const moreEn = extra > 0 ? [`… and ${extra} more: see them all in your inbox.`] : [];
  const inboxLabel = 'Hộp thư của đơn vị (Your inbox)';
  const text = [
    ...vi,
    '',
    ...content.lines.map(lineText),
    ...moreVi,
    ...moreEn,
    '',
    `${inboxLabel}: ${content.inboxLink}`,
    OPT_OUT_VI,
    'Đường dẫn trên dành riêng cho đơn vị; đề nghị không chuyển tiếp. Trân trọng.',
    '',
    '---',
    ...en,
    OPT_OUT_EN,
    'This link is for your unit only; please do not forward it.',
    '',
  ].join('\n');
  const p = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const rows = content.lines
    .map(
      (l) =>
        `<tr><td>${escapeHtml(l.code)}</td><td>${escapeHtml(`${l.unitId} ${l.name}`)}</td>` +
        `<td>${escapeHtml(`${unitStatusLabel(l.status, 'vi')} / ${unitStatusLabel(l.status, 'en')}`)}</td>` +
        `<td>${escapeHtml(formatViDate(l.deadline))}</td><td><a href="mailto:${escapeHtml(l.email)}">${escapeHtml(l.email)}</a></td></tr>`,
    )
    .join('');
  const html = [
    ...vi.map(p),
    '<table border="1" cellpadding="4" cellspacing="0">',
    '<tr><th>Chỉ thị (Directive)</th><th>Đơn vị (Unit)</th><th>Trạng thái (Status)</th><th>Hạn (Deadline)</th><th>Liên hệ (Contact)</th></tr>',
    rows,
    '</table>',
    ...[...moreVi, ...moreEn].map(p),
    `<p><a href="${escapeHtml(content.inboxLink)}">${escapeHtml(inboxLabel)}</a></p>`,
    p(OPT_OUT_VI),
    p('Đường dẫn trên dành riêng cho đơn vị; đề nghị không chuyển tiếp. Trân trọng.'),
    '<hr>',
    ...en.map(p),
    p(OPT_OUT_EN),
    p('This link is for your unit only; please do not forward it.'),
  ].join('\n');
  return { subject: digestSubject(content), text, html };
}
