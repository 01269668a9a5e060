/** Every word the pages show, in Vietnamese (default) and English, and numbers and dates the way each language writes them. */
import { ATTACHMENT_KINDS } from '../../domain/attachment/file-kind';
import { formatEnFraction, formatEnNumber, formatEnRate, formatViFraction, formatViNumber, formatViRate } from '../../domain/text/numbers';
import { formatEnDate, formatEnDateTime, formatViDate, formatViDateTime } from '../../domain/time/time';
import { levelWords, type LevelDefinition } from '../../domain/org/levels';
import { unitStatusLabel, unitStatusLabels } from '../../domain/report/status-labels';
import type { TrackStatus } from '../../domain/track/unit-track';

/** The page languages. */
export type Lang = 'vi' | 'en';

/** `?lang=en` picks English; anything else is Vietnamese. */
export function langOf(query: unknown): Lang {
  return (query as { lang?: unknown } | undefined)?.lang === 'en' ? 'en' : 'vi';
}

const vi = {
  appName: 'Theo dõi triển khai chỉ thị',
  otherLang: 'English',
  directives: 'Các chỉ thị',
  noDirectives: 'Chưa có chỉ thị nào bạn được theo dõi.',
  directive: 'Chỉ thị',
  launchedAt: 'Khởi chạy theo dõi',
  issuer: 'Cơ quan ban hành',
  issuedOn: 'ngày ban hành',
  statusActive: 'Đang triển khai',
  statusWithdrawn: 'Đã thu hồi',
  printable: 'Báo cáo kết quả (bản in)',
  exportCsv: 'Xuất CSV',
  reportDocx: 'Tải báo cáo (Word)',
  reportPdf: 'Tải báo cáo (PDF)',
  exportXlsx: 'Xuất Excel',
  updatedAt: 'Cập nhật lúc',
  liveEvery: 'tự làm mới mỗi {n} giây',
  liveFailed: 'Mất kết nối, đang thử lại…',
  progressByLevel: 'Tiến độ theo cấp',
  progressOverTime: 'Tiến độ theo thời gian',
  progressOverTimeHelp:
    'Tỷ lệ đơn vị đã báo cáo hoàn thành của từng cấp theo ngày (giờ Việt Nam); vạch đỏ là hạn của cấp. Dựng lại từ nhật ký, chậm nhất một phút, cập nhật khi tải lại trang.',
  progressUnavailable: 'Không dựng được biểu đồ: các đơn vị của chỉ thị đã được hợp nhất hoặc chia tách khi sắp xếp lại tổ chức.',
  progressData: 'Số liệu (JSON)',
  onTime: 'đúng hạn',
  late: 'muộn',
  overdue: 'quá hạn',
  pending: 'chưa báo cáo',
  exempted: 'được miễn',
  attendance: 'Đảng viên tham dự học tập',
  attendanceShort: 'Tham dự',
  essays: 'Bài thu hoạch',
  firstFinisher: 'Hoàn thành sớm nhất',
  overdueUnits: 'Đơn vị quá hạn',
  committeesBelow: 'Các đơn vị trực thuộc',
  unitsHeld: 'Chi bộ, đảng bộ cơ sở trực thuộc',
  overdueList: 'Danh sách đơn vị quá hạn chưa báo cáo',
  membersMismatchList: 'Đơn vị báo cáo số đảng viên khác danh bạ',
  membersMismatchHelp: 'Vẫn được tính theo số báo cáo; số trong danh bạ ghi bên cạnh để đối chiếu.',
  quarantinedNotice: '{n} bản ghi nhật ký bị cơ sở dữ liệu từ chối đã được cách ly; số liệu chưa gồm các bản ghi này.',
  quarantinedLink: 'Xem danh sách cách ly',
  directoryMembers: 'Số đảng viên theo danh bạ',
  reportedMembers: 'báo cáo',
  none: 'Không có.',
  andMore: 'và {n} đơn vị khác (xem tệp CSV)',
  unit: 'Đơn vị',
  status: 'Trạng thái',
  deadline: 'Hạn',
  completed: 'Hoàn thành',
  progress: 'Tiến độ',
  thisCommittee: 'Bản thân đơn vị',
  viewUnit: 'Xem chi tiết',
  receivedAt: 'Nhận chỉ thị',
  extendedTo: 'Gia hạn đến',
  acknowledgedAt: 'Xác nhận đã nhận',
  completedAt: 'Hoàn thành lúc',
  exemptedAt: 'Được miễn lúc',
  withdrawnAt: 'Thu hồi lúc',
  corrections: 'Số lần đính chính',
  report: 'Báo cáo kết quả',
  planIssued: 'Kế hoạch của đơn vị',
  noReport: 'Đơn vị chưa báo cáo kết quả.',
  timeline: 'Diễn biến',
  noTimeline: 'Chưa có sự kiện nào.',
  by: 'bởi',
  step: 'lần',
  to: 'gửi',
  upTo: 'Lên cấp trên',
  signInTitle: 'Cần đăng nhập',
  tooManyTitle: 'Quá nhiều yêu cầu',
  tooLargeTitle: 'Nội dung quá lớn',
  signInHelp: 'Đăng nhập tại /sign-in bằng email Văn phòng đã đăng ký cho bạn, hoặc mở đường dẫn có mã truy cập (…/dashboard?token=…) do Văn phòng cấp.',
  forbiddenTitle: 'Không có quyền truy cập',
  notFoundTitle: 'Không tìm thấy',
  conflictTitle: 'Không thể thực hiện',
  invalidTitle: 'Dữ liệu không hợp lệ',
  errorTitle: 'Lỗi hệ thống',
  linkInvalidTitle: 'Liên kết báo cáo không hợp lệ hoặc đã hết hạn',
  linkInvalidHelp: 'Hãy dùng đúng đường dẫn trong thư thông báo mới nhất, hoặc liên hệ cấp ủy cấp trên để được cấp lại.',
  formTitle: 'Báo cáo kết quả thực hiện {kind} số {code}',
  formIntro: 'Đơn vị {unit} báo cáo kết quả tổ chức nghiên cứu, học tập, quán triệt. Hạn báo cáo: {deadline}.',
  correctionIntro: 'Đơn vị đã báo cáo lúc {at}. Gửi lại biểu mẫu dưới đây để đính chính báo cáo.',
  formErrors: 'Báo cáo chưa được ghi nhận. Hãy sửa các ô được đánh dấu.',
  submit: 'Gửi báo cáo',
  submitCorrection: 'Gửi đính chính',
  required: 'bắt buộc',
  confirmTitle: 'Đã ghi nhận báo cáo',
  confirmBody: 'Báo cáo của {unit} đã được ghi nhận lúc {at}. Trạng thái: {status}.',
  correctAgain: 'Đính chính báo cáo',
  closedTitle: '{kind} đã được thu hồi',
  closedBody: '{kind} số {code} đã được thu hồi; đơn vị không cần báo cáo thêm.',
  exemptedTitle: 'Đơn vị được miễn',
  exemptedBody: 'Đơn vị đã được miễn thực hiện chỉ thị này.',
  hintAttendees: 'Số tham dự không được lớn hơn tổng số đảng viên.',
  hintEssays: 'Số bài đã nộp không được lớn hơn số bài phải nộp.',
  inboxEyebrow: 'Nhiệm vụ của đơn vị',
  inboxOwes: 'Còn {n} báo cáo phải nộp.',
  inboxNothingOwed: 'Không còn báo cáo nào phải nộp.',
  inboxEmpty: 'Đơn vị chưa nhận chỉ thị nào.',
  reportDue: 'Hạn báo cáo',
  reportedAt: 'Đã báo cáo lúc',
  reportButton: 'Báo cáo',
  correctButton: 'Đính chính',
  issuerLine: 'Đơn vị ban hành; theo dõi các đơn vị trực thuộc.',
  owingBelow: 'Đơn vị trực thuộc còn nợ báo cáo',
  owingMore: 'và {n} đơn vị khác',
  contact: 'Liên hệ',
  asOfLabel: 'Xem tại thời điểm',
  asOfHint: 'dd/mm/yyyy HH:mm (giờ Việt Nam)',
  asOfShow: 'Xem',
  asOfLive: 'Về trạng thái hiện tại',
  asOfBanner: 'Trạng thái tại {at} (giờ Việt Nam), dựng lại từ nhật ký; trang này không tự làm mới.',
};

