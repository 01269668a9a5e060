/** Reading the files operators pass (organisations, specs, reports); problems are bad input (exit 2) naming the file. */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { decodeUtf8Strict } from '../domain/text/text-encoding';
import { BadInputError } from './errors';

/** The bytes of a file, or BadInputError saying why it cannot be read. */
export function readInputBytes(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new BadInputError(`cannot read ${what} ${file}: ${why}`);
  }
}

/** The text of a UTF-8 file (BOM allowed); another encoding is BadInputError naming the line and byte, never mangled text. */
export function readInputFile(file: string, what: string): string {
  const decoded = decodeUtf8Strict(readInputBytes(file, what));
  if (!decoded.ok) throw new BadInputError(`${what} ${file}, line ${decoded.problem.line}: ${decoded.problem.message}`);
  return decoded.text;
}

/** A JSON (or, for .yaml/.yml, YAML) file's value; BadInputError naming the file on a syntax error. */
export function readDataFile(file: string, what: string): unknown {
  const text = readInputFile(file, what); // decodeUtf8Strict already dropped a BOM
  const yaml = /\.ya?ml$/i.test(path.extname(file));
  try {
    // The core schema keeps 2021-06-30 a string, as the directive spec reader does.
    return yaml ? parseYaml(text, { schema: 'core' }) : JSON.parse(text);
  } catch (err) {
    throw new BadInputError(`${what} ${file} is not valid ${yaml ? 'YAML' : 'JSON'}: ${(err as Error).message}`);
  }
}

/** Writes a result file; BadInputError when the path cannot be written. */
export function writeOutputFile(file: string, text: string | Uint8Array): void {
  try {
    fs.writeFileSync(file, text, 'utf8');
  } catch (err) {
    throw new BadInputError(`cannot write ${file}: ${(err as Error).message}`);
  }
}
