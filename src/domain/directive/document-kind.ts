/**
 * The kind of a party document ("loại văn bản"), read from the type letters of its number
 * (01-CT/TW → Chỉ thị, 10-NQ/TW → Nghị quyết). One home for it: the emails, the results report,
 * the dashboard and the report form all name a directive by its kind, so a resolution is never
 * called a directive in one place and a resolution in another.
 */
import { normaliseDocumentNumber } from './document-number';

/** A document kind in both languages. */
export interface DocumentKind {
  /** The type letters as the number writes them (`CT`, `QĐi`), or null when the number has none we know. */
  letters: string | null;
  vi: string;
  en: string;
}

/** Languages a kind is named in. */
export type DocumentKindLanguage = 'vi' | 'en';

// Party document types by the letters of their number (Hướng dẫn 36-HD/VPTW): QĐ is a decision,
// QĐi a regulation; CT a directive, CTr an action programme. Looked up case-insensitively.
const KINDS: ReadonlyArray<readonly [string, string, string]> = [
  ['CT', 'Chỉ thị', 'Directive'],
  ['NQ', 'Nghị quyết', 'Resolution'],
  ['HD', 'Hướng dẫn', 'Guidance'],
  ['KH', 'Kế hoạch', 'Plan'],
  ['QĐ', 'Quyết định', 'Decision'],
  ['QĐi', 'Quy định', 'Regulation'],
  ['QC', 'Quy chế', 'Rules'],
  ['CV', 'Công văn', 'Official letter'],
  ['TB', 'Thông báo', 'Notice'],
  ['KL', 'Kết luận', 'Conclusion'],
  ['CTr', 'Chương trình hành động', 'Action programme'],
];

const BY_LETTERS = new Map(KINDS.map(([letters, vi, en]) => [letters.toLocaleLowerCase('vi'), { letters, vi, en }]));

/** What a number whose type letters are unknown (or absent) is called: the neutral word. */
const UNKNOWN: DocumentKind = { letters: null, vi: 'Văn bản', en: 'Document' };

/** The type letters of a document number (`06 – CTr/TU` → `CTr`), or null when it has none. */
export function documentTypeLetters(code: string): string | null {
  return /^\d+-([^/]+)\//u.exec(normaliseDocumentNumber(code))?.[1] ?? null;
}

/** The kind of the document with this number; unknown letters give "Văn bản" / "Document". */
export function documentKindOf(code: string): DocumentKind {
  const letters = documentTypeLetters(code);
  return (letters === null ? undefined : BY_LETTERS.get(letters.toLocaleLowerCase('vi'))) ?? UNKNOWN;
}

/** The kind's name in a language, capitalised as at the start of a title: "Nghị quyết", "Resolution". */
export function documentKindName(code: string, language: DocumentKindLanguage): string {
  return documentKindOf(code)[language];
}
