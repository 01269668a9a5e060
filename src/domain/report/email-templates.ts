/**
 * The words of the emails a cascade sends: the notice that a directive reached a unit, reminders
 * before its deadline and escalations to superiors after it. Vietnamese in the register of party
 * documents by default, English on request. Every email carries the inbox link of the unit it goes
 * to. Pure: the caller supplies `now` and the links.
 */
import { daysInMonth, monthName, parseCalendarDate } from '../time/calendar-date';
import { documentKindName } from '../directive/document-kind';
import { quarterOfMonth, romanQuarter } from '../time/quarter';
import { formatEnDate, formatEnDateTime, formatViDate, formatViDateTime } from '../time/time';
import { vnLocalParts } from '../time/vn-time';

/** The emails a cascade sends: notice, reminders, escalations, and the notices of a change to the unit. */
export type EmailKind = 'notice' | 'reminder' | 'escalation' | 'extension-notice' | 'exemption-notice' | 'withdrawal-notice';

/** Languages the templates speak. */
export type EmailLanguage = 'vi' | 'en';

/** Everything an email says; instants are ISO strings. */
export interface EmailContext {
  /** The instant of sending: days left and days overdue are counted from it in Vietnam calendar days. */
  now: string;
  directive: { code: string; title: string; issuer: string; /** ISO date, YYYY-MM-DD. */ issuedOn: string };
  /** Who the email is addressed to: the unit itself, or for an escalation the superior. */
  recipientName: string;
  /** The unit the email is about (for an escalation: the overdue one). */
  unit: { unitId: string; name: string; email: string };
  /** The deadline in force for that unit. */
  deadline: string;
  /** Notice and reminder: the unit's signed report link (escalations carry none). */
  reportLink?: string;
  /**
   * The signed inbox link of the unit the email goes to: for a notice or reminder the unit's own, for
   * an escalation the superior committee's, which lists the overdue unit with its status and contact.
   */
  inboxLink: string;
  /**
   * Escalation: the steps of the spec's escalation list (1 = the first) this one email stands for.
   * Several when the cap at the root sends them to the same superior at once: one email, "bước 2–3".
   */
  escalationSteps?: readonly number[];
  /** A change notice: the reason given for the extension, exemption or withdrawal. */
  reason?: string;
}

/** A rendered email: a one-line subject and the same content as plain text and HTML. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** A paragraph, or a link on a line of its own; both text and HTML are built from the same blocks. */
type Block = { text: string } | { label: string; url: string };

interface Draft {
  subject: string;
  blocks: Block[];
}

