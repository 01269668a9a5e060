/**
 * A dry run as people read it, in Vietnamese or English: emails per Vietnam day, the peak rates,
 * the overdue units per level at each deadline and at the end; two runs side by side for
 * `--compare`. Dates are written dd/mm/yyyy in Vietnam time.
 */
import { formatEnNumber, formatViNumber } from '../text/numbers';
import { vnLocalParts } from '../time/vn-time';
import type { DryRunSummary, Peak } from './dry-run-summary';

/** The languages of the output. */
export type DryRunLang = 'vi' | 'en';

const WORDS = {
  vi: {
    title: 'Chạy thử',
    profile: 'hồ sơ hành vi',
    units: 'Đơn vị',
    plan: 'Theo hồ sơ',
    onTime: 'báo cáo đúng hạn',
    late: 'báo cáo muộn',
    never: 'không báo cáo',
    launched: 'Ban hành (mô phỏng)',
    ended: 'kết thúc',
    perDay: 'Thư gửi theo ngày (giờ Việt Nam)',
    day: 'Ngày',
    notice: 'Thông báo',
    reminder: 'Nhắc nhở',
    escalation: 'Báo quá hạn',
    other: 'Khác',
    total: 'Tổng',
    noEmail: '(không có thư nào)',
    peak: 'Cao điểm',
    perHour: 'thư trong một giờ',
    perMinute: 'thư trong một phút',
    from: 'từ',
    overdue: 'Đơn vị quá hạn (quá hạn/tổng số)',
    at: 'Thời điểm',
    deadlineOf: 'Hạn',
    end: 'Kết thúc',
    outcome: 'Kết quả cuối',
    done: 'đúng hạn',
    doneLate: 'muộn',
    open: 'chưa báo cáo',
    skipped: 'thư nhắc nhở, báo quá hạn không gửi vì không còn cần (đơn vị đã báo cáo, hoặc thư khác đã thay)',
    compare: 'So sánh',
    overdueAtEnd: 'Quá hạn khi kết thúc',
    overdueAtDeadline: 'Quá hạn ngay sau hạn',
    note: 'Số thư là số thư đến máy chủ thư (SMTP); không có gì được gửi hay ghi lại.',
  },
  en: {
    title: 'Dry run',
    profile: 'profile',
    units: 'Units',
    plan: 'As the profile says',
    onTime: 'report on time',
    late: 'report late',
    never: 'never report',
    launched: 'Launched (simulated)',
    ended: 'ended',
    perDay: 'Emails per day (Vietnam time)',
    day: 'Day',
    notice: 'Notices',
    reminder: 'Reminders',
    escalation: 'Escalations',
    other: 'Other',
    total: 'Total',
    noEmail: '(no email)',
    peak: 'Peak',
    perHour: 'emails in one hour',
    perMinute: 'emails in one minute',
    from: 'from',
    overdue: 'Overdue units (overdue/all)',
    at: 'Instant',
    deadlineOf: 'Deadline',
    end: 'End',
    outcome: 'In the end',
    done: 'on time',
    doneLate: 'late',
    open: 'never reported',
    skipped: 'reminders and escalations not sent, no longer needed (the unit had reported, or another email took their place)',
    compare: 'Comparison',
    overdueAtEnd: 'Overdue at the end',
    overdueAtDeadline: 'Overdue just after the deadline',
    note: 'Email counts are emails handed to the SMTP server; nothing was sent or recorded.',
  },
} as const;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** dd/mm/yyyy in Vietnam time. */
function date(iso: string): string {
  const p = vnLocalParts(iso);
  return `${pad2(p.day)}/${pad2(p.month)}/${p.year}`;
}

/** dd/mm/yyyy of an ISO date (already a Vietnam day). */
function day(isoDate: string): string {
  const [year, month, dayOfMonth] = isoDate.split('-');
  return `${dayOfMonth}/${month}/${year}`;
}

/** dd/mm/yyyy HH:mm in Vietnam time. */
function dateTime(iso: string): string {
  const p = vnLocalParts(iso);
  return `${date(iso)} ${pad2(p.hour)}:${pad2(p.minute)}`;
}

function count(n: number, lang: DryRunLang): string {
  return lang === 'vi' ? formatViNumber(n, 0) : formatEnNumber(n, 0);
}

/** Left-aligned columns, two spaces apart. */
function table(rows: ReadonlyArray<readonly string[]>): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length))).join('  ')).join('\n');
}

function levelName(summary: DryRunSummary, level: string, lang: DryRunLang): string {
  return summary.levelLabels[level]?.[lang] ?? level;
}

function checkpointLabel(summary: DryRunSummary, deadlineOf: readonly string[], at: string, lang: DryRunLang): string {
  const w = WORDS[lang];
  if (deadlineOf.length === 0) return `${w.end} ${date(at)}`;
  // The instant is just after the deadline: the deadline itself is the millisecond before.
  return `${w.deadlineOf} ${deadlineOf.map((l) => levelName(summary, l, lang)).join(', ')} ${dateTime(new Date(Date.parse(at) - 1).toISOString())}`;
}

/** "717 thư trong một giờ (từ 04/12/2026 06:00)"; without `unit`, "717 (từ 04/12/2026 06:00)". */
function peakText(peak: Peak, unit: string, lang: DryRunLang): string {
  const w = WORDS[lang];
  const amount = unit ? `${count(peak.count, lang)} ${unit}` : count(peak.count, lang);
  return peak.at === null ? amount : `${amount} (${w.from} ${dateTime(peak.at)})`;
}