/** The strings of one language. */
export type Strings = typeof vi;

const en: Strings = {
  appName: 'Directive tracking',
  otherLang: 'Tiếng Việt',
  directives: 'Directives',
  noDirectives: 'No directive you supervise yet.',
  directive: 'Directive',
  launchedAt: 'Launched',
  issuer: 'Issued by',
  issuedOn: 'on',
  statusActive: 'In progress',
  statusWithdrawn: 'Withdrawn',
  printable: 'Results report (printable)',
  exportCsv: 'Export CSV',
  reportDocx: 'Download report (Word)',
  reportPdf: 'Download report (PDF)',
  exportXlsx: 'Export Excel',
  updatedAt: 'Updated',
  liveEvery: 'refreshes every {n} s',
  liveFailed: 'Connection lost, retrying…',
  progressByLevel: 'Progress by level',
  progressOverTime: 'Progress over time',
  progressOverTimeHelp:
    'Share of each level’s units that have reported, by date (Vietnam time); the red marks are the levels’ deadlines. Rebuilt from the audit trail, at most a minute old, updated when the page is reloaded.',
  progressUnavailable: 'No chart: the directive’s units were merged or split by a reorganisation.',
  progressData: 'Data (JSON)',
  onTime: 'on time',
  late: 'late',
  overdue: 'overdue',
  pending: 'not yet reported',
  exempted: 'exempted',
  attendance: 'Members who attended',
  attendanceShort: 'Attendance',
  essays: 'Study essays',
  firstFinisher: 'First to finish',
  overdueUnits: 'Overdue units',
  committeesBelow: 'Committees below',
  unitsHeld: 'Party cells and grassroots units below',
  overdueList: 'Overdue units that have not reported',
  membersMismatchList: 'Units whose reported members differ from the directory',
  membersMismatchHelp: 'Counted as reported; the directory’s count is shown beside it for checking.',
  quarantinedNotice: '{n} journal entries that the database refused are in quarantine; the figures do not include them.',
  quarantinedLink: 'See the quarantine',
  directoryMembers: 'Members in the directory',
  reportedMembers: 'reported',
  none: 'None.',
  andMore: 'and {n} more (see the CSV export)',
  unit: 'Unit',
  status: 'Status',
  deadline: 'Deadline',
  completed: 'Done',
  progress: 'Progress',
  thisCommittee: 'The committee itself',
  viewUnit: 'Details',
  receivedAt: 'Received',
  extendedTo: 'Extended to',
  acknowledgedAt: 'Acknowledged',
  completedAt: 'Completed',
  exemptedAt: 'Exempted',
  withdrawnAt: 'Withdrawn',
  corrections: 'Corrections',
  report: 'Completion report',
  planIssued: 'Plan issued',
  noReport: 'The unit has not reported yet.',
  timeline: 'Timeline',
  noTimeline: 'Nothing has happened yet.',
  by: 'by',
  step: 'step',
  to: 'to',
  upTo: 'Up',
  signInTitle: 'Sign-in needed',
  tooManyTitle: 'Too many requests',
  tooLargeTitle: 'Request too large',
  signInHelp: 'Sign in at /sign-in with the email the secretariat registered for you, or open the link carrying your access token (…/dashboard?token=…).',
  forbiddenTitle: 'Access denied',
  notFoundTitle: 'Not found',
  conflictTitle: 'Not possible',
  invalidTitle: 'Invalid input',
  errorTitle: 'Server error',
  linkInvalidTitle: 'The report link is invalid or has expired',
  linkInvalidHelp: 'Use the link in the latest notice email, or ask your superior committee for a new one.',
  formTitle: 'Results report on {kind} {code}',
  formIntro: '{unit} reports on its study conference. Deadline: {deadline}.',
  correctionIntro: 'The unit reported on {at}. Submit the form again to correct the report.',
  formErrors: 'The report was not recorded. Fix the fields marked below.',
  submit: 'Submit report',
  submitCorrection: 'Submit correction',
  required: 'required',
  confirmTitle: 'Report recorded',
  confirmBody: 'The report of {unit} was recorded on {at}. Status: {status}.',
  correctAgain: 'Correct the report',
  closedTitle: '{kind} withdrawn',
  closedBody: '{kind} {code} was withdrawn; nothing more needs reporting.',
  exemptedTitle: 'Unit exempted',
  exemptedBody: 'The unit is exempted from this directive.',
  hintAttendees: 'Attendees cannot exceed members.',
  hintEssays: 'Essays submitted cannot exceed essays expected.',
  inboxEyebrow: 'Unit inbox',
  inboxOwes: 'Reports still owed: {n}.',
  inboxNothingOwed: 'Nothing left to report.',
  inboxEmpty: 'The unit has not received any directive yet.',
  reportDue: 'Report due',
  reportedAt: 'Reported',
  reportButton: 'Report',
  correctButton: 'Correct',
  issuerLine: 'Issued by this unit; it follows the units below.',
  owingBelow: 'Units below that still owe a report',
  owingMore: 'and {n} more',
  contact: 'Contact',
  asOfLabel: 'As of',
  asOfHint: 'dd/mm/yyyy HH:mm (Vietnam time)',
  asOfShow: 'Show',
  asOfLive: 'Back to now',
  asOfBanner: 'The state at {at} (Vietnam time), rebuilt from the audit trail; this page does not refresh.',
};

