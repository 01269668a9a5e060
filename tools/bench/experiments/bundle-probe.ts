// Experiment: empty workflows/s with an in-process worker on the baseline bundle vs the engine's bundle, on a fresh dev server.
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { startTemporal } from '../../../src/dev/stack/dev-server';
import { closedLoop, summarize } from '../load';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const temporal = await startTemporal({ dbFile: path.join(os.tmpdir(), `probe-${Date.now()}.sqlite`), uiPort: null });
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection });
  const native = await NativeConnection.connect({ address: temporal.address });
  try {
    for (const [name, file] of [
      ['tiny', '../baseline-workflows'],
      ['engine', './engine-plus-baseline-workflows'],
    ] as const) {
      const bundle = await bundleWorkflowCode({
        workflowsPath: require.resolve(file),
        logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
      });
      const taskQueue = `probe-${name}`;
      const worker = await Worker.create({ connection: native, taskQueue, workflowBundle: bundle, ...(process.argv[2] ? JSON.parse(process.argv[2]) : {}) });
      const running = worker.run();
      let n = 0;
      const records = await closedLoop(
        16,
        8,
        () => true,
        async () => {
          await client.workflow.execute('benchEmptyWorkflow', { taskQueue, workflowId: `${name}-${n++}` });
        },
      );
      const s = summarize(records);
      console.log(
        `${name} bundle (${Math.round(bundle.code.length / 1024)} kB): ${s.acceptedPerSecond}/s p50 ${s.callMs.p50} ms, cpu ${JSON.stringify(process.cpuUsage())}`,
      );
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
