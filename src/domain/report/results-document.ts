/**
 * The results report laid out as a Party document (Hướng dẫn 36-HD/VPTW): the header block (the
 * issuing committee over "*" and the number on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" with the place
 * and date on the right), "BÁO CÁO" and its subject, the narrative, a table of the levels, the
 * progress chart, the signature block and "Nơi nhận". Pure: the words come from
 * resultsReportBlocks (one source of text for every format); the renderers in src/render/ only
 * draw this model as DOCX or PDF.
 */
import { levelWords } from '../org/levels';
import { formatViNumber, formatEnNumber, formatViRate, formatEnRate, rate } from '../text/numbers';
import { singleLineText } from '../text/fields';
import { vnIsoDate } from '../time/time';
import { resultsReportBlocks, type ReportBlock, type ResultsReportInput } from './results-report';

/** A table of figures: its caption, column headings and rows of text already written the language's way. */
export interface DocumentTable {
  caption: string;
  columns: string[];
  /** Columns holding figures (drawn right-aligned). */
  numeric: boolean[];
  rows: string[][];
}

/** Everything a Party-format results report shows, in the order it shows it. */
export interface ResultsDocument {
  lang: 'vi' | 'en';
  /** The issuing committee's name in capitals, top left. */
  committee: string;
  /** "Số 12-BC/TU", or "Số" with a blank where the office writes the number by hand. */
  number: string;
  /** The national motto line, top right, underlined. */
  party: string;
  /** "Quảng Ninh, ngày 30 tháng 6 năm 2027", in italics under the party line. */
  placeAndDate: string;
  /** "BÁO CÁO". */
  title: string;
  subject: string;
  body: ReportBlock[];
  /** The figures by level, then (when the scope has committees under it) by committee. */
  tables: DocumentTable[];
  /** The progress chart as SVG, with its caption; null when the caller has none. */
  chart: { caption: string; svg: string } | null;
  /** Who signs: on whose behalf, the signer's position, and the name, or a placeholder (`signed` false) for the office to fill. */
  signature: { onBehalf: string; position: string; name: string; signed: boolean };
  recipients: { heading: string; lines: string[] };
  /** The plain title, for the file's properties. */
  documentTitle: string;
}

/** What the caller chooses: the report number (left blank for the office when absent), the signer and the chart. */
export interface ResultsDocumentOptions {
  lang?: 'vi' | 'en';
  /** A document number such as `12-BC/TU`, already checked by documentNumberField. */
  number?: string;
  /** Who signs (each part checked by signerField): the name under the signature and the position over it ("Phó Bí thư"); placeholders where absent. */
  signer?: Signer;
  /** The progress chart as SVG (see src/render/progress-chart.ts). */
  chartSvg?: string | null;
}

// A committee's name starts with its kind; the kind gives the issuer letters of its document
// numbers (Tỉnh ủy → TU) and what follows is the place the document is dated at.
const COMMITTEE_KINDS: ReadonlyArray<readonly [prefix: string, letters: string]> = [
  ['tỉnh ủy', 'TU'],
  ['thành ủy', 'TU'],
  ['thị ủy', 'TU'],
  ['huyện ủy', 'HU'],
  ['quận ủy', 'QU'],
  ['đảng ủy', 'ĐU'],
  ['chi bộ', 'CB'],
];

/** Blank width left for the number the office writes in by hand. */
const BLANK_NUMBER = '\u00a0'.repeat(6);

/** The committee's kind letters and place, read from its name ("Tỉnh ủy Quảng Ninh" → TU, Quảng Ninh). */
export function committeeNameParts(name: string): { letters: string | null; place: string } {
  // "uỷ" (older accent placement) and "ủy" are the same word.
  const folded = name.normalize('NFC').replace(/uỷ/g, 'ủy').replace(/Uỷ/g, 'Ủy');
  const lower = folded.toLocaleLowerCase('vi');
  for (const [prefix, letters] of COMMITTEE_KINDS) {
    if (lower.startsWith(`${prefix} `)) return { letters, place: folded.slice(prefix.length + 1).trim() };
  }
  return { letters: null, place: folded.trim() };
}

/** "ngày 05 tháng 02 năm 2027": days below 10 and the months January and February take a leading zero, as Party and state documents write them. */
function viDateWords(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const dd = day < 10 ? `0${day}` : String(day);
  const mm = month < 3 ? `0${month}` : String(month);
  return `ngày ${dd} tháng ${mm} năm ${year}`;
}

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function enDateWords(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return `${day} ${EN_MONTHS[month - 1]} ${year}`;
}