/** The strings of a language. */
export function strings(lang: Lang): Strings {
  return lang === 'en' ? en : vi;
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => (key in values ? String(values[key]) : m));
}

/** A unit status in words. */
export function statusLabel(status: TrackStatus, lang: Lang): string {
  return unitStatusLabel(status, lang);
}

/** All status labels of a language (for the live-refresh script). */
export function statusLabels(lang: Lang): Record<TrackStatus, string> {
  return unitStatusLabels(lang);
}

/**
 * A level's words from the directive's own levels: its label, or `short` for table cells ("Huyện
 * 1/3"). Levels are data, so a name they do not define shows as itself.
 */
export function levelLabel(levels: readonly LevelDefinition[], level: string, lang: Lang, short = false): string {
  return levelWords(levels, level, lang, short ? 'short' : 'label');
}

const EVENTS: Record<string, Record<Lang, string>> = {
  launch: { vi: 'Ban hành chỉ thị', en: 'Directive launched' },
  received: { vi: 'Nhận chỉ thị', en: 'Received' },
  notice: { vi: 'Gửi thư thông báo', en: 'Notice emailed' },
  acknowledged: { vi: 'Xác nhận đã nhận', en: 'Acknowledged' },
  reminder: { vi: 'Đôn đốc', en: 'Reminded' },
  escalation: { vi: 'Quá hạn, báo cáo lên cấp trên', en: 'Overdue, escalated' },
  report: { vi: 'Báo cáo kết quả', en: 'Reported' },
  correction: { vi: 'Đính chính báo cáo', en: 'Report corrected' },
  extension: { vi: 'Gia hạn', en: 'Deadline extended' },
  exemption: { vi: 'Miễn thực hiện', en: 'Exempted' },
  withdrawal: { vi: 'Thu hồi chỉ thị', en: 'Directive withdrawn' },
  'email-failed': { vi: 'Gửi thư không thành công', en: 'Email could not be delivered' },
  'email-skipped': { vi: 'Không gửi thư nhắc vì đơn vị đã hoàn thành', en: 'Reminder not sent: the unit had already finished' },
  moved: { vi: 'Chuyển sang cấp ủy cấp trên mới (sắp xếp tổ chức)', en: 'Moved under a new committee (reorganisation)' },
  merged: { vi: 'Hợp nhất đơn vị (sắp xếp tổ chức)', en: 'Units merged (reorganisation)' },
  split: { vi: 'Tách từ đơn vị cũ (sắp xếp tổ chức)', en: 'Split from a former unit (reorganisation)' },
  renamed: { vi: 'Đổi tên hoặc số liệu đơn vị (sắp xếp tổ chức)', en: 'Renamed or figures changed (reorganisation)' },
  removed: { vi: 'Thôi theo dõi: đơn vị giải thể, hợp nhất hoặc chia tách', en: 'No longer tracked: unit dissolved, merged or split' },
  'extension-notice': { vi: 'Gửi thư báo gia hạn', en: 'Extension emailed' },
  'exemption-notice': { vi: 'Gửi thư báo miễn thực hiện', en: 'Exemption emailed' },
  'withdrawal-notice': { vi: 'Gửi thư báo thu hồi chỉ thị', en: 'Withdrawal emailed' },
  attachment: { vi: 'Đính kèm tệp vào báo cáo', en: 'File attached to the report' },
  calendar: { vi: 'Áp dụng lịch làm việc mới (ngày nghỉ lễ, ngày làm bù)', en: 'New working calendar applied (holidays, swapped days)' },
  'scheduled-reminder': { vi: 'Đôn đốc (dự kiến, 08:00 ngày làm việc)', en: 'Reminder (scheduled, 08:00 on a working day)' },
  'scheduled-escalation': { vi: 'Báo cáo lên cấp trên nếu chưa hoàn thành (dự kiến)', en: 'Escalation if still not done (scheduled)' },
};

