// Experiment: worker memory per cached workflow — the baseline bundle vs the engine's bundle (domain code, zod).
// Run with: node --expose-gc --import tsx tools/bench/experiments/cache-memory.ts [workflows]
// CACHE_MEMORY_BUNDLES=tiny,zod-classic,zod-mini,src/domain/track/completion-report,engine,engine@shared picks the bundles: bundles/ holds
// the zod probes; a project module path (src/domain/track/completion-report) prices that module beside the baseline workflows;
// @shared preloads the worker's shared modules (src/engine/worker/shared-workflow-modules.ts) as production does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { startTemporal } from '../../../src/dev/stack/dev-server';
import { sharedWorkflowModulePaths } from '../../../src/engine/worker/shared-workflow-modules';
import { readRss } from '../memory';
import { inPool } from '../stats';

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error };

/** The entry file of a bundle name: tiny, engine, a probe in bundles/, or a project module (`src/domain/track/completion-report`). */
function entryOf(name: string): string {
  if (name === 'tiny') return require.resolve('../baseline-workflows');
  if (name === 'engine') return require.resolve('./engine-plus-baseline-workflows');
  if (!name.includes('/')) return require.resolve(`./bundles/${name}`);
  // The baseline workflows plus the module, referenced from a workflow so the bundle keeps it. Written
  // inside the project (tools/bench/results/tmp is not tracked): the bundler resolves the SDK from there.
  const dir = path.resolve(__dirname, '..', 'results', 'tmp');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `cache-memory-probe-${name.replace(/\W/g, '-')}.ts`);
  const source = [
    `import * as probed from ${JSON.stringify(path.resolve(__dirname, '..', '..', name))};`,
    `export * from ${JSON.stringify(path.resolve(__dirname, '..', 'baseline-workflows'))};`,
    'export async function moduleProbeWorkflow(): Promise<number> { return Object.keys(probed).length; }',
  ];
  fs.writeFileSync(file, `${source.join('\n')}\n`);
  return file;
}

async function main(): Promise<void> {
  // CACHE_MEMORY_WORKFLOW_HEAP_MB: an old-space limit for the workflow thread only (set before the worker starts it), to tell live memory from garbage.
  if (process.env.CACHE_MEMORY_WORKFLOW_HEAP_MB) v8.setFlagsFromString(`--max-old-space-size=${process.env.CACHE_MEMORY_WORKFLOW_HEAP_MB}`);
  const count = Number(process.argv[2] ?? 300);
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const temporal = await startTemporal({ dbFile: path.join(os.tmpdir(), `cache-memory-${Date.now()}.sqlite`), uiPort: null });
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection });
  const native = await NativeConnection.connect({ address: temporal.address });
  try {
    for (const name of (process.env.CACHE_MEMORY_BUNDLES ?? 'tiny,engine').split(',')) {
      // A name ending in @shared preloads the production's shared modules (zod), as the worker's bundle does.
      const [entry, shared] = name.split('@');
      const preloadModules = shared === 'shared' ? sharedWorkflowModulePaths() : [];
      const bundle = await bundleWorkflowCode({ workflowsPath: entryOf(entry!), logger: quiet, preloadModules });
      const taskQueue = `cache-${name.replace(/\W/g, '-')}`;
      const worker = await Worker.create({ connection: native, taskQueue, workflowBundle: bundle });
      const running = worker.run();
      const measure = () => {
        (globalThis as { gc?: () => void }).gc?.();
        return { heapMB: Math.round(process.memoryUsage().heapUsed / 1048576), rssMB: readRss(process.pid).rssMB ?? 0 };
      };
      const before = measure();
      const ids = Array.from({ length: count }, (_, i) => `${name}-${i}`);
      const cpuBefore = process.cpuUsage();
      await inPool(ids, 16, async (workflowId) => {
        const h = await client.workflow.start('benchEchoWorkflow', { taskQueue, workflowId, args: [] });
        await h.executeUpdate('benchNoop', { args: [1] });
      });
      const cpu = process.cpuUsage(cpuBefore);
      const after = measure();
      console.log(
        `${name} bundle (${Math.round(bundle.code.length / 1024)} kB): ${count} cached workflows add heap ${after.heapMB - before.heapMB} MB, RSS ${Math.round(after.rssMB - before.rssMB)} MB → ${((after.rssMB - before.rssMB) / count).toFixed(2)} MB RSS per workflow; worker CPU ${((cpu.user + cpu.system) / 1000 / count).toFixed(1)} ms per workflow (start + one update)`,
      );
      await inPool(ids, 16, (id) => client.workflow.getHandle(id).signal('benchStop'));
      worker.shutdown();
      await running;
    }
  } finally {
    await native.close();
    await connection.close();
    await temporal.stop();
  }
}
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
