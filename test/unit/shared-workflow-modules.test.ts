// The modules shared by every cached workflow (src/engine/worker/shared-workflow-modules.ts): the sandbox's
// stack formatter, zod and the domain modules the workflows use, each settled before the SDK freezes it, and
// nothing that could carry one workflow's state into another (no engine module, nothing of the SDK).
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { bundleWorkflows } from '../../src/engine/worker/create-worker';
import { SHARED_WORKFLOW_MODULES } from '../../src/engine/worker/shared-workflow-modules';
import { bundleBaselineWorkflows } from '../../tools/bench/bench-worker';

const ROOT = path.resolve(__dirname, '..', '..');

/** The specifiers a file imports for its values (type-only imports and exports are erased from the bundle). */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const bindings = clause?.namedBindings;
      const onlyTypes =
        clause !== undefined &&
        clause.name === undefined &&
        bindings !== undefined &&
        ts.isNamedImports(bindings) &&
        bindings.elements.length > 0 &&
        bindings.elements.every((e) => e.isTypeOnly);
      if (!onlyTypes) specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specifiers;
}

/** A project module's path relative to the root without extension (`src/domain/track/completion-report`), or the package name. */
function resolve(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  const base = path.resolve(path.dirname(from), specifier);
  const file = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
  if (!file) throw new Error(`cannot resolve ${specifier} from ${from}`);
  return path
    .relative(ROOT, file)
    .replace(/\.ts$/, '')
    .replace(/\/index$/, '');
}

/** Every module reached from `start` (packages are leaves). */
function reach(start: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const module = queue.pop()!;
    if (seen.has(module)) continue;
    seen.add(module);
    if (!isProjectModule(module)) continue;
    const file = fs.existsSync(path.join(ROOT, `${module}.ts`)) ? path.join(ROOT, `${module}.ts`) : path.join(ROOT, module, 'index.ts');
    for (const specifier of valueImports(file)) queue.push(resolve(file, specifier));
  }
  return seen;
}

const isProjectModule = (module: string) => module.startsWith('src/');

const PRELOADS = ['src/engine/worker/stack-trace-preload', 'src/engine/worker/zod-preload', 'src/engine/worker/domain-preload'];

test('what is shared is the stack formatter, zod and domain modules: no engine module (they hold workflow state), nothing of the SDK', () => {
  const shared = [...reach(SHARED_WORKFLOW_MODULES)];
  const foreign = shared.filter((m) => !PRELOADS.includes(m) && m !== 'zod' && !m.startsWith('src/domain/'));
  expect(foreign).toEqual([]);
});

test('every domain module the workflows use is shared, so no committee builds its own copy', () => {
  const used = [...reach(['src/engine/workflows'])].filter((m) => m.startsWith('src/domain/'));
  const shared = reach(SHARED_WORKFLOW_MODULES);
  expect(used.length).toBeGreaterThan(10);
  expect(used.filter((m) => !shared.has(m))).toEqual([]);
});

test('every project module the preload reaches is imported by it directly, so its schemas are settled before the freeze', () => {
  const preload = path.join(ROOT, 'src/engine/worker/domain-preload.ts');
  const direct = new Set(valueImports(preload).map((specifier) => resolve(preload, specifier)));
  const reached = [...reach(['src/engine/worker/domain-preload'])].filter((m) => isProjectModule(m) && !PRELOADS.includes(m));
  expect(reached.filter((m) => !direct.has(m))).toEqual([]);
});

test('the workflows import zod, so the shared copy is the one they use', () => {
  expect([...reach(['src/engine/workflows'])]).toEqual(expect.arrayContaining(['src/domain/track/completion-report', 'src/domain/directive/commands', 'zod']));
});

test('the walk sees through type-only imports and follows value ones', () => {
  // A guard on the guard: committee-state imports src/domain/track/completion-report for values, definitions only for types.
  expect(valueImports(path.join(ROOT, 'src/engine/committee/state.ts'))).toContain('../../domain/track/completion-report');
  expect(valueImports(path.join(ROOT, 'src/engine/protocol.ts'))).toEqual(['@temporalio/workflow']);
});

/** The body of a built bundle's preloadModules function: the modules it requires before any workflow. */
const preloadsOf = (code: string) => /exports\.preloadModules = function preloadModules\(\) \{([^}]*)\}/.exec(code)?.[1] ?? '';

test('the production bundle loads every preload before any workflow', async () => {
  const preload = preloadsOf((await bundleWorkflows()).code);
  // Webpack drops a require whose module declares no side effects and whose result is unused; the preloads must survive.
  expect(preload).toContain('"./src/engine/worker/stack-trace-preload.ts"');
  expect(preload).toContain('"./src/engine/worker/zod-preload.ts"');
  expect(preload).toContain('"./src/engine/worker/domain-preload.ts"');
}, 60_000);

test("the benchmark's baseline bundle preloads the same stack formatter, so its workflows pay what the engine's pay per promise", async () => {
  const preload = preloadsOf((await bundleBaselineWorkflows()).code);
  expect(preload).toContain('"./src/engine/worker/stack-trace-preload.ts"');
  expect(preload).not.toContain('domain-preload');
}, 60_000);
