/** A strict RFC 4180 CSV reader (quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF), and the rule that keeps exported text inert in a spreadsheet. */

const COMMA = 44;
const LF = 10;
const CR = 13;

/** A CSV syntax problem; `record` is 0 for the header, n for the n-th record after it. */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(
    message: string,
    readonly record: number,
  ) {
    super(message);
  }
}

/**
 * Splits CSV text into records of fields. A trailing line break does not start a new record.
 * Stray quotes are errors rather than guesses, so a broken file never imports half-right.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let i = 0;
  const n = text.length;
  const endRecord = (): void => {
    records.push(fields);
    fields = [];
  };
  while (i < n) {
    let value: string;
    if (text[i] === '"') {
      const start = i;
      value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0)
          throw new CsvSyntaxError(
            `row ${records.length}: a quoted field opened at character ${start + 1} is never closed; add the closing quote`,
            records.length,
          );
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvSyntaxError(
          `row ${records.length}: unexpected text after a closing quote in field ${fields.length + 1}; put the whole field inside the quotes`,
          records.length,
        );
      }
    } else {
      let end = i;
      // charCodeAt avoids allocating a one-character string per character on large files.
      for (let c = text.charCodeAt(end); end < n && c !== COMMA && c !== LF && c !== CR; c = text.charCodeAt(++end));
      value = text.slice(i, end);
      if (value.includes('"')) {
        throw new CsvSyntaxError(
          `row ${records.length}: field ${fields.length + 1} contains a quote but is not quoted; wrap it in quotes and double the inner quote ("")`,
          records.length,
        );
      }
      i = end;
    }
    fields.push(value);
    const sep = text[i];
    if (sep === ',') {
      i++;
      if (i === n) fields.push(''); // "a,b," ends with an empty field
    } else if (sep === '\r' || sep === '\n') {
      i += sep === '\r' && text[i + 1] === '\n' ? 2 : 1;
      endRecord();
    }
  }
  if (fields.length > 0) endRecord();
  return records;
}

/**
 * Text a spreadsheet shows and never runs: a leading = + - @ (or tab/CR) gets a quote in front, so
 * a unit named "=HYPERLINK(...)" stays words (formula injection). The CSV and the XLSX export share it.
 */
export function inertSpreadsheetText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
