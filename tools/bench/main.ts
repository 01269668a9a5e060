/**
 * `npm run bench -- [--units N] [--servers dev-server,cluster] [--series 1000,5000,20000,55000] [--rates 100,300]
 *                  [--duration-seconds 20] [--concurrency 8] [--capacity-rounds 6] [--query-samples 200] [--reorg-rate 50] [--out dir]`
 *
 * Runs the national-scale benchmark of issue 5 on a fresh stack per size and server, prints a table
 * and writes <out>/<timestamp>-<units>.json and <out>/latest.json (plus the growth plot with --series):
 * the first server's figures at the top level, the others' beside them (otherServers).
 */
import fs from 'node:fs';
import path from 'node:path';
import { calibrate, describeMachine, gitCommit, loadAverage } from './machine';
import { renderPng, seriesSvg } from './plot';
import { buildResult, formatComparison, formatTable, seriesPoint, type BenchResult, type SeriesPoint } from './results';
import { runOnce, type RunMeasurement, type RunOptions } from './run';
import { stopAllStacks } from './stack';
import { parseArgs } from './args';

const ROOT = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const t0 = Date.now();
  const log = (line: string) => process.stderr.write(`[bench +${((Date.now() - t0) / 1_000).toFixed(1)}s] ${line}\n`);
  const machine = describeMachine();
  machine.calibration = await calibrate();
  log(
    `machine: ${machine.cpus} × ${machine.cpuModel}; SHA-256 ${machine.calibration.sha256MBPerSecond} MB/s, ${machine.calibration.loopbackRoundTripsPerSecond} loopback round trips/s`,
  );
  const fullSize = args.units ?? (args.series.length ? Math.max(...args.series) : 5_000);
  const launchOnly = [...new Set(args.series)].filter((n) => n !== fullSize).sort((a, b) => a - b);
  const base: Omit<RunOptions, 'units' | 'full' | 'server'> = {
    seed: args.seed,
    rates: args.rates,
    durationSeconds: args.durationSeconds,
    concurrency: args.concurrency,
    capacityRounds: args.capacityRounds,
    querySamples: args.querySamples,
    districtDeadline: args.districtDeadline,
    reorgRate: args.reorgRate,
    workDir: path.join(args.out, 'tmp'),
    log,
  };

  let interrupted = false;
  const onSignal = (signal: string) => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping the servers this benchmark started`);
    // Calls still in flight fail once their connection closes; that must not end the process
    // before the servers are stopped (a throwaway PostgreSQL or dev server would be orphaned).
    process.on('uncaughtException', () => undefined);
    process.on('unhandledRejection', () => undefined);
    void stopAllStacks().finally(() => process.exit(130));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  // The growth series on the first server only: it is about the engine's scaling, not the server's.
  const series: SeriesPoint[] = [];
  for (const units of launchOnly) {
    log(`— growth series: ${units.toLocaleString('en')} units (launch only, ${args.servers[0]}) —`);
    const run = await runOnce({ ...base, server: args.servers[0]!, units, full: false });
    series.push(seriesPoint(run));
    log(
      `series point: ${units} units launched in ${run.launch.launchSeconds} s; worker ${run.memoryAtLaunch.workerRssMB} MB, server ${run.memoryAtLaunch.serverRssMB} MB`,
    );
  }
  const results: BenchResult[] = [];
  for (const server of args.servers) {
    log(`— ${args.launchOnly ? 'launch only' : 'full run'}: ${fullSize.toLocaleString('en')} units on the ${server} —`);
    const run: RunMeasurement = await runOnce({ ...base, server, units: fullSize, full: !args.launchOnly });
    const points = results.length === 0 ? [...series, seriesPoint(run)].sort((a, b) => a.units - b.units) : [seriesPoint(run)];
    machine.loadAverageAtEnd = loadAverage();
    results.push(
      buildResult(run, points, {
        machine,
        startedAt: startedAt.toISOString(),
        gitCommit: gitCommit(ROOT),
        command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      }),
    );
  }
  const [first, ...others] = results as [BenchResult, ...BenchResult[]];
  const result: BenchResult = others.length ? { ...first, otherServers: others } : first;

  fs.mkdirSync(args.out, { recursive: true });
  const stem = `${startedAt.toISOString().replace(/[:.]/g, '-')}-${fullSize}`;
  const json = `${JSON.stringify(result, null, 2)}\n`;
  fs.writeFileSync(path.join(args.out, `${stem}.json`), json);
  fs.writeFileSync(path.join(args.out, 'latest.json'), json);
  const written = [`${stem}.json`, 'latest.json'];
  if (result.series.length > 1) {
    const caption = `directive-cascade ${result.gitCommit ?? ''}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GB, ${startedAt.toISOString().slice(0, 16)}Z`;
    const svg = path.join(args.out, `${stem}-series.svg`);
    fs.writeFileSync(svg, seriesSvg(result.series, caption));
    written.push(path.basename(svg));
    if (await renderPng(svg, svg.replace(/\.svg$/, '.png'), log)) written.push(path.basename(svg).replace(/\.svg$/, '.png'));
  }
  for (const each of results) process.stdout.write(formatTable(each));
  if (others.length) process.stdout.write(formatComparison(results));
  console.log(`  written to ${path.relative(process.cwd(), args.out) || '.'}/: ${written.join(', ')}\n`);
  // Lingering gRPC channels would keep the process alive; everything is written and stopped.
  const wrong = results.some((each) => each.targets.some((t) => (t.id === 'correct' || t.id === 'reorg-rollup') && t.status === 'fail'));
  process.exit(wrong ? 1 : 0);
}

main().catch(async (err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  await stopAllStacks();
  process.exit(1);
});