/** One dry run. */
export function dryRunText(summary: DryRunSummary, lang: DryRunLang): string {
  const w = WORDS[lang];
  const lines: string[] = [];
  lines.push(`${w.title} ${summary.code} — ${summary.title} (${w.profile}: ${summary.profile})`);
  lines.push(`${w.units}: ${summary.levels.map((l) => `${count(summary.unitsPerLevel[l] ?? 0, lang)} ${levelName(summary, l, lang)}`).join(', ')}`);
  lines.push(
    `${w.plan}: ${count(summary.behaviours['on-time'], lang)} ${w.onTime}, ${count(summary.behaviours.late, lang)} ${w.late}, ${count(summary.behaviours.never, lang)} ${w.never}`,
  );
  lines.push(`${w.launched}: ${dateTime(summary.launchedAt)}; ${w.ended}: ${date(summary.endedAt)}`);
  lines.push('', `${w.perDay}:`);
  if (summary.days.length === 0) lines.push(w.noEmail);
  else {
    const rows: string[][] = [[w.day, w.notice, w.reminder, w.escalation, w.other]];
    for (const d of summary.days) rows.push([day(d.date), ...[d.notice, d.reminder, d.escalation, d.other].map((n) => count(n, lang))]);
    const t = summary.totals;
    rows.push([w.total, ...[t.notice, t.reminder, t.escalation, t.other].map((n) => count(n, lang))]);
    lines.push(table(rows));
  }
  if (summary.totals.skipped > 0) lines.push(`(${count(summary.totals.skipped, lang)} ${w.skipped})`);
  lines.push(`${w.peak}: ${peakText(summary.peakPerHour, w.perHour, lang)}; ${peakText(summary.peakPerMinute, w.perMinute, lang)}`);
  lines.push('', `${w.overdue}:`);
  const rows: string[][] = [[w.at, ...summary.levels.map((l) => levelName(summary, l, lang))]];
  for (const c of summary.checkpoints)
    rows.push([
      checkpointLabel(summary, c.deadlineOf, c.at, lang),
      ...summary.levels.map((l) => `${count(c.overdue[l] ?? 0, lang)}/${count(summary.unitsPerLevel[l] ?? 0, lang)}`),
    ]);
  lines.push(table(rows));
  lines.push(
    '',
    `${w.outcome}: ${summary.levels
      .map((l) => {
        const o = summary.outcome[l] ?? { onTime: 0, late: 0, open: 0 };
        return `${levelName(summary, l, lang)} ${count(o.onTime, lang)} ${w.done}, ${count(o.late, lang)} ${w.doneLate}, ${count(o.open, lang)} ${w.open}`;
      })
      .join('; ')}`,
  );
  lines.push(w.note);
  return lines.join('\n');
}

/** Two dry runs side by side: the emails per day, the totals and peaks, the overdue counts. */
export function dryRunComparisonText(a: DryRunSummary, b: DryRunSummary, lang: DryRunLang): string {
  const w = WORDS[lang];
  const heading = (s: DryRunSummary, mark: string) => `${mark}: ${s.code} — ${s.title} (${w.profile}: ${s.profile})`;
  const lines = [`${w.compare}`, heading(a, 'A'), heading(b, 'B'), '', `${w.perDay}:`];
  const dates = [...new Set([...a.days, ...b.days].map((d) => d.date))].sort();
  const kinds = ['notice', 'reminder', 'escalation'] as const;
  const dayRows: string[][] = [[w.day, ...kinds.map((k) => `A ${w[k]}`), ...kinds.map((k) => `B ${w[k]}`)]];
  const cells = (s: DryRunSummary, d: string) => {
    const line = s.days.find((x) => x.date === d);
    return kinds.map((k) => count(line?.[k] ?? 0, lang));
  };
  for (const d of dates) dayRows.push([day(d), ...cells(a, d), ...cells(b, d)]);
  dayRows.push([w.total, ...kinds.map((k) => count(a.totals[k], lang)), ...kinds.map((k) => count(b.totals[k], lang))]);
  lines.push(table(dayRows));

  const levels = [...a.levels, ...b.levels.filter((l) => !a.levels.includes(l))];
  const summaryRows: string[][] = [['', 'A', 'B']];
  summaryRows.push([`${w.peak} (${w.perHour})`, peakText(a.peakPerHour, '', lang), peakText(b.peakPerHour, '', lang)]);
  summaryRows.push([`${w.peak} (${w.perMinute})`, peakText(a.peakPerMinute, '', lang), peakText(b.peakPerMinute, '', lang)]);
  const atDeadline = (s: DryRunSummary, level: string) => {
    const c = s.checkpoints.find((x) => x.deadlineOf.includes(level));
    return c
      ? `${count(c.overdue[level] ?? 0, lang)}/${count(s.unitsPerLevel[level] ?? 0, lang)} (${date(new Date(Date.parse(c.at) - 1).toISOString())})`
      : '—';
  };
  const atEnd = (s: DryRunSummary, level: string) => {
    const c = s.checkpoints[s.checkpoints.length - 1];
    return c && s.levels.includes(level) ? `${count(c.overdue[level] ?? 0, lang)}/${count(s.unitsPerLevel[level] ?? 0, lang)}` : '—';
  };
  const label = (level: string) => (a.levels.includes(level) ? levelName(a, level, lang) : levelName(b, level, lang));
  for (const level of levels) summaryRows.push([`${w.overdueAtDeadline}: ${label(level)}`, atDeadline(a, level), atDeadline(b, level)]);
  for (const level of levels) summaryRows.push([`${w.overdueAtEnd}: ${label(level)}`, atEnd(a, level), atEnd(b, level)]);
  lines.push('', table(summaryRows), w.note);
  return lines.join('\n');
}
