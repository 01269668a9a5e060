// Every SQL statement against the project's tables lives under src/store/ (one home per statement):
// outside it, no string or template literal of the project's code holds a statement. Tests and
// the benchmark read tables to check them and are not scanned.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const SCANNED = fs
  .readdirSync(path.join(ROOT, 'src'))
  .filter((dir) => dir !== 'store')
  .map((dir) => path.join('src', dir));
const STATEMENT = /\b(SELECT\s[\s\S]*\bFROM\s|INSERT\s+INTO\s|UPDATE\s+[a-z_]+\s+SET\s|DELETE\s+FROM\s|CREATE\s+(TABLE|INDEX|FUNCTION)\s|ALTER\s+TABLE\s)/i;

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

/** The literals of a file (relative to `root`) that read as SQL statements, with their line. */
function statementsIn(file: string, root = ROOT): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const literal =
      ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : ts.isTemplateExpression(node) ? node.getText(source) : null;
    if (literal !== null && STATEMENT.test(literal)) found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    else ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test('the detector finds a statement in a literal and ignores one in a comment', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sql-homes-'));
  fs.writeFileSync(path.join(dir, 'probe.ts'), "// SELECT x FROM y in a comment\nexport const q = `UPDATE directives SET status = 'x' WHERE id = $1`;\n");
  try {
    expect(statementsIn('probe.ts', dir)).toEqual(['probe.ts:2']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('no SQL statement outside src/store/', () => {
  expect(SCANNED.flatMap(sourceFiles).flatMap((f) => statementsIn(f))).toEqual([]);
});

test('src/store/ holds the statements', () => {
  expect(sourceFiles('src/store').flatMap((f) => statementsIn(f)).length).toBeGreaterThan(20);
});
