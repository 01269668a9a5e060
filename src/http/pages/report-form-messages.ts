/**
 * What the report form says about a refused report, per field, in the page's language. The
 * shared rules word their issues in English for the API and the CLI, with a stable rule code; a
 * unit secretary reading the Vietnamese form needs a Vietnamese sentence that says what is wrong
 * with what they typed and what to do, and no code. The sentence is built from the rule, the
 * field and the value posted, so it never drifts from what the rules decided.
 */
import { DOCUMENT_NUMBER_FORMS } from '../../domain/directive/document-number';
import { MAX_WHOLE_NUMBER } from '../../domain/text/fields';
import { formatEnNumber, formatViNumber } from '../../domain/text/numbers';
import { fieldLabel, type Lang } from './i18n';
import type { FormIssue } from './report-form';

/** How the form holds a field, which decides what "not valid" can mean for it. */
export interface FormFieldShape {
  kind: 'date' | 'count' | 'text' | 'notes';
  /** Longest text the field takes. */
  max?: number;
}

/** A conflict the form shows above its fields (the unit's state refused the report), by the client's error code. */
const CONFLICTS: Record<string, Record<Lang, string>> = {
  'already-reported': {
    vi: 'Đơn vị đã báo cáo trước đó, nên báo cáo này không được ghi nhận lần nữa. Biểu mẫu dưới đây dùng để đính chính báo cáo đã gửi.',
    en: 'The unit had already reported, so this report was not recorded again. The form below corrects the report already sent.',
  },
  'not-reported': {
    vi: 'Đơn vị chưa có báo cáo để đính chính. Hãy gửi báo cáo bằng biểu mẫu dưới đây.',
    en: 'The unit has no report to correct yet. Send the report with the form below.',
  },
  withdrawn: { vi: 'Văn bản đã được thu hồi; không ghi nhận thêm báo cáo.', en: 'The directive was withdrawn; no more reports are recorded.' },
  closed: { vi: 'Đơn vị đã được miễn hoặc đã hoàn thành; không ghi nhận thêm báo cáo.', en: 'The unit is exempted or finished; no more reports are recorded.' },
};

/** The form-level sentence for a conflict code; the client's own (English) message when the code is not one the form knows. */
export function conflictText(code: string, message: string, lang: Lang): string {
  return CONFLICTS[code]?.[lang] ?? message;
}

function quoted(value: string): string {
  return `“${value.length > 40 ? `${value.slice(0, 40)}…` : value}”`;
}

/** Why a field's value broke the generic schema rule: missing, not a count, too large, too long, not one line. */
function schemaText(label: string, value: string, shape: FormFieldShape | undefined, lang: Lang): string | null {
  const vi = lang === 'vi';
  if (value.trim() === '') return vi ? `Chưa nhập ${label.toLocaleLowerCase('vi')}; ô này bắt buộc.` : `${label} is required.`;
  if (shape?.kind === 'count') {
    if (/^\d+$/.test(value.trim()) && Number(value.trim()) > MAX_WHOLE_NUMBER) {
      return vi
        ? `${label} ${quoted(value.trim())} quá lớn: tối đa ${formatViNumber(MAX_WHOLE_NUMBER)}; kiểm tra lại số.`
        : `${label} ${quoted(value.trim())} is too large: at most ${formatEnNumber(MAX_WHOLE_NUMBER)}; check the number.`;
    }
    return vi
      ? `${label} phải là số nguyên từ 0 trở lên (không có dấu chấm, phẩy), không phải ${quoted(value)}.`
      : `${label} must be a whole number, 0 or more (no dots or commas), not ${quoted(value)}.`;
  }
  if (shape?.max !== undefined && value.trim().length > shape.max) {
    const n = value.trim().length;
    return vi
      ? `${label} dài ${formatViNumber(n)} ký tự, quá ${formatViNumber(shape.max)} ký tự cho phép; hãy rút gọn.`
      : `${label} is ${formatEnNumber(n)} characters long, more than the ${formatEnNumber(shape.max)} allowed; shorten it.`;
  }
  if (shape?.kind === 'text' && /\p{Cc}/u.test(value)) {
    return vi ? `${label} phải viết trên một dòng, không xuống dòng hay dùng phím Tab.` : `${label} must be on one line, without line breaks or tabs.`;
  }
  return null;
}

