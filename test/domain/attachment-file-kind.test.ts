// An attachment's kind is told from its bytes, fed in chunks of any size: the signatures of PDF,
// PNG and JPEG, and a ZIP counts as DOCX only when a local file header names word/document.xml.
import { FileKindSniffer } from '../../src/domain/attachment/file-kind';
import { zipOf } from '../fixtures/attachment-files';

/** The kind the sniffer tells for `bytes` pushed in chunks of `size`. */
function kindOf(bytes: Uint8Array, size: number): string | null {
  const sniffer = new FileKindSniffer();
  for (let i = 0; i < bytes.length; i += size) if (sniffer.push(bytes.subarray(i, i + size)).state === 'refused') return 'refused early';
  return sniffer.finish();
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const DOCX = zipOf({ '[Content_Types].xml': '<Types/>', '_rels/.rels': '<Relationships/>', 'word/document.xml': '<w:document/>' });

test.each([1, 3, 7, 64, 100_000])('the kinds are told in chunks of %i bytes', (size) => {
  expect(kindOf(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), size)).toBe('pdf');
  expect(kindOf(PNG, size)).toBe('png');
  expect(kindOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]), size)).toBe('jpeg');
  expect(kindOf(DOCX, size)).toBe('docx');
});

test('a ZIP without word/document.xml (an XLSX, a plain archive) is none of the kinds', () => {
  expect(kindOf(zipOf({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' }), 5)).toBeNull();
  // The name in a file's content, not in a local header, does not count.
  expect(kindOf(zipOf({ 'notes.txt': 'see word/document.xml' }), 4)).toBeNull();
});

test('an executable, HTML or text is refused from its first bytes, before the rest is read', () => {
  expect(kindOf(Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(1000)]), 16)).toBe('refused early');
  expect(kindOf(Buffer.from('<!DOCTYPE html><html><script>alert(1)</script>'), 16)).toBe('refused early');
  expect(kindOf(Buffer.from('%PDF'), 16)).toBeNull();
});
