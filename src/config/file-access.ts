/** Whether a path is a regular file this process may read or run (config paths, server binaries). */
import fs from 'node:fs';

function isFileWith(file: string, mode: number): boolean {
  try {
    fs.accessSync(file, mode);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A regular file this process can read. */
export const isReadableFile = (file: string): boolean => isFileWith(file, fs.constants.R_OK);

/** A regular file this process can execute. */
export const isExecutableFile = (file: string): boolean => isFileWith(file, fs.constants.X_OK);
