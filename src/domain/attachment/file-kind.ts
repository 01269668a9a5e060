/**
 * What a unit may attach to its report (its plan or minutes: PDF, DOCX, PNG or JPEG, at most
 * 20 MiB), told from the bytes as they stream past, never from the file's name or declared type.
 * PDF, PNG and JPEG open with their signature; a DOCX is a ZIP that holds `word/document.xml`,
 * found among the ZIP's local file headers as they go by, so the whole file is never held.
 */

/** The kinds accepted, with the content type each is stored and served as. */
export const ATTACHMENT_KINDS = {
  pdf: { contentType: 'application/pdf', label: 'PDF' },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'DOCX' },
  png: { contentType: 'image/png', label: 'PNG' },
  jpeg: { contentType: 'image/jpeg', label: 'JPEG' },
} as const;

/** One accepted kind. */
export type AttachmentKind = keyof typeof ATTACHMENT_KINDS;

/** The largest file accepted: 20 MiB. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** The kinds in words, for messages: "PDF, DOCX, PNG or JPEG". */
export const ACCEPTED_KINDS_TEXT = 'PDF, DOCX, PNG or JPEG';

const SIGNATURES: ReadonlyArray<{ kind: AttachmentKind | 'zip'; bytes: readonly number[] }> = [
  { kind: 'pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { kind: 'png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { kind: 'jpeg', bytes: [0xff, 0xd8, 0xff] },
  { kind: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04] }, // a local file header
];
/** Bytes needed to tell every signature apart. */
const HEAD_BYTES = 8;

const LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];
const DOCUMENT_PART = Array.from('word/document.xml', (c) => c.charCodeAt(0));
/** A local file header is 30 bytes, then the entry's name; a name split across chunks needs this much kept. */
const NAME_AT = 30;
const CARRY_BYTES = NAME_AT + DOCUMENT_PART.length - 1;

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((b, i) => bytes[at + i] === b);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Whether `bytes` holds a ZIP local file header whose entry is named `word/document.xml`. */
function holdsDocumentPart(bytes: Uint8Array): boolean {
  for (let i = bytes.indexOf(0x50); i >= 0 && i + NAME_AT + DOCUMENT_PART.length <= bytes.length; i = bytes.indexOf(0x50, i + 1)) {
    if (!startsWith(bytes, LOCAL_HEADER, i)) continue;
    const nameLength = (bytes[i + 26] as number) | ((bytes[i + 27] as number) << 8);
    if (nameLength === DOCUMENT_PART.length && startsWith(bytes, DOCUMENT_PART, i + NAME_AT)) return true;
  }
  return false;
}

/** What the sniffer has told so far. */
export type SniffState = { state: 'undecided' } | { state: 'refused'; reason: 'type' } | { state: 'kind'; kind: AttachmentKind | 'zip' };

/**
 * Tells a file's kind from its bytes, fed in order as they arrive: `push` each chunk (it answers
 * 'refused' as soon as the first bytes match no accepted signature, so nothing more need be read),
 * then `finish` at the end for the kind, or null when it is none of the accepted ones.
 */
export class FileKindSniffer {
  private head: Uint8Array = new Uint8Array(0);
  private headKind: AttachmentKind | 'zip' | null | undefined;
  private carry: Uint8Array = new Uint8Array(0);
  private documentPart = false;

  /** Takes the next chunk of the file. */
  push(chunk: Uint8Array): SniffState {
    if (this.headKind === undefined) {
      this.head = concat(this.head, chunk.subarray(0, HEAD_BYTES - this.head.length));
      if (this.head.length >= HEAD_BYTES) this.headKind = SIGNATURES.find((s) => startsWith(this.head, s.bytes))?.kind ?? null;
    }
    if (this.headKind === null) return { state: 'refused', reason: 'type' };
    if (this.headKind !== 'zip' && this.headKind !== undefined) return { state: 'kind', kind: this.headKind };
    if (!this.documentPart) {
      const window = concat(this.carry, chunk);
      this.documentPart = holdsDocumentPart(window);
      this.carry = window.slice(Math.max(0, window.length - CARRY_BYTES));
    }
    return this.headKind === undefined ? { state: 'undecided' } : { state: 'kind', kind: 'zip' };
  }

  /** The kind once every byte has been pushed: a ZIP counts as DOCX only when it holds word/document.xml. */
  finish(): AttachmentKind | null {
    // A file shorter than the longest signature is judged on what it has.
    const kind = this.headKind === undefined ? (SIGNATURES.find((s) => startsWith(this.head, s.bytes))?.kind ?? null) : this.headKind;
    if (kind === 'zip') return this.documentPart ? 'docx' : null;
    return kind;
  }
}