/** The words around an attached file in a timeline. */
export function attachmentWords(lang: Lang): { download: string; replaced: string; kinds: Record<string, string> } {
  const kinds = Object.fromEntries(Object.values(ATTACHMENT_KINDS).map((k) => [k.contentType, k.label]));
  return lang === 'vi'
    ? { download: 'Tải về', replaced: 'đã được thay bằng tệp sau', kinds }
    : { download: 'Download', replaced: 'replaced by a later file', kinds };
}

/** Every timeline event kind in words, for the live-refresh script. */
export function eventLabels(lang: Lang): Record<string, string> {
  return Object.fromEntries(Object.entries(EVENTS).map(([kind, label]) => [kind, label[lang]]));
}

/** A timeline event kind in words. */
export function eventLabel(kind: string, lang: Lang): string {
  return EVENTS[kind]?.[lang] ?? kind;
}

const FIELDS: Record<string, Record<Lang, string>> = {
  conferenceDate: { vi: 'Ngày tổ chức hội nghị', en: 'Conference date' },
  attendees: { vi: 'Số đảng viên tham dự', en: 'Members who attended' },
  members: { vi: 'Tổng số đảng viên', en: 'Members' },
  essaysSubmitted: { vi: 'Số bài thu hoạch đã nộp', en: 'Essays submitted' },
  essaysExpected: { vi: 'Số bài thu hoạch phải nộp', en: 'Essays expected' },
  documentNumber: { vi: 'Số hiệu kế hoạch của đơn vị', en: 'Number of your plan' },
  documentDate: { vi: 'Ngày ban hành kế hoạch', en: 'Date of your plan' },
  notes: { vi: 'Ghi chú', en: 'Notes' },
  reportedBy: { vi: 'Người báo cáo', en: 'Reported by' },
  file: { vi: 'Tệp đính kèm (kế hoạch, biên bản)', en: 'Attachment (plan, minutes)' },
};

/** A report field's label. */
export function fieldLabel(field: string, lang: Lang): string {
  return FIELDS[field]?.[lang] ?? field;
}

/** Numbers, rates, fractions and dates as the language writes them: `4.285/4.478`, `95,69%`, `30/6/2021`. */
export interface Formatter {
  number(n: number): string;
  rate(r: number | null): string;
  fraction(done: number, expected: number): string;
  date(at: string): string;
  dateTime(at: string): string;
}

/** The formatter of a language. */
export function formatter(lang: Lang): Formatter {
  return lang === 'en'
    ? { number: (n) => formatEnNumber(n), rate: formatEnRate, fraction: formatEnFraction, date: formatEnDate, dateTime: formatEnDateTime }
    : { number: (n) => formatViNumber(n), rate: formatViRate, fraction: formatViFraction, date: formatViDate, dateTime: formatViDateTime };
}
