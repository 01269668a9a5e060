/**
 * Strict UTF-8 decoding of uploaded files. Spreadsheets on Windows save Vietnamese as Windows-1258,
 * TCVN3 or UTF-16 unless told otherwise; decoding such bytes as UTF-8 would silently turn every
 * accented letter into U+FFFD. So a file is UTF-8 (a BOM is allowed and dropped) or it is refused,
 * naming the line and the byte, never guessed at.
 */

/** Why bytes are not UTF-8 text: where (1-based line, 0-based byte offset) and what to do. */
export interface EncodingProblem {
  kind: 'utf16' | 'utf32' | 'nul' | 'invalid-utf8';
  /** 1-based line of the first bad byte (1 for a BOM problem). */
  line: number;
  offset: number;
  /** What was found and how to fix it, without the line (callers say "row n" or "line n"). */
  message: string;
}

/** Decoded text, or the first problem. */
export type DecodedText = { ok: true; text: string } | { ok: false; problem: EncodingProblem };

const SAVE_AS = 'save the file as UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)"; in LibreOffice: character set "Unicode (UTF-8)") and try again';

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that breaks UTF-8 (overlongs, surrogates and > U+10FFFF included), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Decodes UTF-8 strictly: drops a UTF-8 BOM, refuses UTF-16/32 (with or without BOM), NUL bytes and invalid sequences. */
export function decodeUtf8Strict(bytes: Uint8Array): DecodedText {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) {
    return {
      ok: false,
      problem: { kind: 'utf32', line: 1, offset: 0, message: `the file is UTF-32 (it starts with a UTF-32 byte-order mark), not UTF-8; ${SAVE_AS}` },
    };
  }
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    const order = b0 === 0xff ? 'little-endian' : 'big-endian';
    return {
      ok: false,
      problem: { kind: 'utf16', line: 1, offset: 0, message: `the file is UTF-16 ${order} (it starts with a UTF-16 byte-order mark), not UTF-8; ${SAVE_AS}` },
    };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return {
      ok: false,
      problem: {
        kind: 'nul',
        line: lineAt(bytes, nul),
        offset: nul,
        message: `byte ${nul + 1} is a NUL (0x00): the file looks like UTF-16 without a byte-order mark, or is not text; ${SAVE_AS}`,
      },
    };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { ok: true, text };
  } catch {
    const offset = Math.max(0, firstInvalidUtf8(bytes));
    const hex = Array.from(bytes.subarray(offset, offset + 4), (b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
    return {
      ok: false,
      problem: {
        kind: 'invalid-utf8',
        line: lineAt(bytes, offset),
        offset,
        message: `byte ${offset + 1} (${hex}) is not UTF-8: the file seems to be in another encoding (Windows-1258, TCVN3/ABC or Latin-1?); ${SAVE_AS}`,
      },
    };
  }
}
