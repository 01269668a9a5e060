import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BadInputError } from '../../src/cli/errors';
import { readInputFile } from '../../src/cli/files';
import { OrgImportError } from '../../src/domain/org/org';
import { importOrgBytes } from '../../src/domain/org/org-import';
import { decodeUtf8Strict, firstInvalidUtf8 } from '../../src/domain/text/text-encoding';

const CSV = 'id,name,level,parentId,email,members,essaysExpected\nTW,Bộ Chính trị,central,,tw@x.test,0,0\n';

test('UTF-8 with or without a BOM decodes; the BOM is dropped', () => {
  expect(decodeUtf8Strict(Buffer.from(CSV))).toEqual({ ok: true, text: CSV });
  expect(decodeUtf8Strict(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV)]))).toEqual({ ok: true, text: CSV });
  expect(importOrgBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV)]), 'csv').require('TW').name).toBe('Bộ Chính trị');
});

test('the first bad byte is found: lone continuation, truncated sequence, overlong, surrogate', () => {
  expect(firstInvalidUtf8(Buffer.from([0x41, 0x80]))).toBe(1);
  expect(firstInvalidUtf8(Buffer.from([0x41, 0xe1, 0xbb]))).toBe(1);
  expect(firstInvalidUtf8(Buffer.from([0xc0, 0xaf]))).toBe(0);
  expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
  expect(firstInvalidUtf8(Buffer.from('Chi bộ'))).toBe(-1);
});

test('Windows-1258 and UTF-16 organisation files are refused naming the row and the encoding', () => {
  const cp1258 = Buffer.concat([Buffer.from(`${CSV}QN,T`), Buffer.from([0xec, 0x6e, 0x68]), Buffer.from(',province,TW,qn@x.test,1,1\n')]);
  const refused = (bytes: Buffer) => {
    try {
      importOrgBytes(bytes, 'csv');
    } catch (err) {
      if (err instanceof OrgImportError) return err.issues;
      throw err;
    }
    throw new Error('accepted');
  };
  expect(refused(cp1258)).toEqual([
    expect.objectContaining({ row: 2, rule: 'encoding', message: expect.stringMatching(/^row 2: byte \d+ \(0xEC 0x6E 0x68.*\) is not UTF-8/) }),
  ]);
  expect(refused(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(CSV, 'utf16le').swap16()]))[0]?.message).toMatch(
    /^header \(row 0\): the file is UTF-16 big-endian/,
  );
});

test('the CLI refuses any input file in another encoding, naming the file and line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-enc-'));
  const file = path.join(dir, 'spec.yaml');
  fs.writeFileSync(file, Buffer.concat([Buffer.from('code: 01-CT/TW\ntitle: H'), Buffer.from([0xe9]), Buffer.from('\n')]));
  expect(() => readInputFile(file, 'directive spec')).toThrow(BadInputError);
  expect(() => readInputFile(file, 'directive spec')).toThrow(/^directive spec .*spec\.yaml, line 2: byte 24 \(0xE9 0x0A\) is not UTF-8/);
  fs.rmSync(dir, { recursive: true, force: true });
});
