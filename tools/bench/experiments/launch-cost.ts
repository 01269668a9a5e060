// Experiment: a launch only, on a fresh stack, with its CPU per process and per launched unit.
// `npx tsx tools/bench/experiments/launch-cost.ts 5000` — quicker than a full run when only the launch changed.
import os from 'node:os';
import path from 'node:path';
import { runOnce } from '../run';
import { stopAllStacks } from '../stack';

async function main(): Promise<void> {
  const units = Number(process.argv[2] ?? 5_000);
  if (!Number.isSafeInteger(units) || units < 10) throw new Error(`units must be a whole number ≥ 10, got ${process.argv[2]}`);
  const t0 = Date.now();
  const log = (line: string) => process.stderr.write(`[launch-cost +${((Date.now() - t0) / 1_000).toFixed(1)}s] ${line}\n`);
  const run = await runOnce({
    units,
    rates: [],
    durationSeconds: 0,
    concurrency: 1,
    capacityRounds: 1,
    querySamples: 0,
    districtDeadline: 'PT1M',
    full: false,
    workDir: path.join(os.tmpdir(), 'cascade-launch-cost'),
    log,
  });
  const cpu = run.cpu.launch;
  const perUnit = (s: number | null | undefined) => (s == null ? null : Math.round((s * 1e6) / run.launch.expected) / 1e3);
  console.log(
    JSON.stringify(
      {
        units,
        committees: run.org.counts.committees,
        launch: run.launch,
        cpuSeconds: cpu,
        cpuMsPerUnit: {
          ...Object.fromEntries(Object.entries(cpu?.byProcess ?? {}).map(([k, v]) => [k, perUnit(v)])),
          machine: perUnit(cpu?.machineBusy),
        },
        workerRssMB: run.memoryAtLaunch.workerRssMB,
      },
      null,
      2,
    ),
  );
}

main()
  .catch(async (err: unknown) => {
    console.error(err);
    await stopAllStacks();
    process.exitCode = 1;
  })
  .finally(() => process.exit());
