// Test files that run on the shared dev server share its workflow ids (`cascade/<directive>/<unit>`),
// so two files launching the same directive code in the same year would find each other's
// workflows. Each such file must use codes no other file uses.
import fs from 'node:fs';
import path from 'node:path';

const TEST_ROOT = path.join(__dirname, '..');

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    // The fault suite starts a dev server of its own for each file.
    if (e.isDirectory()) return e.name === 'faults' ? [] : testFiles(full);
    return e.name.endsWith('.test.ts') ? [full] : [];
  });
}

test('no two dev-server test files launch the same directive code', () => {
  const owners = new Map<string, string[]>();
  for (const file of testFiles(TEST_ROOT)) {
    const source = fs.readFileSync(file, 'utf8');
    // Files on the shared dev server: cascade environments in real time, the CLI against it, and the benchmark check.
    if (!/timeSkipping: false|TEST_TEMPORAL_ADDRESS|runCli|cascade\(/.test(source)) continue;
    for (const code of new Set(source.match(/\b\d{1,3}-[A-Z]{2,6}\/TW\b/g) ?? [])) {
      owners.set(code, [...(owners.get(code) ?? []), path.relative(TEST_ROOT, file)]);
    }
  }
  const shared = [...owners].filter(([, files]) => files.length > 1);
  expect(shared).toEqual([]);
});