function upperFirst(text: string): string {
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

/** The table of the levels: units expected, done, on time, late, overdue and the rate done. */
function levelTable(input: ResultsReportInput, lang: 'vi' | 'en'): DocumentTable {
  const vi = lang === 'vi';
  const n = vi ? formatViNumber : formatEnNumber;
  const pct = vi ? formatViRate : formatEnRate;
  return {
    caption: vi ? 'Kết quả theo cấp' : 'Results by level',
    columns: vi
      ? ['Cấp', 'Số đơn vị', 'Đã hoàn thành', 'Đúng hạn', 'Muộn', 'Quá hạn', 'Tỷ lệ hoàn thành']
      : ['Level', 'Units', 'Done', 'On time', 'Late', 'Overdue', 'Rate done'],
    numeric: [false, true, true, true, true, true, true],
    rows: input.rollup.levels
      .filter((l) => l.expected > 0)
      .map((l) => [
        upperFirst(levelWords(input.levels, l.level, lang, 'plural')),
        n(l.expected),
        n(l.done),
        n(l.onTime),
        n(l.late),
        n(l.overdue),
        pct(l.doneRate),
      ]),
  };
}

/**
 * The table of the committees directly under the scope: each one's units (its own and those under
 * it that are expected to report), how many are done and overdue, and the rate done; null when
 * the scope has none.
 */
function committeeTable(input: ResultsReportInput, lang: 'vi' | 'en'): DocumentTable | null {
  const committees = input.committees ?? [];
  if (committees.length === 0) return null;
  const vi = lang === 'vi';
  const n = vi ? formatViNumber : formatEnNumber;
  const pct = vi ? formatViRate : formatEnRate;
  return {
    caption: vi ? 'Kết quả theo đơn vị trực thuộc' : 'Results by committee',
    columns: vi ? ['Đơn vị', 'Số đơn vị', 'Đã hoàn thành', 'Quá hạn', 'Tỷ lệ hoàn thành'] : ['Committee', 'Units', 'Done', 'Overdue', 'Rate done'],
    numeric: [false, true, true, true, true],
    rows: committees.map((c) => {
      const sum = (key: 'expected' | 'done' | 'overdue') => c.rollup.levels.reduce((total, l) => total + l[key], 0);
      const [expected, done] = [sum('expected'), sum('done')];
      return [c.name, n(expected), n(done), n(sum('overdue')), pct(rate(done, expected))];
    }),
  };
}

/** A signer's name or position as the CLI and the API take it: one line of at most 100 characters. */
export function signerField(field: string) {
  return singleLineText(field, 100);
}

/** Who signs a results document; both parts optional (placeholders stand in). */
export interface Signer {
  name?: string;
  position?: string;
}

/** The signature block: the position in capitals as Party documents write it, the name as given. */
function signatureBlock(signer: Signer, lang: 'vi' | 'en'): ResultsDocument['signature'] {
  const vi = lang === 'vi';
  const position = signer.position?.toLocaleUpperCase(vi ? 'vi' : 'en') ?? (vi ? 'BÍ THƯ' : 'SECRETARY');
  const onBehalf = vi ? 'T/M BAN THƯỜNG VỤ' : 'ON BEHALF OF THE STANDING COMMITTEE';
  if (signer.name !== undefined) return { onBehalf, position, name: signer.name, signed: true };
  return { onBehalf, position, name: vi ? '(Ký, ghi rõ họ tên)' : '(Signature and full name)', signed: false };
}

/** The results report as a Party document; see the file comment. */
export function resultsDocument(input: ResultsReportInput, options: ResultsDocumentOptions = {}): ResultsDocument {
  const lang = options.lang ?? 'vi';
  const vi = lang === 'vi';
  const { title, subject, body } = resultsReportBlocks(input, lang);
  const { letters, place } = committeeNameParts(input.scope.name);
  const number = options.number ?? `${BLANK_NUMBER}-BC/${letters ?? BLANK_NUMBER}`;
  const date = vnIsoDate(input.asOf);
  return {
    lang,
    committee: input.scope.name.toLocaleUpperCase('vi'),
    number: vi ? `Số ${number}` : `No. ${number}`,
    party: vi ? 'ĐẢNG CỘNG SẢN VIỆT NAM' : 'COMMUNIST PARTY OF VIETNAM',
    placeAndDate: vi ? `${place}, ${viDateWords(date)}` : `${place}, ${enDateWords(date)}`,
    title: vi ? 'BÁO CÁO' : 'REPORT',
    subject,
    body,
    tables: [levelTable(input, lang), committeeTable(input, lang)].filter((t): t is DocumentTable => t !== null),
    chart: options.chartSvg ? { caption: vi ? 'Tiến độ hoàn thành theo cấp' : 'Progress by level', svg: options.chartSvg } : null,
    signature: signatureBlock(options.signer ?? {}, lang),
    recipients: {
      heading: vi ? 'Nơi nhận:' : 'Recipients:',
      lines: vi
        ? [`- ${input.directive.issuer} (để báo cáo),`, `- Lưu Văn phòng ${input.scope.name}.`]
        : [`- ${input.directive.issuer} (for report),`, `- Archive, Office of ${input.scope.name}.`],
    },
    documentTitle: title,
  };
}