const DAY_MS = 86_400_000;

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Days from `now` to `deadline`, counted in Vietnam calendar days (0 on the deadline's own day, negative after). */
export function vnDaysUntil(now: string, deadline: string): number {
  return vnDayNumber(deadline) - vnDayNumber(now);
}

function vnDayNumber(at: string): number {
  const p = vnLocalParts(at);
  return Date.UTC(p.year, p.month - 1, p.day) / DAY_MS;
}

function issuedOnText(issuedOn: string, language: EmailLanguage): string {
  const parsed = parseCalendarDate(issuedOn);
  if (parsed.kind !== 'date') return issuedOn;
  const { year, month, day } = parsed.date;
  return language === 'vi' ? `${day}/${month}/${year}` : `${day} ${monthName(month)} ${year}`;
}

/** "Chỉ thị số 01-CT/TW ngày 9/3/2021 của Bộ Chính trị về “…”", the way documents cite each other. */
function citation(d: EmailContext['directive'], language: EmailLanguage): string {
  const type = documentKindName(d.code, language);
  const on = issuedOnText(d.issuedOn, language);
  if (language === 'vi') {
    const about = /^về\s/iu.test(d.title) ? d.title : `về “${d.title}”`;
    return `${type} số ${d.code} ngày ${on} của ${d.issuer} ${about}`;
  }
  return `${type} No. ${d.code} of ${on} issued by ${d.issuer} (“${d.title}”)`;
}

/** Deadlines by date end at 23:59 Vietnam time; any other deadline has a time of day worth saying. */
function isEndOfDay(deadline: string): boolean {
  const p = vnLocalParts(deadline);
  return p.hour === 23 && p.minute === 59;
}

/** The deadline as a date (a time too when it is not the end of a day), with the quarter when it closes one. */
function deadlineText(deadline: string, language: EmailLanguage): string {
  const p = vnLocalParts(deadline);
  const endOfDay = isEndOfDay(deadline);
  const date = language === 'vi' ? `ngày ${formatViDate(deadline)}` : formatEnDate(deadline);
  const when = endOfDay ? date : language === 'vi' ? formatViDateTime(deadline) : formatEnDateTime(deadline);
  const quarterEnd = p.month % 3 === 0 && p.day === daysInMonth(p.year, p.month);
  if (!quarterEnd) return when;
  const q = quarterOfMonth(p.month);
  return language === 'vi' ? `${when} (hết quý ${romanQuarter(q)}/${p.year})` : `${when} (end of Q${q} ${p.year})`;
}

/** The deadline for a subject line: the date, and the time too when it is not the end of a day. */
function shortDeadline(deadline: string, language: EmailLanguage): string {
  if (isEndOfDay(deadline)) return language === 'vi' ? formatViDate(deadline) : formatEnDate(deadline);
  return language === 'vi' ? formatViDateTime(deadline) : formatEnDateTime(deadline);
}

/** The report link on a line of its own, when the email has one. */
function reportBlock(ctx: EmailContext, language: EmailLanguage): Block[] {
  if (!ctx.reportLink) return [];
  return [{ label: language === 'vi' ? 'Báo cáo kết quả tại' : 'Report the results here', url: ctx.reportLink }];
}

/** The unit's inbox: every directive it is in, what it owes and by when. */
function unitInboxBlock(ctx: EmailContext, language: EmailLanguage): Block {
  return { label: language === 'vi' ? 'Mọi chỉ thị và hạn báo cáo của đơn vị' : 'Every directive and deadline of your unit', url: ctx.inboxLink };
}

function noticeDraft(ctx: EmailContext, language: EmailLanguage): Draft {
  const { directive: d, unit } = ctx;
  const ref = `${documentKindName(d.code, language)} ${language === 'vi' ? 'số ' : 'No. '}${d.code}`;
  const due = deadlineText(ctx.deadline, language);
  if (language === 'vi') {
    return {
      subject: `Triển khai ${ref}: ${d.title} (hạn báo cáo ${shortDeadline(ctx.deadline, language)})`,
      blocks: [
        { text: `Kính gửi: ${ctx.recipientName}` },
        {
          text:
            `Thực hiện ${citation(d, language)}, đề nghị ${unit.name} tổ chức nghiên cứu, học tập, quán triệt ` +
            `và triển khai thực hiện; báo cáo kết quả (số đảng viên tham dự, số bài thu hoạch) chậm nhất ${due}.`,
        },
        ...reportBlock(ctx, language),
        unitInboxBlock(ctx, language),
        { text: `Các đường dẫn trên dành riêng cho ${unit.name}; đề nghị không chuyển tiếp.` },
        { text: 'Trân trọng.' },
      ],
    };
  }
  return {
    subject: `${ref}: ${d.title} (report due ${shortDeadline(ctx.deadline, language)})`,
    blocks: [
      { text: `To: ${ctx.recipientName}` },
      {
        text:
          `Pursuant to ${citation(d, language)}, ${unit.name} is requested to hold its study conference, ` +
          `implement the directive and report the results (members attending, study essays) by ${due}.`,
      },
      ...reportBlock(ctx, language),
      unitInboxBlock(ctx, language),
      { text: `These links are for ${unit.name} only; please do not forward them.` },
      { text: 'Respectfully.' },
    ],
  };
}

function reminderDraft(ctx: EmailContext, language: EmailLanguage): Draft {
  const { directive: d, unit } = ctx;
  const ref = `${documentKindName(d.code, language)} ${language === 'vi' ? 'số ' : 'No. '}${d.code}`;
  const days = vnDaysUntil(ctx.now, ctx.deadline);
  const due = deadlineText(ctx.deadline, language);
  const short = shortDeadline(ctx.deadline, language);
  if (language === 'vi') {
    const left = days > 0 ? `còn ${days} ngày` : days === 0 ? 'hôm nay là hạn chót' : `đã quá hạn ${-days} ngày`;
    return {
      subject: `Đôn đốc: ${ref} — ${left} (hạn báo cáo ${short})`,
      blocks: [
        { text: `Kính gửi: ${ctx.recipientName}` },
        { text: `Theo ${citation(d, language)}, hạn báo cáo kết quả của ${unit.name} là ${due}; ${left}.` },
        { text: `Đề nghị ${unit.name} khẩn trương hoàn thành việc nghiên cứu, học tập, quán triệt và báo cáo kết quả.` },
        ...reportBlock(ctx, language),
        unitInboxBlock(ctx, language),
        { text: 'Nếu đơn vị đã báo cáo, xin bỏ qua thư này. Trân trọng.' },
      ],
    };
  }
  const left =
    days > 1 ? `${days} days left` : days === 1 ? '1 day left' : days === 0 ? 'today is the deadline' : `overdue by ${-days} day${days === -1 ? '' : 's'}`;
  return {
    subject: `Reminder: ${ref} — ${left} (report due ${short})`,
    blocks: [
      { text: `To: ${ctx.recipientName}` },
      { text: `Under ${citation(d, language)}, ${unit.name} must report its results by ${due}; ${left}.` },
      { text: `${unit.name} is requested to complete the study and report the results promptly.` },
      ...reportBlock(ctx, language),
      unitInboxBlock(ctx, language),
      { text: 'If the unit has already reported, please disregard this message. Respectfully.' },
    ],
  };
}

/** Escalation steps as words: [2, 3] → "bước 2–3" / "steps 2–3"; runs collapse, gaps stay ([1, 3] → "bước 1, 3"). */
export function stepsText(steps: readonly number[], language: EmailLanguage): string {
  const sorted = [...new Set(steps)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j += 1;
    runs.push(i === j ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  const word = language === 'vi' ? 'bước' : sorted.length > 1 ? 'steps' : 'step';
  return `${word} ${runs.join(', ')}`;
}

function escalationDraft(ctx: EmailContext, language: EmailLanguage): Draft {
  const { directive: d, unit } = ctx;
  const ref = `${documentKindName(d.code, language)} ${language === 'vi' ? 'số ' : 'No. '}${d.code}`;
  const overdue = -vnDaysUntil(ctx.now, ctx.deadline);
  const due = deadlineText(ctx.deadline, language);
  const steps = ctx.escalationSteps?.length ? stepsText(ctx.escalationSteps, language) : null;
  const merged = (ctx.escalationSteps?.length ?? 0) > 1;
  if (language === 'vi') {
    const late = overdue > 0 ? `quá hạn ${overdue} ngày` : 'quá hạn trong ngày hôm nay';
    return {
      subject: `Quá hạn${steps ? ` (${steps})` : ''}: ${unit.name} chưa báo cáo kết quả ${ref} (${late})`,
      blocks: [
        { text: `Kính gửi: ${ctx.recipientName}` },
        {
          text:
            `Đến ${formatViDateTime(ctx.now)}, ${unit.name} (mã ${unit.unitId}) chưa báo cáo kết quả thực hiện ${citation(d, language)}. ` +
            `Hạn chót là ${due}; đơn vị đã ${late}.`,
        },
        ...(merged
          ? [
              {
                text: `Thư này thay cho các ${steps} của việc báo cáo quá hạn lên cấp trên: các bước ấy cùng gửi đến ${ctx.recipientName} nên chỉ gửi một thư.`,
              },
            ]
          : []),
        { text: `Liên hệ của đơn vị: ${unit.email}` },
        { text: `Đề nghị ${ctx.recipientName} đôn đốc, kiểm tra, chỉ đạo ${unit.name} hoàn thành và báo cáo kết quả.` },
        { label: 'Theo dõi các đơn vị trực thuộc còn nợ báo cáo', url: ctx.inboxLink },
        { text: `Đường dẫn trên dành riêng cho ${ctx.recipientName}; đề nghị không chuyển tiếp. Trân trọng.` },
      ],
    };
  }
  const late = overdue > 0 ? `overdue by ${overdue} day${overdue === 1 ? '' : 's'}` : 'overdue since earlier today';
  return {
    subject: `Overdue${steps ? ` (${steps})` : ''}: ${unit.name} has not reported on ${ref} (${late})`,
    blocks: [
      { text: `To: ${ctx.recipientName}` },
      {
        text:
          `As of ${formatEnDateTime(ctx.now)}, ${unit.name} (unit ${unit.unitId}) has not reported its results under ${citation(d, language)}. ` +
          `The deadline was ${due}; the unit is ${late}.`,
      },
      ...(merged ? [{ text: `This message stands for escalation ${steps}: those steps all go to ${ctx.recipientName}, so they come as one message.` }] : []),
      { text: `Unit contact: ${unit.email}` },
      { text: `${ctx.recipientName} is requested to follow up with ${unit.name} and see that it completes and reports.` },
      { label: 'Follow the units below you that still owe a report', url: ctx.inboxLink },
      { text: `This link is for ${ctx.recipientName} only; please do not forward it. Respectfully.` },
    ],
  };
}

/** "Lý do: …" when the change came with one. */
function reasonBlocks(ctx: EmailContext, language: EmailLanguage): Block[] {
  return ctx.reason ? [{ text: `${language === 'vi' ? 'Lý do' : 'Reason'}: ${ctx.reason}` }] : [];
}

function extensionDraft(ctx: EmailContext, language: EmailLanguage): Draft {
  const { directive: d, unit } = ctx;
  const ref = `${documentKindName(d.code, language)} ${language === 'vi' ? 'số ' : 'No. '}${d.code}`;
  const due = deadlineText(ctx.deadline, language);
  if (language === 'vi') {
    return {
      subject: `Gia hạn báo cáo ${ref}: hạn mới ${shortDeadline(ctx.deadline, language)}`,
      blocks: [
        { text: `Kính gửi: ${ctx.recipientName}` },
        { text: `Hạn báo cáo kết quả thực hiện ${citation(d, language)} của ${unit.name} được gia hạn đến ${due}.` },
        ...reasonBlocks(ctx, language),
        ...reportBlock(ctx, language),
        unitInboxBlock(ctx, language),
        { text: 'Trân trọng.' },
      ],
    };
  }
  return {
    subject: `${ref}: report deadline extended to ${shortDeadline(ctx.deadline, language)}`,
    blocks: [
      { text: `To: ${ctx.recipientName}` },
      { text: `The deadline for ${unit.name} to report under ${citation(d, language)} has been extended to ${due}.` },
      ...reasonBlocks(ctx, language),
      ...reportBlock(ctx, language),
      unitInboxBlock(ctx, language),
      { text: 'Respectfully.' },
    ],
  };
}

function exemptionDraft(ctx: EmailContext, language: EmailLanguage): Draft {
  const { directive: d, unit } = ctx;
  const ref = `${documentKindName(d.code, language)} ${language === 'vi' ? 'số ' : 'No. '}${d.code}`;
  if (language === 'vi') {
    return {
      subject: `Miễn báo cáo ${ref}: ${unit.name}`,
      blocks: [
        { text: `Kính gửi: ${ctx.recipientName}` },
        { text: `${unit.name} được miễn thực hiện và báo cáo kết quả theo ${citation(d, language)}; đơn vị không cần báo cáo và sẽ không nhận thư đôn đốc.` },
        ...reasonBlocks(ctx, language),
        unitInboxBlock(ctx, language),
        { text: 'Trân trọng.' },
      ],
    };
  }
  return {
    subject: `${ref}: ${unit.name} exempted from reporting`,
    blocks: [
      { text: `To: ${ctx.recipientName}` },
      { text: `${unit.name} is exempted from implementing and reporting under ${citation(d, language)}; it need not report and will get no reminders.` },
      ...reasonBlocks(ctx, language),
      unitInboxBlock(ctx, language),
      { text: 'Respectfully.' },
    ],
  };
}

function withdrawalDraft(ctx: EmailContext, language: EmailLanguage): Draft {
  const { directive: d, unit } = ctx;
  const ref = `${documentKindName(d.code, language)} ${language === 'vi' ? 'số ' : 'No. '}${d.code}`;
  if (language === 'vi') {
    return {
      subject: `Thu hồi ${ref}: không phải báo cáo`,
      blocks: [
        { text: `Kính gửi: ${ctx.recipientName}` },
        { text: `${citation(d, language)} đã được thu hồi; ${unit.name} không phải tiếp tục thực hiện và báo cáo kết quả.` },
        ...reasonBlocks(ctx, language),
        unitInboxBlock(ctx, language),
        { text: 'Trân trọng.' },
      ],
    };
  }
  return {
    subject: `${ref} withdrawn: no report is due`,
    blocks: [
      { text: `To: ${ctx.recipientName}` },
      { text: `${citation(d, language)} has been withdrawn; ${unit.name} need not continue or report its results.` },
      ...reasonBlocks(ctx, language),
      unitInboxBlock(ctx, language),
      { text: 'Respectfully.' },
    ],
  };
}

const DRAFTS: Record<EmailKind, (ctx: EmailContext, language: EmailLanguage) => Draft> = {
  notice: noticeDraft,
  reminder: reminderDraft,
  escalation: escalationDraft,
  'extension-notice': extensionDraft,
  'exemption-notice': exemptionDraft,
  'withdrawal-notice': withdrawalDraft,
};

function toText(blocks: readonly Block[]): string {
  return `${blocks.map((b) => ('text' in b ? b.text : `${b.label}:\n${b.url}`)).join('\n\n')}\n`;
}

function toHtml(blocks: readonly Block[], language: EmailLanguage): string {
  const body = blocks
    .map((b) => ('text' in b ? `<p>${escapeHtml(b.text)}</p>` : `<p>${escapeHtml(b.label)}: <a href="${escapeHtml(b.url)}">${escapeHtml(b.url)}</a></p>`))
    .join('\n');
  return `<!doctype html>\n<html lang="${language}"><head><meta charset="utf-8"></head><body>\n${body}\n</body></html>\n`;
}

/** Renders one email; every value is escaped in the HTML, and the subject is kept to one line. */
export function renderEmail(kind: EmailKind, ctx: EmailContext, language: EmailLanguage = 'vi'): RenderedEmail {
  const draft = DRAFTS[kind](ctx, language);
  // A header must never carry CR/LF (header injection); any control character becomes a space.
  const subject = draft.subject
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  return { subject, text: toText(draft.blocks), html: toHtml(draft.blocks, language) };
}
