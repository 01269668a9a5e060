// Experiment: the server's baselines alone, at several concurrencies (no cascade running).
import path from 'node:path';
import { summarize } from '../load';
import { measureEmptyWorkflows, sendBareUpdates, startEchoWorkflows } from '../phases/baselines';
import { startBenchStack } from '../stack';

async function main(): Promise<void> {
  const log = (l: string) => console.error(l);
  const stack = await startBenchStack({ workDir: path.join(__dirname, '..', 'results', 'tmp', 'probe'), log, tag: `probe-${Date.now()}` });
  try {
    for (const concurrency of (process.argv[2] ?? '8,32,64').split(',').map(Number)) {
      const e = await measureEmptyWorkflows(stack.ctx, { seconds: 8, concurrency, tag: `c${concurrency}` });
      console.log(`empty c=${concurrency}: ${e.perSecond}/s p50 ${e.roundTripMs.p50} p99 ${e.roundTripMs.p99}`);
    }
    const echo = await startEchoWorkflows(stack.ctx, 64, 'probe');
    for (const concurrency of [8, 64]) {
      const b = summarize(await sendBareUpdates(echo, { seconds: 8, concurrency }));
      console.log(`bare c=${concurrency}: ${b.acceptedPerSecond}/s p50 ${b.callMs.p50} p99 ${b.callMs.p99}`);
    }
    await echo.stop();
  } finally {
    await stack.stop();
  }
}
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
