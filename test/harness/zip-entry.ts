/** Reads one file out of a ZIP archive (a DOCX or XLSX is one), so tests can look inside without another library. */
import zlib from 'node:zlib';

/** The bytes of `name` in the archive, or throws naming the entries there are. Handles stored and deflated entries, as Office files use. */
export function zipEntry(archive: Buffer, name: string): Buffer {
  // The end-of-central-directory record: its signature, searched from the end (a comment may follow it).
  let end = archive.length - 22;
  while (end >= 0 && archive.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a ZIP archive: no end-of-central-directory record');
  const entries = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < entries; i++) {
    if (archive.readUInt32LE(at) !== 0x02014b50) throw new Error(`ZIP central directory entry ${i} is malformed`);
    const method = archive.readUInt16LE(at + 10);
    const compressed = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const local = archive.readUInt32LE(at + 42);
    const entryName = archive.toString('utf8', at + 46, at + 46 + nameLength);
    names.push(entryName);
    if (entryName === name) {
      const dataStart = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
      const data = archive.subarray(dataStart, dataStart + compressed);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return zlib.inflateRawSync(data);
      throw new Error(`ZIP entry ${name} uses compression method ${method}, which this reader does not know`);
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`no ${name} in the archive; it holds ${names.join(', ')}`);
}