/**
 * The sentence for one issue of one field, in `lang`, naming the field by its label and quoting
 * what was typed; `values` are the posted fields (for the rules that compare two of them).
 */
export function issueText(issue: FormIssue, lang: Lang, values: Record<string, string | undefined>, shape?: FormFieldShape): string {
  const vi = lang === 'vi';
  const label = fieldLabel(issue.path, lang);
  const value = values[issue.path] ?? '';
  const other = (field: string) => `${fieldLabel(field, lang).toLocaleLowerCase(lang)} (${values[field]?.trim() ?? ''})`;
  switch (issue.rule) {
    case 'attendees-exceed-members':
      return vi
        ? `${label} (${value.trim()}) lớn hơn ${other('members')}; sửa lại một trong hai số.`
        : `${label} (${value.trim()}) is more than ${other('members')}; correct one of the two.`;
    case 'essays-exceed-expected':
      return vi
        ? `${label} (${value.trim()}) lớn hơn ${other('essaysExpected')}; sửa lại một trong hai số.`
        : `${label} (${value.trim()}) is more than ${other('essaysExpected')}; correct one of the two.`;
    case 'date':
      return vi
        ? `${label} ${quoted(value)} không phải là ngày có thật; nhập theo dạng ngày/tháng/năm, ví dụ 22/11/2026.`
        : `${label} ${quoted(value)} is not a real date; write it as day/month/year, e.g. 22/11/2026.`;
    case 'date-in-future':
      return vi ? `${label} ${quoted(value)} ở sau hôm nay; nhập ngày đã diễn ra.` : `${label} ${quoted(value)} is after today; enter a day that has passed.`;
    case 'date-before-directive':
      return vi
        ? `${label} ${quoted(value)} ở trước ngày ban hành văn bản cần thực hiện; kiểm tra lại ngày.`
        : `${label} ${quoted(value)} is before the directive was issued; check the date.`;
    case 'document-number':
      return vi
        ? `${label} ${quoted(value)} không đúng dạng số hiệu văn bản; viết số-LOẠI/CƠ QUAN, ví dụ ${DOCUMENT_NUMBER_FORMS}.`
        : `${label} ${quoted(value)} is not a document number; write number-TYPE/ISSUER, e.g. ${DOCUMENT_NUMBER_FORMS}.`;
    case 'unstorable-character':
      return vi
        ? `${label} có một ký tự không lưu được (ký tự rỗng hoặc ký tự hỏng khi sao chép); xoá ký tự đó hoặc gõ lại.`
        : `${label} holds a character that cannot be stored (a NUL or a character broken in copying); delete it or type the text again.`;
    case 'attachment-size':
      return vi
        ? `${label} lớn hơn 20 MB, mức tối đa; báo cáo và tệp chưa được ghi nhận. Hãy gửi tệp nhỏ hơn (quét với độ phân giải thấp hơn, hoặc tách tệp).`
        : `${label} is larger than 20 MB, the most allowed; neither the report nor the file was recorded. Send a smaller file (scan at a lower resolution, or split it).`;
    case 'attachment-type':
      return vi
        ? `${label} phải là tệp PDF, DOCX, PNG hoặc JPEG (xét theo nội dung tệp, không theo tên); báo cáo và tệp chưa được ghi nhận.`
        : `${label} must be a PDF, DOCX, PNG or JPEG file (judged from its content, not its name); neither the report nor the file was recorded.`;
    case 'attachment-empty':
      return vi ? `${label} rỗng; hãy chọn đúng tệp kế hoạch hoặc biên bản.` : `${label} is empty; choose the plan or minutes themselves.`;
    case 'unknown-field':
      return vi ? `Ô ${quoted(issue.path)} không có trong biểu mẫu.` : `${quoted(issue.path)} is not a field of the form.`;
    case 'schema':
      return schemaText(label, value, shape, lang) ?? (vi ? `${label}: giá trị ${quoted(value)} không hợp lệ; kiểm tra lại.` : issue.message);
    default:
      return vi ? `${label}: giá trị ${quoted(value)} không hợp lệ; kiểm tra lại.` : issue.message;
  }
}
